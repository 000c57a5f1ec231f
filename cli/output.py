"""One ``--format`` option and one renderer for every listing and every ``show``.

Data goes to standard output, notices and warnings to standard error. JSON listings are arrays
(``[]`` when empty), a JSON ``show`` is one object; CSV cells that a spreadsheet would run as a
formula are neutralised.
"""

from __future__ import annotations

import enum
import json
import sys
from datetime import date, datetime
from typing import Any, assert_never

from registry import i18n, labels


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)


def header(column: str) -> str:
    key = f"col.{column}"
    return i18n.t(key) if i18n.has(key) else column


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return i18n.t("bool.yes") if value else i18n.t("bool.no")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    return str(value)


DATE_COLUMNS = ("since", "until", "first_seen", "at", "added_on")


def _is_date_column(column: str) -> bool:
    return column.endswith(("_on", "_date")) or column in DATE_COLUMNS


def table_cell(column: str, value: Any) -> str:
    """What a table shows: codes as words and dates as the reader writes them (dd-mm-jjjj in Dutch).

    JSON and CSV keep the codes and ISO dates.
    """
    if labels.labelled(column):
        value = labels.label(column, value)
    elif _is_date_column(column):
        value = _as_moment(value)
        if isinstance(value, date | datetime) and i18n.get_language() == "nl":
            return i18n.dutch_date(value)
    return _cell(value)


def _safe_cell(column: str, value: Any) -> str:
    return value if isinstance(value, Lines) else terminal_safe(table_cell(column, value))


def _as_moment(value: Any) -> Any:
    """SQLite hands dates back as ISO text: read them back as dates so they print the reader's way."""
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


class Lines(str):
    """A table cell of several lines, each already made terminal-safe."""


def wrapped(changes: str, width: int = 60) -> Lines:
    """A log entry's changes ("a=1; b=2") one per line, long ones wrapped, for a table cell."""
    import textwrap

    return Lines("\n".join(terminal_safe(line) for change in changes.split("; ") if change
                           for line in textwrap.wrap(change, width, subsequent_indent="  ", break_on_hyphens=False)))


def terminal_safe(text: str) -> str:
    """Table cells go to a terminal: control characters (bidi overrides included) are shown escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def emit_list(rows: list[dict[str, Any]], fmt: Format, columns: list[str] | None = None, *, out=None) -> None:
    out = out or sys.stdout
    columns = columns or (list(rows[0].keys()) if rows else [])
    match fmt:
        case Format.json:
            # Compact, so the C encoder does the work for tens of thousands of rows.
            if rows and list(rows[0]) != columns:
                rows = [{c: r.get(c) for c in columns} for r in rows]
            out.write(json.dumps(rows, ensure_ascii=False, default=_json_default) + "\n")
        case Format.csv:
            from registry.io.writers import write_csv

            write_csv(out, columns, ([_csv_value(r.get(c)) for c in columns] for r in rows))
        case Format.table:
            if not rows:
                print(i18n.t("output.empty"), file=sys.stderr)
                return
            from tabulate import tabulate

            table = [[_safe_cell(c, r.get(c)) for c in columns] for r in rows]
            out.write(tabulate(table, headers=[header(c) for c in columns], tablefmt="simple", disable_numparse=True,
                                preserve_whitespace=True) + "\n")
        case _:
            assert_never(fmt)


def _csv_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | dict | bool):
        return _cell(value)
    return value


def emit_one(obj: dict[str, Any], fmt: Format, *, out=None) -> None:
    out = out or sys.stdout
    match fmt:
        case Format.json:
            out.write(to_json(obj) + "\n")
        case Format.csv:
            emit_list([obj], Format.csv, out=out)
        case Format.table:
            width = max((len(header(k)) for k in obj), default=0)
            for key, value in obj.items():
                out.write(f"{header(key).ljust(width)}  {terminal_safe(table_cell(key, value))}\n")
        case _:
            assert_never(fmt)


def notice(text: str) -> None:
    print(text, file=sys.stderr)


i18n.register(
    {
        "output.empty": ("(nothing to show)", "(niets om te tonen)"),
        "bool.yes": ("yes", "ja"),
        "bool.no": ("no", "nee"),
    }
)


class ProgressBar:
    """A progress bar on standard error for long imports and exports; silent off a terminal."""

    MIN_ROWS = 2000

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.active = self.stream.isatty()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.active or total < self.MIN_ROWS:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        label = i18n.t(f"progress.{stage}")
        self.stream.write(f"\r{label:<12} [{'#' * filled}{'-' * (width - filled)}] {done:>9,}/{total:,}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


i18n.register(
    {
        "progress.check": ("checking", "controleren"),
        "progress.write": ("writing", "schrijven"),
        "progress.export": ("exporting", "exporteren"),
    }
)
