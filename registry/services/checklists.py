"""Reading offboarding cases: a leaver's printable checklist, and the queue of every open case.

:mod:`registry.services.offboarding` owns case state; this module only reads it. A checklist
lists each account of the case with who should receive it and the evidence recorded so far; the
queue lists every open case with its progress ("2 of 5"). Both decide whether an account is done
with :func:`~registry.services.offboarding.entry_state`, the same way the audit decides SM702.

Pages and reports ask about many accounts at once, so each read here is one query for all of
them (the cases, their accounts, the handovers, the units' notice windows), never one per case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from registry import evidence, i18n
from registry.domain import PersonStatus
from registry.errors import NotFound
from registry.services import units
from registry.services.lookup import get_person, status_on
from registry.services.offboarding import case_entries, entry_state, handovers_by_account

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


@dataclass(frozen=True)
class ChecklistEntry:
    """One account of a leaver's case: who should receive it and the evidence recorded so far."""

    account: str
    account_id: int
    display_name: str | None
    kind: str
    platform: str
    role: str
    status: str
    receiver: str | None
    receiver_reason: str
    handover: Handover | None
    done: bool
    version: int  # the account's version, for a page that ticks one item at a time

    @property
    def items(self) -> tuple[evidence.Item, ...]:
        """The evidence items that apply to this account."""
        return evidence.items_for(self.kind, self.platform)

    @property
    def required(self) -> tuple[str, ...]:
        return evidence.required_for(self.kind, self.platform)

    @property
    def missing(self) -> tuple[str, ...]:
        """The required items not yet recorded (all of them before a handover is started)."""
        return self.required if self.handover is None else evidence.missing(self.handover, self.kind, self.platform)


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

    @property
    def open_accounts(self) -> int:
        return sum(1 for e in self.entries if not e.done)


def _latest_case(session: Session, person_id: int) -> OffboardingCase | None:
    from sqlmodel import select

    from registry.models import OffboardingCase

    return session.exec(
        select(OffboardingCase).where(OffboardingCase.person_id == person_id)
        .order_by(OffboardingCase.closed_on.is_not(None), OffboardingCase.id.desc())
    ).first()


def checklist(session: Session, employee_id: str, *, today: date,
              notice: tuple[dict[int, int], int] | None = None) -> CaseChecklist:
    """The checklist of the person's open case (else their latest one).

    ``notice`` is :func:`registry.services.units.notice_days`, for a caller building many.
    """
    from registry.models import Person, Unit

    person = get_person(session, employee_id)
    case = _latest_case(session, person.id)
    if case is None:
        raise NotFound("offboard.no_case", id=employee_id)
    rows = case_entries(session, case.id)
    handovers = handovers_by_account(session, {a.id for _, a in rows})
    entries = []
    for row, account in rows:
        history = handovers.get(account.id, [])
        state = entry_state(person.id, row.role, account, history)
        mine = [h for h in history if h.from_person_id == person.id and h.role == row.role]
        handover = mine[-1] if mine else None
        if handover is not None:
            receiver = session.get(Person, handover.to_person_id)
            reason = handover.receiver_reason or "unit_colleague"
        else:
            notice = notice or units.notice_days(session)
            receiver, reason = suggest_receiver(session, account, person, row.role, today=today, notice=notice)
        entries.append(ChecklistEntry(
            account=f"{account.platform}:{account.handle}", account_id=account.id, display_name=account.display_name,
            kind=account.kind, platform=account.platform, role=row.role, status=account.status,
            receiver=_named(receiver), receiver_reason=reason, handover=handover, done=state != "open",
            version=account.version))
    unit = session.get(Unit, person.unit_id) if person.unit_id else None
    return CaseChecklist(
        person=person.name or person.employee_id or "", employee_id=person.employee_id or "",
        unit=unit.code if unit else "", end_date=case.end_date, opened_on=case.opened_on,
        closed=case.closed_on is not None, entries=tuple(entries))


def person_checklist(uow: UnitOfWork, *, employee_id: str, today: date) -> CaseChecklist:
    """:func:`checklist` within a unit of work: what the command line and the web call."""
    return checklist(uow.session, employee_id, today=today)


@dataclass(frozen=True)
class QueueEntry:
    """One open case in the offboarding queue, with its progress."""

    employee_id: str
    person: str
    end_date: date
    opened_on: date
    accounts: int
    open_accounts: int


def queue(session: Session, *, today: date) -> list[QueueEntry]:
    """Every open offboarding case, the soonest end date first, with how many accounts are still open.

    Three reads for the whole queue: the open cases, their accounts, and those accounts' handovers.
    """
    from sqlmodel import select

    from registry.models import Account, CaseAccount, Handover, OffboardingCase, Person
    from registry.services.offboarding import accounts_where

    cases = session.exec(
        select(OffboardingCase.id, OffboardingCase.end_date, OffboardingCase.opened_on, Person.id,
               Person.employee_id, Person.name)
        .join(Person, Person.id == OffboardingCase.person_id)
        .where(OffboardingCase.closed_on.is_(None)).order_by(OffboardingCase.end_date, Person.employee_id)
    ).all()
    listed = (select(CaseAccount.account_id).join(OffboardingCase, OffboardingCase.id == CaseAccount.case_id)
              .where(OffboardingCase.closed_on.is_(None), CaseAccount.removed_on.is_(None)))
    entries: dict[int, list[tuple[int, str]]] = {}
    for case_id, account_id, role in session.exec(
        select(CaseAccount.case_id, CaseAccount.account_id, CaseAccount.role)
        .join(OffboardingCase, OffboardingCase.id == CaseAccount.case_id)
        .where(OffboardingCase.closed_on.is_(None), CaseAccount.removed_on.is_(None))
    ):
        entries.setdefault(case_id, []).append((account_id, role))
    accounts = accounts_where(session, Account.id.in_(listed))
    handovers: dict[int, list[Handover]] = {}
    for handover in session.exec(select(Handover).where(Handover.account_id.in_(listed)).order_by(Handover.id)):
        handovers.setdefault(handover.account_id, []).append(handover)
    out = []
    for case_id, end_date, opened_on, person_id, employee_id, name in cases:
        held = [(accounts[aid], role) for aid, role in entries.get(case_id, ()) if aid in accounts]
        still_open = sum(1 for account, role in held
                         if entry_state(person_id, role, account, handovers.get(account.id, ())) == "open")
        out.append(QueueEntry(employee_id or "", name or employee_id or "", end_date, opened_on, len(held), still_open))
    return out


def _named(person: Person | None) -> str | None:
    if person is None:
        return None
    return f"{person.name} ({person.employee_id})" if person.name else person.employee_id


def suggest_receiver(session: Session, account: Account, leaver: Person, role: str, *, today: date,
                     notice: tuple[dict[int, int], int] | None = None) -> tuple[Person | None, str]:
    """Who should take over the leaver's role on the account, and why.

    For the custodian's role: the backup custodian if available, else the unit's lead, else a
    colleague in the account's unit. For a backup custodian's role the same, without the backup
    and never the custodian. Available means employed and not leaving within the notice window
    (the account's unit's; ``notice`` is :func:`registry.services.units.notice_days`).
    """
    from sqlmodel import select

    from registry.models import Person, Unit

    by_unit, default = notice or units.notice_days(session)
    window = by_unit.get(account.unit_id, default)
    holder = account.custodian_id if role == "backup_custodian" else None

    def available(p: Person | None) -> bool:
        return (p is not None and p.id != leaver.id and p.id != holder and p.erased_on is None
                and status_on(p.end_date, today, window) == PersonStatus.active)

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
