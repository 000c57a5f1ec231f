"""Recorded audits: what an audit found, kept so that the next one can say what changed.

``smreg audit --record`` keeps one run record per audit: when it ran, the moment it describes
(``as_of``) and, per finding, its fingerprint, rule, severity, subject label, since date, whether
it was waived, and the day it was first recorded (carried forward from run to run while the finding
stays open). ``smreg audit --since last|DATE|RUN`` compares a new audit with one of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from registry import clock, i18n
from registry.errors import NotFound, UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork

i18n.register(
    {
        "runs.none": (
            "No audit has been recorded yet, so there is nothing to compare with. Run `smreg audit --record` first.",
            "Er is nog geen audit vastgelegd, dus er is niets om mee te vergelijken. Voer eerst `smreg audit --record` uit.",
        ),
        "runs.none_before": (
            "No audit was recorded on or before {day}. `smreg audit --runs` lists the recorded audits.",
            "Er is op of voor {day} geen audit vastgelegd. `smreg audit --runs` toont de vastgelegde audits.",
        ),
        "runs.not_found": (
            "There is no recorded audit number {run}. `smreg audit --runs` lists the recorded audits.",
            "Er is geen vastgelegde audit met nummer {run}. `smreg audit --runs` toont de vastgelegde audits.",
        ),
        "runs.bad_reference": (
            "'{value}' names no recorded audit. Give `last`, a date (2026-09-30) or the number of a run.",
            "'{value}' wijst geen vastgelegde audit aan. Geef `last`, een datum (30-09-2026) of het nummer van een vastgelegde audit.",
        ),
    }
)

_RUN_NUMBER = re.compile(r"#?(\d{1,9})")


@dataclass(frozen=True)
class RunRecord:
    """One recorded audit, as read back."""

    id: int
    recorded_at: str
    as_of: str
    actor: str
    findings: tuple[dict[str, Any], ...]

    def by_fingerprint(self) -> dict[str, dict[str, Any]]:
        return {entry["fingerprint"]: entry for entry in self.findings}


def record(uow: UnitOfWork, *, as_of: str, findings: list[dict[str, Any]], first_day: str) -> RunRecord:
    """Keep one audit's findings; ``first_recorded`` carries over from the previous run for findings still there."""
    from registry.models import AuditRun

    previous = latest(uow.session)
    earlier = previous.by_fingerprint() if previous else {}
    kept = []
    for entry in findings:
        before = earlier.get(entry["fingerprint"])
        kept.append({**entry, "first_recorded": before["first_recorded"] if before else first_day})
    row = AuditRun(recorded_at=clock.stamp(), as_of=as_of, actor=uow.actor,
                   findings=json.dumps(kept, ensure_ascii=False, sort_keys=True))
    uow.session.add(row)
    uow.session.flush()
    return _record(row)


def latest(session: Session) -> RunRecord | None:
    from sqlmodel import select

    from registry.models import AuditRun

    row = session.exec(select(AuditRun).order_by(AuditRun.id.desc()).limit(1)).first()
    return _record(row) if row else None


def resolve(session: Session, reference: str) -> RunRecord:
    """The run ``last``, the newest recorded on or before a day, or the run with that number."""
    from sqlmodel import select

    from registry.io.dates import parse_date
    from registry.models import AuditRun

    value = reference.strip()
    if value.casefold() in ("last", "laatste"):
        found = latest(session)
        if found is None:
            raise NotFound("runs.none")
        return found
    number = _RUN_NUMBER.fullmatch(value)
    if number and len(value.lstrip("#")) < 5:
        row = session.get(AuditRun, int(number.group(1)))
        if row is None:
            raise NotFound("runs.not_found", run=number.group(1))
        return _record(row)
    try:
        day = parse_date(value)
    except Exception:  # noqa: BLE001 - any unreadable date is the same mistake
        raise UsageError("runs.bad_reference", value=value[:40]) from None
    bound = day.isoformat() + "T23:59:59.999999Z"
    row = session.exec(select(AuditRun).where(AuditRun.recorded_at <= bound)
                       .order_by(AuditRun.recorded_at.desc(), AuditRun.id.desc()).limit(1)).first()
    if row is None:
        raise NotFound("runs.none_before", day=value)
    return _record(row)


def listing(session: Session) -> list[RunRecord]:
    from sqlmodel import select

    from registry.models import AuditRun

    return [_record(row) for row in session.exec(select(AuditRun).order_by(AuditRun.id))]


def _record(row) -> RunRecord:
    return RunRecord(id=row.id, recorded_at=row.recorded_at, as_of=row.as_of, actor=row.actor,
                     findings=tuple(json.loads(row.findings)))
