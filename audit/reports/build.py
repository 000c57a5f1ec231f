"""Building the reports from the store: the registry as the audit sees it, plus names for people.

The ownership and findings reports take the same :class:`~audit.state.RegistryState` the audit
evaluates — the registry now, as recorded at a past moment, or forecast on a day to come — so a
report "as of" last quarter shows exactly what the audit of that moment found. Names of people
come from the current table: a person erased since appears as erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from audit.reports.bulk import no_cycle_collection
from audit.reports.model import (
    AccountRow,
    ControlCoverage,
    FindingRef,
    FindingRow,
    FindingsReport,
    OffboardingReport,
    OwnershipReport,
    UnitSection,
)
from registry import clock, i18n
from registry.errors import NotFound

if TYPE_CHECKING:
    from audit.engine import AuditResult
    from audit.state import RegistryState
    from registry.db import Store


def _names(store: Store) -> tuple[dict[str, str], dict[str, tuple[str, str]], str]:
    """People's names by ref, units' (name, kind) by code, and the organisation's name."""
    import json

    with store.reader() as reader:
        people = {ref: name or i18n.t("status.erased") for ref, name in reader.rows("SELECT ref, name FROM person")}
        units = {code: (name, kind) for code, name, kind in reader.rows("SELECT code, name, kind FROM unit")}
        org = reader.rows("SELECT value FROM setting WHERE key = 'organisation'")
    return people, units, json.loads(org[0][0]) if org else ""


def audited(store: Store, moment: datetime | None = None) -> tuple[RegistryState, AuditResult]:
    """The registry as of ``moment`` and its audit: what the ownership and findings reports show,
    worked out once when both are written (as in an evidence pack)."""
    from audit import engine

    with no_cycle_collection():
        state = engine.state_at(store, moment)
        return state, engine.result_of(state, moment=moment)


def _custodian_status(state: RegistryState, ref: str | None, cache: dict) -> str | None:
    """The custodian's status on the state's day; people with the same end date in the same unit share it."""
    if ref is None:
        return None
    person = state.people.get(ref)
    if person is None or person.erased:
        return "unknown"
    key = (person.end_date, person.unit)
    status = cache.get(key)
    if status is None:
        from registry.services.people import status_on

        status = cache[key] = status_on(person.end_date, state.on, state.policy(person.unit)["notice_days"]).value
    return status


def _subtree(state: RegistryState, units: dict[str, tuple[str, str]], root: str | None) -> list[tuple[str, int, tuple[str, ...]]]:
    """Unit codes depth-first with their depth and path, from ``root`` or from the top."""
    children: dict[str | None, list[str]] = {}
    codes = set(units) | set(state.units)
    for code in codes:
        parent = state.units[code].parent if code in state.units else None
        children.setdefault(parent if parent in codes else None, []).append(code)
    out: list[tuple[str, int, tuple[str, ...]]] = []

    def walk(code: str, depth: int, path: tuple[str, ...]) -> None:
        out.append((code, depth, (*path, code)))
        for child in sorted(children.get(code, []), key=str.lower):
            walk(child, depth + 1, (*path, code))

    if root is None:
        for top in sorted(children.get(None, []), key=str.lower):
            walk(top, 0, ())
    else:
        match = next((c for c in codes if c.lower() == root.strip().lower()), None)
        if match is None:
            raise NotFound("unit.not_found", code=root)
        walk(match, 0, ())
    return out


def _overdue_series(state: RegistryState, months: int = 12) -> tuple[tuple[date, int], ...]:
    """Handovers overdue at each month's end over the last year: accounts whose custodian had
    left by then without a complete handover recorded by then.

    An account is overdue from the day after its custodian's end date (or its creation, if
    later) until its first complete handover made within the year before that end date, so each
    account is looked at once, not once per month.
    """
    ends = []
    day = state.on
    for _ in range(months):
        ends.append(day)
        day = day.replace(day=1) - timedelta(days=1)
    ends.reverse()
    spans: list[tuple[date, date | None]] = []
    people = state.people
    for account in state.accounts:
        if account.status != "active" or account.custodian is None:
            continue
        person = people.get(account.custodian)
        if person is None or person.end_date is None:
            continue
        start = person.end_date + timedelta(days=1)
        if account.created_on and account.created_on > start:
            start = account.created_on
        window = person.end_date - timedelta(days=365)
        handed = [h.handed_on for h in state.handovers.get(account.id, ()) if h.complete and h.handed_on >= window]
        spans.append((start, min(handed) if handed else None))
    return tuple((end, sum(1 for start, stop in spans if start <= end and (stop is None or stop > end)))
                 for end in ends)


@no_cycle_collection()
def ownership(store: Store, *, moment: datetime | None = None, unit: str | None = None, lang: str = "en",
              audit: tuple[RegistryState, AuditResult] | None = None) -> OwnershipReport:
    """Who holds which account, per unit, as of ``moment``; ``audit`` is :func:`audited` when already known."""
    state, result = audit or audited(store, moment)
    names, units, organisation = _names(store)
    by_account: dict[int, list[FindingRef]] = {}
    for finding in result.findings:
        if finding.subject.type == "account" and finding.subject.id is not None:
            by_account.setdefault(finding.subject.id, []).append(
                FindingRef(finding.rule, finding.severity.value, finding.message, finding.fingerprint, finding.waived))
    accounts_by_unit: dict[str | None, list[AccountRow]] = {}
    statuses: dict[tuple, str] = {}
    # A custodian's name and status, worked out once per person rather than once per account.
    custodians: dict[str | None, tuple[str | None, str | None]] = {None: (None, None)}
    from registry.platforms import PLATFORMS

    platform_of, handovers, no_findings = PLATFORMS.get, state.handovers, ()
    for account in state.accounts:
        aid, ref = account.id, account.custodian
        custodian = custodians.get(ref)
        if custodian is None:
            custodian = custodians[ref] = (names.get(ref), _custodian_status(state, ref, statuses))
        latest = handovers.get(aid)
        found = by_account.get(aid)
        row = AccountRow(
            aid, account.platform, account.handle, account.display_name,
            _url(platform_of(account.platform), account.handle), account.kind, account.purpose, account.status,
            account.unit or "", custodian[0], custodian[1], names.get(account.backup) if account.backup else None,
            account.vault_set, latest[-1].handed_on if latest else None, account.rotated_on, account.verified_on,
            tuple(found) if found else no_findings)
        bucket = accounts_by_unit.get(account.unit)
        if bucket is None:
            bucket = accounts_by_unit[account.unit] = []
        bucket.append(row)
    sections = []
    for code, depth, path in _subtree(state, units, unit):
        name, kind = units.get(code, (code, "school"))
        rows = sorted(accounts_by_unit.get(code, []), key=lambda a: (a.platform, a.handle.lower()))
        sections.append(UnitSection(code=code, name=name, kind=kind, depth=depth, path=path, accounts=tuple(rows)))
    return OwnershipReport(organisation=organisation, as_of=result.moment, generated_at=clock.now(),
                           units=tuple(sections), overdue_series=_overdue_series(state), lang=lang)


def _url(entry, handle: str) -> str | None:
    """The profile address of a registered (so already canonical) handle on this platform."""
    try:
        return entry.url(handle) if entry is not None else None
    except Exception:  # noqa: BLE001 - a record from before a rule changed still shows
        return None


@no_cycle_collection()
def findings(store: Store, *, moment: datetime | None = None, unit: str | None = None, lang: str = "en",
             audit: tuple[RegistryState, AuditResult] | None = None) -> FindingsReport:
    """The audit's findings as of ``moment``; ``audit`` is :func:`audited` when already known."""
    state, result = audit or audited(store, moment)
    _names_by_ref, units, organisation = _names(store)
    wanted = None
    if unit is not None:
        wanted = {code for code, _d, _p in _subtree(state, units, unit)}
    account_units = {a.id: a.unit for a in state.accounts}
    rows = []
    for finding in result.findings:
        if wanted is not None:
            where = account_units.get(finding.subject.id) if finding.subject.type == "account" else (
                state.people[finding.subject.key.partition(":")[2]].unit
                if finding.subject.key.partition(":")[2] in state.people else None)
            if where not in wanted:
                continue
        rows.append(FindingRow(
            rule=finding.rule, severity=finding.severity.value, clause=finding.clause, subject=finding.subject.label,
            message=finding.message, since=finding.since, fingerprint=finding.fingerprint, waived=finding.waived,
            waiver_reason=finding.waiver.reason if finding.waiver else None,
            waiver_until=finding.waiver.until if finding.waiver else None))
    return FindingsReport(organisation=organisation, as_of=result.moment, generated_at=clock.now(),
                          findings=tuple(rows), lang=lang, coverage=_coverage(result, rows, lang),
                          rule_controls={rule.id: result.controls.of(rule.id) for rule in result.rules})


def _coverage(result: AuditResult, rows: list[FindingRow], lang: str) -> tuple[ControlCoverage, ...]:
    """Every control the audit's rules give evidence for, with the open and waived findings of those rules."""
    from collections import Counter

    from audit.controls import framework_name, title

    open_by_rule = Counter(row.rule for row in rows if not row.waived)
    waived_by_rule = Counter(row.rule for row in rows if row.waived)
    return tuple(
        ControlCoverage(framework, framework_name(framework), control, title(framework, control, lang), rules,
                        sum(open_by_rule[r] for r in rules), sum(waived_by_rule[r] for r in rules))
        for framework, control, rules in result.controls.coverage(rule.id for rule in result.rules))


def offboarding(store: Store, *, moment: datetime | None = None, unit: str | None = None,
                lang: str = "en") -> OffboardingReport:
    """Every offboarding case as it stands now: open ones first, then those closed in the last year.

    Cases are working documents, not reconstructed from the log: a past ``--as-of`` is refused.
    """
    from sqlmodel import select

    from audit.checklist import report as case_report
    from registry.errors import UsageError
    from registry.models import OffboardingCase, Person
    from registry.services import checklists as cases

    now = clock.now()
    if moment is not None and moment < now:
        raise UsageError("report.offboarding_now")
    _names_by_ref, units, organisation = _names(store)
    today = clock.today()
    wanted = None
    if unit is not None:
        from audit import engine

        wanted = {code for code, _d, _p in _subtree(engine.state_at(store), units, unit)}
    built = []
    with store.unit_of_work(actor="", write=False) as uow:
        session = uow.session
        rows = session.exec(
            select(OffboardingCase, Person).join(Person, Person.id == OffboardingCase.person_id)
            .order_by(OffboardingCase.closed_on.is_not(None), OffboardingCase.end_date, OffboardingCase.id)
        ).all()
        seen = set()
        for case, person in rows:
            if person.id in seen or not person.employee_id:
                continue
            if case.closed_on is not None and case.closed_on < today - timedelta(days=365):
                continue
            seen.add(person.id)
            checklist = cases.checklist(session, person.employee_id, today=today)
            if wanted is not None and checklist.unit not in wanted:
                continue
            built.extend(case_report(checklist, organisation=organisation, lang=lang, now=now).cases)
    return OffboardingReport(organisation=organisation, as_of=now, generated_at=now, cases=tuple(built), lang=lang)


def build(store: Store, kind: str, *, moment: datetime | None = None, unit: str | None = None, lang: str = "en"):
    """The report of ``kind`` (ownership, findings, offboarding) as of ``moment``."""
    if kind == "ownership":
        return ownership(store, moment=moment, unit=unit, lang=lang)
    if kind == "findings":
        return findings(store, moment=moment, unit=unit, lang=lang)
    return offboarding(store, moment=moment, unit=unit, lang=lang)


@dataclass(frozen=True)
class Signed:
    path: Path
    fingerprint: str


def sign(store: Store, path: Path, *, as_of: datetime) -> Signed:
    """Sign a written report with this installation's key, recording the event log's head."""
    from audit import signing
    from registry import events
    from registry.errors import NotFound

    key = store.settings.signing_dir / "signing_key.pem"
    if not key.exists():
        raise NotFound("report.no_signing_key", path=key)
    signature = signing.sign_file(path, key, as_of=as_of.astimezone(UTC), log_head=events.head(store), now=clock.now())
    return Signed(signature, signing.fingerprint(signing.load_private_key(key)))


i18n.register(
    {
        "report.offboarding_now": (
            "The offboarding report shows the cases as they stand now; --as-of applies to the ownership and findings reports.",
            "Het vertrekrapport toont de dossiers zoals ze nu zijn; --as-of geldt voor de eigenaarschaps- en bevindingenrapporten.",
        ),
        "report.no_signing_key": (
            "There is no report-signing key at {path}. Run `smreg init` for a new store, or set SMREG_SIGNING_DIR to the folder that holds signing_key.pem.",
            "Er is geen sleutel voor het ondertekenen van rapporten op {path}. Voer `smreg init` uit voor een nieuwe registratie, of zet SMREG_SIGNING_DIR op de map met signing_key.pem.",
        ),
    }
)
