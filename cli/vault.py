"""``smreg vault``: read the organisation's password-manager export, and show what was last read."""

from pathlib import Path

import typer

from cli.commands import help_of
from cli.common import STATE, format_option, open_store
from cli.lang import H
from registry import i18n

i18n.register(
    {
        "col.vault": ("vault", "kluis"),
        "col.file": ("file", "bestand"),
        "col.format": ("format", "vorm"),
        "col.manager": ("manager", "beheerder"),
        "col.imported_at": ("imported at", "geïmporteerd op"),
        "col.imported_by": ("imported by", "geïmporteerd door"),
        "col.items": ("items", "items"),
        "col.social": ("social media", "sociale media"),
        "col.matched": ("matched", "gekoppeld"),
        "col.unmatched": ("not registered", "niet geregistreerd"),
        "col.references": ("references", "verwijzingen"),
        "col.references_missing": ("references without item", "verwijzingen zonder item"),
        "vaultcli.recognised": ("{file}: read as {label}.", "{file}: gelezen als {label}."),
        "vaultcli.summary": (
            "Vault {vault}: {items:item} read, {social} for social media; {matched:belongs} to a registered account, {unmatched} to an account not in the registry.",
            "Kluis {vault}: {items:item} gelezen, {social} voor sociale media; {matched:belongs} bij een geregistreerd account, {unmatched} bij een account dat niet in het register staat.",
        ),
        "vaultcli.unchanged": (
            "Nothing changed: the latest import of vault {vault} has the same content.",
            "Er is niets gewijzigd: de laatste import van kluis {vault} heeft dezelfde inhoud.",
        ),
        "vaultcli.dry_run": ("Nothing was written (--dry-run).", "Er is niets geschreven (--dry-run)."),
        "vaultcli.unmatched": ("Not in the registry:", "Niet in het register:"),
        "vaultcli.missing": (
            "Registered accounts whose vault reference points to no item of this export:",
            "Geregistreerde accounts waarvan de kluisverwijzing naar geen item van deze export wijst:",
        ),
        "vaultcli.no_ids": (
            "This export has no item ids, so vault references could not be followed; SM712 waits for an export with ids.",
            "Deze export heeft geen item-id's, dus kluisverwijzingen konden niet worden gevolgd; SM712 wacht op een export met id's.",
        ),
    }
)
# Counted with its verb: "1 hoort bij …", "2 horen bij …".
i18n.register_nouns({"belongs": (("belongs", "belong"), ("hoort", "horen"))})

app = typer.Typer(help=help_of("vault"), no_args_is_help=True)

FROM_HELP = H("The export's format or password manager, when it is not recognised: 1password-1pux, 1password-cli, "
              "bitwarden-json, bitwarden-csv, bitwarden-cli, keepass-xml, keepassxc-csv, keeper-csv, keeper-json, or "
              "1password, bitwarden, keepass, keeper.",
              "De vorm of wachtwoordbeheerder van de export, als die niet herkend wordt: 1password-1pux, 1password-cli, "
              "bitwarden-json, bitwarden-csv, bitwarden-cli, keepass-xml, keepassxc-csv, keeper-csv, keeper-json, of "
              "1password, bitwarden, keepass, keeper.")


@app.command("import", help=H("Read a password-manager export: match its items to registered accounts and keep "
                              "only what is not secret (ids, titles, URLs, usernames, folders, dates). All or nothing.",
                              "Lees een export van een wachtwoordbeheerder: koppel de items aan geregistreerde accounts "
                              "en bewaar alleen wat niet geheim is (id's, titels, URL's, gebruikersnamen, mappen, "
                              "datums). Alles of niets."))
def vault_import(
    file: Path = typer.Argument(..., help=H("The export file (.1pux, export.data, JSON, CSV or XML).",
                                            "Het exportbestand (.1pux, export.data, JSON, CSV of XML).")),
    from_: str = typer.Option(None, "--from", help=FROM_HELP),
    vault: str = typer.Option(None, "--vault", help=H("The name this vault is known by in smreg (default: the "
                                                      "password manager's name).",
                                                      "De naam waaronder smreg deze kluis kent (standaard: de naam "
                                                      "van de wachtwoordbeheerder).")),
    dry_run: bool = typer.Option(False, "--dry-run", help=H("Show what the import would find; write nothing.",
                                                            "Toon wat de import zou vinden; schrijf niets.")),
    fmt=format_option(),
) -> None:
    from cli.output import Format, notice, to_json
    from registry.services import vault_items

    summary = vault_items.import_vault(open_store(), file, actor=STATE.actor_name(), vault=vault, forced=from_,
                                       dry_run=dry_run)
    notice(i18n.t("vaultcli.recognised", file=summary.file, label=summary.label))
    if fmt == Format.json:
        typer.echo(to_json(summary.as_dict()))
        return
    typer.echo(i18n.t("vaultcli.summary", vault=summary.vault, items=summary.items, social=summary.social,
                      matched=len(summary.matched), unmatched=len(summary.unmatched)))
    from cli.imports import _section
    from cli.output import terminal_safe

    _section("vaultcli.unmatched", [terminal_safe(item) for item in summary.unmatched])
    _section("vaultcli.missing", summary.missing)
    if not summary.references_checked:
        typer.echo(i18n.t("vaultcli.no_ids"))
    if summary.unchanged:
        typer.echo(i18n.t("vaultcli.unchanged", vault=summary.vault))
    elif dry_run:
        typer.echo(i18n.t("vaultcli.dry_run"))



@app.command("status", help=H("When each vault was last imported, and how many of its items matched registered "
                              "accounts.",
                              "Wanneer elke kluis het laatst is geïmporteerd, en hoeveel items bij geregistreerde "
                              "accounts horen."))
def vault_status(fmt=format_option()) -> None:
    from cli.output import Format, emit_list
    from registry.io.dates import format_date
    from registry.services import vault_items

    with open_store().reader() as reader:
        rows = vault_items.status(reader)
    if fmt == Format.table:
        from datetime import datetime

        for row in rows:
            moment = datetime.fromisoformat(row["imported_at"])
            row["imported_at"] = f"{format_date(moment.date())} {moment:%H:%M}"
    emit_list(rows, fmt, list(vault_items.STATUS_COLUMNS))
