"""What every audit rule is: a self-describing class.

A rule declares its id (grouped by hundreds: SM6xx brand misuse, SM7xx custody of work accounts),
a name that names the problem, its default severity, the protocol clause it enforces, the controls
of the standards it gives evidence for (``controls``: framework id → control ids, see
:mod:`audit.controls`), and its explanation in Dutch and English in fixed sections (What it does, Why it matters, Example, How
to fix). ``smreg audit --explain``, ``docs/rules/`` and the SARIF output are all built from that
text. Its messages are registered as ``rule.<ID>.<variant>``; :meth:`Rule.check` yields findings
from a :class:`~audit.state.RegistryState` and never touches the store.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from audit.model import Finding, Severity, Subject, fingerprint
from registry import i18n

if TYPE_CHECKING:
    from audit.state import AccountFacts, RegistryState

SECTIONS = ("what", "why", "example", "fix")
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class RuleText:
    """A rule explained in one language: a title and the four fixed sections."""

    title: str
    what: str
    why: str
    example: str
    fix: str


class Rule:
    """Base of every audit rule; subclasses set the class attributes and write :meth:`check`."""

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    clause: ClassVar[str]
    # The controls this rule gives evidence for, per framework: {ISO: ("A.5.9",), BIO: ("5.09.01",)}.
    controls: ClassVar[dict[str, tuple[str, ...]]]
    # How the default severity can change, in words for the rule's page (empty when it cannot).
    severity_note: ClassVar[tuple[str, str]] = ("", "")
    text: ClassVar[dict[str, RuleText]]
    messages: ClassVar[dict[str, tuple[str, str]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        i18n.register({f"rule.{cls.id}.{variant}": pair for variant, pair in cls.messages.items()})

    def __init__(self) -> None:
        # Message templates in the current language, looked up once per run, not once per finding.
        self._templates: dict[str, str] = {}

    @classmethod
    def explained(cls, lang: str) -> RuleText:
        return cls.text["nl" if lang == "nl" else "en"]

    def check(self, state: RegistryState) -> Iterator[Finding]:
        raise NotImplementedError

    def message(self, variant: str, params: dict[str, Any]) -> str:
        template = self._templates.get(variant)
        if template is None:
            template = self._templates[variant] = i18n.t(f"rule.{self.id}.{variant}")
        return template.format(**params) if params else template

    def account_finding(self, state: RegistryState, account: AccountFacts, variant: str, *, since: date | None,
                        severity: Severity | None = None, details: dict[str, Any] | None = None,
                        **params: Any) -> Finding:
        """A finding about an account, its message in the current language."""
        subject = state.account_subject(account)
        return Finding(self.id, severity or self.severity, self.clause, subject, self.message(variant, params), since,
                       fingerprint(self.id, subject.key), details or {})

    def person_finding(self, state: RegistryState, ref: str, variant: str, *, since: date | None,
                       severity: Severity | None = None, details: dict[str, Any] | None = None,
                       **params: Any) -> Finding:
        """A finding about a person (named by employee id, identified by their ref)."""
        person = state.people.get(ref)
        subject = Subject.person(ref, person.id if person else None, person.employee_id if person else None)
        return Finding(self.id, severity or self.severity, self.clause, subject, self.message(variant, params), since,
                       fingerprint(self.id, subject.key), details or {})


def who(state: RegistryState, ref: str | None) -> str:
    """A person as findings name them: name and employee id (the id alone when no name is known), or a
    mark when unknown or erased."""
    if ref is None:
        return i18n.t("audit.nobody")
    person = state.people.get(ref)
    if person is None or person.erased or not person.employee_id:
        return i18n.t("audit.unknown_person")
    return f"{person.name}, {person.employee_id}" if person.name else person.employee_id


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


i18n.register(
    {
        "audit.nobody": ("nobody", "niemand"),
        "audit.unknown_person": ("an unknown person", "een onbekende persoon"),
    }
)
