"""The HR sync: an HR export imported all-or-nothing, idempotent, in one transaction.

Written for files of tens of thousands of people: the store is read once (people, units, who
holds accounts), every row is checked against that, and only when no row has a problem are the
new people inserted in bulk, the changed ones updated by id with their version checked, and the
events appended in one batch. An end date set or moved opens or moves the offboarding cases of
all those people in one pass. Nobody is ever deleted: a person missing from a full export is
listed under *needs attention*.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from registry import i18n, origin, snapshots
from registry.errors import ImportRejected

if TYPE_CHECKING:
    from registry.db import Store
    from registry.services.imports import ImportSummary, Progress

FIELDS = ("name", "email", "unit", "function", "start_date", "end_date")
_STORED = ("id", "ref", "employee_id", "name", "email", "unit_id", "function", "start_date", "end_date",
           "erased_on", "version")
_INSERT = ("id", "ref", "employee_id", "name", "email", "unit_id", "function", "start_date", "end_date", "version")


def _stored(session) -> dict[str, dict[str, Any]]:
    from sqlalchemy import text

    rows = session.execute(text(f"SELECT {', '.join(_STORED)} FROM person WHERE employee_id IS NOT NULL"))
    people = {}
    for row in rows:
        record = dict(zip(_STORED, row, strict=True))
        for column in ("start_date", "end_date", "erased_on"):  # SQLite hands dates back as text
            if isinstance(record[column], str):
                record[column] = date.fromisoformat(record[column])
        people[record["employee_id"]] = record
    return people


def _reserve_ids(session, count: int) -> list[int]:
    from sqlalchemy import text

    if not count:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return list(session.execute(
            text("SELECT nextval(pg_get_serial_sequence('person', 'id')) FROM generate_series(1, :n)"), {"n": count}
        ).scalars())
    start = session.execute(text("SELECT coalesce(max(id), 0) FROM person")).scalar() + 1
    return list(range(start, start + count))


@origin.from_file
def import_persons(store: Store, path: Path, *, actor: str, today: date, column_map: dict[str, str] | None = None,
                   dry_run: bool = False, full: bool = True, progress: Progress | None = None) -> ImportSummary:
    """Synchronise people with an HR export: add, update, take end dates; never delete."""
    from sqlalchemy import select

    from registry.errors import ValidationError
    from registry.io.dates import parse_date
    from registry.io.readers import read_table
    from registry.models import Account, Unit
    from registry.services import people
    from registry.services.accounts import unit_key
    from registry.services.imports import ImportSummary, _clean, _hidden_tokens

    table = read_table(path, kind="persons", column_map=column_map)
    summary = ImportSummary("persons", str(path), len(table.rows), notices=list(table.notices), dry_run=dry_run)
    problems: list[tuple[int, str, str]] = list(table.problems)
    clears_end = "end_date" in table.columns
    check_id, check_name, check_email = people.check_employee_id, people.check_name, people.check_email
    with store.unit_of_work(actor=actor) as uow:
        session = uow.session
        unit_rows = session.execute(select(Unit.id, Unit.code, Unit.name)).all()
        units = {unit_key(name): code for _uid, code, name in unit_rows}
        units.update({unit_key(code): code for _uid, code, _name in unit_rows})
        unit_ids = {code: uid for uid, code, _name in unit_rows}
        unit_codes = {uid: code for uid, code, _name in unit_rows}
        stored = _stored(session)
        unpadded = {emp.lstrip("0"): emp for emp in stored if emp[:1] == "0" and emp.isdigit()}
        seen: dict[str, int] = {}
        new: list[tuple[str, dict[str, Any]]] = []
        changed: list[tuple[str, dict[str, Any]]] = []
        hidden = _hidden_tokens()
        for index, (line, raw) in enumerate(table.rows, 1):
            if progress and index % 5000 == 0:
                progress("check", index, len(table.rows))
            raw = _clean(raw, hidden)
            row_problems: list[tuple[str, str]] = []

            def check(column: str, fn, value, problems=row_problems):
                try:
                    return fn(value)
                except ValidationError as exc:
                    problems.append((column, str(exc)))
                    return None

            emp = check("employee_id", check_id, raw.get("employee_id", ""))
            if emp is not None and emp in seen:
                row_problems.append(("employee_id", i18n.t("import.duplicate_person", id=emp, line=seen[emp])))
            if emp is not None:
                seen.setdefault(emp, line)
            values: dict[str, Any] = {}
            if raw.get("name"):
                values["name"] = check("name", check_name, raw["name"])
            if raw.get("email"):
                values["email"] = check("email", check_email, raw["email"])
            if raw.get("unit"):
                code = units.get(unit_key(raw["unit"]))
                if code is None:
                    row_problems.append(("unit", i18n.t("import.unknown_unit", unit=raw["unit"])))
                values["unit"] = code
            if raw.get("function"):
                values["function"] = raw["function"].strip()
            for column in ("start_date", "end_date"):
                if raw.get(column):
                    values[column] = check(column, parse_date, raw[column])
            current = stored.get(emp) if emp else None
            if current is None and emp and emp.isdigit() and unpadded.get(emp.lstrip("0"), emp) != emp:
                row_problems.append(("employee_id", i18n.t("person.zeros_lost", id=emp, stored=unpadded[emp.lstrip("0")])))
            start, end = values.get("start_date"), values.get("end_date")
            if current is not None:
                start = start or current["start_date"]
            if start and end and end < start:
                row_problems.append(("end_date", i18n.t("person.end_before_start", end=end, start=start)))
            if current is None and emp is not None and not values.get("name"):
                row_problems.append(("name", i18n.t("person.empty_name")))
            if current is not None and current["erased_on"]:
                row_problems.append(("employee_id", i18n.t("import.erased", id=emp)))
            if row_problems:
                problems.extend((line, c, m) for c, m in row_problems)
                continue
            if current is None:
                new.append((emp, values))
                continue
            now = {"name": current["name"], "email": current["email"], "unit": unit_codes.get(current["unit_id"]),
                   "function": current["function"], "start_date": current["start_date"], "end_date": current["end_date"]}
            changes = {column: value for column, value in values.items() if now[column] != value}
            if clears_end and not raw.get("end_date") and current["end_date"] is not None:
                changes["end_date"] = None
            if changes:
                changed.append((emp, changes))
            else:
                summary.unchanged += 1
        if problems:
            raise ImportRejected(sorted(problems), file=str(path), headers=table.headers)
        summary.added = [emp for emp, _ in new]
        summary.changed = [(emp, sorted(changes)) for emp, changes in changed]
        if full:
            for emp, person in sorted(stored.items()):
                if emp not in seen and person["erased_on"] is None and (person["end_date"] is None or person["end_date"] >= today):
                    summary.attention.append(i18n.t("import.absent", id=emp, name=person["name"]))
        held: dict[int, int] = {}
        for custodian, backup in session.execute(
            select(Account.custodian_id, Account.backup_custodian_id).where(Account.status != "archived")
        ):
            for pid in (custodian, backup):
                if pid:
                    held[pid] = held.get(pid, 0) + 1
        for emp, changes in changed:
            person = stored[emp]
            if changes.get("end_date") and held.get(person["id"]):
                summary.attention.append(i18n.t("import.leaver_holds", id=emp, name=person["name"],
                                                end=changes["end_date"], count=held[person["id"]]))
        if dry_run:
            return summary
        ends = _write(uow, new, changed, stored, unit_ids, unit_codes)
        if ends["set"]:
            from registry.services import offboarding

            offboarding.sync(uow, person_ids=ends["set"])
        if ends["cleared"]:
            from registry.models import Person
            from registry.services import offboarding

            for pid in ends["cleared"]:
                offboarding.end_date_cleared(uow, session.get(Person, pid))
        uow.commit()
    return summary


def _write(uow, new, changed, stored, unit_ids, unit_codes) -> dict[str, list[int]]:
    """Insert the new people and update the changed ones, with their events; who needs a case."""
    from sqlalchemy import text

    from registry.db import bulk_insert_tuples
    from registry.errors import StaleData
    from registry.events import make_body
    from registry.services import people

    session = uow.session
    keys = uow.person_keys
    actor = uow.actor
    sqlite = session.get_bind().dialect.name == "sqlite"
    ends: dict[str, list[int]] = {"set": [], "cleared": []}

    def iso(value):
        return value.isoformat() if sqlite and value is not None else value

    ids = _reserve_ids(session, len(new))
    rows, events = [], []
    for (emp, values), pid in zip(new, ids, strict=True):
        ref = people.new_ref()
        keys.create(ref)  # a new person has no key yet: no need to look for one
        person = SimpleNamespace(id=pid, ref=ref, employee_id=emp, name=values["name"],
                                 email=values.get("email"), unit_id=unit_ids.get(values.get("unit")),
                                 function=values.get("function") or None, start_date=values.get("start_date"),
                                 end_date=values.get("end_date"), erased_on=None, version=1)
        rows.append(tuple(iso(getattr(person, c)) if c.endswith("_date") else getattr(person, c) for c in _INSERT))
        after = snapshots.person(person, unit=values.get("unit"), keys=keys)
        events.append((f"person:{person.ref}", make_body(actor, {"before": None, "after": after})))
        if person.end_date:
            ends["set"].append(pid)
    if rows:
        bulk_insert_tuples(session.connection(), "person", _INSERT, rows)
        uow.log.append("person.added", events)
    if len(changed) > 1000:
        keys.preload()  # one read of every key instead of one query a person
    events = []
    for emp, changes in changed:
        current = stored[emp]
        before_view = SimpleNamespace(**current)
        after = {**current, **{k: v for k, v in changes.items() if k != "unit"}}
        if "unit" in changes:
            after["unit_id"] = unit_ids[changes["unit"]]
        after_view = SimpleNamespace(**after)
        columns = {c: iso(after[c]) if c.endswith("_date") else after[c]
                   for c in ("name", "email", "unit_id", "function", "start_date", "end_date") if after[c] != current[c]}
        result = session.execute(
            text(f"UPDATE person SET {', '.join(f'{c} = :{c}' for c in columns)}, version = version + 1"
                 " WHERE id = :id AND version = :version"),
            {**columns, "id": current["id"], "version": current["version"]},
        )
        if result.rowcount != 1:
            raise StaleData("import.person_changed", ref=emp)
        body = {"before": snapshots.person(before_view, unit=unit_codes.get(current["unit_id"]), keys=keys),
                "after": snapshots.person(after_view, unit=unit_codes.get(after["unit_id"]), keys=keys)}
        events.append((f"person:{current['ref']}", make_body(actor, body)))
        if after["end_date"] and after["end_date"] != current["end_date"]:
            ends["set"].append(current["id"])
        elif current["end_date"] and after["end_date"] is None:
            ends["cleared"].append(current["id"])
    if events:
        uow.log.append("person.updated", events)
    return ends


i18n.register(
    {
        "import.person_changed": (
            "Person {ref} was changed by someone else during the import. Nothing was saved; import the file again.",
            "Persoon {ref} is tijdens de import door iemand anders gewijzigd. Er is niets opgeslagen; importeer het bestand opnieuw.",
        ),
    }
)
