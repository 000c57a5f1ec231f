"""XLSX exports: typed cells, a bold frozen header, an autofilter and fitted widths (openpyxl).

Text a spreadsheet would read as a formula or an error value goes in a typed text cell with
Excel's quote-prefix mark, which is how Excel itself stores a value typed with a leading
apostrophe: the cell shows exactly the value, is never a formula, and stays text when edited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from registry.io.cells import as_text, is_formula_like
from registry.io.targets import Target, binary_target

ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")  # as openpyxl refuses them
# Texts openpyxl would store as error values rather than strings.
ERROR_TEXTS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
MAX_TEXT = 32767
_XLSX_MAX_EXACT_INT = 10**15  # Excel keeps 15 significant digits; longer ids must stay text
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE = 200


COLUMN_TYPES = ("auto", "text", "int", "number", "date", "datetime", "bool")


@dataclass
class Sheet:
    """One worksheet: ``columns`` are the keys of mapping rows (and the header unless ``titles``).

    ``types`` (per column, by name or in order) are from :data:`COLUMN_TYPES`: ``text`` keeps
    even a number as text (a platform id of 19 digits would lose digits as a number); ``date``
    and ``datetime`` also take ISO text; ``auto`` (the default) follows each value's own type.
    """

    name: str
    columns: Sequence[str]
    rows: Iterable[Sequence[object] | Mapping[str, object]]
    types: Mapping[str, str] | Sequence[str] | None = None
    titles: Sequence[str] | None = None

    def column_types(self) -> list[str]:
        if self.types is None:
            kinds = ["auto"] * len(self.columns)
        elif isinstance(self.types, Mapping):
            kinds = [self.types.get(c, "auto") for c in self.columns]
        else:
            kinds = list(self.types)
        for kind in kinds:
            if kind not in COLUMN_TYPES:
                raise ValueError(f"unknown column type {kind!r}; expected one of {COLUMN_TYPES}")
        return kinds


def write_xlsx(path_or_stream: Target, sheets: Sequence[Sheet]) -> None:
    """Write a workbook: typed cells, bold frozen header, autofilter, fitted column widths."""
    from openpyxl import Workbook  # imported here: it takes longer to load than the whole command line

    workbook = Workbook(write_only=True)
    with binary_target(path_or_stream) as stream:
        try:
            used: set[str] = set()
            for sheet in sheets:
                _write_sheet(workbook, sheet, _sheet_title(sheet.name, used))
            if not sheets:
                workbook.create_sheet("Sheet1")
        except BaseException:
            # Close the half-written sheets so openpyxl lets go of their temporary files.
            for worksheet in workbook.worksheets:
                with suppress(Exception):
                    worksheet.close()
            raise
        workbook.save(stream)


def _sheet_title(name: str, used: set[str]) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_NAME_BAD.sub("_", ILLEGAL_XML.sub("", name)).strip("'")[:31] or "Sheet"
    title, number = base, 2
    while title.casefold() in used:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(title.casefold())
    return title


def _write_sheet(workbook: Any, sheet: Sheet, title: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    worksheet = workbook.create_sheet(title)
    columns = list(sheet.columns)
    titles = list(sheet.titles) if sheet.titles is not None else columns
    convert = [_XLSX_CONVERTERS[kind] for kind in sheet.column_types()]

    def values(row: Sequence[object] | Mapping[str, object]) -> list[object]:
        raw = [row.get(c) for c in columns] if isinstance(row, Mapping) else row
        return [f(v) for f, v in zip(convert, raw, strict=False)]

    # Widths must be set before the first row of a write-only sheet, so the first rows are
    # converted ahead and measured.
    rows = iter(sheet.rows)
    sample = [values(row) for _, row in zip(range(_WIDTH_SAMPLE), rows, strict=False)]
    for index, title_text in enumerate(titles, 1):
        width = max([len(title_text) + 2, *(_display_width(r[index - 1]) for r in sample if len(r) >= index)])
        worksheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6), 60)
    worksheet.freeze_panes = "A2"

    bold = Font(bold=True)
    header = []
    for title_text in titles:
        cell = WriteOnlyCell(worksheet, value=xlsx_text(title_text))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    worksheet.append(header)

    def typed(row_values: list[object]) -> list[object]:
        # Formula-like text goes in a cell forced to text with the quote prefix; other values
        # are appended bare, which is much faster in openpyxl.
        out = row_values
        for i, value in enumerate(row_values):
            if type(value) is str and (is_formula_like(value) or value in ERROR_TEXTS):
                if out is row_values:
                    out = list(row_values)
                cell = WriteOnlyCell(worksheet, value=value)
                cell.data_type = "s"  # openpyxl makes any "=..." a formula; this keeps it text
                cell.quotePrefix = True
                out[i] = cell
        return out

    count = 0
    for row_values in sample:
        worksheet.append(typed(row_values))
        count += 1
    for row in rows:
        worksheet.append(typed(values(row)))
        count += 1
    if columns:
        worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 21
    if isinstance(value, date):
        return 12
    if isinstance(value, str):
        return max((len(part) for part in value.split("\n")), default=0) + 2
    return len(str(value)) + 2


def xlsx_text(value: object) -> str | None:
    """A value as text an XLSX cell can hold: characters XML refuses dropped, at most 32,767."""
    if value is None:
        return None
    text = as_text(value)
    if ILLEGAL_XML.search(text):
        text = ILLEGAL_XML.sub("", text)
    return text[:MAX_TEXT]


def _xlsx_auto(value: object) -> object:
    if isinstance(value, Enum):
        value = value.value
    if value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        return value if abs(value) < _XLSX_MAX_EXACT_INT else str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return _naive_utc(value)
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    return xlsx_text(value)


def _naive_utc(moment: datetime) -> datetime:
    # Excel has no time zones; smreg's moments are UTC, so they are written as UTC wall time.
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _xlsx_int(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit() and abs(int(text)) < _XLSX_MAX_EXACT_INT:
            return int(text)
    return _xlsx_auto(value)


def _xlsx_number(value: object) -> object:
    if isinstance(value, str):
        try:
            return _xlsx_int(value) if value.strip().lstrip("-").isdigit() else float(value)
        except ValueError:
            pass
    return _xlsx_auto(value)


def _xlsx_date(value: object) -> object:
    if isinstance(value, datetime):
        return _naive_utc(value).date()
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    return _xlsx_auto(value)


def _xlsx_datetime(value: object) -> object:
    if isinstance(value, str) and value.strip():
        try:
            return _naive_utc(datetime.fromisoformat(value.strip()))
        except ValueError:
            pass
    return _xlsx_auto(value)


def _xlsx_text_column(value: object) -> object:
    return xlsx_text(value)


_XLSX_CONVERTERS = {
    "auto": _xlsx_auto,
    "text": _xlsx_text_column,
    "int": _xlsx_int,
    "number": _xlsx_number,
    "date": _xlsx_date,
    "datetime": _xlsx_datetime,
    "bool": _xlsx_auto,
}
