"""``smreg brand``: the organisation's brand terms and logos (configuration, nothing hard-coded)."""

from __future__ import annotations

import typer

from cli import helptexts as ht
from cli.common import STATE, format_option, open_store
from cli.lang import H

brand_app = typer.Typer(help=H("Brand terms and logos that observed accounts are checked against.",
                               "Merknamen en logo's waarmee waargenomen accounts worden vergeleken."), no_args_is_help=True)
term_app = typer.Typer(help=H("Brand terms: the organisation's name, short names, trademarks.",
                              "Merknamen: de naam van de organisatie, afkortingen, handelsmerken."), no_args_is_help=True)
brand_app.add_typer(term_app, name="term")


def register(app: typer.Typer) -> None:
    app.add_typer(brand_app, name="brand")


@term_app.command("add", help=H("Add a brand term.", "Voeg een merknaam toe."))
def term_add(term: str = typer.Argument(..., help=ht.TERM)) -> None:
    from registry.services import config

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        config.add_brand_term(uow, term)
        uow.commit()


@term_app.command("remove", help=H("Remove a brand term.", "Verwijder een merknaam."))
def term_remove(term: str = typer.Argument(..., help=ht.TERM)) -> None:
    from registry.services import config

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        config.remove_brand_term(uow, term)
        uow.commit()


@term_app.command("list", help=H("List the brand terms.", "Toon de merknamen."))
def term_list(fmt=format_option()) -> None:
    from cli.output import emit_list
    from registry.services import config

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        rows = [{"term": t} for t in config.brand_terms(uow.session)]
    emit_list(rows, fmt, ["term"])
