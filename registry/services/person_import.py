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


@origin.from_file
def import_persons(store: Store, path: Path | list[Path], *, actor: str, today: date,
                   column_map: dict[str, str] | None = None, dry_run: bool = False, full: bool = True,
                   progress: Progress | None = None, source: str | None = None) -> ImportSummary:
    """Synchronise people with an HR export: add, update, take end dates; never delete.

    ``path`` may be several files (or a folder) of one HR system's set; ``source`` forces the
    HR system's format (:mod:`registry.io.hr`), which is otherwise recognised from the file.
    """
    from sqlalchemy import select

    from registry.errors import ValidationError
    from registry.io.dates import parse_date
    from registry.io.hr import read_hr
    from registry.models import Account, Unit
    from registry.services import people
    from registry.services.accounts import unit_key
    from registry.services.imports import ImportSummary, clean, hidden_tokens

    table, shown, recognised = read_hr(path if isinstance(path, list) else [Path(path)], forced=source,
                                       column_map=column_map)
    summary = ImportSummary("persons", shown, len(table.rows), notices=list(table.notices), dry_run=dry_run,
                            source=recognised)
    problems: list[tuple[int, str, str]] = list(table.problems)
    clears_end = "end_date" in table.columns
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
        hidden = hidden_tokens()
        for index, (line, raw) in enumerate(table.rows, 1):
            if progress and index % 5000 == 0:
                progress("check", index, len(table.rows))
            raw = clean(raw, hidden)
            row_problems: list[tuple[str, str]] = []
            dates: dict[str, date | None] = {}
            for column in ("start_date", "end_date"):
                if raw.get(column):
                    try:
                        dates[column] = parse_date(raw[column])
                    except ValidationError as exc:
                        row_problems.append((column, str(exc)))
            current = stored.get((raw.get("employee_id") or "").strip())
            checked = people.validate(
                employee_id=raw.get("employee_id", ""), new=current is None, name=raw.get("name") or None,
                email=raw.get("email") or None, function=raw.get("function") or None,
                start_date=dates.get("start_date"), end_date=dates.get("end_date"),
                stored_start=current and current["start_date"], stored_end=current and current["end_date"],
                clear_end=clears_end and not raw.get("end_date"))
            row_problems.extend((column, str(exc)) for column, exc in checked.problems)
            values = checked.values
            emp = values.pop("employee_id", None)
            if emp is not None and emp in seen:
                row_problems.append(("employee_id", i18n.t("import.duplicate_person", id=emp, line=seen[emp])))
            if emp is not None:
                seen.setdefault(emp, line)
            if raw.get("unit"):
                code = units.get(unit_key(raw["unit"]))
                if code is None:
                    row_problems.append(("unit", i18n.t("import.unknown_unit", unit=raw["unit"])))
                values["unit"] = code
            if current is None and emp and emp.isdigit() and unpadded.get(emp.lstrip("0"), emp) != emp:
                row_problems.append(("employee_id", i18n.t("person.zeros_lost", id=emp, stored=unpadded[emp.lstrip("0")])))
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
            raise ImportRejected(sorted(problems), file=shown, headers=table.headers)
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
    from registry.services.imports import reserve_ids

    session = uow.session
    keys = uow.person_keys
    actor = uow.actor
    sqlite = session.get_bind().dialect.name == "sqlite"
    ends: dict[str, list[int]] = {"set": [], "cleared": []}

    def iso(value):
        return value.isoformat() if sqlite and value is not None else value

    ids = reserve_ids(session, "person", len(new))
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
        "import.duplicate_person": (
            "employee id {id} appears again (first on line {line}); each person may appear once.",
            "personeelsnummer {id} komt nog eens voor (eerst op regel {line}); elke persoon mag één keer voorkomen.",
        ),
        "import.unknown_unit": (
            "there is no unit '{unit}' (by code or name); add it with `smreg unit add` first.",
            "er is geen eenheid '{unit}' (op code of naam); voeg haar eerst toe met `smreg unit add`.",
        ),
        "import.absent": (
            "{id} ({name}) is in the store but not in this export; check whether they left (nothing was deleted).",
            "{id} ({name}) staat in de registratie maar niet in deze export; controleer of deze persoon vertrok (er is niets verwijderd).",
        ),
        "import.leaver_holds": (
            "{id} ({name}) leaves on {end} and holds {count:account}: run `smreg offboard {id}`.",
            "{id} ({name}) vertrekt op {end} en beheert {count:account}: voer `smreg offboard {id}` uit.",
        ),
        "import.erased": (
            "employee id {id} belongs to an erased person and cannot be imported again.",
            "personeelsnummer {id} hoort bij een gewiste persoon en kan niet opnieuw worden geïmporteerd.",
        ),
        "import.person_changed": (
            "Person {ref} was changed by someone else during the import. Nothing was saved; import the file again.",
            "Persoon {ref} is tijdens de import door iemand anders gewijzigd. Er is niets opgeslagen; importeer het bestand opnieuw.",
        ),
    }
)
