"""Erasure of a former staff member's personal data after the retention period (AVG Art. 17).

Erasure is crypto-shredding plus blanking: the person's own data key (``person_key``) is
deleted, so everything the event log sealed with it can no longer be read, and the person's row
keeps only what is not personal (ref, unit, dates, ``erased_on``). The log itself is untouched
and still verifies. On SQLite the freed bytes are overwritten (``secure_delete``), the file is
rebuilt (``VACUUM``) and the write-ahead log truncated, so the erased values are gone from the
store's files, not just from its tables.

Refused for current staff, for people who left less than the retention period ago (setting
``retention_years``), and while the person still holds accounts, has handovers open or leads a
unit (the unit lead receives accounts that have no backup custodian).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from registry import i18n, snapshots
from registry.errors import Conflict, NotFound

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import Store, UnitOfWork
    from registry.models import Person

i18n.register(
    {
        "erase.current_staff": (
            "{id} is still employed (no end date, or one that has not passed); only people who have left can be erased.",
            "{id} is nog in dienst (geen einddatum, of een die nog niet voorbij is); alleen wie vertrokken is kan worden gewist.",
        ),
        "erase.too_soon": (
            "{id} left on {end}, less than the retention period of {years:year} ago; their data may be erased from {earliest}.",
            "{id} is vertrokken op {end}; dat is korter geleden dan de bewaartermijn van {years:year}. De gegevens mogen worden gewist vanaf {earliest}.",
        ),
        "erase.holds_accounts": (
            "{id} still holds {count:account} as custodian or backup custodian; hand them over first (`smreg person show {id}`).",
            "{id} beheert nog {count:account} als beheerder of reservebeheerder; draag die eerst over (`smreg person show {id}`).",
        ),
        "erase.open_handovers": (
            "{id} has handovers that are not complete; finish the offboarding first (`smreg offboard {id}`).",
            "{id} heeft overdrachten die niet af zijn; rond eerst het vertrek af (`smreg offboard {id}`).",
        ),
        "erase.unit_lead": (
            "{id} is still the lead of unit {unit}, who receives accounts without a backup custodian; choose a new lead first (`smreg unit update {unit} --lead ID`).",
            "{id} is nog leidinggevende van eenheid {unit}, die accounts zonder reservebeheerder ontvangt; kies eerst een nieuwe leidinggevende (`smreg unit update {unit} --lead ID`).",
        ),
        "erase.not_found": (
            "There is no person '{id}' (give the employee id, or the ref of a person erased before). See `smreg person list`.",
            "Er is geen persoon '{id}' (geef het personeelsnummer, of de ref van een eerder gewiste persoon). Zie `smreg person list`.",
        ),
        "erase.files_busy": (
            "Another command was using the store, so traces of the erased data may remain in its files for now. Run `smreg person erase {ref}` again when nobody else is using it.",
            "Een andere opdracht gebruikte de registratie, dus sporen van de gewiste gegevens kunnen nog even in de bestanden staan. Voer `smreg person erase {ref}` opnieuw uit als niemand anders haar gebruikt.",
        ),
        "erase.postgres_files": (
            "PostgreSQL keeps the erased values in old row versions until the database owner ({owner}) runs VACUUM FULL person, person_key; the HR role cannot, as only a table's owner may vacuum it. Backups and WAL archives made before today still hold the data.",
            "PostgreSQL bewaart de gewiste waarden in oude rijversies tot de eigenaar van de database ({owner}) VACUUM FULL person, person_key uitvoert; de HR-rol kan dat niet, want alleen de eigenaar van een tabel mag die opruimen. Back-ups en WAL-archieven van voor vandaag bevatten de gegevens nog.",
        ),
    }
)


@dataclass(frozen=True)
class Erasure:
    """The outcome of ``person erase``: whom (by ref), when, and whether the files were cleaned."""

    ref: str
    erased_on: date
    already: bool
    files_clean: bool
    warnings: list[str] = field(default_factory=list)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def earliest_erasure(end_date: date, retention_years: int) -> date:
    """The first day on which someone who left on ``end_date`` left *more* than the period ago."""
    return add_years(end_date, retention_years) + timedelta(days=1)


def _find(session: Session, text: str) -> Person:
    from sqlmodel import select

    from registry.models import Person

    text = text.strip()
    person = session.exec(select(Person).where(Person.employee_id == text)).first()
    if person is None:
        # An erased person has no employee id left; their ref still names them.
        person = session.exec(select(Person).where(Person.ref == text.removeprefix("person:"))).first()
    if person is None:
        raise NotFound("erase.not_found", id=text)
    return person


def held_accounts(session: Session, person_id: int) -> int:
    from sqlalchemy import func, or_, select

    from registry.models import Account, AccountStatus

    return session.execute(
        select(func.count()).select_from(Account).where(
            or_(Account.custodian_id == person_id, Account.backup_custodian_id == person_id),
            Account.status != AccountStatus.archived.value,
        )
    ).scalar_one()


def check_erasable(session: Session, person: Person, *, today: date) -> None:
    """Raise the reason this person may not be erased today, if there is one."""
    from sqlmodel import select

    from registry.models import Unit
    from registry.services import config
    from registry.services.handovers import has_open_handovers

    label = person.employee_id or person.ref
    if person.end_date is None or person.end_date >= today:
        raise Conflict("erase.current_staff", id=label)
    years = int(config.get(session, "retention_years"))
    earliest = earliest_erasure(person.end_date, years)
    if today < earliest:
        raise Conflict("erase.too_soon", id=label, end=person.end_date.isoformat(), years=years, earliest=earliest.isoformat())
    held = held_accounts(session, person.id)
    if held:
        raise Conflict("erase.holds_accounts", id=label, count=held)
    if has_open_handovers(session, person.id):
        raise Conflict("erase.open_handovers", id=label)
    led = session.exec(select(Unit.code).where(Unit.lead_id == person.id).order_by(Unit.code)).first()
    if led is not None:
        raise Conflict("erase.unit_lead", id=label, unit=led)


class _NoKey:
    """Stands in for the person keys when snapshotting an erased person: there is nothing to seal."""

    def get(self, ref: str, *, create: bool) -> None:
        return None


def erase_person(uow: UnitOfWork, person_id_or_ref: str, *, today: date) -> tuple[Person, bool]:
    """Shred and blank one person; returns the person and whether they had been erased already."""
    from sqlalchemy import delete, text

    from registry.models import PersonKey, Unit

    session = uow.session
    if session.get_bind().dialect.name == "sqlite":
        # Overwrite freed bytes with zeros from this change on (a connection setting).
        session.execute(text("PRAGMA secure_delete = ON"))
    person = _find(session, person_id_or_ref)
    if person.erased_on is not None:
        return person, True
    check_erasable(session, person, today=today)
    unit = session.get(Unit, person.unit_id).code if person.unit_id else None
    read_version = person.version
    for column in snapshots.PII_FIELDS:
        setattr(person, column, None)
    person.erased_on = today
    session.add(person)
    session.execute(delete(PersonKey).where(PersonKey.ref == person.ref))
    session.flush()
    from registry.db import bump_version
    from registry.services import people  # its texts name the refusal

    if not bump_version(session, person, read_version):
        raise people.StaleData("person.changed_since_read", id=person.ref)
    after: dict[str, Any] = snapshots.person(person, unit=unit, keys=_NoKey())
    uow.log.record("person.erased", f"person:{person.ref}", before={**after, "erased_on": None}, after=after)
    return person, False


def erase(store: Store, person_id_or_ref: str, *, actor: str, today: date) -> Erasure:
    """Erase a person in one transaction, then clean the store's files of what was erased."""
    with store.unit_of_work(actor=actor) as uow:
        person, already = erase_person(uow, person_id_or_ref, today=today)
        ref, erased_on = person.ref, person.erased_on
        if not already:
            uow.commit()
    warnings: list[str] = []
    if store.dialect == "sqlite":
        clean = scrub_sqlite(store)
        if not clean:
            warnings.append(i18n.t("erase.files_busy", ref=ref))
    else:
        clean = False
        warnings.append(i18n.t("erase.postgres_files", owner=table_owner(store, "person")))
    return Erasure(ref=ref, erased_on=erased_on, already=already, files_clean=clean, warnings=warnings)


def table_owner(store: Store, table: str) -> str:
    """The PostgreSQL role that owns ``table``: the only one (with superusers) that may vacuum it."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = :table"
                                 " AND schemaname = current_schema()"), {"table": table}).scalar_one()


def scrub_sqlite(store: Store) -> bool:
    """Rebuild the SQLite file and empty its write-ahead log; False if another reader prevented it.

    ``secure_delete`` zeroes what this change freed, but bytes freed earlier (a name changed
    last year) may linger in free space; ``VACUUM`` writes a fresh copy of every page, and the
    ``TRUNCATE`` checkpoint empties the write-ahead log, which still holds older page images.
    """
    import sqlite3

    from registry.db import BUSY_TIMEOUT_MS

    store.engine.dispose()  # our own pooled connections must not hold the old pages
    conn = sqlite3.connect(str(store.settings.sqlite_path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute(f"PRAGMA busy_timeout = {min(BUSY_TIMEOUT_MS, 5000)}")
        try:
            conn.execute("VACUUM")
        except sqlite3.OperationalError:
            return False
        busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0
    finally:
        conn.close()
