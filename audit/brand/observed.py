"""Reading observed accounts (PRODUCT.md §5) column by column, fast enough for a million rows.

CSV files (``,``, ``;`` or tab; UTF-8 with or without a byte-order mark, or what
:func:`registry.io.text.sniff_encoding` recognises) are read by :mod:`audit.brand.csvfile` with
the csv module straight into columns, in batches, without a dict or an object per row. JSON
lines, JSON arrays and XLSX go through :func:`registry.io.readers.open_table`. Either way the header is matched by
:func:`registry.io.columns.plan_columns`, so the column names (English or Dutch) are the ones
every import accepts, and row numbers are physical line numbers with the header on line 1.

A row without a platform or a handle (or URL) cannot be scanned. Such rows are skipped and,
once every other row has been handed out, reported together in one :class:`ObservedRejected`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from audit.brand.csvfile import COLUMNS, SCAN_COLUMNS, ObservedColumns, csv_parts, raw_batches
from audit.brand.forms import lines_of
from audit.brand.model import ObservedRow
from registry import i18n
from registry.errors import ValidationError
from registry.io.parts import Part
from registry.io.sources import detect_source

__all__ = ["COLUMNS", "ObservedColumns", "ObservedRejected", "Part", "csv_parts", "read_columns", "read_observed"]

_BATCH = 1 << 16
# A pasted address: a scheme, or a domain name followed by a path.
_URL_LIKE = re.compile(r"[a-z][a-z0-9+.-]*://|(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?/", re.IGNORECASE)
_URL_MARK = re.compile("[@/]")  # what an address or an @handle has, and most handles have not

i18n.register(
    {
        "brand.observed_rejected": (
            "{file}: cannot scan {count:row}; the first is line {line} ({column}: {problem}). Fix those rows and scan again.",
            "{file}: niet te scannen: {count:row}; de eerste staat op regel {line} ({column}: {problem}). Herstel die rijen en scan opnieuw.",
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
    raw = _tool_batches(path, tool, batch, skipped) if tool else raw_batches(path, batch, problems, full, part, column_map)
    number = 0
    for columns in raw:
        if columns.rows:
            columns.numbers = list(range(number + 1, number + 1 + len(columns.rows)))
            number += len(columns.rows)
            yield _checked(columns, folder, problems, COLUMNS if full else SCAN_COLUMNS, avatar_dirs)
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
    joined = "\n".join(handles)
    if joined.count("\n") == len(handles) - 1:  # the rows with an @ or a / (one search), else all
        rows: Iterable[int] = sorted(lines_of(joined, [found.start() for found in _URL_MARK.finditer(joined)]))
    else:
        rows = range(len(handles))
    for i in rows:
        text = handles[i].strip()
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
