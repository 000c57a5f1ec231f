"""Commands of the audit side: attest, and (as they arrive) offboard, handover, audit, waive, scan, report, verify."""

from __future__ import annotations

import typer

from cli import helptexts as ht
from cli.common import STATE, open_store, parse_day
from cli.lang import H

ACCOUNT_HELP = ht.ACCOUNT


def register(app: typer.Typer) -> None:
    app.command("attest", help=H("Record that the custodian confirmed the account is still right (its last verified date).",
                                 "Leg vast dat de beheerder bevestigde dat het account nog klopt (datum laatste controle)."))(attest)


def attest(
    account: str = typer.Argument(..., help=ACCOUNT_HELP),
    on: str = typer.Option(None, "--on", help=H("Date of the confirmation (default today).", "Datum van de bevestiging (standaard vandaag).")),
) -> None:
    from registry.services import accounts

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        accounts.attest(uow, account, parse_day(on))
        uow.commit()
