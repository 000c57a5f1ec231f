"""Offboarding cases: at every departure the organisation gets its accounts back (P-I.7b).

This module is the one owner of case state. A case opens when a person gets an end date and
follows the accounts from then on: :func:`sync` is called by every change that moves an account
to or from a person (account add, update and import, a handover, archiving, an end date set or
moved), so the case always lists what the person holds now and what they still have to hand
over.

One account of a case (an *entry*: the account and the role, custodian or backup custodian) is
in one of four states, decided by :func:`entry_state` from the account and its handovers the same
way the audit decides SM702 and SM703:

- ``open``: the person still holds the account in that role, or the latest handover of that role
  is theirs and its evidence is incomplete;
- ``done``: the account is archived, or the latest handover of that role is theirs and complete,
  or a later handover by someone else has since taken the account further;
- ``removed``: the account was taken away from the person without a handover (an update or an
  import gave it to someone else). It leaves the to-do list; the row stays as the case's history.

A case closes when no entry is open and reopens when one is open again (an account given to the
leaver afterwards, or given back). Clearing the end date (the person stays) closes the open case.

:mod:`registry.services.checklists` reads the cases: a leaver's printable checklist and the
queue of open cases with their progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import clock, evidence, i18n
from registry.domain import AccountStatus, PersonStatus
from registry.services.lookup import status_on

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork
    from registry.models import Account, Handover, OffboardingCase, Person

ROLES = ("custodian", "backup_custodian")

i18n.register(
    {
        "offboard.assigned_left": (
            "{id} left on {end}, so {account} joins their offboarding checklist: hand it over to a current member of staff with `smreg handover {arg} --to ID`.",
            "{id} is op {end} vertrokken, dus {account} komt op de vertrekchecklist: draag het over aan een huidige medewerker met `smreg handover {arg} --to PERSONEELSNR`.",
        ),
        "offboard.assigned_leaving": (
            "{id} leaves on {end}, so {account} joins their offboarding checklist: agree who takes it over and record it with `smreg handover {arg} --to ID`.",
            "{id} vertrekt op {end}, dus {account} komt op de vertrekchecklist: spreek af wie het overneemt en leg dat vast met `smreg handover {arg} --to PERSONEELSNR`.",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class Holding:
    """What :func:`entry_state` needs of an account."""

    id: int
    status: str
    kind: str
    platform: str
    custodian_id: int | None
    backup_custodian_id: int | None
    unit_id: int
    label: str


def entry_state(person_id: int, role: str, account: Holding | Account, handovers: Iterable[Handover]) -> str:
    """``open``, ``done`` or ``removed``: see the module docstring. ``handovers`` in the order recorded."""
    if account.status == AccountStatus.archived.value:
        return "done"
    holder = account.custodian_id if role == "custodian" else account.backup_custodian_id
    if holder == person_id:
        return "open"
    in_role = [h for h in handovers if h.role == role]
    if not any(h.from_person_id == person_id for h in in_role):
        return "removed"
    latest = in_role[-1]
    if latest.from_person_id != person_id:
        return "done"
    return "done" if not evidence.missing(latest, account.kind, account.platform) else "open"


def _holdings(session: Session, person_ids: list[int]) -> dict[int, Holding]:
    """The live accounts the people hold in either role."""
    from sqlmodel import or_

    from registry.models import Account

    return accounts_where(session, or_(Account.custodian_id.in_(person_ids), Account.backup_custodian_id.in_(person_ids)),
                     Account.status != AccountStatus.archived.value)


def accounts_where(session: Session, *where: Any) -> dict[int, Holding]:
    from sqlmodel import select

    from registry.models import Account

    rows = session.exec(
        select(Account.id, Account.status, Account.kind, Account.platform, Account.custodian_id,
               Account.backup_custodian_id, Account.unit_id, Account.handle).where(*where)
    ).all()
    return {r[0]: Holding(*r[:7], label=f"{r[3]}:{r[7]}") for r in rows}


def handovers_by_account(session: Session, account_ids: set[int]) -> dict[int, list[Handover]]:
    from sqlmodel import select

    from registry.models import Handover

    by_account: dict[int, list[Handover]] = {}
    if account_ids:
        for h in session.exec(select(Handover).where(Handover.account_id.in_(account_ids)).order_by(Handover.id)):
            by_account.setdefault(h.account_id, []).append(h)
    return by_account


def sync(uow: UnitOfWork, *, person_ids: Iterable[int | None] | None = None, today: date | None = None) -> list[str]:
    """Bring the cases of these people (default: everyone with an end date) in line with what they hold.

    Returns a warning for every account that joined the case of someone who has left or leaves
    within the notice window, saying what to do.
    """
    from sqlmodel import select

    from registry.models import Account, CaseAccount, Handover, OffboardingCase, Person

    session = uow.session
    today = today or clock.today()
    query = select(Person).where(Person.end_date.is_not(None), Person.erased_on.is_(None))
    if person_ids is not None:
        wanted = sorted({pid for pid in person_ids if pid is not None})
        if not wanted:
            return []
        query = query.where(Person.id.in_(wanted))
    leavers = session.exec(query.order_by(Person.id)).all()
    if not leavers:
        return []
    ids = [p.id for p in leavers]
    held = _holdings(session, ids)
    cases: dict[int, OffboardingCase] = {}
    for case in session.exec(select(OffboardingCase).where(OffboardingCase.person_id.in_(ids))
                             .order_by(OffboardingCase.id)):
        current = cases.get(case.person_id)
        # The open case, else the latest one.
        if current is None or current.closed_on is not None:
            cases[case.person_id] = case
    rows: dict[int, dict[tuple[int, str], CaseAccount]] = {}
    case_ids = [c.id for c in cases.values()]
    if case_ids:
        for row in session.exec(select(CaseAccount).where(CaseAccount.case_id.in_(case_ids))):
            rows.setdefault(row.case_id, {})[(row.account_id, row.role)] = row
    listed = {aid for entries in rows.values() for aid, _ in entries}
    # Handovers the people gave: one given before the end date was set may still wait for evidence.
    gave: dict[int, set[tuple[int, str]]] = {}
    for aid, giver, role in session.exec(select(Handover.account_id, Handover.from_person_id, Handover.role)
                                         .where(Handover.from_person_id.in_(ids)).distinct()):
        gave.setdefault(giver, set()).add((aid, role))
    others = (listed | {aid for given in gave.values() for aid, _ in given}) - set(held)
    accounts = {**(accounts_where(session, Account.id.in_(others)) if others else {}), **held}
    handovers = handovers_by_account(session, set(accounts))
    by_holder: dict[int, set[tuple[int, str]]] = {}
    for a in held.values():
        for role, holder in (("custodian", a.custodian_id), ("backup_custodian", a.backup_custodian_id)):
            if holder is not None:
                by_holder.setdefault(holder, set()).add((a.id, role))
    policies: dict[int, int] = {}
    warnings: list[str] = []
    for person in leavers:
        case = cases.get(person.id)
        if case is None or (case.closed_on is not None and case.end_date != person.end_date):
            case = _open(uow, person, today)
            entries: dict[tuple[int, str], CaseAccount] = {}
        else:
            entries = rows.get(case.id, {})
            if case.end_date != person.end_date:
                case.end_date = person.end_date
                session.add(case)
                _log(uow, "case.updated", case, person)
        holding = by_holder.get(person.id, set())
        for aid, role in sorted(holding | gave.get(person.id, set())):
            row = entries.get((aid, role))
            if row is not None and row.removed_on is None:
                continue
            account = accounts[aid]
            if (aid, role) not in holding and entry_state(person.id, role, account, handovers.get(aid, ())) != "open":
                continue
            if row is None:
                row = entries[(aid, role)] = CaseAccount(case_id=case.id, account_id=aid, role=role)
            row.removed_on = None
            session.add(row)
            _log(uow, "case.account_added", case, person, account=aid, role=role)
            if (aid, role) in holding:
                warning = _assignment_warning(session, person, account, today, policies)
                if warning:
                    warnings.append(warning)
        open_count = 0
        for (aid, role), row in entries.items():
            if row.removed_on is not None:
                continue
            state = entry_state(person.id, role, accounts[aid], handovers.get(aid, ()))
            if state == "removed":
                row.removed_on = today
                session.add(row)
                _log(uow, "case.account_removed", case, person, account=aid, role=role)
            elif state == "open":
                open_count += 1
        session.flush()
        if open_count and case.closed_on is not None:
            case.closed_on = None
            session.add(case)
            session.flush()
            _log(uow, "case.reopened", case, person)
        elif not open_count and case.closed_on is None:
            reason = "handed_over" if any(r.removed_on is None for r in entries.values()) else "nothing_held"
            close_case(uow, case, reason=reason, today=today, person=person)
    return warnings


def _open(uow: UnitOfWork, person: Person, today: date) -> OffboardingCase:
    from registry.models import OffboardingCase

    case = OffboardingCase(person_id=person.id, end_date=person.end_date, opened_on=today)
    uow.session.add(case)
    uow.session.flush()
    _log(uow, "case.opened", case, person)
    return case


def _log(uow: UnitOfWork, action: str, case: OffboardingCase, person: Person, **extra: Any) -> None:
    uow.log.record(action, f"case:{case.id}", after={
        "id": case.id, "person": person.ref, "end_date": case.end_date, "opened_on": case.opened_on,
        "closed_on": case.closed_on, **extra})


def _assignment_warning(session: Session, person: Person, account: Holding, today: date,
                        policies: dict[int, int]) -> str | None:
    from registry.services.units import effective_policy

    notice = policies.get(account.unit_id)
    if notice is None:
        notice = policies[account.unit_id] = effective_policy(session, account.unit_id)["notice_days"]
    status = status_on(person.end_date, today, notice)
    if status == PersonStatus.active:
        return None
    from registry.io.dates import format_date

    key = "offboard.assigned_left" if status == PersonStatus.left else "offboard.assigned_leaving"
    from registry.wording import command_arg, person_named

    return i18n.t(key, id=person_named(person), end=format_date(person.end_date), account=account.label,
                  arg=command_arg(account.label))


def end_date_cleared(uow: UnitOfWork, person: Person) -> None:
    """The person stays after all: their open case closes; handovers already recorded stand."""
    from sqlmodel import select

    from registry.models import OffboardingCase

    for case in uow.session.exec(
        select(OffboardingCase).where(OffboardingCase.person_id == person.id, OffboardingCase.closed_on.is_(None))
    ).all():
        close_case(uow, case, reason="end_date_cleared", person=person)


def close_case(uow: UnitOfWork, case: OffboardingCase, *, reason: str, today: date | None = None,
               person: Person | None = None) -> None:
    from registry.models import Person

    case.closed_on = today or clock.today()
    uow.session.add(case)
    uow.session.flush()
    person = person or uow.session.get(Person, case.person_id)
    uow.log.record("case.closed", f"case:{case.id}", after={
        "id": case.id, "person": person.ref if person else None, "end_date": case.end_date,
        "opened_on": case.opened_on, "closed_on": case.closed_on, "reason": reason})


def case_entries(session: Session, case_id: int) -> list[tuple[Any, Any]]:
    from sqlmodel import select

    from registry.models import Account, CaseAccount

    return session.exec(
        select(CaseAccount, Account).join(Account, Account.id == CaseAccount.account_id)
        .where(CaseAccount.case_id == case_id, CaseAccount.removed_on.is_(None))
        .order_by(Account.platform, Account.handle_key, Account.id, CaseAccount.role)
    ).all()


def pending_entries_for_person(session: Session, person_id: int) -> list[tuple[int, str]]:
    """(account id, role) of the person's open case still waiting for a handover."""
    from sqlmodel import select

    from registry.models import OffboardingCase

    case = session.exec(select(OffboardingCase).where(
        OffboardingCase.person_id == person_id, OffboardingCase.closed_on.is_(None))).first()
    if case is None:
        return []
    entries = case_entries(session, case.id)
    handovers = handovers_by_account(session, {a.id for _, a in entries})
    return [(a.id, row.role) for row, a in entries
            if entry_state(person_id, row.role, a, handovers.get(a.id, ())) == "open"]


def pending_entries_for_account(session: Session, account_id: int) -> list[tuple[int, str]]:
    """(person id, role) of the open cases that list the account and still wait for its handover."""
    from sqlmodel import select

    from registry.models import Account, CaseAccount, OffboardingCase

    account = session.get(Account, account_id)
    if account is None or account.status == AccountStatus.archived.value:
        return []
    rows = session.exec(
        select(OffboardingCase.person_id, CaseAccount.role)
        .join(OffboardingCase, OffboardingCase.id == CaseAccount.case_id)
        .where(CaseAccount.account_id == account_id, CaseAccount.removed_on.is_(None),
               OffboardingCase.closed_on.is_(None))
        .order_by(OffboardingCase.id)
    ).all()
    handovers = handovers_by_account(session, {account_id}).get(account_id, [])
    return [(pid, role) for pid, role in rows if entry_state(pid, role, account, handovers) == "open"]


def case_people(session: Session, account_id: int) -> list[int]:
    """The people whose cases list the account (open or closed): a change to it may concern them."""
    from sqlmodel import select

    from registry.models import CaseAccount, OffboardingCase

    return list(session.exec(
        select(OffboardingCase.person_id).join(CaseAccount, CaseAccount.case_id == OffboardingCase.id)
        .where(CaseAccount.account_id == account_id).distinct()
    ).all())
