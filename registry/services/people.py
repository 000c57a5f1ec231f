"""People: staff members as the HR system knows them, referred to in the log by a random ref."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import i18n, labels, limits, snapshots
from registry.db import bump_version
from registry.errors import Conflict, StaleData, ValidationError
from registry.services.lookup import get_person, status_on  # noqa: F401 - part of this service's interface

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork
    from registry.models import Person

EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
EMPLOYEE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,63}$")

i18n.register(
    {
        "person.changed_since_read": (
            "Person {id} was changed by someone else while you were working on it. Nothing was saved; look at them again and retry.",
            "Persoon {id} is door iemand anders gewijzigd terwijl u ermee bezig was. Er is niets opgeslagen; bekijk de gegevens opnieuw en probeer het nog eens.",
        ),
        "person.exists": (
            "A person with employee id '{id}' already exists; use `smreg person update` to change them.",
            "Er bestaat al een persoon met personeelsnummer '{id}'; gebruik `smreg person update` om gegevens te wijzigen.",
        ),
        "person.bad_id": (
            "'{id}' is not a valid employee id: use the HR system's number (letters, digits, '.', '_', '-', '/').",
            "'{id}' is geen geldig personeelsnummer: gebruik het nummer uit het HR-systeem (letters, cijfers, '.', '_', '-', '/').",
        ),
        "person.empty_name": ("A person needs a name.", "Een persoon heeft een naam nodig."),
        "person.bad_email": (
            "'{value}' is not an e-mail address.",
            "'{value}' is geen e-mailadres.",
        ),
        "person.end_before_start": (
            "The end date {end} lies before the start date {start}.",
            "De einddatum {end} ligt voor de begindatum {start}.",
        ),
        "person.erased": (
            "Person {ref} was erased; their data can no longer be changed.",
            "Persoon {ref} is gewist; de gegevens kunnen niet meer worden gewijzigd.",
        ),
        "person.bad_status": (
            "'{value}' is not a person's status. Use one of: {allowed}.",
            "'{value}' is geen status van een persoon. Gebruik een van: {allowed}.",
        ),
        "status.active": ("active", "actief"),
        "status.leaving": ("leaving", "vertrekt"),
        "status.left": ("left", "vertrokken"),
        "status.unknown": ("unknown", "onbekend"),
        "status.erased": ("erased", "gewist"),
    }
)


def new_ref() -> str:
    return secrets.token_hex(16)


def check_employee_id(value: str) -> str:
    value = (value or "").strip()
    if not EMPLOYEE_ID_RE.match(value):
        raise ValidationError("person.bad_id", id=value)
    return value


def check_email(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not EMAIL_RE.match(value):
        raise ValidationError("person.bad_email", value=value)
    return value


def check_name(value: str | None) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError("person.empty_name")
    return name


@dataclass
class Checked:
    """One person's fields checked: the ``values`` given, cleaned, and every ``problem`` found.

    A problem is ``(field, error)``; the import names the field by the file's own header, a
    command raises the first one.
    """

    values: dict[str, Any]
    problems: list[tuple[str, ValidationError]]

    def raise_first(self) -> None:
        if self.problems:
            field, problem = self.problems[0]
            raise limits.named(field, problem)


def validate(*, employee_id: str | None, new: bool, name: str | None = None, email: str | None = None,
             function: str | None = None, start_date: date | None = None, end_date: date | None = None,
             stored_start: date | None = None, stored_end: date | None = None,
             clear_end: bool = False) -> Checked:
    """Check a person's fields as given (None: not given; ``stored_*``: what the store holds of them).

    The one validation of ``person add``, ``person update`` and ``person import``: it returns
    all problems of the row rather than stopping at the first. What needs the store or the
    file (a unit that exists, an employee id seen twice, an erased person) the caller checks.
    """
    problems: list[tuple[str, ValidationError]] = []
    values: dict[str, Any] = {}

    def check(field: str, fn, value) -> None:
        try:
            values[field] = limits.check(fn(value), "person", field)
        except ValidationError as exc:
            problems.append((field, exc))

    if employee_id is not None:
        check("employee_id", check_employee_id, employee_id)
    if name is not None or (new and not problems):  # with a bad id, whether they are new is unknown
        check("name", check_name, name)
    if email is not None:
        check("email", check_email, email)
    if function is not None:
        check("function", lambda text: text.strip() or None, function)
    if start_date is not None:
        values["start_date"] = start_date
    if end_date is not None:
        values["end_date"] = end_date
    start = start_date or stored_start
    end = end_date if end_date is not None else (None if clear_end else stored_end)
    if start and end and end < start:
        problems.append(("end_date", ValidationError("person.end_before_start", end=end, start=start)))
    return Checked(values, problems)


def _unit_code(session: Session, unit_id: int | None) -> str | None:
    from registry.models import Unit

    return session.get(Unit, unit_id).code if unit_id else None


def snapshot(uow: UnitOfWork, person: Person) -> dict[str, Any]:
    return snapshots.person(person, unit=_unit_code(uow.session, person.unit_id), keys=uow.person_keys)


@dataclass
class PersonInput:
    """A person's fields as text, from the command line or an HR export; None means not given."""

    employee_id: str
    name: str | None = None
    email: str | None = None
    unit: str | None = None
    function: str | None = None
    start_date: date | None = None
    end_date: date | None = None


def add_person(uow: UnitOfWork, data: PersonInput) -> Person:
    from registry.models import Person
    from registry.services.units import get_unit

    session = uow.session
    checked = validate(employee_id=data.employee_id, new=True, name=data.name, email=data.email,
                       function=data.function, start_date=data.start_date, end_date=data.end_date)
    employee_id = checked.values.get("employee_id")
    from sqlmodel import select

    if employee_id is not None and session.exec(select(Person).where(Person.employee_id == employee_id)).first():
        raise Conflict("person.exists", id=employee_id)
    checked.raise_first()
    values = checked.values
    person = Person(
        ref=new_ref(),
        employee_id=employee_id,
        name=values["name"],
        email=values.get("email"),
        unit_id=get_unit(session, data.unit).id if data.unit else None,
        function=values.get("function"),
        start_date=data.start_date,
        end_date=data.end_date,
    )
    session.add(person)
    session.flush()
    uow.log.record("person.added", f"person:{person.ref}", before=None, after=snapshot(uow, person))
    if person.end_date:
        _end_date_set(uow, person)
    return person


def update_person(uow: UnitOfWork, employee_id: str, *, clear_end: bool = False, **changes: Any) -> Person:
    """Change the given fields (``name``, ``email``, ``unit``, ``function``, ``start_date``, ``end_date``)."""
    from registry.services.units import get_unit

    session = uow.session
    person = get_person(session, employee_id)
    if person.erased_on:
        raise ValidationError("person.erased", ref=person.ref)
    before = snapshot(uow, person)
    read_version = person.version
    old_end = person.end_date
    checked = validate(employee_id=None, new=False, name=changes.get("name"),
                       email=changes.get("email"), function=changes.get("function"),
                       start_date=changes.get("start_date"), end_date=changes.get("end_date"),
                       stored_start=person.start_date, stored_end=person.end_date, clear_end=clear_end)
    checked.raise_first()
    values = checked.values
    if changes.get("unit") is not None:
        person.unit_id = get_unit(session, changes["unit"]).id
    for field in ("name", "email", "function", "start_date", "end_date"):
        if field in values:
            setattr(person, field, values[field])
    if clear_end:
        person.end_date = None
    session.add(person)
    session.flush()
    # Taken from the values written, after the version check: nobody else changed the row since
    # it was read, so the log's snapshot is the row as this transaction commits it.
    if not bump_version(session, person, read_version):
        raise StaleData("person.changed_since_read", id=employee_id)
    after = snapshot(uow, person)
    if _differs(before, after, uow):
        uow.log.record("person.updated", f"person:{person.ref}", before=before, after=after)
    if person.end_date and person.end_date != old_end:
        _end_date_set(uow, person)
    elif old_end and person.end_date is None:
        from registry.services import offboarding

        offboarding.end_date_cleared(uow, person)
    return person


def _differs(before: dict[str, Any], after: dict[str, Any], uow: UnitOfWork) -> bool:
    plain = {k for k in before if k != "pii"}
    if any(before[k] != after[k] for k in plain):
        return True
    return snapshots.open_pii(before, uow.person_keys) != snapshots.open_pii(after, uow.person_keys)


def leave(uow: UnitOfWork, employee_id: str, on: date) -> Person:
    return update_person(uow, employee_id, end_date=on)


def _end_date_set(uow: UnitOfWork, person: Person) -> None:
    """An end date makes the person's accounts due for handover: open (or move) their case."""
    from registry.services import offboarding

    offboarding.sync(uow, person_ids=[person.id])


def find(uow: UnitOfWork, *, employee_id: str) -> Person:
    """The person with this employee id, or :class:`NotFound` with a sentence naming it."""
    return get_person(uow.session, employee_id)


def employee_id_of(uow: UnitOfWork, *, person_id: int | None) -> str | None:
    """The employee id of the person with this row id (None for none)."""
    from registry.models import Person

    person = uow.session.get(Person, person_id) if person_id else None
    return person.employee_id if person else None


def shown(uow: UnitOfWork, *, person: Person, on: date, holdings: bool = False) -> dict[str, Any]:
    """One person as ``show`` prints them; with ``holdings`` also the accounts they hold."""
    from registry.services import units

    notice = units.effective_policy(uow.session, person.unit_id)["notice_days"]
    row = public(person, unit=_unit_code(uow.session, person.unit_id), on=on, notice_days=notice)
    if holdings:
        row["accounts"] = held(uow, person=person)
    return row


def held(uow: UnitOfWork, *, person: Person) -> list[str]:
    """The live accounts a person holds, as PLATFORM:HANDLE (with "(backup)" where they are the backup)."""
    from sqlmodel import or_, select

    from registry.models import Account, AccountStatus

    rows = uow.session.exec(select(Account).where(
        or_(Account.custodian_id == person.id, Account.backup_custodian_id == person.id),
        Account.status != AccountStatus.archived.value).order_by(Account.platform, Account.handle_key)).all()
    return [f"{a.platform}:{a.handle}" + ("" if a.custodian_id == person.id else " (backup)") for a in rows]


def listing(uow: UnitOfWork, *, on: date, unit: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    """Every person as a public dict, ordered by employee id, in two queries whatever their number.

    ``unit`` (a code) keeps one unit's people; ``status`` (active, leaving, left, erased) keeps
    those with that status on ``on``, the notice window being each unit's own.
    """
    from sqlmodel import select

    from registry.domain import PersonStatus
    from registry.models import Person, Unit
    from registry.services import config, units

    session = uow.session
    statuses = [*(s.value for s in PersonStatus), "erased"]
    wanted = None
    if (status or "").strip():
        wanted = labels.accepted("status", statuses).get(status.strip().casefold())
        if wanted is None:
            raise ValidationError("person.bad_status", value=status, allowed=labels.choices("status", statuses))
    all_units = {u.id: u for u in session.exec(select(Unit))}
    defaults = {key: config.get(session, key) for key in config.POLICY_KEYS}
    notice_of = {uid: units.policy_of(all_units, uid, defaults)["notice_days"] for uid in all_units}
    query = select(Person).order_by(Person.employee_id)
    if unit:
        query = query.where(Person.unit_id == units.get_unit(session, unit).id)
    rows = []
    for person in session.exec(query):
        code = all_units[person.unit_id].code if person.unit_id in all_units else None
        row = public(person, unit=code, on=on, notice_days=notice_of.get(person.unit_id, defaults["notice_days"]))
        if wanted is None or row["status"] == wanted:
            rows.append(row)
    return rows


def public(person: Person, *, unit: str | None, on: date, notice_days: int) -> dict[str, Any]:
    status = "erased" if person.erased_on else status_on(person.end_date, on, notice_days).value
    return {
        "id": person.id,
        "employee_id": person.employee_id,
        "name": person.name,
        "email": person.email,
        "unit": unit,
        "function": person.function,
        "start_date": person.start_date,
        "end_date": person.end_date,
        "status": status,
    }
