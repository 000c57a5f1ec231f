"""``smreg brand``: the organisation's brand terms and logos (configuration, nothing hard-coded)."""


from pathlib import Path

import typer

from cli import helptexts as ht
from cli.commands import help_of
from cli.common import STATE, format_option, open_store
from cli.lang import H
from registry import i18n

brand_app = typer.Typer(help=help_of("brand"), no_args_is_help=True)
term_app = typer.Typer(help=H("Brand terms: the organisation's name, short names, trademarks.",
                              "Merknamen: de naam van de organisatie, afkortingen, handelsmerken."), no_args_is_help=True)
brand_app.add_typer(term_app, name="term")

i18n.register({"brand.logo_added": ("Added logo {id} ({name}); only its perceptual hash is kept.",
                                    "Logo {id} ({name}) toegevoegd; alleen de perceptuele hash wordt bewaard.")})


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
        rows = [{"term": t} for t in config.brand_terms(uow)]
    emit_list(rows, fmt, ["term"])


logo_app = typer.Typer(help=H("Official logos: profile photos of observed accounts are compared with them.",
                              "Officiële logo's: profielfoto's van waargenomen accounts worden ermee vergeleken."),
                       no_args_is_help=True)
brand_app.add_typer(logo_app, name="logo")


@logo_app.command("add", help=H("Add an official logo; only its perceptual hash is kept, never the image.",
                                "Voeg een officieel logo toe; alleen de perceptuele hash wordt bewaard, nooit de afbeelding."))
def logo_add(image: Path = typer.Argument(..., help=H("The logo's image file (PNG, JPEG, GIF, WebP, BMP).",
                                                      "Het afbeeldingsbestand van het logo (PNG, JPEG, GIF, WebP, BMP)."))) -> None:
    from audit.brand import logo_hash
    from cli.output import notice
    from registry import clock
    from registry.services import brand

    hashed = logo_hash(image)
    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        logo = brand.add_logo(uow, image.name, hashed, today=clock.today())
        uow.commit()
    notice(i18n.t("brand.logo_added", id=logo.id, name=logo.name))


@logo_app.command("list", help=H("List the official logos.", "Toon de officiële logo's."))
def logo_list(fmt=format_option()) -> None:
    from cli.output import emit_list
    from registry.services import brand

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        rows = brand.logos(uow)
    emit_list(rows, fmt, ["id", "name", "added_on", "hash"])
