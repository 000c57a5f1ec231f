"""``smreg log``, ``db``, ``key`` and ``config``, and ``person erase``: the log, the store, its keys.

Each command parses, calls one service and prints; the work (rotation, erasure, backups, roles)
lives in ``registry/services``. Only the public signing key comes from ``audit``.
"""


from pathlib import Path

import typer

from cli.commands import help_of
from cli.common import STATE, format_option, open_store, parse_day
from cli.lang import H
from registry import i18n

log_app = typer.Typer(help=help_of("log"), no_args_is_help=True)
db_app = typer.Typer(help=help_of("db"), no_args_is_help=True)
key_app = typer.Typer(help=help_of("key"),
                      no_args_is_help=True)
config_app = typer.Typer(help=help_of("config"),
                         no_args_is_help=True)

i18n.register(
    {
        "db.upgraded": ("The store is at schema {revision}.", "De registratie heeft schema {revision}."),
        "col.origin": ("origin", "herkomst"),
        "col.result": ("result", "resultaat"),
        "db.backup_done": (
            "Backup written to {path}: schema {revision}, {events:event}, the last entry number {seq} (hash {hash}). Keep the key file with it: without the key its protected fields cannot be read.",
            "Back-up geschreven naar {path}: schema {revision}, {events:event}, laatste logregel nummer {seq} (hash {hash}). Bewaar het sleutelbestand erbij: zonder sleutel zijn de beschermde velden onleesbaar.",
        ),
        "db.restored": (
            "Restored {source}: schema {revision}, {events:event}, the last entry number {seq} (hash {hash}).",
            "{source} teruggezet: schema {revision}, {events:event}, laatste logregel nummer {seq} (hash {hash}).",
        ),
        "db.restored_kept": ("The store it replaced is kept as {kept}.", "De vervangen registratie is bewaard als {kept}."),
        "db.restored_older": (
            "The backup has an older schema; run `smreg db upgrade` before using the store.",
            "De back-up heeft een ouder schema; voer `smreg db upgrade` uit voordat u de registratie gebruikt.",
        ),
        "db.roles_done": (
            "Roles smreg_it, smreg_hr and smreg_auditor are set up and the event table refuses UPDATE, DELETE and TRUNCATE. Give each person a login role in one of them, e.g. GRANT smreg_hr TO anna; run this again after `smreg db upgrade`.",
            "De rollen smreg_it, smreg_hr en smreg_auditor zijn ingericht en de gebeurtenissentabel weigert UPDATE, DELETE en TRUNCATE. Geef iedereen een inlogrol die lid is van een ervan, bijv. GRANT smreg_hr TO anna; voer dit opnieuw uit na `smreg db upgrade`.",
        ),
        "key.rotated": (
            "The protected fields are now encrypted with key {key_id} ({values:value} re-encrypted; retired: {retired}). {path} holds only the new key: back it up now. Backups of the store made before this need the old key.",
            "De beschermde velden zijn nu versleuteld met sleutel {key_id} ({values:value} opnieuw versleuteld; vervallen: {retired}). {path} bevat alleen de nieuwe sleutel: maak er nu een back-up van. Back-ups van de registratie van hiervoor vragen de oude sleutel.",
        ),
        "key.exported": (
            "Public key written to {path} (fingerprint {fingerprint}). Give it to whoever verifies signed reports.",
            "Publieke sleutel geschreven naar {path} (vingerafdruk {fingerprint}). Geef hem aan wie ondertekende rapporten controleert.",
        ),
        "erase.done": (
            "Person {ref} was erased on {date}: their name, e-mail, function and employee id are gone, and what the event log sealed for them can no longer be read. The log still verifies.",
            "Persoon {ref} is gewist op {date}: naam, e-mail, functie en personeelsnummer zijn weg, en wat het logboek voor deze persoon verzegelde is niet meer te lezen. Het logboek blijft controleerbaar.",
        ),
        "erase.already": (
            "Person {ref} was already erased on {date}; the store's files were cleaned again.",
            "Persoon {ref} was al gewist op {date}; de bestanden van de registratie zijn opnieuw opgeschoond.",
        ),
        "erase.confirm": (
            "Erase the personal data of {id} for good? This cannot be undone.",
            "De persoonsgegevens van {id} definitief wissen? Dit kan niet ongedaan worden gemaakt.",
        ),
        "erase.confirm_needed": (
            "Erasure cannot be undone; add --yes to confirm it.",
            "Wissen kan niet ongedaan worden gemaakt; voeg --yes toe om het te bevestigen.",
        ),
    }
)


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")
    app.add_typer(db_app, name="db")
    app.add_typer(key_app, name="key")
    app.add_typer(config_app, name="config")


ERASE_HELP = H(
    "Erase the personal data of someone who left more than the retention period ago (default 2 years; `smreg config set retention_years N`).",
    "Wis de persoonsgegevens van iemand die langer geleden vertrok dan de bewaartermijn (standaard 2 jaar; `smreg config set retention_years N`).",
)


@log_app.command("show", help=H("List events, oldest first.", "Toon gebeurtenissen, oudste eerst."))
def log_show(
    subject: str = typer.Option(None, "--subject", help=H("Only events about this: an account (x:Handle or id), a person's employee id, or a unit code.",
                                                          "Alleen gebeurtenissen over dit onderwerp: een account (x:Naam of nummer), een personeelsnummer of een eenheidscode.")),
    last: int = typer.Option(None, "--last", help=H("Only the last N events.", "Alleen de laatste N gebeurtenissen.")),
    result: str = typer.Option(None, "--result", help=H("Only events with this result: done or refused.",
                                                        "Alleen gebeurtenissen met dit resultaat: done (uitgevoerd) of refused (geweigerd).")),
    fmt=format_option(),
) -> None:
    from cli.output import Format, emit_list, wrapped
    from registry import labels
    from registry.services import history

    store = open_store()
    rows = history.show(store, subject=subject, last=last, result=result)
    if fmt == Format.table:
        rows = [{**row, "changes": wrapped(row["changes"]), "origin": history.origin_text(row["origin"]),
                 "result": labels.label("result", row["result"])} for row in rows]
        emit_list(rows, fmt, ["seq", "at", "actor", "action", "about", "origin", "result", "changes", "hash"])
        return
    # JSON and CSV: the origin as its codes (kind, client, file, sha256, via), the result as done or refused.
    emit_list(rows, fmt, ["seq", "at", "actor", "action", "subject", "about", "origin", "result", "changes", "hash"])


@log_app.command("verify", help=H(
    "Recompute the hash chain, then replay the log against the tables; exit 4 naming the first entry that no longer fits, or every row that disagrees with the log.",
    "Herbereken de hashketen en speel het logboek af tegen de tabellen; stopt met code 4 en noemt de eerste regel die niet meer klopt, of elke rij die afwijkt van het logboek."))
def log_verify() -> None:
    from registry import consistency, events

    store = open_store()
    result = events.verify(store)
    typer.echo(i18n.t("log.ok", count=result.count, seq=result.head_seq, hash=result.head_hash))
    check = consistency.check(store)
    check.raise_if_failed()
    typer.echo(i18n.t("check.ok", count=check.compared), err=True)


@db_app.command("upgrade", help=H("Bring the store's schema up to this version of smreg.", "Breng het schema van de registratie naar deze versie van smreg."))
def db_upgrade() -> None:
    store = open_store(check=False)
    if not store.exists():
        from registry.errors import RegistryError

        raise RegistryError("store.missing", where=store.where)
    revision = store.upgrade()
    typer.echo(i18n.t("db.upgraded", revision=revision))


@db_app.command("backup", help=H("Write a consistent, checked copy of the live SQLite store to FILE (PostgreSQL: use pg_dump).",
                                 "Schrijf een consistente, gecontroleerde kopie van de SQLite-registratie naar BESTAND, ook terwijl anderen schrijven (PostgreSQL: gebruik pg_dump)."))
def db_backup(
    file: Path = typer.Argument(..., metavar="FILE", help=H("Where to write the backup.", "Waar de back-up komt.")),
    force: bool = typer.Option(False, "--force", help=H("Replace FILE if it exists.", "Vervang BESTAND als het al bestaat.")),
) -> None:
    from cli.output import notice
    from registry.services import maintenance

    store = open_store(check=False)
    result = maintenance.backup(store, file, force=force)
    notice(i18n.t("db.backup_done", path=result.path, revision=result.revision, events=result.events,
                  seq=result.head_seq, hash=result.head_hash))


@db_app.command("restore", help=H("Replace the SQLite store with a backup, after checking its schema and event log (PostgreSQL: use pg_restore).",
                                  "Vervang de SQLite-registratie door een back-up, na controle van schema en logboek (PostgreSQL: gebruik pg_restore)."))
def db_restore(
    file: Path = typer.Argument(..., metavar="FILE", help=H("The backup made with `smreg db backup`.", "De back-up gemaakt met `smreg db backup`.")),
    force: bool = typer.Option(False, "--force", help=H("Replace an existing store (it is kept as STORE.before-restore).",
                                                       "Vervang een bestaande registratie (die wordt bewaard als REGISTRATIE.before-restore).")),
) -> None:
    from cli.output import notice
    from registry.db import HEAD_REVISION
    from registry.services import maintenance

    store = open_store(check=False)
    result = maintenance.restore(store, file, force=force)
    notice(i18n.t("db.restored", source=file, revision=result.revision, events=result.events,
                  seq=result.head_seq, hash=result.head_hash))
    if result.kept is not None:
        notice(i18n.t("db.restored_kept", kept=result.kept))
    if result.revision != HEAD_REVISION:
        notice(i18n.t("db.restored_older"))


@db_app.command("roles", help=H("PostgreSQL: create the roles smreg_it, smreg_hr and smreg_auditor and make the event table refuse UPDATE and DELETE.",
                                "PostgreSQL: maak de rollen smreg_it, smreg_hr en smreg_auditor en laat de gebeurtenissentabel UPDATE en DELETE weigeren."))
def db_roles(
    print_only: bool = typer.Option(False, "--print", help=H("Print the SQL instead of running it (for a DBA to run).",
                                                           "Toon de SQL in plaats van haar uit te voeren (voor een DBA).")),
) -> None:
    from cli.output import notice
    from registry.services import roles

    store = open_store()
    if print_only:
        typer.echo(";\n".join(roles.plan(store)) + ";")
        return
    roles.apply(store)
    notice(i18n.t("db.roles_done"))


@key_app.command("rotate", help=H("Re-encrypt every protected field under a new key; safe to interrupt at any point.",
                                  "Versleutel alle beschermde velden opnieuw met een nieuwe sleutel; veilig om op elk moment af te breken."))
def key_rotate() -> None:
    from cli.output import notice
    from registry.services import keys

    store = open_store()
    result = keys.rotate(store, actor=STATE.actor_name())
    notice(i18n.t("key.rotated", key_id=result.key_id, values=result.values, retired=", ".join(result.retired) or "-",
                  path=result.key_file))
    for text in result.warnings:
        notice(i18n.t("cli.warning", message=text))


@key_app.command("export-public", help=H("Print (or write) the public key that verifies signed reports.",
                                         "Toon (of schrijf) de publieke sleutel waarmee ondertekende rapporten worden gecontroleerd."))
def key_export_public(
    out: Path = typer.Option(None, "--out", help=H("Write the key to this file instead of printing it.", "Schrijf de sleutel naar dit bestand in plaats van hem te tonen.")),
) -> None:
    from audit import signing
    from cli.output import notice
    from registry import settings

    directory = settings.resolve(STATE.db).signing_dir
    pem = signing.export_public_key(directory / signing.PRIVATE_KEY_NAME)
    if out is None:
        typer.echo(pem.decode().rstrip("\n"))
        return
    _write_public(out, pem)
    notice(i18n.t("key.exported", path=out, fingerprint=signing.fingerprint(signing.load_public_key(out))))


def _write_public(path: Path, data: bytes) -> None:
    import os

    path = path.expanduser()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


@config_app.command("show", help=H("Show the organisation-wide settings.", "Toon de instellingen voor de hele organisatie."))
def config_show(fmt=format_option()) -> None:
    from cli.output import emit_list
    from registry.services import config

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        rows = config.listing(uow)
    emit_list(rows, fmt, ["key", "value"])


@config_app.command("set", help=H("Change one setting; lists (domains, vault_schemes) are comma-separated.",
                                  "Wijzig één instelling; lijsten (domains, vault_schemes) scheidt u met komma's."))
def config_set(
    key: str = typer.Argument(..., metavar="KEY", help=H("organisation, domains, notice_days, verify_months, critical_after_days, retention_years or vault_schemes.",
                                                         "organisation, domains, notice_days, verify_months, critical_after_days, retention_years of vault_schemes.")),
    value: str = typer.Argument(..., metavar="VALUE", help=H("The new value.", "De nieuwe waarde.")),
    fmt=format_option(),
) -> None:
    from cli.output import emit_list
    from registry.services import config

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        shown = config.set_value(uow, key=key, value=value)
        uow.commit()
    emit_list([shown], fmt, ["key", "value"])


def person_erase(
    employee_id: str = typer.Argument(..., metavar="ID", help=H("Employee id (or, to clean the files again, the ref of a person erased before).",
                                                                "Personeelsnummer (of, om de bestanden opnieuw op te schonen, de ref van een eerder gewiste persoon).")),
    yes: bool = typer.Option(False, "--yes", "-y", help=H("Do not ask for confirmation.", "Vraag niet om bevestiging.")),
) -> None:
    import sys

    from cli.output import notice
    from registry.errors import UsageError
    from registry.services import erasure

    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("erase.confirm_needed")
        if not typer.confirm(i18n.t("erase.confirm", id=employee_id)):
            raise typer.Abort()
    store = open_store()
    result = erasure.erase(store, employee_id, actor=STATE.actor_name(), today=parse_day(None))
    notice(i18n.t("erase.already" if result.already else "erase.done", ref=result.ref, date=result.erased_on.isoformat()))
    for text in result.warnings:
        notice(i18n.t("cli.warning", message=text))
