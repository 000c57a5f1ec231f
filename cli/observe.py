"""``smreg scan`` and ``smreg observe``: accounts seen in the wild, checked for brand misuse."""


import sys
from pathlib import Path

import typer

from cli.commands import help_of
from cli.common import STATE, format_option, open_store
from cli.lang import H
from registry import i18n
from registry.labels import label

LIST_COLUMNS = ("id", "platform", "handle", "display_name", "state", "verdict", "rule", "score", "term", "reasons", "resembles",
                "first_seen", "note", "unverified")

i18n.register(
    {
        "col.row": ("row", "rij"),
        "col.line": ("line", "regelnr"),
        "col.verdict": ("verdict", "oordeel"),
        "col.score": ("score", "score"),
        "col.rule": ("rule", "regel"),
        "col.field": ("field", "veld"),
        "col.reasons": ("reasons", "redenen"),
        "col.resembles": ("resembles", "lijkt op"),
        "col.state": ("state", "status"),
        "col.first_seen": ("first seen", "eerst gezien"),
        "col.source": ("source", "bron"),
        "col.note": ("note", "notitie"),
        "col.unverified": ("unverified", "onbevestigd"),
        "col.reviewed_on": ("reviewed on", "beoordeeld op"),
        "col.reviewed_by": ("reviewed by", "beoordeeld door"),
        "col.hash": ("hash", "hash"),
        "col.added_on": ("added on", "toegevoegd op"),
        "scan.summary": (
            "{suspects:suspect} in {rows:row} scanned; {high} of high severity.",
            "{suspects:suspect} in {rows:row} gescand; {high} met hoge ernst.",
        ),
        "observe.summary": (
            "{file}: {rows:row} — {added} added, {changed} changed, {reopened} reopened, {unchanged} unchanged; {suspects:suspect}.",
            "{file}: {rows:row} — {added} toegevoegd, {changed} gewijzigd, {reopened} heropend, {unchanged} ongewijzigd; {suspects:suspect}.",
        ),
        "observe.skipped": (
            "Skipped, not an account on a platform smreg knows ({count}):",
            "Overgeslagen, geen account op een platform dat smreg kent ({count}):",
        ),
        "observe.skipped_row": ("  line {line}: {column}: {reason}", "  regel {line}: {column}: {reason}"),
        "observe.skipped_more": ("  … and {count} more", "  … en nog {count}"),
        "observe.dry_run_summary": (
            "{file}: {rows} rows — would add {added}, change {changed}, reopen {reopened} and leave {unchanged} "
            "unchanged; suspects: {suspects}. Nothing was kept (--dry-run).",
            "{file}: {rows} rijen — zou {added} toevoegen, {changed} wijzigen, {reopened} heropenen en {unchanged} "
            "ongewijzigd laten; verdacht: {suspects}. Er is niets bewaard (--dry-run).",
        ),
        "observe.reviewed": (
            "Observed account {id} ({account}) is now {state}.",
            "Waargenomen account {id} ({account}) heeft nu de status ‘{state}’.",
        ),
    }
)

observe_app = typer.Typer(help=help_of("observe"), no_args_is_help=True)

SOURCE_HELP = H("The tool that wrote the file, when its header does not show it: sherlock, maigret, maigret-json, "
                "social-analyzer, brandwatch, meltwater.",
                "Het programma dat het bestand schreef, als de kopregel dat niet laat zien: sherlock, maigret, "
                "maigret-json, social-analyzer, brandwatch, meltwater.")

FILE_HELP = H("A file of observed accounts (CSV or JSON lines): platform, handle, display_name, url, platform_id, "
              "avatar, first_seen, source.",
              "Een bestand met waargenomen accounts (CSV of JSON lines): platform, handle, display_name, url, "
              "platform_id, avatar, first_seen, source.")


MAP_HELP = H("Rename other columns: 'Their name=handle,Other=platform'.",
             "Hernoem andere kolommen: 'Hun naam=handle,Andere=platform'.")
AVATARS_HELP = H("A folder avatar paths may point into, besides the file's own folder (may be repeated).",
                 "Een map waar paden van profielfoto's naar mogen wijzen, naast de map van het bestand "
                 "(mag vaker).")


def _column_map(text: str | None) -> dict[str, str] | None:
    from registry.io.columns import parse_map_option

    return parse_map_option(text) if text else None


def register(app: typer.Typer) -> None:
    """Add the scan and observe commands to the root app."""
    app.command("scan", help=help_of("scan"))(scan)
    app.add_typer(observe_app, name="observe")


def _safe(text: str) -> str:
    from cli.scanout import safe

    return safe(text)


def scan(
    file: Path = typer.Argument(..., help=FILE_HELP),
    fmt=format_option(),
    suspects_only: bool = typer.Option(False, "--suspects-only", help=H("Show only the suspects.",
                                                                        "Toon alleen de verdachte accounts.")),
    from_: str = typer.Option(None, "--from", help=SOURCE_HELP),
    map_: str = typer.Option(None, "--map", help=MAP_HELP),
    avatars: list[Path] = typer.Option([], "--avatars", help=AVATARS_HELP),
) -> None:
    from audit.observe import write_scan
    from cli.scanout import ScanWriter

    skipped: list[tuple[int, str, str]] = []
    writer = ScanWriter(str(fmt), sys.stdout)
    try:
        write_scan(open_store(), file, writer, suspects_only=suspects_only, source=from_, skipped=skipped,
                   column_map=_column_map(map_), avatar_dirs=tuple(map(str, avatars)))
    except BaseException:
        writer.finish(complete=False)
        raise
    writer.finish()
    _skipped(skipped)
    if not suspects_only:
        print(i18n.t("scan.summary", suspects=writer.suspects, rows=writer.rows, high=writer.high), file=sys.stderr)
    if writer.high:
        raise typer.Exit(1)


def _skipped(rows: list[tuple[int, str, str]], shown: int = 25) -> None:
    """Rows of a tool's export that name no account smreg can place, on standard error."""
    if not rows:
        return
    print(i18n.t("observe.skipped", count=len(rows)), file=sys.stderr)
    for line, column, reason in rows[:shown]:
        print(_safe(i18n.t("observe.skipped_row", line=line, column=column, reason=reason)), file=sys.stderr)
    if len(rows) > shown:
        print(i18n.t("observe.skipped_more", count=len(rows) - shown), file=sys.stderr)


@observe_app.command("import", help=H("Keep the observed accounts of a file, scanned for brand misuse; all rows or none.",
                                      "Bewaar de waargenomen accounts uit een bestand, gecontroleerd op merkmisbruik; "
                                      "alle rijen of geen."))
def observe_import(file: Path = typer.Argument(..., help=FILE_HELP), fmt=format_option(),
                   from_: str = typer.Option(None, "--from", help=SOURCE_HELP),
                   map_: str = typer.Option(None, "--map", help=MAP_HELP),
                   dry_run: bool = typer.Option(False, "--dry-run", help=H(
                       "Show what would be added or changed; keep nothing.",
                       "Toon wat zou worden toegevoegd of gewijzigd; bewaar niets.")),
                   avatars: list[Path] = typer.Option([], "--avatars", help=AVATARS_HELP)) -> None:
    from audit.observe import import_observed
    from cli.output import Format, to_json
    from registry import clock

    outcome = import_observed(open_store(), file, actor=STATE.actor_name(), today=clock.today(), source=from_,
                              column_map=_column_map(map_), avatar_dirs=tuple(map(str, avatars)), dry_run=dry_run)
    _skipped(outcome.skipped)
    if fmt == Format.json:
        typer.echo(to_json({**outcome.as_dict(), "dry_run": dry_run} if dry_run else outcome.as_dict()))
        return
    typer.echo(i18n.t("observe.dry_run_summary" if dry_run else "observe.summary", file=file.name, rows=outcome.rows,
                      added=len(outcome.added),
                      changed=len(outcome.changed), reopened=len(outcome.reopened), unchanged=outcome.unchanged,
                      suspects=outcome.suspects))


@observe_app.command("list", help=H("List the observed accounts, with their review state and last verdict.",
                                    "Toon de waargenomen accounts, met hun beoordelingsstatus en laatste oordeel."))
def observe_list(
    state: str = typer.Option(None, "--state", help=H("Only this review state: new, confirmed, dismissed, "
                                                      "removal-requested or resolved.",
                                                      "Alleen deze status: nieuw, bevestigd, afgewezen, "
                                                      "verwijdering aangevraagd of opgelost.")),
    fmt=format_option(),
) -> None:
    from cli.output import Format, emit_list
    from registry.services import observed

    with open_store().reader() as reader:
        rows = observed.listing(reader, state=state)
    emit_list(rows, fmt, list(observed.COLUMNS) if fmt != Format.table else list(LIST_COLUMNS))


@observe_app.command("review", help=H("Record a reviewer's decision about an observed account.",
                                      "Leg de beslissing van een beoordelaar over een waargenomen account vast."))
def observe_review(
    ref: str = typer.Argument(..., metavar="ID", help=H("The observed account's id (see `smreg observe list`) or "
                                                        "PLATFORM:HANDLE.",
                                                        "Het nummer van het waargenomen account (zie `smreg observe "
                                                        "list`) of PLATFORM:HANDLE.")),
    state: str = typer.Option(..., "--state", help=H("confirmed, dismissed, removal-requested or resolved.",
                                                     "bevestigd, afgewezen, verwijdering aangevraagd of opgelost.")),
    note: str = typer.Option(None, "--note", help=H("Why: what was found or done.", "Waarom: wat is gevonden of gedaan.")),
) -> None:
    from cli.output import notice
    from registry import clock
    from registry.services import observed

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        obs = observed.review(uow, ref, state=state, note=note, today=clock.today())
        uow.commit()
        notice(i18n.t("observe.reviewed", id=obs.id, account=f"{obs.platform}:{obs.handle}", state=label("state", obs.state)))
