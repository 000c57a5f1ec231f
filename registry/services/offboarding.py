"""Offboarding cases: at every departure the organisation gets its accounts back (P-I.7b).

A case opens by itself when a person gets an end date, and lists every account the person
holds as custodian or backup custodian on that day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry import clock

if TYPE_CHECKING:
    from registry.db import UnitOfWork
    from registry.models import OffboardingCase, Person


def open_case(uow: UnitOfWork, person: Person) -> OffboardingCase:
    from sqlmodel import or_, select

    from registry.models import Account, AccountStatus, CaseAccount, OffboardingCase

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
    return case
