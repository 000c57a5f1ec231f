"""What the web interface's pages show: summaries, searches and pages of the registry.

Read-only queries (except :func:`reveal_vault`, which logs that a vault reference was looked
at), each answering one page's question in one or a few queries over a plain reader, so a page
over ten thousand accounts is ready in milliseconds. Findings come from the audit, which the
registry does not import: a page passes in the ids of the accounts that have open findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from registry import i18n
from registry.domain import AccountStatus

if TYPE_CHECKING:

    from registry.db import Reader, UnitOfWork

CUSTODIAN_STATUSES = ("active", "leaving", "left", "none")
UPCOMING_DAYS = 30


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _status(end: date | None, today: date, notice: int) -> str:
    from registry.services.people import status_on

    return status_on(end, today, notice).value


@dataclass(frozen=True)
class Overview:
    accounts_by_unit: list[tuple[str, str, dict[str, int], int]]   # code, name, per platform, total
    platforms: list[str]
    total_accounts: int
    upcoming_leavers: list[dict[str, Any]]
    overdue_cases: list[dict[str, Any]]
    observed_waiting: int


def overview(reader: Reader, uow: UnitOfWork, *, today: date) -> Overview:
    """Accounts by unit and platform, leavers in the coming 30 days, overdue handovers, observed accounts to review."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    platforms: set[str] = set()
    total = 0
    for code, name, platform, n in reader.rows(
        "SELECT u.code, u.name, a.platform, COUNT(*) FROM account a JOIN unit u ON u.id = a.unit_id "
        "WHERE a.status != 'archived' GROUP BY u.code, u.name, a.platform"
    ):
        counts.setdefault((code, name), {})[platform] = n
        platforms.add(platform)
        total += n
    by_unit = [(code, name, per, sum(per.values())) for (code, name), per in sorted(counts.items(), key=lambda i: i[0][0].lower())]
    until = today + timedelta(days=UPCOMING_DAYS)
    upcoming = [
        {"employee_id": emp, "name": name, "unit": unit, "end_date": _day(end)}
        for emp, name, unit, end in reader.rows(
            "SELECT p.employee_id, p.name, u.code, p.end_date FROM person p LEFT JOIN unit u ON u.id = p.unit_id "
            "WHERE p.erased_on IS NULL AND p.end_date >= :today AND p.end_date <= :until ORDER BY p.end_date, p.employee_id",
            {"today": today.isoformat() if not reader.postgres else today, "until": until.isoformat() if not reader.postgres else until},
        )
    ]
    overdue = [case for case in offboarding_queue(uow, today=today) if case["overdue"]]
    waiting = reader.rows("SELECT COUNT(*) FROM observed_account WHERE state = 'new'")[0][0]
    return Overview(by_unit, sorted(platforms), total, upcoming, overdue, waiting)


def offboarding_queue(uow: UnitOfWork, *, today: date) -> list[dict[str, Any]]:
    """The open offboarding cases by end date, each with how many of its accounts are done ("2 of 5")."""
    from registry.services import checklists

    return [{"employee_id": q.employee_id, "name": q.person, "end_date": q.end_date, "done": q.accounts - q.open_accounts,
             "total": q.accounts, "overdue": q.end_date < today} for q in checklists.queue(uow.session, today=today)]


@dataclass(frozen=True)
class Found:
    """One page of a search: its rows and how many matched in all."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int


def _window(total: int, page: int, per_page: int) -> tuple[int, int, int]:
    """The page actually shown (within 1..pages), the number of pages, and the first row's offset."""
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    return page, pages, (page - 1) * per_page


def _matches(text: str, *values: Any) -> bool:
    return any(value is not None and text in str(value).casefold() for value in values)


def _sql_day(reader: Reader, day: date) -> Any:
    return day if reader.postgres else day.isoformat()


def _custodian_status_sql(reader: Reader, status: str, today: date, notice: dict[int, int],
                          params: dict[str, Any]) -> str:
    """The condition for one custodian status, the same as :func:`_custodian_status` decides it."""
    named = "c.employee_id IS NOT NULL AND c.erased_on IS NULL"
    if status == "none":
        return "c.employee_id IS NULL AND c.erased_on IS NULL"
    params["today"] = _sql_day(reader, today)
    if status == "left":
        return f"(c.erased_on IS NOT NULL OR ({named} AND c.end_date < :today))"
    # Leaving means up to the notice window of the custodian's unit (else the account's): one
    # limit per distinct window, the units holding it written out (they are the store's own ids).
    windows: dict[int, list[int]] = {}
    for unit_id, days in notice.items():
        windows.setdefault(days, []).append(unit_id)
    within = []
    for n, (days, unit_ids) in enumerate(sorted(windows.items())):
        name = "until_" + "".join(chr(ord("a") + int(digit)) for digit in str(n))  # the reader's names hold no digits
        params[name] = _sql_day(reader, today + timedelta(days=days))
        within.append(f"(COALESCE(c.unit_id, a.unit_id) IN ({', '.join(map(str, sorted(unit_ids)))}) "
                      f"AND c.end_date <= :{name})")
    leaving = " OR ".join(within) or "1 = 0"
    if status == "leaving":
        return f"({named} AND c.end_date >= :today AND ({leaving}))"
    return f"({named} AND (c.end_date IS NULL OR (c.end_date >= :today AND NOT ({leaving}))))"


def _custodian_status(cust: str | None, end: Any, erased: Any, notice: int, today: date) -> str:
    if cust is None and erased is None:
        return "none"
    if erased is not None:
        return "left"
    return _status(_day(end), today, notice)


_ACCOUNT_COLUMNS = ("SELECT a.id, a.platform, a.handle, a.display_name, u.code, u.name, a.kind, a.status, a.unit_id, "
                    "c.employee_id, c.name, c.end_date, c.erased_on, c.unit_id ")
_ACCOUNT_FROM = "FROM account a JOIN unit u ON u.id = a.unit_id LEFT JOIN person c ON c.id = a.custodian_id"
_ACCOUNT_ORDER = " ORDER BY a.platform, a.handle_key, a.id"


def search_accounts(reader: Reader, uow: UnitOfWork, *, today: date, text: str = "", unit: str = "",
                    platform: str = "", kind: str = "", custodian_status: str = "",
                    with_findings: set[int] | None = None, archived: bool = False,
                    page: int = 1, per_page: int = 50) -> Found:
    """Accounts matching the filters, a page at a time (custodian status as of today).

    The filters and the page are the database's work; only a text search or the findings
    filter looks at each candidate here, over a few columns, before the page's rows are read.
    """
    from registry.services import units

    notice, _ = units.notice_days(uow.session)
    default_notice = max(notice.values(), default=30)
    where, params = [], {}
    if not archived:
        where.append("a.status != 'archived'")
    if platform:
        where.append("a.platform = :platform")
        params["platform"] = platform
    if kind:
        where.append("a.kind = :kind")
        params["kind"] = kind
    if unit:
        where.append("LOWER(u.code) = :unit")
        params["unit"] = unit.lower()
    if custodian_status in CUSTODIAN_STATUSES:
        where.append(_custodian_status_sql(reader, custodian_status, today, notice, params))
    elif custodian_status:
        where.append("1 = 0")
    condition = " WHERE " + " AND ".join(where) if where else ""
    wanted = text.strip().casefold()
    if wanted or with_findings is not None:
        ids = [aid for aid, plat, handle, display, cust, cust_name in reader.rows(
            "SELECT a.id, a.platform, a.handle, a.display_name, c.employee_id, c.name "
            + _ACCOUNT_FROM + condition + _ACCOUNT_ORDER, params)
            if (with_findings is None or aid in with_findings)
            and (not wanted or _matches(wanted, handle, display, cust, cust_name, f"{plat}:{handle}"))]
        page, pages, offset = _window(len(ids), page, per_page)
        chosen = ids[offset:offset + per_page]
        position = {aid: n for n, aid in enumerate(chosen)}
        found = sorted(reader.rows(_ACCOUNT_COLUMNS + _ACCOUNT_FROM + f" WHERE a.id IN ({', '.join(map(str, chosen))})")
                       if chosen else [], key=lambda row: position[row[0]])
        total = len(ids)
    else:
        total = reader.rows("SELECT COUNT(*) " + _ACCOUNT_FROM + condition, params)[0][0]
        page, pages, offset = _window(total, page, per_page)
        found = reader.rows(_ACCOUNT_COLUMNS + _ACCOUNT_FROM + condition + _ACCOUNT_ORDER
                            + f" LIMIT {int(per_page)} OFFSET {int(offset)}", params)
    rows = []
    for (aid, plat, handle, display, code, unit_name, knd, status, unit_id, cust, cust_name, end, erased,
         cust_unit) in found:
        rows.append({"id": aid, "platform": plat, "handle": handle, "display_name": display, "unit": code,
                     "unit_name": unit_name, "kind": knd, "status": status, "custodian": cust,
                     "custodian_name": cust_name,
                     "custodian_status": _custodian_status(cust, end, erased,
                                                           notice.get(cust_unit or unit_id, default_notice), today)})
    return Found(rows, total, page, pages)


def search_people(reader: Reader, uow: UnitOfWork, *, today: date, text: str = "", unit: str = "",
                  status: str = "", page: int = 1, per_page: int = 50) -> Found:
    """People matching the filters, with their status today and how many accounts each holds.

    The status is decided here from two columns of each candidate; the page's rows and their
    account counts are then read for that page alone.
    """
    from registry.services import units

    notice, _ = units.notice_days(uow.session)
    where, params = [], {}
    if unit:
        where.append("LOWER(u.code) = :unit")
        params["unit"] = unit.lower()
    condition = " WHERE " + " AND ".join(where) if where else ""
    wanted = text.strip().casefold()
    ids = []
    for pid, emp, name, email, unit_id, function, end, erased in reader.rows(
        "SELECT p.id, p.employee_id, p.name, p.email, p.unit_id, p.function, p.end_date, p.erased_on "
        "FROM person p LEFT JOIN unit u ON u.id = p.unit_id" + condition + " ORDER BY p.employee_id", params
    ):
        if status and status != ("erased" if erased is not None else _status(_day(end), today, notice.get(unit_id, 30))):
            continue
        if wanted and not _matches(wanted, emp, name, email, function):
            continue
        ids.append(pid)
    page, pages, offset = _window(len(ids), page, per_page)
    chosen = ids[offset:offset + per_page]
    rows = []
    if chosen:
        listed = ", ".join(map(str, chosen))
        held: dict[int, int] = dict(reader.rows(
            f"SELECT p, COUNT(*) FROM (SELECT custodian_id AS p FROM account WHERE status != 'archived' AND custodian_id IN ({listed}) "
            f"UNION ALL SELECT backup_custodian_id FROM account WHERE status != 'archived' AND backup_custodian_id IN ({listed})) x GROUP BY p"))
        position = {pid: n for n, pid in enumerate(chosen)}
        for pid, emp, name, email, code, unit_id, function, end, erased in sorted(reader.rows(
            "SELECT p.id, p.employee_id, p.name, p.email, u.code, p.unit_id, p.function, p.end_date, p.erased_on "
            f"FROM person p LEFT JOIN unit u ON u.id = p.unit_id WHERE p.id IN ({listed})"
        ), key=lambda row: position[row[0]]):
            pstatus = "erased" if erased is not None else _status(_day(end), today, notice.get(unit_id, 30))
            rows.append({"employee_id": emp, "name": name, "email": email, "unit": code, "function": function,
                         "end_date": _day(end), "status": pstatus, "accounts": held.get(pid, 0)})
    return Found(rows, len(ids), page, pages)


def held_accounts(uow: UnitOfWork, *, person_id: int) -> list[dict[str, Any]]:
    """The accounts a person holds, as custodian or backup custodian."""
    from sqlmodel import or_, select

    from registry.models import Account

    accounts = uow.session.exec(select(Account).where(
        or_(Account.custodian_id == person_id, Account.backup_custodian_id == person_id),
        Account.status != AccountStatus.archived.value).order_by(Account.platform, Account.handle_key)).all()
    return [{"id": a.id, "account": f"{a.platform}:{a.handle}", "display_name": a.display_name,
             "role": "custodian" if a.custodian_id == person_id else "backup_custodian"} for a in accounts]


def handovers_of(uow: UnitOfWork, *, account_id: int) -> list[dict[str, Any]]:
    """An account's handovers, newest first, with the evidence each has."""
    from sqlmodel import select

    from registry.models import Account, Handover, Person
    from registry.services.handovers import missing_items

    session = uow.session
    account = session.get(Account, account_id)
    out = []
    for handover in session.exec(select(Handover).where(Handover.account_id == account_id).order_by(Handover.id.desc())):
        giver = session.get(Person, handover.from_person_id) if handover.from_person_id else None
        receiver = session.get(Person, handover.to_person_id)
        out.append({"on": handover.handed_on, "from": giver.employee_id if giver else None,
                    "to": receiver.employee_id if receiver else None, "role": handover.role,
                    "missing": missing_items(handover, account.kind, account.platform), "recorded_by": handover.recorded_by})
    return out


def units_and_platforms(uow: UnitOfWork) -> tuple[list[tuple[str, str]], list[str]]:
    """The unit codes with names, and the platforms, for filter menus."""
    from registry import platforms
    from registry.services import units

    return [(u.code, u.name) for u, _ in units.tree(uow.session)], sorted(platforms.PLATFORMS)


def reveal_vault(uow: UnitOfWork, ref: str) -> str | None:
    """The account's vault reference itself; that it was looked at, and by whom, goes in the log."""
    from registry.services import accounts

    account = accounts.find_account(uow.session, ref)
    if not account.vault_ref:
        return None
    value = uow.cipher.reveal(account.vault_ref)
    uow.log.record("account.vault_viewed", accounts.subject(account), scheme=account.vault_scheme)
    return value


i18n.register(
    {
        "custodian_status.active": ("custodian employed", "beheerder in dienst"),
        "custodian_status.leaving": ("custodian leaving", "beheerder vertrekt"),
        "custodian_status.left": ("custodian left", "beheerder uit dienst"),
        "custodian_status.none": ("no custodian", "geen beheerder"),
    }
)


@dataclass(frozen=True)
class ChecklistRow:
    """One account of a leaver's checklist with what a page needs to record the next step."""

    entry: Any                          # registry.services.checklists.ChecklistEntry
    receiver: str | None                # employee id of the receiver (of the handover under way, else suggested)
    candidates: list[tuple[str, str]]   # (employee id, name) of people who may receive it
    items: list[tuple[Any, bool, Any]]  # (evidence item, done, the day it was done or None)

    @property
    def done_items(self) -> int:
        return sum(1 for item, done, _ in self.items if done and item.required)

    @property
    def required_items(self) -> int:
        return sum(1 for item, _, _ in self.items if item.required)


def checklist_rows(uow: UnitOfWork, *, employee_id: str, today: date) -> tuple[Any, list[ChecklistRow]]:
    """A leaver's checklist (as ``smreg offboard`` gathers it) with, per account, who may receive it."""
    from sqlmodel import select

    from registry.models import Account, Person
    from registry.services import checklists, units
    from registry.services.lookup import get_person

    session = uow.session
    notice = units.notice_days(session)
    case = checklists.checklist(session, employee_id, today=today, notice=notice)
    leaver = get_person(session, employee_id)
    rows = []
    for entry in case.entries:
        account = session.get(Account, entry.account_id)
        handover = entry.handover
        if handover is not None:
            receiver = session.get(Person, handover.to_person_id)
        else:
            receiver, _ = checklists.suggest_receiver(session, account, leaver, entry.role, today=today, notice=notice)
        candidates: dict[str, str] = {}
        if receiver is not None and receiver.employee_id:
            candidates[receiver.employee_id] = receiver.name or receiver.employee_id
        for person in session.exec(
            select(Person).where(Person.unit_id == account.unit_id, Person.erased_on.is_(None), Person.id != leaver.id)
            .order_by(Person.name)
        ):
            if person.employee_id and (person.end_date is None or person.end_date >= today):
                candidates.setdefault(person.employee_id, person.name or person.employee_id)
        items = []
        for item in entry.items:
            value = getattr(handover, item.key, None) if handover is not None else None
            items.append((item, bool(value), value if item.dated else None))
        rows.append(ChecklistRow(entry, receiver.employee_id if receiver else None, list(candidates.items()), items))
    return case, rows


def recorded_evidence(uow: UnitOfWork, *, account_ids: set[int]) -> dict[int, set[str]]:
    """Per account, the evidence items recorded on any of its handovers (for checking a load test)."""
    from sqlmodel import select

    from registry import evidence
    from registry.models import Handover

    out: dict[int, set[str]] = {}
    if not account_ids:
        return out
    for handover in uow.session.exec(select(Handover).where(Handover.account_id.in_(sorted(account_ids)))):
        out.setdefault(handover.account_id, set()).update(key for key in evidence.KEYS if getattr(handover, key, None))
    return out
