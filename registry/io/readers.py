"""Reading account lists, HR exports and observed accounts from CSV, JSON and XLSX files.

:func:`read_table` reads a whole file into a :class:`Table`; :func:`open_table` hands the rows
out one by one for files too large to hold (a scan of a million observed accounts). Either way
the file is judged as a whole before the first row: a binary file, an unknown encoding, a missing
required column or a quote that never closes is refused with a :class:`ValidationError`, so a
file is read correctly or not at all. Problems of single rows (too many cells, a bad quote, a
JSON line that does not parse) are collected in ``problems`` for the caller's validation, which
reports every bad row at once.

Every value is a stripped string, keyed by canonical column name (see :mod:`registry.io.columns`).
CSV is read here; JSON in :mod:`registry.io.json_table`, XLSX in :mod:`registry.io.xlsx_table`.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from registry import i18n
from registry.errors import NotFound, ValidationError
from registry.io.columns import KINDS, ColumnPlan, looks_like_header, plan_columns
from registry.io.parts import Part
from registry.io.text import sniff_delimiter, sniff_encoding

__all__ = ["KINDS", "Table", "TableStream", "open_table", "read_table"]

Row = tuple[int, dict[str, str]]
Problem = tuple[int, str, str]

HEAD_BYTES = 1 << 16  # what read_head reads: enough to judge a file by its start
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format
_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
_SEPARATOR_HINT = re.compile(r'"?sep=(.)"?')  # Excel's optional first line, e.g. "sep=;"
_WHITESPACE = re.compile(r"\s*")
HEADER_SEARCH = 20  # rows looked at for the header when the first one is a title
# A row that sums the table up ends it: "Totaal", "Total", "Subtotaal", "Aantal medewerkers: 42".
_TOTAL_ROW = re.compile(r"(sub)?tota(a)?l(en|s)?\b|aantal\b|som\b|count\b", re.IGNORECASE)

i18n.register(
    {
        "io.file_missing": (
            "The file {file} does not exist. Check the name and the folder.",
            "Het bestand {file} bestaat niet. Controleer de naam en de map.",
        ),
        "io.file_is_folder": (
            "{file} is a folder, not a file. Give the path of the file itself.",
            "{file} is een map, geen bestand. Geef het pad van het bestand zelf.",
        ),
        "io.file_unreadable": (
            "{file} cannot be read ({reason}). Check that it exists and that you may read it.",
            "{file} kan niet gelezen worden ({reason}). Controleer of het bestaat en of u het mag lezen.",
        ),
        "io.old_excel": (
            "{file} is in the old Excel format (.xls). Save it as .xlsx or as CSV UTF-8 and try again.",
            "{file} is in het oude Excel-formaat (.xls). Sla het op als .xlsx of als CSV UTF-8 en probeer het opnieuw.",
        ),
        "io.quote_unclosed": (
            "{file}: a quote opened on line {line} is never closed, so the rest of the file cannot be read. Check the quotes on that line.",
            "{file}: een aanhalingsteken dat op regel {line} opent wordt nooit gesloten, dus de rest van het bestand is niet te lezen. Controleer de aanhalingstekens op die regel.",
        ),
        "io.csv_broken": (
            "{file} cannot be read as CSV from line {line} on. Check that line, or save the file again as CSV UTF-8.",
            "{file} is vanaf regel {line} niet als CSV te lezen. Controleer die regel, of sla het bestand opnieuw op als CSV UTF-8.",
        ),
        "io.row_too_many_cells": (
            "the row has {count} cells but the header has {width}; check the separators and quotes on this line",
            "de rij heeft {count} cellen maar de kopregel {width}; controleer de scheidingstekens en aanhalingstekens op deze regel",
        ),
        "io.row_bad_quotes": (
            "a quoted cell is followed by other text; put the whole cell between quotes and double any quote inside it",
            "na een cel tussen aanhalingstekens staat nog tekst; zet de hele cel tussen aanhalingstekens en verdubbel elk aanhalingsteken erin",
        ),
        "io.header_row": (
            "Row {line} was taken as the header (found by its column names); what stands above it is not part of the table.",
            "Rij {line} is als kopregel genomen (herkend aan de kolomnamen); wat erboven staat hoort niet bij de tabel.",
        ),
        "io.table_total": (
            "Row {line} ('{text}') ends the table: it and the rows below it were not read as data.",
            "Rij {line} ('{text}') sluit de tabel af: die rij en de rijen eronder zijn niet als gegevens gelezen.",
        ),
    }
)


@dataclass
class Table:
    """The rows of one file, keyed by canonical column names."""

    columns: list[str]
    rows: list[Row]  # (line in the file, or sheet row; the header is line 1) → {column: value}
    notices: list[str]  # rendered texts the user should see (encoding used, columns ignored)
    problems: list[Problem] = field(default_factory=list)  # (line, column or '*', message)
    headers: dict[str, str] = field(default_factory=dict)  # canonical column → the file's own header


class TableStream:
    """Rows handed out one by one; use as a context manager so the file is closed.

    ``problems`` fills as the rows are read. A :class:`ValidationError` raised while iterating
    (a quote that never closes) means the file as a whole is unusable.
    """

    def __init__(
        self,
        columns: list[str],
        notices: list[str],
        problems: list[Problem],
        rows: Iterator[Row],
        close: Callable[[], object] | None = None,
        layout: tuple[str, int] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.columns = columns
        self.headers = headers or {}  # canonical column → the header as the file writes it
        self.notices = notices
        self.problems = problems
        self._rows = rows
        self._close = close or (lambda: None)
        # CSV only: the file's encoding and the physical line its first record starts on, which
        # is what registry.io.parts.cut_records needs to cut the file for parallel reading.
        self.layout = layout

    def __iter__(self) -> Iterator[Row]:
        return self._rows

    @property
    def closed(self) -> bool:
        return self._close is None

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> TableStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_table(path: str | os.PathLike[str], *, kind: str, column_map: dict[str, str] | None = None) -> Table:
    """Read a whole ``kind`` file (one of :data:`KINDS`) from CSV/TSV, JSON (lines) or XLSX."""
    with open_table(path, kind=kind, column_map=column_map) as stream:
        rows = list(stream)
    problems = sorted(stream.problems, key=lambda problem: problem[0])
    return Table(columns=stream.columns, rows=rows, notices=stream.notices, problems=problems, headers=stream.headers)


def open_table(
    path: str | os.PathLike[str], *, kind: str, column_map: dict[str, str] | None = None, part: Part | None = None
) -> TableStream:
    """Check ``path`` as a whole and return its rows as a stream (see :class:`TableStream`).

    With ``part`` (from :func:`registry.io.parts.cut_records` on this CSV file) only the rows of
    that part are handed out; the file was judged as a whole already, when it was cut.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown file kind {kind!r}; expected one of {KINDS}")
    if part is not None:
        return _open_csv(path, part.encoding, kind, column_map, [], part)
    name = os.fspath(path)
    head = read_head(path)
    suffix = os.path.splitext(name)[1].lower()
    if head.startswith(_OLE_MAGIC):
        raise ValidationError("io.old_excel", file=name)
    if head.startswith(_ZIP_MAGIC) or suffix in (".xlsx", ".xlsm"):
        from registry.io.xlsx_table import open_xlsx

        return open_xlsx(path, kind, column_map)

    encoding, notice = sniff_encoding(path, head)
    notices = [notice] if notice else []
    first = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")[:1]
    if first == "{" or suffix in _JSON_LINES_SUFFIXES:
        layout = "lines"
    elif first == "[" or suffix == ".json":
        layout = "array"
    else:
        return _open_csv(path, encoding, kind, column_map, notices)
    from registry.io.json_table import json_table

    return json_table(path, encoding, layout, kind, column_map, notices)


def read_head(path: str | os.PathLike[str]) -> bytes:
    """The first bytes of a file, with a clear error when it is missing, a folder or unreadable."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except FileNotFoundError:
        raise NotFound("io.file_missing", file=name) from None
    except IsADirectoryError:
        raise ValidationError("io.file_is_folder", file=name) from None
    except OSError as error:
        raise ValidationError("io.file_unreadable", file=name, reason=error.strerror or error) from None


def empty_stream(notices: list[str], close: Callable[[], object] | None = None) -> TableStream:
    """A file with no header at all: nothing to read, which is not an error."""
    return TableStream([], notices, [], iter(()), close)


# CSV ----------------------------------------------------------------------------------------


def _open_csv(
    path: str | os.PathLike[str],
    encoding: str,
    kind: str,
    column_map: dict[str, str] | None,
    notices: list[str],
    part: Part | None = None,
) -> TableStream:
    name = os.fspath(path)
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the stream
    try:
        skipped, line = _next_filled_line(handle)
        delimiter = None
        hint = _SEPARATOR_HINT.fullmatch(line.strip())
        if hint:
            delimiter = hint.group(1)
            more, line = _next_filled_line(handle)
            skipped += 1 + more
        if not line:
            handle.close()
            return empty_stream(notices)
        lines, skipped, delimiter = _header_first(handle, line, skipped, delimiter, kind, column_map, notices)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except csv.Error:
            raise ValidationError("io.quote_unclosed", file=name, line=skipped + 1) from None
        plan = plan_columns(header, kind, column_map)
        problems: list[Problem] = []
        layout = (encoding, skipped + reader.line_num + 1)
        if part is not None:
            handle.close()
            handle = open(path, encoding=part.part_encoding, newline="")  # noqa: SIM115 - closed by the stream
            handle.seek(part.start)  # a line start: a clean place for the decoder to begin
            source = handle if part.lines is None else itertools.islice(handle, part.lines)
            reader = csv.reader(source, delimiter=reader.dialect.delimiter, strict=True)
            skipped = part.first_line - 1
        notices = notices + plan.notices
        end = TableEnd(notices, active=part is None)
        rows = _csv_rows(reader, skipped, plan, len(header), problems, name, end)
        return TableStream(plan.columns, notices, problems, rows, handle.close, layout, plan.headers)
    except BaseException:
        handle.close()
        raise


def _next_filled_line(lines: Iterable[str]) -> tuple[int, str]:
    """(blank lines skipped, the first line with something on it, or '' at the end)."""
    skipped = 0
    for line in lines:
        if line.strip():
            return skipped, line
        skipped += 1
    return skipped, ""


def _header_first(
    handle: Iterator[str], line: str, skipped: int, delimiter: str | None, kind: str,
    column_map: dict[str, str] | None, notices: list[str],
) -> tuple[Iterator[str], int, str]:
    """The lines from the header on, the lines before it, and the separator.

    The first filled line is the header unless it does not look like one (a title, a date)
    and one of the next lines does: spreadsheets are often saved with a title above the table.
    """
    def cells(text: str) -> tuple[list[str], str]:
        sep = delimiter or sniff_delimiter(text)
        try:
            return next(csv.reader([text], delimiter=sep)), sep
        except (csv.Error, StopIteration):
            return [], sep

    first, sep = cells(line)
    if looks_like_header(first, kind, column_map):
        return itertools.chain([line], handle), skipped, sep
    looked: list[str] = []
    for candidate in itertools.islice(handle, HEADER_SEARCH):
        looked.append(candidate)
        if not candidate.strip():
            continue
        found, found_sep = cells(candidate)
        if looks_like_header(found, kind, column_map):
            at = skipped + 1 + len(looked)  # the header's line
            notices.append(i18n.t("io.header_row", line=at))
            return itertools.chain([candidate], handle), at - 1, found_sep
    return itertools.chain([line], looked, handle), skipped, sep


class TableEnd:
    """Tells the rows of the table from a row that sums it up below it ("Totaal", "Aantal: 42").

    Such a row, once data has been read, ends the table; the user is told which row it was.
    Parts of a file read side by side do not look for it (a part does not know whether data came
    before it): there such a row is checked as data and refused as a bad row, never taken.
    """

    starts = frozenset("tTsSaAcC")

    def __init__(self, notices: list[str], *, active: bool = True) -> None:
        self.notices = notices
        self.data = False  # a "Totaal" before the first row of data is a row like any other
        self.active = active

    def total(self, line: int, cells: Sequence[object]) -> bool:
        if not self.data or not self.active:
            return False
        for cell in cells:
            if cell is None or cell == "":
                continue
            text = cell.strip() if isinstance(cell, str) else ""
            if text[:1] in self.starts and _TOTAL_ROW.match(text):
                self.notices.append(i18n.t("io.table_total", line=line, text=text[:40]))
                return True
            return False
        return False


def _csv_rows(
    reader: Any,  # a csv reader: iterable of cell lists with a line_num
    skipped: int,
    plan: ColumnPlan,
    width: int,
    problems: list[Problem],
    name: str,
    end: TableEnd,
) -> Iterator[Row]:
    """The data rows, numbered by the physical line each record starts on, up to the table's end."""
    shape = plan.shaper()
    last = reader.line_num
    starts = end.starts
    while True:
        try:
            # The loop is restarted after a bad row, which keeps the per-row work free of try.
            for cells in reader:
                line = skipped + last + 1
                last = reader.line_num
                # Empty extra cells are harmless (spreadsheets add trailing separators); text
                # there means the columns have shifted and every value may be in the wrong place.
                if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                    problems.append(
                        (line, "*", i18n.t("io.row_too_many_cells", count=len(cells), width=width))
                    )
                    continue
                if len(cells) == 1 and cells[0] == "\x1a":
                    continue  # the end-of-file mark old DOS and Windows tools still append
                first = cells[0] if cells else ""
                if (not first or first[:1] in starts) and end.total(line, cells):
                    break
                row = shape(cells)
                if any(row.values()):
                    end.data = True
                    yield line, row
            return
        except csv.Error as error:
            line = skipped + last + 1
            last = reader.line_num
            message = str(error)
            if "expected after" in message:
                problems.append((line, "*", i18n.t("io.row_bad_quotes")))
                continue
            if "end of data" in message:
                raise ValidationError("io.quote_unclosed", file=name, line=line) from None
            raise ValidationError("io.csv_broken", file=name, line=line) from None


# JSON ---------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A typed cell (spreadsheet or JSON) as text: dates in ISO, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds" if not value.microsecond else "microseconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def number_text(value: float) -> str:
    # 10234.0 is how spreadsheets and JSON tools hand back an employee number.
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
