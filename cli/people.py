"""``smreg person``: staff as the HR system knows them."""


from pathlib import Path

import typer

from cli import helptexts as ht
from cli.commands import help_of
from cli.common import STATE, format_option, open_store, parse_day
from cli.imports import errors_out_option
from cli.lang import H

app = typer.Typer(help=help_of("person"), no_args_is_help=True)

COLUMNS = ["employee_id", "name", "email", "unit", "function", "start_date", "end_date", "status"]
DATE_HELP = H("A date: YYYY-MM-DD or dd-mm-yyyy.", "Een datum: JJJJ-MM-DD of dd-mm-jjjj.")


@app.command("add", help=H("Add a person.", "Voeg een persoon toe."))
def add(
    employee_id: str = typer.Argument(..., metavar="ID", help=H("Employee id from the HR system.", "Personeelsnummer uit het HR-systeem.")),
    name: str = typer.Option(..., "--name", help=ht.PERSON_NAME),
    email: str = typer.Option(None, "--email", help=ht.EMAIL),
    unit: str = typer.Option(None, "--unit", help=ht.UNIT),
    function: str = typer.Option(None, "--function", help=ht.FUNCTION),
    start: str = typer.Option(None, "--start", help=DATE_HELP),
    end: str = typer.Option(None, "--end", help=DATE_HELP),
    fmt=format_option(),
) -> None:
    from cli.output import emit_one
    from registry.services import people

    data = people.PersonInput(employee_id=employee_id, name=name, email=email, unit=unit, function=function,
                              start_date=parse_day(start, default_today=False), end_date=parse_day(end, default_today=False))
    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        person = people.add_person(uow, data)
        shown = people.shown(uow, person=person, on=parse_day(None))
        uow.commit()
    emit_one(shown, fmt)


@app.command("update", help=H("Change a person's details.", "Wijzig de gegevens van een persoon."))
def update(
    employee_id: str = typer.Argument(..., metavar="ID", help=ht.EMPLOYEE_ID),
    name: str = typer.Option(None, "--name", help=ht.PERSON_NAME),
    email: str = typer.Option(None, "--email", help=ht.EMAIL),
    unit: str = typer.Option(None, "--unit", help=ht.UNIT),
    function: str = typer.Option(None, "--function", help=ht.FUNCTION),
    start: str = typer.Option(None, "--start", help=DATE_HELP),
    end: str = typer.Option(None, "--end", help=DATE_HELP),
    clear_end: bool = typer.Option(False, "--clear-end", help=H("Remove the end date (the person stays on).", "Verwijder de einddatum (de persoon blijft in dienst).")),
    fmt=format_option(),
) -> None:
    from cli.output import emit_one
    from registry.services import people

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        person = people.update_person(uow, employee_id, clear_end=clear_end, name=name, email=email, unit=unit,
                                      function=function, start_date=parse_day(start, default_today=False),
                                      end_date=parse_day(end, default_today=False))
        shown = people.shown(uow, person=person, on=parse_day(None))
        uow.commit()
    emit_one(shown, fmt)


@app.command("leave", help=H("Record a departure: the person's accounts become due for handover.",
                             "Leg een vertrek vast: de accounts van de persoon moeten worden overgedragen."))
def leave(
    employee_id: str = typer.Argument(..., metavar="ID", help=ht.EMPLOYEE_ID),
    on: str = typer.Option(..., "--on", help=H("Last day of employment.", "Laatste werkdag.") + " " + DATE_HELP),
    fmt=format_option(),
) -> None:
    from cli.output import emit_one
    from registry.services import people

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        person = people.leave(uow, employee_id, parse_day(on))
        shown = people.shown(uow, person=person, on=parse_day(None))
        uow.commit()
    emit_one(shown, fmt)


@app.command("list", help=H("List people.", "Toon personen."))
def list_(
    unit: str = typer.Option(None, "--unit", help=H("Only this unit.", "Alleen deze eenheid.")),
    status: str = typer.Option(None, "--status", help=H("Only active, leaving or left.", "Alleen actief, vertrekt of vertrokken.")),
    fmt=format_option(),
) -> None:
    from cli.output import emit_list
    from registry.services import people

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        rows = people.listing(uow, on=parse_day(None), unit=unit, status=status)
    emit_list(rows, fmt, COLUMNS)


@app.command("show", help=H("Show one person and the accounts they hold.", "Toon één persoon en de accounts die deze beheert."))
def show(employee_id: str = typer.Argument(..., metavar="ID", help=ht.EMPLOYEE_ID), fmt=format_option()) -> None:
    from cli.output import emit_one
    from registry.services import people

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        shown = people.shown(uow, person=people.find(uow, employee_id=employee_id), on=parse_day(None), holdings=True)
    emit_one(shown, fmt)


@app.command("import", help=H("Synchronise people with an HR export (CSV, JSON lines or XLSX, or the export of AFAS Profit, Raet HR Core Onderwijs, Youforce or Nmbrs); all rows or none. People missing from the export are listed, never deleted.",
                              "Werk personen bij met een HR-export (CSV, JSON-regels of XLSX, of de export van AFAS Profit, Raet HR Core Onderwijs, Youforce of Nmbrs); alle rijen of geen. Wie in de export ontbreekt wordt gemeld, nooit verwijderd."))
def import_(
    files: list[Path] = typer.Argument(..., metavar="FILE...", help=H(
        "The HR export; for a Raet HR Core Onderwijs CSV set, its files or their folder.",
        "De HR-export; voor een CSV-set van Raet HR Core Onderwijs de bestanden of hun map.")),
    from_: str = typer.Option(None, "--from", help=H(
        "The HR system's format, when it is not recognised: afas-json, afas-csv, raet-hr-core, youforce, nmbrs (or afas, raet).",
        "De vorm van het HR-systeem, als die niet herkend wordt: afas-json, afas-csv, raet-hr-core, youforce, nmbrs (of afas, raet).")),
    map_: str = typer.Option(None, "--map", help=H("Rename other columns: 'column in your file=employee_id,other column=unit'.",
                                                   "Hernoem andere kolommen: 'kolom in uw bestand=employee_id,andere kolom=unit'.")),
    dry_run: bool = typer.Option(False, "--dry-run", help=H("Show what would be added or changed; write nothing.",
                                                            "Toon wat zou worden toegevoegd of gewijzigd; schrijf niets.")),
    partial: bool = typer.Option(False, "--partial", help=H("The file is not a full export: do not list people missing from it.",
                                                            "Het bestand is geen volledige export: meld niet wie erin ontbreekt.")),
    errors_out: Path = errors_out_option(),
    fmt=format_option(),
) -> None:
    from cli.imports import run_import

    file = files[0] if len(files) == 1 else files
    run_import("persons", file, map_, dry_run, fmt, full=not partial, errors_out=errors_out, source=from_)


@app.command("export", help=H("Export people in the HR-export format.", "Exporteer personen in de vorm van de HR-export."))
def export(
    fmt: str = typer.Option("csv", "--format", "-f", help=H("csv, json or xlsx.", "csv, json of xlsx.")),
    out: Path = typer.Option(None, "--out", "-o", help=H("Write to this file (needed for xlsx); default standard output.",
                                                         "Schrijf naar dit bestand (nodig voor xlsx); standaard de uitvoer.")),
) -> None:
    from cli.imports import run_export

    run_export("persons", fmt, out, False)


# ``person erase`` is written beside the other retention and store commands, in ``cli.admin``.
from cli.admin import ERASE_HELP, person_erase  # noqa: E402

app.command("erase", help=ERASE_HELP)(person_erase)

# ``person check-directory`` holds a user directory against HR, in ``cli.directory``.
from cli.directory import HELP as DIRECTORY_HELP  # noqa: E402
from cli.directory import check_directory  # noqa: E402

app.command("check-directory", help=DIRECTORY_HELP)(check_directory)
