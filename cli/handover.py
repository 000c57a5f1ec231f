"""``smreg handover`` and ``smreg attest``: record what was done with an account.

The evidence options of ``handover`` are made from the items declared in ``registry.evidence``,
one option per item, so a new item needs no change here.
"""

import inspect

import typer

from cli import helptexts as ht
from cli.commands import help_of
from cli.common import STATE, open_store, parse_day
from cli.lang import H
from registry import evidence, i18n

commands = typer.Typer()

i18n.register(
    {
        "handover.done.recorded": (
            "Recorded the handover of {account} from {giver} to {receiver} on {on}.",
            "Overdracht van {account} door {giver} aan {receiver} op {on} vastgelegd.",
        ),
        "handover.done.updated": (
            "Added to the handover of {account} to {receiver} (of {on}).",
            "Aangevuld: de overdracht van {account} aan {receiver} (van {on}).",
        ),
        "handover.done.complete": ("The handover is complete.", "De overdracht is volledig."),
        "handover.done.missing": (
            "Still needed for a complete handover: {items}.",
            "Nog nodig voor een volledige overdracht: {items}.",
        ),
        "handover.done.case_closed": (
            "Every account of the offboarding case is handed over; the case is closed.",
            "Alle accounts van het vertrekdossier zijn overgedragen; het dossier is gesloten.",
        ),
        "handover.done.nobody": ("nobody", "niemand"),
        "attest.done": (
            "Recorded that {account} was confirmed correct on {on}; custodian: {custodian}.",
            "Vastgelegd dat {account} op {on} als juist is bevestigd; beheerder: {custodian}.",
        ),
    }
)


@commands.command("attest", help=help_of("attest"))
def attest(
    account: str = typer.Argument(..., help=ht.ACCOUNT),
    on: str = typer.Option(None, "--on", help=H("Date of the confirmation (default today, not in the future).",
                                                "Datum van de bevestiging (standaard vandaag, niet in de toekomst).")),
) -> None:
    from registry import clock
    from registry.io.dates import format_date
    from registry.services import accounts

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        result = accounts.attest(uow, account, parse_day(on), today=clock.today())
        uow.commit()
    typer.echo(i18n.t("attest.done", account=result.label, on=format_date(result.verified_on),
                      custodian=result.custodian or i18n.t("handover.done.nobody")))


def handover(account: str, to: str, on: str | None, **given: object) -> None:
    from registry import clock
    from registry.io.dates import format_date
    from registry.services import handovers

    items = {key: (parse_day(value, default_today=False) if key in evidence.DATED else value)
             for key, value in given.items() if value}
    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        result = handovers.record_handover(uow, account, to, today=clock.today(),
                                           on=parse_day(on, default_today=False), evidence=items)
        uow.commit()
    params = {"account": result.label, "giver": result.giver_named or i18n.t("handover.done.nobody"),
              "receiver": result.receiver_named, "on": format_date(result.handover.handed_on)}
    typer.echo(i18n.t("handover.done.recorded" if result.created else "handover.done.updated", **params))
    if result.missing:
        typer.echo(i18n.t("handover.done.missing", items=evidence.names(result.missing)))
    else:
        typer.echo(i18n.t("handover.done.complete"))
    if result.closed_cases:
        typer.echo(i18n.t("handover.done.case_closed"))
    for text in result.warnings:
        typer.echo(i18n.t("cli.warning", message=text), err=True)


def _item_option(item: evidence.Item) -> inspect.Parameter:
    english, dutch = item.help
    if item.dated:
        option, annotation = typer.Option(None, item.flag, help=H(english, dutch)), str
    else:
        option, annotation = typer.Option(False, item.flag, help=H(english, dutch)), bool
    return inspect.Parameter(item.key, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=annotation)


# typer reads the options from the signature: the fixed ones, then one per evidence item.
handover.__signature__ = inspect.Signature([
    inspect.Parameter("account", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str,
                      default=typer.Argument(..., help=ht.ACCOUNT)),
    inspect.Parameter("to", inspect.Parameter.KEYWORD_ONLY, annotation=str, default=typer.Option(
        ..., "--to", help=H("Employee id of the person who takes the account over.",
                            "Personeelsnummer van wie het account overneemt."))),
    inspect.Parameter("on", inspect.Parameter.KEYWORD_ONLY, annotation=str, default=typer.Option(
        None, "--on", help=H("Date of the handover (default today; a handover in progress keeps its date).",
                             "Datum van de overdracht (standaard vandaag; een lopende overdracht houdt haar datum)."))),
    *(_item_option(item) for item in evidence.ITEMS),
])
handover.__annotations__ = {p.name: p.annotation for p in handover.__signature__.parameters.values()}
commands.command("handover", help=help_of("handover"))(handover)


def register(app: typer.Typer) -> None:
    app.add_typer(commands)
