"""Reading observed accounts (PRODUCT.md §5) column by column, fast enough for a million rows.

CSV files (``,``, ``;`` or tab; UTF-8 with or without a byte-order mark, or what
:func:`registry.io.text.sniff_encoding` recognises) are read here with the csv module straight
into columns, in batches, without a dict or an object per row. JSON lines, JSON arrays and XLSX
go through :func:`registry.io.readers.open_table`. Either way the header is matched by
:func:`registry.io.columns.plan_columns`, so the column names (English or Dutch) are the ones
every import accepts, and row numbers are physical line numbers with the header on line 1.

A row without a platform or a handle (or URL) cannot be scanned. Such rows are skipped and,
once every other row has been handed out, reported together in one :class:`ObservedRejected`.
"""

from __future__ import annotations

import csv
import gc
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from registry import i18n
from registry.errors import NotFound, ValidationError
from registry.io.columns import plan_columns
from registry.io.readers import open_table
from registry.io.text import sniff_encoding

from audit.brand.model import ObservedRow

COLUMNS = ("platform", "handle", "display_name", "url", "platform_id", "avatar", "first_seen", "source")
_BATCH = 1 << 16
_HEAD_BYTES = 1 << 16
_PADDED = re.compile(r"[^\S\n]\n|\n[^\S\n]")  # a value that starts or ends with a space
_SEPARATOR_HINT = re.compile(r'"?sep=(.)"?')  # Excel's optional first line, e.g. "sep=;"

i18n.register(
    {
        "brand.observed_rejected": (
            "{file}: {count} row(s) cannot be scanned; the first is line {line} ({column}: {problem}). Fix those rows and scan again.",
            "{file}: {count} rij(en) kunnen niet gescand worden; de eerste is regel {line} ({column}: {problem}). Herstel die rijen en scan opnieuw.",
        ),
        "brand.observed_no_platform": (
            "the platform is empty",
            "het platform is leeg",
        ),
        "brand.observed_no_handle": (
            "the handle and the URL are both empty",
            "de gebruikersnaam en de URL zijn allebei leeg",
        ),
    }
)


class ObservedRejected(ValidationError):
    """An observed-accounts file has rows that cannot be scanned; ``problems`` lists every one."""

    def __init__(self, file: str, problems: list[tuple[int, str, str]]) -> None:
        line, column, problem = problems[0]
        super().__init__(
            "brand.observed_rejected", file=file, count=len(problems), line=line, column=column, problem=problem
        )
        self.problems = problems


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

    def __len__(self) -> int:
        return len(self.rows)


def read_observed(path: str | os.PathLike[str]) -> Iterator[ObservedRow]:
    """The observed accounts in ``path`` (CSV or JSON lines), one row at a time."""
    for batch in read_columns(path):
        yield from map(ObservedRow, batch.rows, *(getattr(batch, c) for c in COLUMNS))


def read_columns(path: str | os.PathLike[str], *, batch: int = _BATCH) -> Iterator[ObservedColumns]:
    """The observed accounts in ``path`` in batches of columns; avatars resolved against its folder.

    Raises :class:`ValidationError` for a file that cannot be read as a whole, and
    :class:`ObservedRejected` after the last batch when some rows could not be used.
    """
    name = os.fspath(path)
    problems: list[tuple[int, str, str]] = []
    folder = os.path.dirname(os.path.abspath(name))
    for columns in _raw_batches(path, batch, problems):
        if columns.rows:
            yield _checked(columns, folder, problems)
    if problems:
        problems.sort(key=lambda problem: problem[0])
        raise ObservedRejected(name, problems)


def _raw_batches(
    path: str | os.PathLike[str], batch: int, problems: list[tuple[int, str, str]]
) -> Iterator[ObservedColumns]:
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise NotFound("io.file_missing", file=name) from None
    except IsADirectoryError:
        raise ValidationError("io.file_is_folder", file=name) from None
    except OSError as error:
        raise ValidationError("io.file_unreadable", file=name, reason=error.strerror or error) from None
    suffix = os.path.splitext(name)[1].lower()
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm", ".xls", ".json", ".jsonl", ".ndjson"):
        yield from _table_batches(path, batch, problems)
        return
    encoding, _notice = sniff_encoding(path, head)
    if head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        yield from _table_batches(path, batch, problems)
        return
    yield from _csv_batches(path, encoding, batch, problems)


def _table_batches(
    path: str | os.PathLike[str], batch: int, problems: list[tuple[int, str, str]]
) -> Iterator[ObservedColumns]:
    """JSON and XLSX files, through the registry's general reader."""
    with open_table(path, kind="observed") as stream:
        rows = iter(stream)
        while chunk := list(itertools.islice(rows, batch)):
            yield ObservedColumns(
                [line for line, _ in chunk], *([row.get(c, "") for _, row in chunk] for c in COLUMNS)
            )
        problems.extend(stream.problems)


def _csv_batches(
    path: str | os.PathLike[str], encoding: str, batch: int, problems: list[tuple[int, str, str]]
) -> Iterator[ObservedColumns]:
    name = os.fspath(path)
    with open(path, encoding=encoding, newline="") as handle:
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
            return
        reader = csv.reader(itertools.chain([line], handle), delimiter=delimiter, strict=True)
        header = next(reader)
        plan = plan_columns(header, "observed")
        width = len(header)
        picked = dict(plan.picks)
        present = [c for c in COLUMNS if c in picked]
        fetch = itemgetter(*(picked[c] for c in present))
        start = skipped + reader.line_num + 1  # physical line where the next record starts
        while True:
            cells_rows: list[tuple[str, ...]] = []
            lines: list[int] = []
            enabled = gc.isenabled()
            gc.disable()  # only tuples of strings are made here; no cycles to collect
            try:
                start = _fill(reader, fetch, width, skipped, start, batch, cells_rows, lines, problems, name)
            finally:
                if enabled:
                    gc.enable()
            if not lines:
                return
            by_column = dict(zip(present, zip(*cells_rows, strict=True), strict=True))
            empty = [""] * len(lines)
            yield ObservedColumns(lines, *(list(by_column.get(c, empty)) for c in COLUMNS))


def _fill(reader, fetch, width, skipped, start, batch, cells_rows, lines, problems, name) -> int:  # type: ignore[no-untyped-def]
    """Read up to ``batch`` records into ``cells_rows``; the line the next record starts on."""
    add_cells, add_line = cells_rows.append, lines.append
    while len(lines) < batch:
        try:
            for cells in reader:
                if len(cells) == width:
                    add_cells(fetch(cells))
                    add_line(start)
                elif any(cells):
                    _odd_row(cells, fetch, width, start, add_cells, add_line, problems)
                start = skipped + reader.line_num + 1
                if len(lines) >= batch:
                    break
            else:
                return start
        except csv.Error as error:
            if "end of data" in str(error):
                raise ValidationError("io.quote_unclosed", file=name, line=start) from None
            problems.append((start, "*", i18n.t("io.row_bad_quotes")))
            start = skipped + reader.line_num + 1
    return start


def _odd_row(cells, fetch, width, line, add_cells, add_line, problems) -> None:  # type: ignore[no-untyped-def]
    """A record with more or fewer cells than the header."""
    if len(cells) > width:
        if any(cell.strip() for cell in cells[width:]):
            problems.append((line, "*", i18n.t("io.row_too_many_cells", count=len(cells), width=width)))
            return
        cells = cells[:width]
    else:
        cells = cells + [""] * (width - len(cells))
    add_cells(fetch(cells))
    add_line(line)


def _delimiter(header: str) -> str:
    """The separator the header uses most outside quotes: tab, ';' or ','."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {sep: bare.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _stripped(values: list[str]) -> list[str]:
    """The values without surrounding spaces, checked for the whole column at once."""
    joined = "\n".join(values)
    if joined[:1].isspace() or joined[-1:].isspace() or _PADDED.search(joined):
        return [v.strip() for v in values]
    return values


def _checked(columns: ObservedColumns, folder: str, problems: list[tuple[int, str, str]]) -> ObservedColumns:
    """Stripped values; rows without platform or handle moved to ``problems``; avatars resolved."""
    for column in COLUMNS:
        setattr(columns, column, _stripped(getattr(columns, column)))
    handles = columns.handle
    if "" in handles:
        for i, (handle, url) in enumerate(zip(handles, columns.url, strict=True)):
            if not handle and url:
                handles[i] = url
    bad: set[int] = set()
    if "" in columns.platform or "" in handles:
        # rows of empty cells are padding (a spreadsheet's trailing rows), not errors
        bad.update(i for i in range(len(handles)) if not any(getattr(columns, c)[i] for c in COLUMNS))
    if "" in columns.platform:
        missing = [i for i, p in enumerate(columns.platform) if not p and i not in bad]
        problems.extend((columns.rows[i], "platform", i18n.t("brand.observed_no_platform")) for i in missing)
        bad.update(missing)
    if "" in handles:
        missing = [i for i, h in enumerate(handles) if not h and i not in bad]
        problems.extend((columns.rows[i], "handle", i18n.t("brand.observed_no_handle")) for i in missing)
        bad.update(missing)
    if any(columns.avatar):
        columns.avatar = [os.path.join(folder, a) if a and not os.path.isabs(a) else a for a in columns.avatar]
    if bad:
        keep = [i for i in range(len(columns.rows)) if i not in bad]
        for column in ("rows", *COLUMNS):
            values = getattr(columns, column)
            setattr(columns, column, [values[i] for i in keep])
    return columns
