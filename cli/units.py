"""``smreg unit``: the organisation's tree of units."""


import typer

from cli import helptexts as ht
from cli.commands import help_of
from cli.common import STATE, format_option, open_store
from cli.lang import H

app = typer.Typer(help=help_of("unit"), no_args_is_help=True)

COLUMNS = ["code", "name", "kind", "parent", "lead", "policy"]
KIND_HELP = H("organisation, sector, school or office", "organisatie, sector, school of bureau")
POLICY_HELP = H("A policy setting for this unit and those below it, as key=value (notice_days, verify_months, critical_after_days); repeatable.",
                "Een beleidsinstelling voor deze eenheid en die eronder, als sleutel=waarde (notice_days, verify_months, critical_after_days); herhaalbaar.")


@app.command("add", help=H("Add a unit.", "Voeg een eenheid toe."))
def add(
    code: str = typer.Argument(..., help=H("Unique code, e.g. WEST.", "Unieke code, bijv. WEST.")),
    name: str = typer.Option(..., "--name", help=H("The unit's name.", "De naam van de eenheid.")),
    kind: str = typer.Option("school", "--kind", help=KIND_HELP),
    parent: str = typer.Option(None, "--parent", help=H("Code of the unit above.", "Code van de eenheid erboven.")),
    policy: list[str] = typer.Option([], "--policy", help=POLICY_HELP),
    fmt=format_option(),
) -> None:
    from cli.output import emit_one
    from registry.services import units

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        unit = units.add_unit(uow, code=code, name=name, kind=kind, parent=parent, policy=units.parse_policy(policy))
        shown = units.shown(uow, unit=unit)
        uow.commit()
    emit_one(shown, fmt)


@app.command("update", help=H("Change a unit.", "Wijzig een eenheid."))
def update(
    code: str = typer.Argument(..., help=ht.UNIT_CODE),
    name: str = typer.Option(None, "--name", help=ht.UNIT_NAME),
    kind: str = typer.Option(None, "--kind", help=KIND_HELP),
    parent: str = typer.Option(None, "--parent", help=H("Code of the unit above.", "Code van de eenheid erboven.")),
    lead: str = typer.Option(None, "--lead", help=H("Employee id of the unit's lead (receives accounts when there is no backup custodian).",
                                                     "Personeelsnummer van de leidinggevende (krijgt accounts als er geen reservebeheerder is).")),
    policy: list[str] = typer.Option([], "--policy", help=POLICY_HELP),
    fmt=format_option(),
) -> None:
    from cli.output import emit_one
    from registry.services import units

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        unit = units.update_unit(uow, code, name=name, kind=kind, parent=parent, lead=lead, policy=units.parse_policy(policy))
        shown = units.shown(uow, unit=unit)
        uow.commit()
    emit_one(shown, fmt)


@app.command("list", help=H("List the units as a tree.", "Toon de eenheden als boom."))
def list_(fmt=format_option()) -> None:
    from cli.output import Format, emit_list
    from registry.services import units

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        rows = units.listing(uow)
    if fmt == Format.table:
        for row in rows:
            row["code"] = "  " * row["depth"] + row["code"]
    emit_list(rows, fmt, COLUMNS if fmt == Format.table else COLUMNS + ["depth"])


@app.command("show", help=H("Show one unit.", "Toon één eenheid."))
def show(code: str = typer.Argument(..., help=ht.UNIT_CODE), fmt=format_option()) -> None:
    from cli.output import emit_one
    from registry.services import units

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        shown = units.shown(uow, unit=units.find(uow, code=code), policy=True)
    emit_one(shown, fmt)
