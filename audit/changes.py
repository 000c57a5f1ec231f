"""What changed since a recorded audit: new findings, resolved ones, those still open, waivers ending.

A recorded run (``registry.services.audit_runs``) holds per finding its fingerprint, rule,
severity, subject label and the day it was first recorded. Comparing a new audit with it is a set
difference on fingerprints, so the answer is exact and the same every time it is asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from audit.model import Finding
from registry import i18n

if TYPE_CHECKING:
    from audit.engine import AuditResult
    from registry.services.audit_runs import RunRecord

i18n.register(
    {
        "changes.resolved_since": ("Resolved since recorded audit {run}.", "Opgelost sinds vastgelegde audit {run}."),
        "changes.heading.new": ("New since audit {run}", "Nieuw sinds audit {run}"),
        "changes.heading.resolved": ("Resolved since audit {run}", "Opgelost sinds audit {run}"),
        "changes.heading.still_open": ("Still open", "Nog open"),
        "changes.heading.expiring": ("Waivers ending within {days} days", "Vrijstellingen die binnen {days} dagen aflopen"),
        "changes.nothing": ("none", "geen"),
        "changes.col.open_since": ("open since", "open sinds"),
        "changes.col.days": ("days open", "dagen open"),
        "changes.col.until": ("waived until", "vrijgesteld t/m"),
        "changes.summary": (
            "Compared with audit {run} (recorded {recorded}, as of {base_as_of}): new {new}, resolved {resolved}, still open {still_open}; waivers ending within {days} days: {expiring}.",
            "Vergeleken met audit {run} (vastgelegd {recorded}, per {base_as_of}): nieuw {new}, opgelost {resolved}, nog open {still_open}; vrijstellingen die binnen {days} dagen aflopen: {expiring}.",
        ),
        "runs.recorded": ("Recorded this audit as audit {run}.", "Deze audit is vastgelegd als audit {run}."),
        "runs.first": (
            "Recorded this audit as audit {run}, the first recorded audit; there is nothing to compare it with yet.",
            "Deze audit is vastgelegd als audit {run}, de eerste vastgelegde audit; er is nog niets om mee te vergelijken.",
        ),
        "runs.col.run": ("run", "audit"),
        "runs.col.recorded_at": ("recorded", "vastgelegd"),
        "runs.col.as_of": ("as of", "per"),
        "runs.col.actor": ("by", "door"),
        "runs.col.findings": ("findings", "bevindingen"),
    }
)

# Waivers that end within this many days of the audit's day are listed as ending soon.
EXPIRING_WITHIN_DAYS = 14


def run_entry(finding: Finding) -> dict[str, Any]:
    """What a recorded run keeps of one finding: nothing secret, no message text."""
    subject = finding.subject
    return {"fingerprint": finding.fingerprint, "rule": finding.rule, "severity": finding.severity.value,
            "subject": subject.label, "subject_type": subject.type, "subject_id": subject.id,
            "since": finding.since.isoformat() if finding.since else None, "waived": finding.waived}


def run_entries(result: AuditResult) -> list[dict[str, Any]]:
    return [run_entry(finding) for finding in result.findings]


@dataclass(frozen=True)
class StillOpen:
    finding: Finding
    open_since: date
    days: int


@dataclass(frozen=True)
class Changes:
    """One audit compared with a recorded one."""

    base: RunRecord
    result: AuditResult
    new: tuple[Finding, ...]
    still_open: tuple[StillOpen, ...]
    resolved: tuple[dict[str, Any], ...]
    expiring: tuple[Finding, ...]

    def summary(self) -> dict[str, int]:
        return {"new": len(self.new), "resolved": len(self.resolved), "still_open": len(self.still_open),
                "expiring_waivers": len(self.expiring)}

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.result.as_of,
            "since": {"run": self.base.id, "recorded_at": self.base.recorded_at, "as_of": self.base.as_of},
            "summary": self.summary(),
            "new": [f.as_json() for f in self.new],
            "resolved": [dict(entry) for entry in self.resolved],
            "still_open": [{**s.finding.as_json(), "open_since": s.open_since.isoformat(), "open_days": s.days}
                           for s in self.still_open],
            "expiring_waivers": [f.as_json() for f in self.expiring],
        }


def compare(result: AuditResult, base: RunRecord, *, expiring_within: int = EXPIRING_WITHIN_DAYS) -> Changes:
    """``result`` against the recorded run ``base``."""
    earlier = base.by_fingerprint()
    current = {f.fingerprint for f in result.findings}
    new, still = [], []
    for finding in result.findings:
        before = earlier.get(finding.fingerprint)
        if before is None:
            new.append(finding)
            continue
        first = date.fromisoformat(before.get("first_recorded") or base.as_of[:10])
        if finding.since is not None and finding.since < first:
            first = finding.since
        still.append(StillOpen(finding, first, max(0, (result.on - first).days)))
    resolved = tuple(entry for fingerprint, entry in earlier.items() if fingerprint not in current)
    horizon = result.on + timedelta(days=expiring_within)
    expiring = tuple(f for f in result.findings if f.waiver is not None and f.waiver.until <= horizon)
    return Changes(base=base, result=result, new=tuple(new), still_open=tuple(still),
                   resolved=tuple(sorted(resolved, key=lambda e: (e["rule"], e["subject"]))), expiring=expiring)


@dataclass(frozen=True)
class Audited:
    """An audit, what changed since the run asked for, and the run it was recorded as."""

    result: AuditResult
    changes: Changes | None
    recorded: RunRecord | None
    first: bool = False  # asked to compare and record, with no audit recorded before: the first one


def audit(store, *, actor: str, moment=None, rules=(), since: str | None = None, record: bool = False) -> Audited:
    """Run the audit; compare it with a recorded run (``since``) and keep it as a new run (``record``).

    The comparison is made against the runs recorded before this one, so ``--since last --record``
    compares with the previous run and then records this one. With ``record`` on a store where no
    audit was recorded yet there is nothing to compare with: this audit becomes the first record
    (so a weekly ``--record --since last`` works from its first week).
    """
    from audit import engine
    from registry.services import audit_runs

    result = engine.run(store, moment=moment, rules=rules)
    changes = recorded = None
    first = False
    if since is not None:
        with store.unit_of_work(actor=actor, write=False) as uow:
            first = record and audit_runs.latest(uow.session) is None
            base = None if first else audit_runs.resolve(uow.session, since)
        changes = None if base is None else compare(result, base)
    if record:
        with store.unit_of_work(actor=actor) as uow:
            recorded = audit_runs.record(uow, as_of=result.as_of, findings=run_entries(result),
                                         first_day=result.on.isoformat())
            uow.commit()
    return Audited(result=result, changes=changes, recorded=recorded, first=first)


def runs(store, *, actor: str) -> list[RunRecord]:
    from registry.services import audit_runs

    with store.unit_of_work(actor=actor, write=False) as uow:
        return audit_runs.listing(uow.session)
