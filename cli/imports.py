"""Printing what an import did (or would do) and writing exports; the work is in registry.services.imports."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cli.common import STATE, open_store, parse_day
from cli.output import Format, ProgressBar, notice, to_json
from registry import i18n

SHOWN = 25

i18n.register(
    {
        "import.summary": (
            "{file}: {rows} rows — {added} added, {changed} changed, {unchanged} unchanged.",
            "{file}: {rows} rijen — {added} toegevoegd, {changed} gewijzigd, {unchanged} ongewijzigd.",
        ),
        "import.summary_dry": (
            "{file}: {rows} rows — would add {added}, change {changed}, leave {unchanged} unchanged. Nothing was written (--dry-run).",
            "{file}: {rows} rijen — zou {added} toevoegen, {changed} wijzigen en {unchanged} ongewijzigd laten. Er is niets geschreven (--dry-run).",
        ),
        "import.added": ("Added:", "Toegevoegd:"),
        "import.changed": ("Changed:", "Gewijzigd:"),
        "import.attention": ("Needs attention:", "Vraagt aandacht:"),
        "import.more": ("  … and {count} more", "  … en nog {count}"),
        "export.unknown_format": ("Export formats are csv, json and xlsx, not '{fmt}'.", "Exportvormen zijn csv, json en xlsx, niet '{fmt}'."),
        "export.xlsx_needs_out": ("An XLSX export needs --out FILE.", "Een XLSX-export heeft --out BESTAND nodig."),
        "export.written": ("Wrote {count} rows to {file}.", "{count} rijen geschreven naar {file}."),
    }
)


def run_import(kind: str, file: Path, map_text: str | None, dry_run: bool, fmt: Format, *, full: bool = True) -> None:
    from registry.io.columns import parse_map_option
    from registry.services import imports

    column_map = parse_map_option(map_text) if map_text else None
    store = open_store()
    bar = ProgressBar()
    try:
        if kind == "accounts":
            summary = imports.import_accounts(store, file, actor=STATE.actor_name(), today=parse_day(None),
                                              column_map=column_map, dry_run=dry_run, progress=bar)
        else:
            summary = imports.import_persons(store, file, actor=STATE.actor_name(), today=parse_day(None),
                                             column_map=column_map, dry_run=dry_run, full=full, progress=bar)
    finally:
        bar.close()
    for text in summary.notices:
        notice(text)
    for text in summary.warnings:
        notice(i18n.t("cli.warning", message=text))
    if fmt == Format.json:
        typer.echo(to_json(summary.as_dict()))
        return
    key = "import.summary_dry" if dry_run else "import.summary"
    typer.echo(i18n.t(key, file=file.name, rows=summary.rows, added=len(summary.added), changed=len(summary.changed),
                      unchanged=summary.unchanged))
    _section("import.added", summary.added)
    _section("import.changed", [f"{item} ({', '.join(fields)})" for item, fields in summary.changed])
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
