"""The figures of a period (a quarter, say), reproduced from the event log as it was recorded.

The registry at the start (the end of the day before the first day) and at the end (the end of
the last day) are rebuilt from the log with the audit's own as-of machinery; what happened in
between is read from the log entries of the period. Whatever changed since, the figures of last
quarter come out the same. Each section names the controls it gives evidence for
(:data:`audit.controls.SECTIONS`, ``period.*``). The words and formats are in :mod:`.period_render`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from audit.reports.bulk import no_cycle_collection
from audit.reports.texts import extend
from registry.errors import UsageError

if TYPE_CHECKING:
    from audit.state import RegistryState
    from registry.db import Store

_QUARTER = re.compile(r"(\d{4})\s*-?\s*[QqKk]([1-4])")  # 2026Q3, or as Dutch writes it, 2026K3
# What each month counts, in the order of the JSON, the spreadsheet and the charts.
MONTHLY = ("leavers", "registered", "archived", "renamed", "handovers_completed", "suspects_found", "confirmed",
           "removal_requested", "resolved", "waivers_granted")
# The review states of an observed account that the brand figures count, by their JSON code.
BRAND_STATES = {"confirmed": "confirmed", "removal-requested": "removal_requested", "resolved": "resolved"}


@dataclass(frozen=True, slots=True)
class Leaver:
    """One person whose end date falls in the period, and what became of their accounts."""

    employee_id: str
    name: str
    unit: str
    end_date: date
    accounts: tuple[str, ...]
    handed_by_end_date: int
    # Days from the end date to the complete handover of each account handed over by the period's end.
    days_to_handover: tuple[int, ...]
    open_at_period_end: int


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """What happened in one calendar month of the period: each of :data:`MONTHLY`."""

    month: date
    leavers: int = 0
    registered: int = 0
    archived: int = 0
    renamed: int = 0
    handovers_completed: int = 0
    suspects_found: int = 0
    confirmed: int = 0
    removal_requested: int = 0
    resolved: int = 0
    waivers_granted: int = 0

    def figures(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in MONTHLY}


@dataclass(frozen=True, slots=True)
class VaultCoverage:
    """Active accounts whose vault reference holds: neither SM705 (no usable reference) nor SM712
    (the reference leads to no item of a shared vault) reports them."""

    covered: int
    active: int
    sm705: int
    sm712: int


@dataclass(frozen=True)
class PeriodReport:
    organisation: str
    start: date
    end: date
    generated_at: datetime
    log_head: tuple[int, str]
    leavers: tuple[Leaver, ...]
    registered: int
    archived: int
    renamed: int
    vault_coverage_start: VaultCoverage
    vault_coverage_end: VaultCoverage
    attested: tuple[int, int]
    brand: dict[str, int]
    brand_days_to_resolution: tuple[int, ...]
    waivers_granted: int
    waivers_expired: int
    months: tuple[MonthFigures, ...]
    controls: dict[str, dict[str, tuple[str, ...]]]
    lang: str = "en"

    @property
    def as_of(self) -> datetime:
        return _moment(self.end)

    def handover_pairs(self) -> int:
        return sum(len(leaver.accounts) for leaver in self.leavers)

    def handed_by_end_date(self) -> int:
        return sum(leaver.handed_by_end_date for leaver in self.leavers)

    def days(self) -> tuple[int, ...]:
        return tuple(sorted(d for leaver in self.leavers for d in leaver.days_to_handover))

    def per_unit(self) -> dict[str, dict[str, object]]:
        units: dict[str, list[Leaver]] = {}
        for leaver in self.leavers:
            units.setdefault(leaver.unit, []).append(leaver)
        return {unit: spread(tuple(sorted(d for p in people for d in p.days_to_handover)),
                             accounts=sum(len(p.accounts) for p in people),
                             handed_by_end_date=sum(p.handed_by_end_date for p in people), leavers=len(people))
                for unit, people in sorted(units.items())}


def spread(days: tuple[int, ...], **extra: object) -> dict[str, object]:
    """Median, 90th percentile (nearest rank) and worst of a sorted list of days."""
    if not days:
        return {**extra, "median": None, "p90": None, "worst": None}
    n = len(days)
    median = days[n // 2] if n % 2 else (days[n // 2 - 1] + days[n // 2]) / 2
    p90 = days[max(0, -(-9 * n // 10) - 1)]
    return {**extra, "median": median, "p90": p90, "worst": days[-1]}


def period_of(*, start: str | None, end: str | None, quarter: str | None) -> tuple[date, date]:
    """The first and last day of ``--quarter 2026Q3`` or ``--from DATE --to DATE``."""
    from registry.io.dates import parse_date

    if quarter:
        match = _QUARTER.fullmatch(quarter.strip())
        if match is None or start or end:
            raise UsageError("period.bad_quarter", value=quarter)
        year, q = int(match.group(1)), int(match.group(2))
        first = date(year, 3 * q - 2, 1)
        last = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
        return first, last
    if not start or not end:
        raise UsageError("period.needs_dates")
    first, last = parse_date(start), parse_date(end)
    if last < first:
        raise UsageError("period.backwards", start=start, end=end)
    return first, last


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999999), tzinfo=UTC)


@no_cycle_collection()
def build(store: Store, *, start: date, end: date, lang: str = "en", at_end: RegistryState | None = None) -> PeriodReport:
    """The figures of the period from ``start`` to ``end`` (both included); ``at_end`` is the registry
    as recorded at the end of ``end``, when the caller has rebuilt it already."""
    from audit import controls
    from audit import state as states
    from registry import clock, events

    with store.reader() as reader:
        before = states.from_log(reader, moment=_moment(start - timedelta(days=1)))
        after = at_end or states.from_log(reader, moment=_moment(end))
        rows = reader.rows(
            "SELECT at, action, subject, body FROM event WHERE at > :start AND at <= :end"
            " AND (subject LIKE :account OR subject LIKE :observed OR subject LIKE :waiver) ORDER BY seq",
            {"start": clock.stamp(_moment(start - timedelta(days=1))), "end": clock.stamp(_moment(end)),
             "account": "account:%", "observed": "observed:%", "waiver": "waiver:%"})
        names = dict(reader.rows("SELECT ref, name FROM person"))
        org = reader.rows("SELECT value FROM setting WHERE key = 'organisation'")
    monthly: dict[date, Counter[str]] = {}
    resolution = _events(rows, monthly)
    leavers = _leavers(after, names, start, end, monthly)
    totals: Counter[str] = sum(monthly.values(), Counter())
    months = []
    month = date(start.year, start.month, 1)
    while month <= end:
        figures = monthly.get(month, Counter())
        months.append(MonthFigures(month, **{name: figures[name] for name in MONTHLY}))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    mapping = controls.effective(after.settings)
    return PeriodReport(
        organisation=json.loads(org[0][0]) if org else "", start=start, end=end, generated_at=clock.now(),
        log_head=events.head(store), leavers=leavers, registered=totals["registered"], archived=totals["archived"],
        renamed=totals["renamed"], vault_coverage_start=_vault(before), vault_coverage_end=_vault(after),
        attested=_attested(after, end),
        brand={"found": totals["suspects_found"], **{state: totals[code] for state, code in BRAND_STATES.items()}},
        brand_days_to_resolution=tuple(sorted(resolution)), waivers_granted=totals["waivers_granted"],
        waivers_expired=sum(1 for w in after.waivers.values() if start <= w.until < end),
        months=tuple(months), controls={s: mapping.of(s) for s in controls.SECTIONS if s.startswith("period.")},
        lang=lang)


def _events(rows, monthly: dict[date, Counter[str]]) -> list[int]:
    """Count what the period's log entries record, per month; return the days each resolved suspect took."""
    resolution: list[int] = []
    for at, action, subject, body in rows:
        kind = subject.partition(":")[0]
        data = json.loads(body).get("data", {})
        old, new = data.get("before") or {}, data.get("after") or {}
        month = date(int(at[:4]), int(at[5:7]), 1)
        counts = monthly.get(month)
        if counts is None:
            counts = monthly[month] = Counter()
        if kind == "account":
            counts["registered"] += action == "account.added"
            counts["archived"] += bool(old) and new.get("status") == "archived" and old.get("status") != "archived"
            counts["renamed"] += bool(old.get("handle") and new.get("handle") and old["handle"] != new["handle"])
        elif kind == "waiver":
            counts["waivers_granted"] += action == "waiver.set" and not old
        elif kind == "observed":
            # A suspect is found when an observed account first comes out of a scan as one.
            counts["suspects_found"] += new.get("verdict") == "suspect" and old.get("verdict") != "suspect"
            state_now = new.get("state")
            if state_now != old.get("state") and state_now in BRAND_STATES:
                counts[BRAND_STATES[state_now]] += 1
                if state_now == "resolved" and new.get("first_seen"):
                    resolution.append((date.fromisoformat(at[:10]) - date.fromisoformat(new["first_seen"][:10])).days)
    return resolution


def _leavers(state: RegistryState, names: dict[str, str], start: date, end: date,
             monthly: dict[date, Counter[str]]) -> tuple[Leaver, ...]:
    """Everyone whose end date, as recorded at the period's end, falls in the period."""
    leaving = {ref: p for ref, p in state.people.items() if p.end_date is not None and start <= p.end_date <= end}
    held: dict[str, list] = {ref: [] for ref in leaving}
    for account in state.accounts:
        refs = {account.custodian, account.backup}
        refs.update(h.giver for h in state.handovers.get(account.id, ()))
        for ref in refs:
            if ref in held:
                held[ref].append(account)
    out = []
    for ref, person in sorted(leaving.items(), key=lambda item: (item[1].end_date, item[1].employee_id or "")):
        window = person.end_date - timedelta(days=365)
        accounts, days, by_end, still_open = [], [], 0, 0
        for account in sorted(held[ref], key=lambda a: (a.platform, a.handle.lower())):
            accounts.append(f"{account.platform}:{account.handle}")
            done = [h.handed_on for h in state.handovers.get(account.id, ())
                    if h.complete and window <= h.handed_on <= end and (h.giver in (ref, None))]
            if not done:
                still_open += 1
                continue
            first = min(done)
            days.append(max(0, (first - person.end_date).days))
            by_end += first <= person.end_date
            if start <= first:
                monthly.setdefault(date(first.year, first.month, 1), Counter())["handovers_completed"] += 1
        monthly.setdefault(date(person.end_date.year, person.end_date.month, 1), Counter())["leavers"] += 1
        out.append(Leaver(person.employee_id or "", names.get(ref) or "", person.unit or "", person.end_date,
                          tuple(accounts), by_end, tuple(days), still_open))
    return tuple(out)


def _vault(state: RegistryState) -> VaultCoverage:
    """Active accounts whose vault reference holds (no SM705 or SM712 finding), of all active accounts."""
    from audit.rules import get

    active = {a.id for a in state.accounts if a.status == "active"}
    missing = {f.subject.id for f in get("SM705")().check(state)} & active
    astray = {f.subject.id for f in get("SM712")().check(state)} & active
    return VaultCoverage(len(active - missing - astray), len(active), len(missing), len(astray))


def _attested(state: RegistryState, end: date) -> tuple[int, int]:
    """Active accounts verified in the twelve months up to the period's end, of all active accounts."""
    from audit.rules.base import add_months

    since = add_months(end, -12)
    active = [a for a in state.accounts if a.status == "active"]
    return sum(1 for a in active if a.verified_on and since < a.verified_on <= end), len(active)


extend(
    {
        "period.bad_quarter": (
            "'{value}' is not a quarter. Write the year and the quarter, for example --quarter 2026Q3, and leave out --from and --to.",
            "'{value}' is geen kwartaal. Schrijf het jaar en het kwartaal, bijvoorbeeld --quarter 2026Q3, en laat --from en --to weg.",
        ),
        "period.needs_dates": (
            "The period report needs --quarter (for example 2026Q3) or both --from and --to.",
            "Het perioderapport heeft --quarter (bijvoorbeeld 2026Q3) nodig, of zowel --from als --to.",
        ),
        "period.backwards": (
            "The period ends ({end}) before it starts ({start}). Give the first day with --from and the last with --to.",
            "De periode eindigt ({end}) voordat ze begint ({start}). Geef de eerste dag met --from en de laatste met --to.",
        ),
    }
)
