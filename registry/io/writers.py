"""Exports: CSV, JSON, JSON lines and XLSX, written atomically and safe to open in a spreadsheet.

A spreadsheet evaluates a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab, CR or LF
before one of them) as a formula, which an attacker can plant in a display name or a note
(OWASP "CSV Injection"). CSV cells that begin so get a leading apostrophe, which spreadsheets
show as text. XLSX cells are written as typed text cells with Excel's quote-prefix mark, which
is how Excel itself stores a value typed with a leading apostrophe: the cell shows exactly the
value, is never a formula, and stays text when someone edits it.

Writing to a path goes to a temporary file in the same folder that replaces the target only when
complete, so an interrupted export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import IO, Any

from registry import i18n
from registry.errors import ValidationError

__all__ = ["Sheet", "neutralise", "write_csv", "write_json", "write_jsonl", "write_xlsx"]

Target = str | os.PathLike[str] | IO[Any]

# OWASP's list, plus NUL from OWASP ASVS 1.2.10.
_FORMULA_STARTS = frozenset("=+-@\t\r\n\x00")
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")  # as openpyxl refuses them
_XLSX_ERROR_TEXTS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_XLSX_MAX_TEXT = 32767
_XLSX_MAX_EXACT_INT = 10**15  # Excel keeps 15 significant digits; longer ids must stay text
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE = 200
_JSON_BATCH = 1000

i18n.register(
    {
        "io.write_failed": (
            "{file} could not be written ({reason}). Check the folder exists, that you may write there and that the disk is not full.",
            "{file} kon niet geschreven worden ({reason}). Controleer of de map bestaat, of u daar mag schrijven en of de schijf niet vol is.",
        ),
    }
)


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula.

    Leading spaces are looked through, as some spreadsheets trim them before evaluating.
    """
    if value and (
        value[0] in _FORMULA_STARTS or (value[0].isspace() and value.lstrip()[:1] in _FORMULA_STARTS)
    ):
        return "'" + value
    return value


def _is_formula_like(value: str) -> bool:
    return neutralise(value) is not value


# Atomic targets ------------------------------------------------------------------------------


@contextmanager
def _binary_target(target: Target) -> Iterator[IO[bytes]]:
    """A binary stream to write to: the caller's stream, or a temp file renamed into place."""
    if not isinstance(target, (str, os.PathLike)):
        if isinstance(target, io.TextIOBase):
            yield target.buffer  # type: ignore[attr-defined]
        else:
            yield target  # type: ignore[misc]
        return
    path = os.fspath(target)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".part")
    except OSError as error:
        raise ValidationError("io.write_failed", file=path, reason=error.strerror or error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _file_mode(path))
        os.replace(temp, path)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise ValidationError("io.write_failed", file=path, reason=error.strerror or error) from None
        raise


def _file_mode(path: str) -> int:
    """Keep the mode of a file being replaced; a new file gets the usual mode (umask applied)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        # mkstemp makes 0600 files; os.umask can only be read by setting it, so set it back.
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def _text_target(target: Target, *, bom: bool = False) -> Iterator[IO[str]]:
    """A text stream in UTF-8 without newline translation."""
    if isinstance(target, io.TextIOBase):
        if bom:
            target.write("\ufeff")
        yield target  # type: ignore[misc]
        target.flush()
        return
    with _binary_target(target) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig" if bom else "utf-8", newline="")
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # the binary stream belongs to the caller or to _binary_target


# CSV -----------------------------------------------------------------------------------------


def _csv_value(value: object) -> str:
    """Any value as the text of a cell: ISO dates, ``true``/``false``, enums by their value."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _csv_other(value: object, clean: Callable[[str], str]) -> str:
    # Only text can smuggle a formula: a number ("-5"), a date or a bool is written as itself.
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool | Enum):
        return str(value)
    return clean(_csv_value(value))


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
    with _text_target(path_or_stream, bom=bom) as stream:
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
    with _text_target(path_or_stream) as stream:
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
    with _text_target(path_or_stream) as stream:
        batch: list[str] = []
        for row in rows:
            batch.append(_ENCODE(dict(row)) + "\n")
            count += 1
            if len(batch) >= _JSON_BATCH:
                stream.write("".join(batch))
                batch.clear()
        stream.write("".join(batch))
    return count


# XLSX ----------------------------------------------------------------------------------------

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
    with _binary_target(path_or_stream) as stream:
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
    base = _SHEET_NAME_BAD.sub("_", _ILLEGAL_XML.sub("", name)).strip("'")[:31] or "Sheet"
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
        cell = WriteOnlyCell(worksheet, value=_xlsx_text(title_text))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    worksheet.append(header)

    def typed(row_values: list[object]) -> list[object]:
        # Formula-like text goes in a cell forced to text with the quote prefix; other values
        # are appended bare, which is much faster in openpyxl.
        out = row_values
        for i, value in enumerate(row_values):
            if type(value) is str and (_is_formula_like(value) or value in _XLSX_ERROR_TEXTS):
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


def _xlsx_text(value: object) -> str | None:
    if value is None:
        return None
    text = _csv_value(value)
    if _ILLEGAL_XML.search(text):
        text = _ILLEGAL_XML.sub("", text)
    return text[:_XLSX_MAX_TEXT]


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
    return _xlsx_text(value)


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
    return _xlsx_text(value)


_XLSX_CONVERTERS = {
    "auto": _xlsx_auto,
    "text": _xlsx_text_column,
    "int": _xlsx_int,
    "number": _xlsx_number,
    "date": _xlsx_date,
    "datetime": _xlsx_datetime,
    "bool": _xlsx_auto,
}


def write_bytes_atomic(path: str | os.PathLike[str], content: bytes) -> None:
    """Write a whole file at once, atomically: a reader never sees half of it."""
    with _binary_target(path) as stream:
        stream.write(content)
