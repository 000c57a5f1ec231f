"""Exports: CSV, JSON, JSON lines and XLSX, written atomically and safe to open in a spreadsheet.

A spreadsheet evaluates a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab, CR or LF
before one of them) as a formula, which an attacker can plant in a display name or a note
(OWASP "CSV Injection"). CSV cells that begin so get a leading apostrophe, which spreadsheets
show as text. XLSX cells are written as typed text cells with Excel's quote-prefix mark, which
is how Excel itself stores a value typed with a leading apostrophe: the cell shows exactly the
value, is never a formula, and stays text when someone edits it.

Writing to a path goes to a temporary file in the same folder that replaces the target only when
complete, so an interrupted export never leaves half a file (:mod:`registry.io.targets`). The
formula-start set and :func:`neutralise` live in :mod:`registry.io.cells`, the XLSX writer in
:mod:`registry.io.xlsx_writer`; both are offered here too.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import PurePath

from registry.io.cells import as_text, neutralise
from registry.io.targets import Target, text_target, write_bytes_atomic
from registry.io.xlsx_writer import COLUMN_TYPES, Sheet, write_xlsx

__all__ = ["COLUMN_TYPES", "Sheet", "neutralise", "write_bytes_atomic", "write_csv", "write_json", "write_jsonl",
           "write_xlsx"]

_JSON_BATCH = 1000

# CSV -----------------------------------------------------------------------------------------


def _csv_other(value: object, clean: Callable[[str], str]) -> str:
    # Only text can smuggle a formula: a number ("-5"), a date or a bool is written as itself.
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool | Enum):
        return str(value)
    return clean(as_text(value))


def write_csv(
    path_or_stream: Target,
    columns: Sequence[str],
    rows: Iterable[Sequence[object] | Mapping[str, object]],
    *,
    neutralise_formulas: bool = True,
    bom: bool = False,
) -> int:
    """Write RFC 4180 CSV in UTF-8 (``bom`` for old Excel) and return the number of data rows.

    Rows are sequences in column order or mappings keyed by column. Text cells are neutralised
    (see :func:`neutralise`); numbers, dates and booleans are written as they are.
    """
    count = 0
    with text_target(path_or_stream, bom=bom) as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        clean = neutralise if neutralise_formulas else str
        writer.writerow([clean(c) for c in columns])

        def cells(row: Sequence[object] | Mapping[str, object]) -> list[str]:
            values = [row.get(c) for c in columns] if isinstance(row, Mapping) else row
            return [clean(v) if type(v) is str else _csv_other(v, clean) for v in values]

        for row in rows:
            writer.writerow(cells(row))
            count += 1
    return count


# JSON ----------------------------------------------------------------------------------------


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode


def write_json(path_or_stream: Target, rows: Iterable[Mapping[str, object]]) -> int:
    """Write a JSON array of objects (``[]`` when empty), one object per line; keys keep their order."""
    count = 0
    with text_target(path_or_stream) as stream:
        batch: list[str] = []
        for row in rows:
            batch.append(("[\n  " if count == 0 else ",\n  ") + _ENCODE(dict(row)))
            count += 1
            if len(batch) >= _JSON_BATCH:
                stream.write("".join(batch))
                batch.clear()
        batch.append("\n]\n" if count else "[]\n")
        stream.write("".join(batch))
    return count


def write_jsonl(path_or_stream: Target, rows: Iterable[Mapping[str, object]]) -> int:
    """Write JSON lines: one object per line; return the number of rows."""
    count = 0
    with text_target(path_or_stream) as stream:
        batch: list[str] = []
        for row in rows:
            batch.append(_ENCODE(dict(row)) + "\n")
            count += 1
            if len(batch) >= _JSON_BATCH:
                stream.write("".join(batch))
                batch.clear()
        stream.write("".join(batch))
    return count
