"""``smreg account``: register, change, list, show and archive work accounts."""


from pathlib import Path

import typer

from cli import helptexts as ht
from cli.commands import help_of
from cli.common import STATE, format_option, open_store, parse_day
from cli.imports import errors_out_option
from cli.lang import H

app = typer.Typer(help=help_of("account"), no_args_is_help=True)

LIST_COLUMNS = ["id", "platform", "handle", "display_name", "unit", "kind", "purpose", "custodian",
                "backup_custodian", "vault_ref", "status"]
ACCOUNT_HELP = ht.ACCOUNT


def _raw(**values) -> dict[str, str | None]:
    return {k: v for k, v in values.items() if v is not None}


def _warn(warnings: list[str]) -> None:
    from cli.output import notice
    from registry import i18n

    for text in warnings:
        notice(i18n.t("cli.warning", message=text))


@app.command("add", help=H("Register an account. HANDLE may be a pasted profile URL.",
                           "Registreer een account. HANDLE mag een geplakte profiel-URL zijn."))
def add(
    platform: str = typer.Argument(..., help=H("x, linkedin, facebook, instagram, youtube, tiktok, threads, pinterest, tumblr, bluesky, mastodon, whatsapp, snapchat or website.",
                                              "x, linkedin, facebook, instagram, youtube, tiktok, threads, pinterest, tumblr, bluesky, mastodon, whatsapp, snapchat of website.")),
    handle: str = typer.Argument(..., help=H("The handle or profile URL.", "De gebruikersnaam of profiel-URL.")),
    unit: str = typer.Option(..., "--unit", help=H("Code of the unit the account belongs to.", "Code van de eenheid waar het account bij hoort.")),
    custodian: str = typer.Option(..., "--custodian", help=H("Employee id of the person who holds it day to day.", "Personeelsnummer van wie het dagelijks beheert.")),
    vault: str = typer.Option(None, "--vault", help=H("Where the password lives (op://…, bitwarden://…, vault://…, keepass://…, an Azure Key Vault URL or AWS ARN). Never the password itself. Required, but for a group, which has no password of its own.",
                                                     "Waar het wachtwoord staat (op://…, bitwarden://…, vault://…, keepass://…, een Azure Key Vault-URL of AWS-ARN). Nooit het wachtwoord zelf. Verplicht, behalve voor een groep, die geen eigen wachtwoord heeft.")),
    kind: str = typer.Option(None, "--kind", help=H("official, work or group (default work).", "officieel, werk of groep (standaard werk).")),
    purpose: str = typer.Option(None, "--purpose", help=H("profilering, communicatie or curriculum.", "profilering, communicatie of curriculum.")),
    display_name: str = typer.Option(None, "--display-name", help=ht.DISPLAY_NAME),
    backup_custodian: str = typer.Option(None, "--backup-custodian", help=H("Employee id of the backup custodian.", "Personeelsnummer van de reservebeheerder.")),
    recovery_contact: str = typer.Option(None, "--recovery-contact", help=H("Recovery e-mail address or phone number (stored encrypted).", "Herstel-e-mailadres of telefoonnummer (versleuteld opgeslagen).")),
    platform_id: str = typer.Option(None, "--platform-id", help=H("The platform's stable numeric id.", "Het vaste numerieke id bij het platform.")),
    rotated_on: str = typer.Option(None, "--rotated-on", help=H("When the credentials were last rotated.", "Wanneer het wachtwoord laatst is gewijzigd.")),
    created_on: str = typer.Option(None, "--created-on", help=ht.CREATED_ON),
    notes: str = typer.Option(None, "--notes", help=H("Notes (stored encrypted).", "Notities (versleuteld opgeslagen).")),
    fmt=format_option(),
) -> None:
    from cli.output import emit_one
    from registry.services import accounts

    raw = _raw(platform=platform, handle=handle, unit=unit, custodian=custodian, vault_ref=vault, kind=kind,
               purpose=purpose, display_name=display_name, backup_custodian=backup_custodian,
               recovery_contact=recovery_contact, platform_id=platform_id, rotated_on=rotated_on,
               created_on=created_on, notes=notes)
    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        account, warnings = accounts.add_account(uow, raw, today=parse_day(None))
        shown = accounts.shown(uow, account=account)
        uow.commit()
    _warn(warnings)
    emit_one(shown, fmt)


@app.command("update", help=H("Change an account's fields.", "Wijzig velden van een account."))
def update(
    account: str = typer.Argument(..., help=ACCOUNT_HELP),
    handle: str = typer.Option(None, "--handle", help=H("A new handle (after a rename on the platform).", "Een nieuwe gebruikersnaam (na een naamswijziging op het platform).")),
    unit: str = typer.Option(None, "--unit", help=ht.UNIT),
    custodian: str = typer.Option(None, "--custodian", help=ht.CUSTODIAN),
    vault: str = typer.Option(None, "--vault", help=ht.VAULT),
    kind: str = typer.Option(None, "--kind", help=ht.KIND),
    purpose: str = typer.Option(None, "--purpose", help=ht.PURPOSE),
    display_name: str = typer.Option(None, "--display-name", help=ht.DISPLAY_NAME),
    backup_custodian: str = typer.Option(None, "--backup-custodian", help=H("Employee id, or '' to remove.", "Personeelsnummer, of '' om te verwijderen.")),
    recovery_contact: str = typer.Option(None, "--recovery-contact", help=ht.RECOVERY),
    platform_id: str = typer.Option(None, "--platform-id", help=ht.PLATFORM_ID),
    rotated_on: str = typer.Option(None, "--rotated-on", help=ht.ROTATED_ON),
    status: str = typer.Option(None, "--status", help=H("active or suspended (use `account archive` to archive).", "actief of opgeschort (archiveren met `account archive`).")),
    notes: str = typer.Option(None, "--notes", help=ht.NOTES),
    fmt=format_option(),
) -> None:
    from cli.output import emit_one
    from registry.errors import ValidationError
    from registry.services import accounts

    if status and status.strip().lower() == "archived":
        raise ValidationError("account.use_archive")
    raw = _raw(handle=handle, unit=unit, custodian=custodian, vault_ref=vault, kind=kind, purpose=purpose,
               display_name=display_name, backup_custodian=backup_custodian, recovery_contact=recovery_contact,
               platform_id=platform_id, rotated_on=rotated_on, status=status, notes=notes)
    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        acc, warnings = accounts.update_account(uow, account, raw, today=parse_day(None))
        shown = accounts.shown(uow, account=acc)
        uow.commit()
    _warn(warnings)
    emit_one(shown, fmt)


@app.command("archive", help=H("Archive an account (it stays in the history; its handle may be registered again).",
                               "Archiveer een account (het blijft in de geschiedenis; de naam mag opnieuw worden geregistreerd)."))
def archive(account: str = typer.Argument(..., help=ACCOUNT_HELP), fmt=format_option()) -> None:
    from cli.output import emit_one
    from registry.services import accounts

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        acc = accounts.archive_account(uow, account)
        shown = accounts.shown(uow, account=acc)
        uow.commit()
    emit_one(shown, fmt)


@app.command("list", help=H("List accounts.", "Toon accounts."))
def list_(
    unit: str = typer.Option(None, "--unit", help=H("Only this unit.", "Alleen deze eenheid.")),
    platform: str = typer.Option(None, "--platform", help=H("Only this platform.", "Alleen dit platform.")),
    archived: bool = typer.Option(False, "--archived", help=H("Include archived accounts.", "Ook gearchiveerde accounts.")),
    fmt=format_option(),
) -> None:
    from cli.output import Format, emit_list
    from registry.services import accounts

    with open_store().reader() as reader:
        rows = accounts.listing(reader, include_archived=archived, unit=unit, platform=platform)
    columns = LIST_COLUMNS if fmt == Format.table else (list(rows[0].keys()) if rows else LIST_COLUMNS)
    emit_list(rows, fmt, columns)


@app.command("show", help=H("Show one account.", "Toon één account."))
def show(
    account: str = typer.Argument(..., help=ACCOUNT_HELP),
    reveal: bool = typer.Option(False, "--reveal", help=H("Show the vault reference, recovery contact and notes (needs the key).",
                                                          "Toon de kluisverwijzing, het herstelcontact en de notities (vraagt de sleutel).")),
    fmt=format_option(),
) -> None:
    from cli.output import emit_one
    from registry.services import accounts

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        shown = accounts.shown(uow, account=accounts.find(uow, ref=account), reveal=reveal)
    emit_one(shown, fmt)


@app.command("import", help=H("Import accounts from CSV (',' or ';'), JSON lines or XLSX; all rows or none.",
                              "Importeer accounts uit CSV (',' of ';'), JSON-regels of XLSX; alle rijen of geen."))
def import_(
    file: Path = typer.Argument(..., help=H("The file to import.", "Het bestand om te importeren.")),
    map_: str = typer.Option(None, "--map", help=H("Rename other columns: 'column in your file=handle,other column=unit'.",
                                                   "Hernoem andere kolommen: 'kolom in uw bestand=handle,andere kolom=unit'.")),
    dry_run: bool = typer.Option(False, "--dry-run", help=H("Show what would be added or changed; write nothing.",
                                                            "Toon wat zou worden toegevoegd of gewijzigd; schrijf niets.")),
    errors_out: Path = errors_out_option(),
    fmt=format_option(),
) -> None:
    from cli.imports import run_import

    run_import("accounts", file, map_, dry_run, fmt, errors_out=errors_out)


@app.command("export", help=H("Export every registered account (protected values only as set / not set, unless asked).",
                              "Exporteer alle geregistreerde accounts (beschermde waarden alleen als ingesteld / niet ingesteld, tenzij gevraagd)."))
def export(
    fmt: str = typer.Option("csv", "--format", "-f", help=H("csv, json or xlsx.", "csv, json of xlsx.")),
    out: Path = typer.Option(None, "--out", "-o", help=H("Write to this file (needed for xlsx); default standard output.",
                                                         "Schrijf naar dit bestand (nodig voor xlsx); standaard de uitvoer.")),
    include_vault_refs: bool = typer.Option(False, "--include-vault-refs",
                                            help=H("Include the vault references, recovery contacts and notes themselves (needs the key).",
                                                   "Neem de kluisverwijzingen, herstelcontacten en notities zelf op (vraagt de sleutel).")),
) -> None:
    from cli.imports import run_export

    run_export("accounts", fmt, out, include_vault_refs)
