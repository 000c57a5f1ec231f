"""Reading observed-accounts files in CSV column by column, fast enough for a million rows.

The csv module reads straight into columns (:class:`ObservedColumns`), in batches, without a dict
or an object per row; JSON and XLSX go through :func:`registry.io.readers.open_table`. A large
CSV file can be cut into parts of whole records (:func:`csv_parts`) that are read side by side.
"""

from __future__ import annotations

import codecs
import csv
import gc
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from registry import i18n
from registry.errors import ValidationError
from registry.io.columns import plan_columns
from registry.io.parts import SPLITTABLE, Part, cut_records
from registry.io.readers import HEAD_BYTES, open_table
from registry.io.sources import detect_source
from registry.io.text import first_undecodable_line, sniff_encoding

COLUMNS = ("platform", "handle", "display_name", "url", "platform_id", "avatar", "first_seen", "source")
SCAN_COLUMNS = ("platform", "handle", "display_name", "url", "avatar")
_SEPARATOR_HINT = re.compile(r'"?sep=(.)"?')  # Excel's optional first line, e.g. "sep=;"

i18n.register(
    {
        "brand.observed_not_utf8": (
            "{file} starts as UTF-8 but is not UTF-8 throughout; the first character it cannot read is on line {line}. Save it as CSV UTF-8 and scan again.",
            "{file} begint als UTF-8 maar is niet overal UTF-8; het eerste teken dat niet te lezen is staat op regel {line}. Sla het op als CSV UTF-8 en scan opnieuw.",
        ),
    }
)


@dataclass
class ObservedColumns:
    """A batch of observed rows, one list per column (PRODUCT.md §5), plus their line numbers."""

    rows: list[int]
    platform: list[str]
    handle: list[str]
    display_name: list[str]
    url: list[str]
    platform_id: list[str]
    avatar: list[str]
    first_seen: list[str]
    source: list[str]
    numbers: list[int] = field(default_factory=list)  # data row numbers: the first row after the header is 1

    def __len__(self) -> int:
        return len(self.rows)


def _csv_encoding(path: str | os.PathLike[str]) -> str | None:
    """The encoding of a CSV file, or None for JSON and XLSX files."""
    from registry.io.readers import read_head

    name = os.fspath(path)
    head = read_head(path)
    suffix = os.path.splitext(name)[1].lower()
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm", ".xls", ".json", ".jsonl", ".ndjson"):
        return None
    encoding = _utf8(head) or sniff_encoding(path, head)[0]
    if head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        return None
    return encoding


def _utf8(head: bytes) -> str | None:
    """'utf-8' or 'utf-8-sig' when the start of a text file is UTF-8, else None.

    The common case is settled from the first bytes: decoding the whole file up front
    (:func:`sniff_encoding` does, to choose between encodings) would cost a read of it. Should a
    later line not be UTF-8 after all, reading stops there with a clear error.
    """
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # Only a character cut off at the end of the head is no reason to doubt the encoding,
        # and only when the head is not the whole file.
        if len(head) < HEAD_BYTES or error.start < len(head) - 3 or error.reason != "unexpected end of data":
            return None
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"


def raw_batches(
    path: str | os.PathLike[str], batch: int, problems: list[tuple[int, str, str]], full: bool, part: Part | None,
    column_map: dict[str, str] | None = None,
) -> Iterator[ObservedColumns]:
    encoding = part.encoding if part is not None else _csv_encoding(path)
    if encoding is None:
        yield from _table_batches(path, batch, problems, column_map)
    else:
        yield from _csv_batches(path, encoding, batch, problems, full, part, column_map)


def _table_batches(
    path: str | os.PathLike[str], batch: int, problems: list[tuple[int, str, str]],
    column_map: dict[str, str] | None = None,
) -> Iterator[ObservedColumns]:
    """JSON and XLSX files, through the registry's general reader."""
    with open_table(path, kind="observed", column_map=column_map) as stream:
        rows = iter(stream)
        while chunk := list(itertools.islice(rows, batch)):
            yield ObservedColumns(
                [line for line, _ in chunk], *([row.get(c, "") for _, row in chunk] for c in COLUMNS)
            )
        problems.extend(stream.problems)


@dataclass(frozen=True)
class _Header:
    delimiter: str
    cells: list[str]
    skipped: int  # blank lines and a "sep=" line before the header
    data_line: int  # the physical line the first record after the header starts on


def _read_header(handle: TextIO, name: str) -> tuple[_Header, Iterator[list[str]]] | None:
    """The header of an open CSV file and a reader placed after it; None for an empty file."""
    skipped = 0
    line = handle.readline()
    while line and not line.strip():
        skipped += 1
        line = handle.readline()
    hint = _SEPARATOR_HINT.fullmatch(line.strip())
    delimiter = hint.group(1) if hint else _delimiter(line)
    if hint:
        skipped += 1
        line = handle.readline()
    if not line.strip():
        return None
    reader = csv.reader(itertools.chain([line], handle), delimiter=delimiter, strict=True)
    try:
        cells = next(reader)
    except csv.Error:
        raise ValidationError("io.quote_unclosed", file=name, line=skipped + 1) from None
    return _Header(delimiter, cells, skipped, skipped + reader.line_num + 1), reader


def _csv_batches(
    path: str | os.PathLike[str],
    encoding: str,
    batch: int,
    problems: list[tuple[int, str, str]],
    full: bool,
    part: Part | None,
    column_map: dict[str, str] | None = None,
) -> Iterator[ObservedColumns]:
    name = os.fspath(path)
    if part is not None:
        encoding = part.part_encoding  # a part starts past any byte-order mark; the header ignores it
    with open(path, encoding=encoding, newline="") as handle:
        found = _read_header(handle, name)
        if found is None:
            return
        header, reader = found
        picked = dict(plan_columns(header.cells, "observed", column_map).picks)
        skipped, start = header.skipped, header.data_line
        if part is not None:
            handle.seek(part.start)  # a line start: a clean place for the decoder to begin
            source = handle if part.lines is None else itertools.islice(handle, part.lines)
            reader = csv.reader(source, delimiter=header.delimiter, strict=True)
            skipped, start = part.first_line - 1, part.first_line
        wanted = COLUMNS if full else SCAN_COLUMNS
        # A column the file lacks is read from column 0 and blanked afterwards: one loop for all files.
        indexes = [picked.get(column, 0) for column in wanted]
        while True:
            lines: list[int] = []
            values: list[list[str]] = [[] for _ in wanted]
            enabled = gc.isenabled()
            gc.disable()  # only strings are made here, nothing to collect; the collector would only slow it
            try:
                start = _fill(reader, indexes, len(header.cells), skipped, start, batch, lines, values, problems, name)
            except UnicodeDecodeError:
                line = first_undecodable_line(path, encoding) or start
                raise ValidationError("brand.observed_not_utf8", file=name, line=line) from None
            finally:
                if enabled:
                    gc.enable()
            if not lines:
                return
            columns = dict(zip(wanted, values, strict=True))
            empty = [""] * len(lines)
            yield ObservedColumns(lines, *(columns[c] if c in picked and c in columns else empty for c in COLUMNS))


def csv_parts(path: str | os.PathLike[str], count: int = 2, *, smallest: int = 1 << 25) -> list[Part] | None:
    """Cut a large CSV file into ``count`` parts of whole records, to be read side by side.

    None when the file is not CSV or cannot be cut (see :func:`registry.io.parts.cut_records`).
    """
    encoding = _csv_encoding(path)
    if encoding not in SPLITTABLE or os.path.getsize(path) < smallest or count < 2 or detect_source(path):
        return None
    with open(path, encoding=encoding, newline="") as handle:
        found = _read_header(handle, os.fspath(path))
    if found is None:
        return None
    return cut_records(path, encoding, found[0].data_line, count, smallest=smallest)


def _fill(reader, indexes, width, skipped, start, batch, lines, values, problems, name) -> int:  # type: ignore[no-untyped-def]
    """Read up to ``batch`` records into ``values`` (one list per column); the next record's line."""
    add_line = lines.append
    adds = [column.append for column in values]
    odd = [0]  # records read but not kept: blank lines, rows with too many cells
    while True:
        wanted = batch - len(lines)
        before = len(lines) + odd[0]
        try:
            if len(indexes) == len(SCAN_COLUMNS):
                # the scan's hot loop: the five columns it uses, spelled out
                (a0, a1, a2, a3, a4), (i0, i1, i2, i3, i4) = adds, indexes
                for cells in itertools.islice(reader, wanted):
                    if len(cells) == width:
                        a0(cells[i0])
                        a1(cells[i1])
                        a2(cells[i2])
                        a3(cells[i3])
                        a4(cells[i4])
                        add_line(start)
                    else:
                        _odd_row(cells, indexes, width, start, adds, add_line, problems, odd)
                    start = skipped + reader.line_num + 1
            else:
                for cells in itertools.islice(reader, wanted):
                    if len(cells) == width:
                        for add, index in zip(adds, indexes, strict=True):
                            add(cells[index])
                        add_line(start)
                    else:
                        _odd_row(cells, indexes, width, start, adds, add_line, problems, odd)
                    start = skipped + reader.line_num + 1
        except csv.Error as error:
            if "end of data" in str(error):
                raise ValidationError("io.quote_unclosed", file=name, line=start) from None
            problems.append((start, "*", i18n.t("io.row_bad_quotes")))
            start = skipped + reader.line_num + 1
            continue
        if len(lines) >= batch or len(lines) + odd[0] - before < wanted:
            return start  # a full batch, or the end of the file


def _odd_row(cells, indexes, width, line, adds, add_line, problems, odd) -> None:  # type: ignore[no-untyped-def]
    """A record with more or fewer cells than the header (a blank line has none)."""
    if not any(cells):
        odd[0] += 1
        return
    if len(cells) > width:
        if any(cell.strip() for cell in cells[width:]):
            problems.append((line, "*", i18n.t("io.row_too_many_cells", count=len(cells), width=width)))
            odd[0] += 1
            return
    else:
        cells = cells + [""] * (width - len(cells))
    for add, index in zip(adds, indexes, strict=True):
        add(cells[index])
    add_line(line)


def _delimiter(header: str) -> str:
    """The separator the header uses most outside quotes: tab, ';' or ','."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {sep: bare.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","
