"""``smreg person check-directory``: a user directory held against HR; the work is in registry.services.directory_check."""

from pathlib import Path

import typer

from cli.common import format_option, open_store, parse_day
from cli.lang import H
from registry import i18n

i18n.register(
    {
        "col.situation": ("situation", "situatie"),
        "col.directory_account": ("directory account", "account in gebruikersmap"),
        "col.detail": ("what is wrong", "wat er mis is"),
        "situation.missing": ("no account", "geen account"),
        "situation.disabled": ("account disabled", "account staat uit"),
        "situation.enabled_after_leaving": ("enabled after leaving", "aan na vertrek"),
        "directorycli.recognised": ("{file}: read as {label}.", "{file}: gelezen als {label}."),
        "directorycli.summary": (
            "{accounts} directory accounts, {people} people in the registry: {count} need attention. "
            "{unmatched} accounts match nobody in the registry (shared or service accounts are not listed). "
            "Nothing was changed.",
            "{accounts} accounts in de gebruikersmap, {people} personen in het register: {count} vragen aandacht. "
            "{unmatched} accounts horen bij niemand in het register (gedeelde en dienstaccounts worden niet "
            "genoemd). Er is niets gewijzigd.",
        ),
    }
)

COLUMNS = ["situation", "employee_id", "name", "directory_account", "detail"]
HELP = H(
    'Hold a user directory (Entra ID "Download users" CSV, Google Workspace user CSV) against HR: list people '
    "employed without an enabled account, and leavers whose account is still enabled. Changes nothing; exit 1 "
    "when someone needs attention.",
    'Leg een gebruikersmap (CSV uit "Gebruikers downloaden" van Entra ID, gebruikers-CSV van Google Workspace) '
    "naast HR: toon wie in dienst is zonder account dat aan staat, en vertrokken medewerkers van wie het account "
    "nog aan staat. Wijzigt niets; afsluitcode 1 als iemand aandacht vraagt.",
)


def check_directory(
    file: Path = typer.Argument(
        ..., help=H("The directory's user export (CSV).", "De gebruikersexport van de map (CSV).")
    ),
    from_: str = typer.Option(
        None,
        "--from",
        help=H(
            "The directory, when it is not recognised: entra, google.",
            "De gebruikersmap, als die niet herkend wordt: entra, google.",
        ),
    ),
    fmt=format_option(),
) -> None:
    from cli.output import Format, emit_list, notice, to_json
    from registry.services import directory_check

    report = directory_check.check_directory(open_store(), file, today=parse_day(None), forced=from_)
    notice(i18n.t("directorycli.recognised", file=file.name, label=report.label))
    if fmt == Format.json:
        typer.echo(to_json(report.as_dict()))
    else:
        rows = [
            {
                "situation": a.code if fmt == Format.csv else i18n.t(f"situation.{a.code}"),
                "employee_id": a.employee_id,
                "name": a.name,
                "directory_account": a.account,
                "detail": a.detail,
            }
            for a in report.attention
        ]
        emit_list(rows, fmt, COLUMNS)
    notice(
        i18n.t(
            "directorycli.summary",
            accounts=report.accounts,
            people=report.people,
            count=len(report.attention),
            unmatched=report.unmatched_accounts,
        )
    )
    if report.attention:
        raise typer.Exit(1)
