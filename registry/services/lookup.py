"""Finding a person and their employment status: the lookups every other service stands on.

Kept apart so that people, units, accounts, offboarding and handovers can all use them without
importing each other in a circle.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from registry import i18n
from registry.domain import PersonStatus
from registry.errors import NotFound

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.models import Person

i18n.register(
    {
        "person.not_found": (
            "There is no person with employee id '{id}'. See `smreg person list`.",
            "Er is geen persoon met personeelsnummer '{id}'. Zie `smreg person list`.",
        ),
    }
)


def status_on(end_date: date | None, on: date, notice_days: int) -> PersonStatus:
    """Active, leaving (from the end date minus the notice window up to the end date) or left."""
    if end_date is None:
        return PersonStatus.active
    if end_date < on:
        return PersonStatus.left
    if end_date <= on + timedelta(days=notice_days):
        return PersonStatus.leaving
    return PersonStatus.active


def get_person(session: Session, employee_id: str) -> Person:
    from sqlmodel import select

    from registry.models import Person

    person = session.exec(select(Person).where(Person.employee_id == employee_id.strip())).first()
    if person is None:
        raise NotFound("person.not_found", id=employee_id)
    return person
