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

import codecs
import csv
import gc
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from audit.brand.model import ObservedRow
from registry import i18n
from registry.errors import ValidationError
from registry.io.columns import plan_columns
from registry.io.parts import SPLITTABLE, Part, cut_records
from registry.io.readers import HEAD_BYTES, open_table
from registry.io.sources import detect_source
from registry.io.text import first_undecodable_line, sniff_encoding

COLUMNS = ("platform", "handle", "display_name", "url", "platform_id", "avatar", "first_seen", "source")
_SCAN_COLUMNS = ("platform", "handle", "display_name", "url", "avatar")
_BATCH = 1 << 16
# A pasted address: a scheme, or a domain name followed by a path.
_URL_LIKE = re.compile(r"[a-z][a-z0-9+.-]*://|(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?/", re.IGNORECASE)
_SEPARATOR_HINT = re.compile(r'"?sep=(.)"?')  # Excel's optional first line, e.g. "sep=;"

i18n.register(
    {
        "brand.observed_rejected": (
            "{file}: cannot scan {count:row}; the first is line {line} ({column}: {problem}). Fix those rows and scan again.",
            "{file}: niet te scannen: {count:row}; de eerste staat op regel {line} ({column}: {problem}). Herstel die rijen en scan opnieuw.",
        ),
        "brand.observed_not_utf8": (
            "{file} starts as UTF-8 but is not UTF-8 throughout; the first character it cannot read is on line {line}. Save it as CSV UTF-8 and scan again.",
            "{file} begint als UTF-8 maar is niet overal UTF-8; het eerste teken dat niet te lezen is staat op regel {line}. Sla het op als CSV UTF-8 en scan opnieuw.",
        ),
        "brand.observed_no_platform": (
            "the platform is empty",
            "het platform is leeg",
        ),
        "brand.avatar_outside": (
            "the avatar is outside the observed file's folder; put the image beside the file or give its folder with --avatars",
            "de profielfoto staat buiten de map van het bestand; zet de afbeelding naast het bestand of geef de map op met --avatars",
        ),
        "brand.avatar_missing": ("the avatar cannot be looked at (no permission)", "de profielfoto is niet te bekijken (geen toegang)"),
        "brand.avatar_not_file": (
            "the avatar is not a regular file (a folder, device or pipe)",
            "de profielfoto is geen gewoon bestand (maar een map, apparaat of pipe)",
        ),
        "brand.avatar_too_large": (
            "the avatar is larger than {limit} MB, too large for a profile photo",
            "de profielfoto is groter dan {limit} MB, te groot voor een profielfoto",
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
    numbers: list[int] = field(default_factory=list)  # data row numbers: the first row after the header is 1

    def __len__(self) -> int:
        return len(self.rows)


def read_observed(path: str | os.PathLike[str], *, source: str | None = None,
                  skipped: list[tuple[int, str, str]] | None = None, column_map: dict[str, str] | None = None,
                  avatar_dirs: tuple[str, ...] = ()) -> Iterator[ObservedRow]:
    """The observed accounts in ``path`` (CSV or JSON lines, or a tool's export), one row at a time."""
    for batch in read_columns(path, source=source, skipped=skipped, column_map=column_map, avatar_dirs=avatar_dirs):
        yield from map(ObservedRow, batch.rows, *(getattr(batch, c) for c in COLUMNS))


def read_columns(
    path: str | os.PathLike[str], *, batch: int = _BATCH, full: bool = True, part: Part | None = None,
    source: str | None = None, skipped: list[tuple[int, str, str]] | None = None,
    counted: list[int] | None = None, column_map: dict[str, str] | None = None,
    avatar_dirs: tuple[str, ...] = (),
) -> Iterator[ObservedColumns]:
    """The observed accounts in ``path`` in batches of columns; avatars resolved against its folder.

    A username-search or monitoring tool's export (``source`` names it, else its header shows it) is
    read by :mod:`registry.io.sources`; its rows on platforms smreg does not know go to ``skipped``.
    With ``full=False`` only the columns a scan uses are read (platform, handle, display_name,
    url, avatar); the others come back empty. With ``part`` (from :func:`csv_parts`) only the rows
    of that part of a CSV file are read, numbered from 1 within the part. ``counted``, when given,
    gets the number of data rows read appended once the file (or part) is read. ``column_map``
    renames other columns (``--map``); ``avatar_dirs`` are folders besides the file's own that
    avatar paths may point into.

    Raises :class:`ValidationError` for a file that cannot be read as a whole, and
    :class:`ObservedRejected` after the last batch when some rows could not be used.
    """
    name = os.fspath(path)
    problems: list[tuple[int, str, str]] = []
    folder = os.path.dirname(os.path.abspath(name))
    tool = detect_source(path, source) if part is None else None
    raw = _tool_batches(path, tool, batch, skipped) if tool else _raw_batches(path, batch, problems, full, part, column_map)
    number = 0
    for columns in raw:
        if columns.rows:
            columns.numbers = list(range(number + 1, number + 1 + len(columns.rows)))
            number += len(columns.rows)
            yield _checked(columns, folder, problems, COLUMNS if full else _SCAN_COLUMNS, avatar_dirs)
    if counted is not None:
        counted.append(number)
    if problems:
        problems.sort(key=lambda problem: problem[0])
        raise ObservedRejected(name, problems)


def _tool_batches(path, tool, batch, skipped) -> Iterator[ObservedColumns]:  # type: ignore[no-untyped-def]
    from registry.io.sources import batches

    for lines, values in batches(path, tool, batch, skipped):
        empty = [""] * len(lines)
        yield ObservedColumns(lines, *(values.get(c, empty) for c in COLUMNS))


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


def _raw_batches(
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
        wanted = COLUMNS if full else _SCAN_COLUMNS
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
            if len(indexes) == len(_SCAN_COLUMNS):
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


# An avatar larger than this is no profile photo (platforms serve them well under 1 MB).
AVATAR_MAX_BYTES = 8 << 20


def avatar_problem(folder: str, avatar: str, allowed: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """(the avatar's full path, what is wrong with it or None).

    An avatar path is read relative to the observed file's folder, and must stay inside that
    folder or one of the ``allowed`` folders (``../../etc/passwd`` does not), name a regular file
    (not a FIFO, a device or a folder, which could block or flood the reading) and be at most
    :data:`AVATAR_MAX_BYTES` long. Nothing is opened here: only its kind and size are looked at.
    """
    import stat

    path = avatar if os.path.isabs(avatar) else os.path.join(folder, avatar)
    real = os.path.realpath(path)
    roots = [os.path.realpath(root) for root in (folder, *allowed)]
    if not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        return path, i18n.t("brand.avatar_outside")
    try:
        found = os.stat(real)
    except FileNotFoundError:
        return path, None  # nothing to read and nothing to guard against: the import says it is missing
    except OSError:
        return path, i18n.t("brand.avatar_missing")
    if not stat.S_ISREG(found.st_mode):
        return path, i18n.t("brand.avatar_not_file")
    if found.st_size > AVATAR_MAX_BYTES:
        return path, i18n.t("brand.avatar_too_large", limit=AVATAR_MAX_BYTES >> 20)
    return path, None


def _profile_handles(
    columns: ObservedColumns, from_url: set[int], bad: set[int], problems: list[tuple[int, str, str]]
) -> None:
    """Pasted profile URLs and ``@handle`` become handles, by each platform's own parser.

    A link that names no profile of the row's platform (a post, a search, another platform's
    profile) is a problem of the row; rows of a platform smreg does not know keep their text.
    """
    from registry.platforms import observed_handle

    handles, platforms = columns.handle, columns.platform
    known: dict[str, bool] = {}
    for i, handle in enumerate(handles):
        text = handle.strip()
        if not text.startswith("@") and _URL_LIKE.match(text) is None:
            continue  # a handle, even one with a slash in it (company/<name>, or |\/| drawn as an m)
        platform = platforms[i]
        if platform not in known:
            known[platform] = _known_platform(platform)
        if not known[platform]:
            continue
        try:
            handles[i] = observed_handle(platform, text)
        except ValidationError as error:
            problems.append((columns.rows[i], "url" if i in from_url else "handle", str(error)))
            bad.add(i)


def _known_platform(name: str) -> bool:
    from registry.platforms import resolve_platform

    try:
        resolve_platform(name)
    except ValidationError:
        return False
    return True


def _checked(
    columns: ObservedColumns, folder: str, problems: list[tuple[int, str, str]], read: tuple[str, ...],
    allowed: tuple[str, ...] = (),
) -> ObservedColumns:
    """Rows without platform or handle moved to ``problems``; values stripped; avatars resolved.

    A scan (only the scan's columns read) leaves the stripping to the few rows it reports:
    spaces around a handle or name change nothing in its matching form.
    """
    if len(read) == len(COLUMNS):
        for column in read:
            setattr(columns, column, [value.strip() for value in getattr(columns, column)])
    handles = columns.handle
    from_url: set[int] = set()
    if "" in handles:
        for i, (handle, url) in enumerate(zip(handles, columns.url, strict=True)):
            if not handle and url:
                handles[i] = url
                from_url.add(i)
    bad: set[int] = set()
    joined = "\n".join(handles)
    if "/" in joined or "@" in joined:
        _profile_handles(columns, from_url, bad, problems)
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
        resolved: dict[str, tuple[str, str | None]] = {}
        avatars = []
        for i, avatar in enumerate(columns.avatar):
            avatar = avatar.strip()
            if avatar:
                if avatar not in resolved:
                    resolved[avatar] = avatar_problem(folder, avatar, allowed)
                avatar, problem = resolved[avatar]
                if problem is not None and i not in bad:
                    problems.append((columns.rows[i], "avatar", problem))
                    bad.add(i)
            avatars.append(avatar)
        columns.avatar = avatars
    if bad:
        keep = [i for i in range(len(columns.rows)) if i not in bad]
        for column in ("rows", "numbers", *COLUMNS):
            values = getattr(columns, column)
            setattr(columns, column, [values[i] for i in keep])
    return columns
