"""Running the audit: pick the state, run the rules on it, apply the waivers, order the findings.

Without a moment the audit evaluates the current registry today. With a moment in the past it
rebuilds the registry as recorded then from the event log and evaluates it on that day, so a
past audit is reproduced exactly; with a moment still to come it evaluates today's registry on
that day (a forecast). Either way the same rule code runs on the same
:class:`~audit.state.RegistryState` shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from audit.controls import ControlMap
from audit.controls import as_json as controls_json
from audit.controls import effective as effective_controls
from audit.model import SEVERITIES_DESC, Finding, Severity, Waiver
from audit.rules import all_rules, get
from registry import clock, i18n
from registry.errors import NotFound

if TYPE_CHECKING:
    from audit.rules.base import Rule
    from audit.state import RegistryState
    from registry.db import Store

_END_OF_DAY = time(23, 59, 59, 999999)

i18n.register(
    {
        "audit.no_such_finding": (
            "No finding of today's audit has the fingerprint {fingerprint}. Run `smreg audit` and copy the fingerprint from there.",
            "Geen bevinding van de audit van vandaag heeft de vingerafdruk {fingerprint}. Voer `smreg audit` uit en neem de vingerafdruk daaruit over.",
        ),
        "audit.before_store": (
            "On {day} the registry did not exist yet (created on {created}); there is nothing to audit.",
            "Op {day} bestond de registratie nog niet (aangemaakt op {created}); er valt niets te toetsen.",
        ),
    }
)


@dataclass(frozen=True)
class AuditResult:
    """The findings of one audit and the moment and day they describe."""

    as_of: str
    moment: datetime
    on: date
    source: str
    rules: tuple[type[Rule], ...]
    findings: tuple[Finding, ...]
    controls: ControlMap

    def summary(self) -> dict[str, int]:
        """Open findings per severity, most severe first, and the number waived."""
        counts = {severity.value: 0 for severity in SEVERITIES_DESC}
        waived = 0
        for finding in self.findings:
            if finding.waiver is not None:
                waived += 1
            else:
                counts[finding.severity.value] += 1
        counts["waived"] = waived
        return counts

    def failing(self, fail_on: Severity) -> list[Finding]:
        """The open findings at or above ``fail_on``: any makes the command exit 1."""
        floor = fail_on.rank
        return [f for f in self.findings if f.waiver is None and f.severity.rank >= floor]

    def as_json(self) -> dict[str, Any]:
        """The object ``smreg audit --format json`` prints (PRODUCT.md §4)."""
        subjects: dict[int, dict[str, Any]] = {}  # one subject object per account, however many findings
        findings = []
        for finding in self.findings:
            subject = subjects.get(id(finding.subject))
            if subject is None:
                subject = subjects[id(finding.subject)] = finding.subject.as_json()
            item = finding.as_json(subject)
            item["controls"] = controls_json(self.controls.of(finding.rule))
            findings.append(item)
        return {"as_of": self.as_of, "summary": self.summary(), "findings": findings}


def select_rules(ids: Iterable[str] = ()) -> tuple[type[Rule], ...]:
    """The rules named (any case, each once), or every rule."""
    chosen = {get(rule_id).id: get(rule_id) for rule_id in ids}
    return tuple(sorted(chosen.values(), key=lambda r: r.id)) if chosen else all_rules()


def evaluate(state: RegistryState, rules: Sequence[type[Rule]] | None = None) -> list[Finding]:
    """Run the rules on the state, mark the findings their waivers cover, most severe first."""
    findings: list[Finding] = []
    for rule in rules or all_rules():
        findings.extend(rule().check(state))
    if state.waivers:
        on, waivers = state.on, state.waivers
        for index, finding in enumerate(findings):
            waiver = waivers.get(finding.fingerprint)
            # A waiver counts up to and including its date, for the rule it was given for.
            if waiver is not None and waiver.rule == finding.rule and on <= waiver.until:
                findings[index] = replace(finding, waiver=Waiver(waiver.reason, waiver.until, waiver.by))
    findings.sort(key=lambda f: (-f.severity.rank, f.rule, f.subject.label.casefold(), f.subject.id or 0))
    return findings


def state_at(store: Store, moment: datetime | None = None) -> RegistryState:
    """The registry now, as recorded at a past moment, or now evaluated on a day to come."""
    from audit import state

    now = clock.now()
    with store.reader() as reader:
        if moment is None:
            return state.from_tables(reader, on=now.date(), moment=now)
        if moment > now:
            return state.from_tables(reader, on=moment.date(), moment=moment)
        require_existed(reader, moment)
        return state.from_log(reader, moment=moment)


def require_existed(reader, moment: datetime) -> None:
    """Refuse a moment before the store's first event: an audit then would find nothing, and say so as if it were clean."""
    from registry.errors import RegistryError
    from registry.io.dates import format_date

    first = reader.rows("SELECT min(at) FROM event")[0][0]
    if first is not None and clock.stamp(moment) < first:
        raise RegistryError("audit.before_store", day=format_date(moment.date()),
                            created=format_date(datetime.fromisoformat(first.replace("Z", "+00:00")).date()))


def run(store: Store, *, moment: datetime | None = None, rules: Iterable[str] = ()) -> AuditResult:
    """Audit the registry (today, as of a past moment, or forecast for a day to come)."""
    return result_of(state_at(store, moment), moment=moment, rules=select_rules(rules))


def result_of(state: RegistryState, *, moment: datetime | None = None,
              rules: Sequence[type[Rule]] | None = None) -> AuditResult:
    """The audit of a state already loaded (``moment`` as asked for, None for now)."""
    selected = tuple(rules or all_rules())
    return AuditResult(as_of=_label(moment, state.on), moment=state.moment or clock.now(), on=state.on,
                       source=state.source, rules=selected, findings=tuple(evaluate(state, selected)),
                       controls=effective_controls(state.settings))


def _label(moment: datetime | None, on: date) -> str:
    if moment is None or moment.timetz().replace(tzinfo=None) == _END_OF_DAY:
        return on.isoformat()
    return moment.isoformat()


def find(store: Store, fingerprint: str) -> Finding:
    """The finding of today's audit with this fingerprint."""
    from registry.services.waivers import check_fingerprint

    wanted = check_fingerprint(fingerprint)
    for finding in run(store).findings:
        if finding.fingerprint == wanted:
            return finding
    raise NotFound("audit.no_such_finding", fingerprint=wanted)


def waive(store: Store, *, actor: str, fingerprint: str, reason: str, until: date) -> Finding:
    """Waive one of today's findings until a date; returns the finding as now waived."""
    from registry.services import waivers

    finding = find(store, fingerprint)
    today = clock.today()
    with store.unit_of_work(actor=actor) as uow:
        waiver = waivers.set_waiver(uow, fingerprint=finding.fingerprint, rule=finding.rule,
                                    subject=finding.subject.key, reason=reason, until=until, today=today)
        uow.commit()
    return replace(finding, waiver=Waiver(waiver.reason, waiver.until, waiver.waived_by))
