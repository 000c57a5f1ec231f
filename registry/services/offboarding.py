"""Offboarding cases: at every departure the organisation gets its accounts back (P-I.7b).

A case opens by itself when a person gets an end date, and lists every account the person
holds as custodian or backup custodian on that day. An account of the case is done when a
complete handover from that person is recorded (see :mod:`registry.services.handovers`) or the
account is archived; the case closes when every account in it is done. A case with nothing in
it closes at once, and clearing the end date (the person stays) closes the open case.

:func:`checklist` gathers one leaver's printable checklist: per account, who should receive it
(the backup custodian if available, else the unit's lead, else a colleague in the unit) and the
evidence recorded so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import clock, i18n
from registry.domain import AccountStatus, PersonStatus
from registry.errors import NotFound
from registry.services.handovers import REQUIRED, is_complete

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork
    from registry.models import Account, Handover, OffboardingCase, Person

i18n.register(
    {
        "offboard.no_case": (
            "{id} has no end date, so there is no offboarding checklist. Record the departure first with `smreg person leave {id} --on DATE`.",
            "{id} heeft geen einddatum, dus er is geen checklist voor vertrek. Leg eerst het vertrek vast met `smreg person leave {id} --on DATUM`.",
        ),
    }
)


def open_case(uow: UnitOfWork, person: Person) -> OffboardingCase:
    from sqlmodel import or_, select

    from registry.models import Account, CaseAccount, OffboardingCase

    session = uow.session
    case = session.exec(
        select(OffboardingCase).where(OffboardingCase.person_id == person.id, OffboardingCase.closed_on.is_(None))
    ).first()
    action = "case.updated"
    if case is None:
        case = OffboardingCase(person_id=person.id, end_date=person.end_date, opened_on=clock.today())
        session.add(case)
        session.flush()
        action = "case.opened"
    else:
        case.end_date = person.end_date
        session.add(case)
    held = session.exec(
        select(Account).where(
            or_(Account.custodian_id == person.id, Account.backup_custodian_id == person.id),
            Account.status != AccountStatus.archived.value,
        )
    ).all()
    listed = {(row.account_id, row.role) for row in session.exec(select(CaseAccount).where(CaseAccount.case_id == case.id))}
    added = []
    for account in held:
        role = "custodian" if account.custodian_id == person.id else "backup_custodian"
        if (account.id, role) not in listed:
            session.add(CaseAccount(case_id=case.id, account_id=account.id, role=role))
            added.append({"account": account.id, "role": role})
    session.flush()
    uow.log.record(action, f"case:{case.id}", after={"id": case.id, "person": person.ref, "end_date": case.end_date,
                                                    "opened_on": case.opened_on, "accounts": added})
    if not listed and not added:
        close_case(uow, case, reason="nothing_held")
    return case


def end_date_cleared(uow: UnitOfWork, person: Person) -> None:
    """The person stays after all: their open case closes; handovers already recorded stand."""
    from sqlmodel import select

    from registry.models import OffboardingCase

    for case in uow.session.exec(
        select(OffboardingCase).where(OffboardingCase.person_id == person.id, OffboardingCase.closed_on.is_(None))
    ).all():
        close_case(uow, case, reason="end_date_cleared")


def close_case(uow: UnitOfWork, case: OffboardingCase, *, reason: str, today: date | None = None) -> None:
    from registry.models import Person

    case.closed_on = today or clock.today()
    uow.session.add(case)
    uow.session.flush()
    person = uow.session.get(Person, case.person_id)
    uow.log.record("case.closed", f"case:{case.id}", after={
        "id": case.id, "person": person.ref if person else None, "end_date": case.end_date,
        "opened_on": case.opened_on, "closed_on": case.closed_on, "reason": reason})


def _complete(handover_cls) -> list[Any]:
    """SQL conditions for a complete handover: every required evidence item present."""
    conditions = []
    for item in REQUIRED:
        column = getattr(handover_cls, item)
        conditions.append(column.is_not(None) if item == "rotated_on" else column.is_(True))
    return conditions


def pending_entries_for_person(session: Session, person_id: int, case_id: int | None = None) -> list[tuple[int, str]]:
    """(account id, role) of the person's open cases (or one case) not yet done."""
    from sqlmodel import select

    from registry.models import Account, CaseAccount, Handover, OffboardingCase

    query = (
        select(CaseAccount.account_id, CaseAccount.role, Account.status)
        .join(OffboardingCase, OffboardingCase.id == CaseAccount.case_id)
        .join(Account, Account.id == CaseAccount.account_id)
        .where(OffboardingCase.person_id == person_id)
        .order_by(CaseAccount.id)
    )
    query = query.where(CaseAccount.case_id == case_id) if case_id is not None else query.where(
        OffboardingCase.closed_on.is_(None))
    rows = session.exec(query).all()
    if not rows:
        return []
    done = set(session.exec(
        select(Handover.account_id).where(Handover.from_person_id == person_id, *_complete(Handover))
    ).all())
    return [(aid, role) for aid, role, status in rows if status != AccountStatus.archived.value and aid not in done]


def pending_entries_for_account(session: Session, account_id: int) -> list[tuple[int, str]]:
    """(person id, role) of open cases that list the account and still wait for its handover."""
    from sqlmodel import select

    from registry.models import Account, CaseAccount, Handover, OffboardingCase

    account = session.get(Account, account_id)
    if account is None or account.status == AccountStatus.archived.value:
        return []
    rows = session.exec(
        select(OffboardingCase.person_id, CaseAccount.role)
        .join(OffboardingCase, OffboardingCase.id == CaseAccount.case_id)
        .where(CaseAccount.account_id == account_id, OffboardingCase.closed_on.is_(None))
        .order_by(OffboardingCase.id)
    ).all()
    if not rows:
        return []
    done = set(session.exec(
        select(Handover.from_person_id).where(Handover.account_id == account_id, *_complete(Handover))
    ).all())
    return [(pid, role) for pid, role in rows if pid not in done]


def refresh_cases(uow: UnitOfWork, account_id: int, *, today: date) -> list[int]:
    """Close the open cases that list the account once every account in them is done; their ids."""
    from sqlmodel import select

    from registry.models import CaseAccount, OffboardingCase

    session = uow.session
    cases = session.exec(
        select(OffboardingCase).join(CaseAccount, CaseAccount.case_id == OffboardingCase.id)
        .where(CaseAccount.account_id == account_id, OffboardingCase.closed_on.is_(None))
    ).all()
    closed = []
    for case in cases:
        if not pending_entries_for_person(session, case.person_id, case.id):
            close_case(uow, case, reason="handed_over", today=today)
            closed.append(case.id)
    return closed


@dataclass(frozen=True)
class ChecklistEntry:
    """One account of a leaver's case: who should receive it and the evidence recorded so far."""

    account: str
    display_name: str | None
    role: str
    status: str
    receiver: str | None
    receiver_reason: str
    handover: Handover | None
    done: bool


@dataclass(frozen=True)
class CaseChecklist:
    """A leaver's offboarding case as the printable checklist shows it."""

    person: str
    employee_id: str
    unit: str
    end_date: date
    opened_on: date
    closed: bool
    entries: tuple[ChecklistEntry, ...]


def checklist(session: Session, employee_id: str, *, today: date) -> CaseChecklist:
    """The checklist of the person's open case (else their latest one)."""
    from sqlmodel import select

    from registry.models import Account, CaseAccount, Handover, OffboardingCase, Person, Unit
    from registry.services import people

    person = people.get_person(session, employee_id)
    case = session.exec(
        select(OffboardingCase).where(OffboardingCase.person_id == person.id)
        .order_by(OffboardingCase.closed_on.is_not(None), OffboardingCase.id.desc())
    ).first()
    if case is None:
        raise NotFound("offboard.no_case", id=employee_id)
    rows = session.exec(
        select(CaseAccount, Account).join(Account, Account.id == CaseAccount.account_id)
        .where(CaseAccount.case_id == case.id).order_by(Account.platform, Account.handle_key, Account.id)
    ).all()
    entries = []
    for row, account in rows:
        handover = session.exec(
            select(Handover).where(Handover.account_id == account.id, Handover.from_person_id == person.id)
            .order_by(Handover.id.desc()).limit(1)
        ).first()
        if handover is not None:
            receiver = session.get(Person, handover.to_person_id)
            reason = handover.receiver_reason or "unit_colleague"
        else:
            receiver, reason = suggest_receiver(session, account, person, row.role, today=today)
        archived = account.status == AccountStatus.archived.value
        entries.append(ChecklistEntry(
            account=f"{account.platform}:{account.handle}", display_name=account.display_name, role=row.role,
            status=account.status, receiver=_named(receiver), receiver_reason=reason, handover=handover,
            done=archived or (handover is not None and is_complete(handover))))
    unit = session.get(Unit, person.unit_id) if person.unit_id else None
    return CaseChecklist(
        person=person.name or person.employee_id or "", employee_id=person.employee_id or "",
        unit=unit.code if unit else "", end_date=case.end_date, opened_on=case.opened_on,
        closed=case.closed_on is not None or all(e.done for e in entries), entries=tuple(entries))


def person_checklist(uow: UnitOfWork, *, employee_id: str, today: date) -> CaseChecklist:
    """:func:`checklist` within a unit of work: what the command line and the web call."""
    return checklist(uow.session, employee_id, today=today)


def _named(person: Person | None) -> str | None:
    if person is None:
        return None
    return f"{person.name} ({person.employee_id})" if person.name else person.employee_id


def suggest_receiver(session: Session, account: Account, leaver: Person, role: str, *,
                     today: date) -> tuple[Person | None, str]:
    """Who should take over the leaver's role on the account, and why.

    For the custodian's role: the backup custodian if available, else the unit's lead, else a
    colleague in the account's unit. For a backup custodian's role the same, without the backup
    and never the custodian. Available means employed and not leaving within the notice window.
    """
    from sqlmodel import select

    from registry.models import Person, Unit
    from registry.services.people import status_on
    from registry.services.units import effective_policy

    notice = effective_policy(session, account.unit_id)["notice_days"]
    holder = account.custodian_id if role == "backup_custodian" else None

    def available(p: Person | None) -> bool:
        return (p is not None and p.id != leaver.id and p.id != holder and p.erased_on is None
                and status_on(p.end_date, today, notice) == PersonStatus.active)

    if role == "custodian" and account.backup_custodian_id:
        backup = session.get(Person, account.backup_custodian_id)
        if available(backup):
            return backup, "backup_custodian"
    unit = session.get(Unit, account.unit_id)
    if unit is not None and unit.lead_id:
        lead = session.get(Person, unit.lead_id)
        if available(lead):
            return lead, "unit_lead"
    for colleague in session.exec(
        select(Person).where(Person.unit_id == account.unit_id, Person.erased_on.is_(None)).order_by(Person.employee_id)
    ):
        if available(colleague):
            return colleague, "unit_colleague"
    return None, "none_available"
