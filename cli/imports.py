"""Printing what an import did (or would do) and writing exports; the work is in registry.services.imports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.common import STATE, open_store, parse_day
from cli.lang import H
from cli.output import Format, ProgressBar, notice, to_json
from registry import i18n, labels

if TYPE_CHECKING:
    from registry.errors import ImportRejected

SHOWN = 25
PROBLEMS_SHOWN = 30  # a screenful; the rest go to --errors-out

i18n.register(
    {
        "import.summary": (
            "{file}: {rows:row} — {added} added, {changed} changed, {unchanged} unchanged.",
            "{file}: {rows:row} — {added} toegevoegd, {changed} gewijzigd, {unchanged} ongewijzigd.",
        ),
        "import.summary_dry": (
            "{file}: {rows:row} — would add {added}, change {changed}, leave {unchanged} unchanged. Nothing was written (--dry-run).",
            "{file}: {rows:row} — zou {added} toevoegen, {changed} wijzigen en {unchanged} ongewijzigd laten. Er is niets geschreven (--dry-run).",
        ),
        "import.added": ("Added:", "Toegevoegd:"),
        "import.changed": ("Changed:", "Gewijzigd:"),
        "import.attention": ("Needs attention:", "Vraagt aandacht:"),
        "import.more": ("  … and {count} more", "  … en nog {count}"),
        "import.more_problems": (
            "  … and {count} more problems; --errors-out FILE writes them all.",
            "  … en nog {count} problemen; --errors-out BESTAND schrijft ze allemaal weg.",
        ),
        "import.more_problems_one": (
            "  … and 1 more problem; --errors-out FILE writes them all.",
            "  … en nog 1 probleem; --errors-out BESTAND schrijft ze allemaal weg.",
        ),
        "import.problems_written_one": ("The problem is in {file}.", "Het probleem staat in {file}."),
        "import.problems_written": (
            "All {count} problems are in {file}.",
            "Alle {count} problemen staan in {file}.",
        ),
        "export.unknown_format": ("Export formats are csv, json and xlsx, not '{fmt}'.", "Exportvormen zijn csv, json en xlsx, niet '{fmt}'."),
        "export.xlsx_needs_out": ("An XLSX export needs --out FILE.", "Een XLSX-export heeft --out BESTAND nodig."),
        "export.written": ("Wrote {count} rows to {file}.", "{count} rijen geschreven naar {file}."),
    }
)


def errors_out_option():
    return typer.Option(None, "--errors-out", help=H(
        "When rows are refused, write every problem to this CSV file (line, column, problem).",
        "Schrijf bij geweigerde rijen elk probleem naar dit CSV-bestand (regel, kolom, probleem)."))


def print_rejection(error: ImportRejected) -> None:
    """The refused rows (the first screenful), then the sentence that counts them and says what to do."""
    shown = error.problems[:PROBLEMS_SHOWN]
    for line, column, message in shown:
        typer.echo(i18n.t("cli.problem", line=line, column=column, message=message), err=True)
    rest = len(error.problems) - len(shown)
    written = getattr(error, "written_to", None)
    if rest and written is None:
        key = "import.more_problems_one" if rest == 1 else "import.more_problems"
        typer.echo(i18n.t(key, count=rest), err=True)
    typer.echo(i18n.t("cli.error", message=str(error)), err=True)
    if written is not None:
        key = "import.problems_written_one" if len(error.problems) == 1 else "import.problems_written"
        typer.echo(i18n.t(key, count=len(error.problems), file=written), err=True)


def _write_problems(path: Path, error: ImportRejected) -> None:
    from registry.io import writers

    writers.write_csv(path, ["line", "column", "problem"], error.problems)
    error.written_to = path


def run_import(kind: str, file: Path | list[Path], map_text: str | None, dry_run: bool, fmt: Format, *,
               full: bool = True, errors_out: Path | None = None, source: str | None = None) -> None:
    from registry.errors import ImportRejected
    from registry.io.columns import parse_map_option

    column_map = parse_map_option(map_text) if map_text else None
    try:
        summary = _imported(kind, file, column_map, dry_run, full, source)
    except ImportRejected as error:
        if errors_out is not None:
            _write_problems(errors_out, error)
        raise
    _print_summary(summary, file, dry_run, fmt)


def _imported(kind: str, file, column_map: dict[str, str] | None, dry_run: bool, full: bool, source: str | None):
    from registry.services import imports

    store = open_store()
    bar = ProgressBar()
    try:
        if kind == "accounts":
            summary = imports.import_accounts(store, file, actor=STATE.actor_name(), today=parse_day(None),
                                              column_map=column_map, dry_run=dry_run, progress=bar)
        else:
            summary = imports.import_persons(store, file, actor=STATE.actor_name(), today=parse_day(None),
                                             column_map=column_map, dry_run=dry_run, full=full, progress=bar,
                                             source=source)
    finally:
        bar.close()
    return summary


def _print_summary(summary, file: Path | list[Path], dry_run: bool, fmt: Format) -> None:
    for text in summary.notices:
        notice(text)
    for text in summary.warnings:
        notice(i18n.t("cli.warning", message=text))
    if fmt == Format.json:
        typer.echo(to_json(summary.as_dict()))
        return
    key = "import.summary_dry" if dry_run else "import.summary"
    name = file.name if isinstance(file, Path) else ", ".join(f.name for f in file)
    typer.echo(i18n.t(key, file=name, rows=summary.rows, added=len(summary.added), changed=len(summary.changed),
                      unchanged=summary.unchanged))
    _section("import.added", summary.added)
    _section("import.changed", [f"{item} ({', '.join(labels.field(f) for f in fields)})" for item, fields in summary.changed])
    _section("import.attention", summary.attention)


def _section(title: str, items: list[str]) -> None:
    if not items:
        return
    typer.echo(i18n.t(title))
    for item in items[:SHOWN]:
        typer.echo(f"  {item}")
    if len(items) > SHOWN:
        typer.echo(i18n.t("import.more", count=len(items) - SHOWN))


def run_export(kind: str, fmt: str, out: Path | None, include_protected: bool) -> None:
    from registry.errors import UsageError
    from registry.io import writers
    from registry.services import imports

    fmt = fmt.strip().lower()
    if fmt not in ("csv", "json", "xlsx"):
        raise UsageError("export.unknown_format", fmt=fmt)
    if fmt == "xlsx" and out is None:
        raise UsageError("export.xlsx_needs_out")
    store = open_store()
    if kind == "accounts":
        columns, rows = imports.export_accounts(store, include_protected=include_protected)
    else:
        columns, rows = imports.export_persons(store)
    target = out if out is not None else sys.stdout
    if fmt == "csv":
        count = writers.write_csv(target, columns, rows)
    elif fmt == "json":
        count = writers.write_json(target, [{c: r.get(c) for c in columns} for r in rows])
    else:
        types = {c: "date" if c.endswith(("_on", "_date")) else "text" for c in columns if c != "id"}
        writers.write_xlsx(target, [writers.Sheet(name=kind, columns=columns, rows=rows, types=types)])
        count = len(rows)
    if out is not None:
        notice(i18n.t("export.written", count=count, file=out))
