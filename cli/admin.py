"""``smreg log``, ``smreg db`` and ``smreg key``: the event log, the schema, the keys."""

from __future__ import annotations

import typer

from cli.common import format_option, open_store
from cli.lang import H
from registry import i18n

log_app = typer.Typer(help=H("The append-only, hash-chained event log.", "Het onveranderbare, aaneengeschakelde logboek."), no_args_is_help=True)
db_app = typer.Typer(help=H("The store's schema, backups and database roles.", "Schema, back-ups en databaserollen van de registratie."), no_args_is_help=True)

i18n.register(
    {
        "db.upgraded": ("The store is at schema {revision}.", "De registratie heeft schema {revision}."),
    }
)


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")
    app.add_typer(db_app, name="db")


@log_app.command("show", help=H("List events, oldest first.", "Toon gebeurtenissen, oudste eerst."))
def log_show(
    subject: str = typer.Option(None, "--subject", help=H("Only events about this: an account (x:Handle or id), a person's employee id, or a unit code.",
                                                          "Alleen gebeurtenissen over dit onderwerp: een account (x:Naam of nummer), een personeelsnummer of een eenheidscode.")),
    last: int = typer.Option(None, "--last", help=H("Only the last N events.", "Alleen de laatste N gebeurtenissen.")),
    fmt=format_option(),
) -> None:
    from cli.output import emit_list
    from registry.services import history

    store = open_store()
    rows = history.show(store, subject=subject, last=last)
    emit_list(rows, fmt, ["seq", "at", "actor", "action", "subject", "changes"])


@log_app.command("verify", help=H("Recompute the hash chain; exit 4 naming the first entry that no longer fits.",
                                  "Herbereken de hashketen; stopt met code 4 en noemt de eerste regel die niet meer klopt."))
def log_verify() -> None:
    from registry import events

    store = open_store()
    result = events.verify(store)
    typer.echo(i18n.t("log.ok", count=result.count, seq=result.head_seq, hash=result.head_hash))


@db_app.command("upgrade", help=H("Bring the store's schema up to this version of smreg.", "Breng het schema van de registratie naar deze versie van smreg."))
def db_upgrade() -> None:
    store = open_store(check=False)
    if not store.exists():
        from registry.errors import RegistryError

        raise RegistryError("store.missing", where=store.where)
    revision = store.upgrade()
    typer.echo(i18n.t("db.upgraded", revision=revision))
