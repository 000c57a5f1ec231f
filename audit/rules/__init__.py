"""The audit rules, one module per clause group, one class per rule.

Adding a rule is writing its class (text, severity, clause and ``controls``) in the module of its
clause group and listing it in that module's ``RULES``; a new group is a new module listed once in ``MODULES``. Each rule needs a
test file ``tests/audit/rules/test_<id>.py`` and a generated page ``docs/rules/<ID>.md``
(``python -m audit.rules.docs``); tests check both.
"""

from __future__ import annotations

from audit.rules import brand, custody, handover, hygiene, vault
from audit.rules.base import Rule, RuleText
from registry import i18n
from registry.errors import UsageError

MODULES = (brand, custody, handover, hygiene, vault)

i18n.register(
    {
        "audit.unknown_rule": (
            "There is no rule '{rule}'. The rules are: {known}.",
            "Er is geen regel '{rule}'. De regels zijn: {known}.",
        ),
    }
)


def all_rules() -> tuple[type[Rule], ...]:
    """Every rule, by id."""
    return tuple(sorted((rule for module in MODULES for rule in module.RULES), key=lambda r: r.id))


def get(rule_id: str) -> type[Rule]:
    """A rule by its id (any case); UsageError naming the known ids otherwise."""
    wanted = rule_id.strip().upper()
    for rule in all_rules():
        if rule.id == wanted:
            return rule
    raise UsageError("audit.unknown_rule", rule=rule_id, known=", ".join(r.id for r in all_rules()))


__all__ = ["MODULES", "Rule", "RuleText", "all_rules", "get"]
