"""Observed accounts from username-search and monitoring tools: sherlock, maigret, Social Analyzer,
Brandwatch and Meltwater exports, read as the rows of an observed-accounts file (PRODUCT.md §5).

Each format is declared once in :data:`SOURCES`: its name for ``--from``, how its header (or JSON
shape) is recognised, and its reader. A reader yields :class:`SourceRow` values; the platform and
handle always come from the account's URL through the platform table
(:func:`registry.platforms.handle_from_url`), or, for a monitoring tool, from the post's URL's
platform and the author's handle. A URL on a platform smreg does not know is not guessed: it
comes back as a :class:`Skipped` row, listed to the user. Rows of username-search tools (sherlock,
maigret, Social Analyzer) are *unverified*: a name free on a site is often reported as taken, so
such an account stays unverified until a reviewer confirms it. Every row records its source:
the tool and the file.

Nothing here evaluates a spreadsheet formula: sherlock's XLSX writes its URLs as
``=HYPERLINK("…")``, and only the quoted text is taken.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from registry import i18n
from registry.errors import UsageError
from registry.io.text import sniff_delimiter

_HEAD = 1 << 16
_HYPERLINK = re.compile(r'\s*=\s*HYPERLINK\(\s*"((?:[^"]|"")*)"', re.IGNORECASE)

i18n.register(
    {
        "sources.bad_from": (
            "'{name}' is not an observed-accounts format. Use one of: {formats}.",
            "'{name}' is geen vorm voor waargenomen accounts. Gebruik een van: {formats}.",
        ),
        "sources.unknown_platform": (
            "{url} is on a platform smreg does not know; the row was skipped",
            "{url} staat op een platform dat smreg niet kent; de rij is overgeslagen",
        ),
        "sources.no_account": (
            "{url} is not the address of an account",
            "{url} is geen adres van een account",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One account a tool found, in the observed-accounts columns."""

    line: int
    platform: str
    handle: str
    display_name: str = ""
    url: str = ""
    first_seen: str = ""
    source: str = ""
    unverified: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that names no account smreg can place: where, and why."""

    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class Source:
    """A tool's export: its ``--from`` name, the tool, whether its hits need a reviewer, its reader."""

    name: str
    tool: str
    unverified: bool
    read: Callable[[str, Source], Iterator[SourceRow | Skipped]]


def _placed(line: int, url: str, source: Source, file: str, *, author: str = "", display_name: str = "",
            first_seen: str = "", column: str = "url") -> SourceRow | Skipped:
    """The account behind a URL (or the author of a post at that URL), or why there is none."""
    from registry.errors import ValidationError
    from registry.io.profile_urls import account_of_url, site_of_url
    from registry.platforms import parse_handle

    url = url.strip()
    found = account_of_url(url) if url else None
    account_url = url
    if author.strip():  # a post's URL: the account is its author's, at the account's own address
        platform = found[0] if found else site_of_url(url)
        if platform is not None:
            try:
                checked = parse_handle(platform, author.strip())
                found, account_url = (platform, checked.handle), checked.url or url
            except ValidationError:
                pass
    if found is None:
        shown = url[:120] or "''"
        if url and site_of_url(url) is not None:
            return Skipped(line, column, i18n.t("sources.no_account", url=shown))
        return Skipped(line, column, i18n.t("sources.unknown_platform", url=shown))
    return SourceRow(line, found[0], found[1], display_name.strip(), account_url, _day(first_seen),
                     f"{source.tool}: {file}", source.unverified)


_MONTH_FORMS = ("%d-%b-%Y", "%d %b %Y", "%b %d, %Y", "%d/%m/%Y", "%d.%m.%Y")


def _day(text: str) -> str:
    """A tool's date as ISO text where its form is known (``2026-06-03 10:12``, ``03-Jun-2026``); else as given."""
    from datetime import datetime

    text = text.strip()
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return text[:10]
    for form in _MONTH_FORMS:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return text


def hyperlink_text(value: object) -> str:
    """The URL of an ``=HYPERLINK("…")`` cell as written, or the cell's text; never evaluated."""
    text = "" if value is None else str(value)
    match = _HYPERLINK.match(text)
    return match.group(1).replace('""', '"') if match else text


# --- CSV and XLSX tables -----------------------------------------------------------------------


def _encoding(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        return "utf-8" if error.start >= len(head) - 3 else "cp1252"


def _table_rows(path: str) -> Iterator[tuple[int, list[str]]]:
    """Every record of a CSV or XLSX file with its line (row) number, the header included."""
    with open(path, "rb") as handle:
        head = handle.read(_HEAD)
    if head.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        from registry.errors import ValidationError

        # formulas come back as their text (data_only=False): nothing is evaluated
        try:
            book = load_workbook(path, read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
            raise ValidationError("io.xlsx_unreadable", file=os.path.basename(path)) from None
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            number = 0
            while True:
                try:
                    values = next(rows)
                except StopIteration:
                    break
                except Exception:  # a damaged sheet (a shared string out of range, a broken part)
                    raise ValidationError("io.xlsx_unreadable", file=os.path.basename(path)) from None
                number += 1
                yield number, ["" if v is None else str(v) for v in values]
        finally:
            book.close()
        return
    encoding = _encoding(head)
    with open(path, encoding=encoding, newline="") as handle:
        first = handle.readline()
        reader = csv.reader(_chain(first, handle), delimiter=sniff_delimiter(first))
        line = 1
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1


def _chain(first: str, rest: io.TextIOBase) -> Iterator[str]:
    yield first
    yield from rest


def _header_at(rows: list[tuple[int, list[str]]], wanted: set[str]) -> int | None:
    """The index of the first record whose cells include every ``wanted`` name (case-folded)."""
    for index, (_line, cells) in enumerate(rows):
        if wanted <= {c.strip().casefold() for c in cells}:
            return index
    return None


def _head_rows(path: str, count: int = 25) -> list[tuple[int, list[str]]]:
    rows = []
    try:
        for row in _table_rows(path):
            rows.append(row)
            if len(rows) >= count:
                break
    except (csv.Error, UnicodeDecodeError, OSError, ValueError, KeyError):
        return []
    return rows


def _columns(path: str, wanted: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """The records after the header that holds ``wanted``, as {folded column name: cell}."""
    rows = _table_rows(path)
    names: list[str] | None = None
    for line, cells in rows:
        if names is None:
            folded = [c.strip().casefold() for c in cells]
            if wanted <= set(folded):
                names = folded
            continue
        if any(c.strip() for c in cells):
            yield line, dict(zip(names, cells, strict=False))


# --- the formats -------------------------------------------------------------------------------

_SHERLOCK = {"username", "name", "url_main", "url_user", "exists", "http_status", "response_time_s"}
_MAIGRET = {"username", "name", "url_main", "url_user", "exists", "http_status"}
_BRANDWATCH = {"url", "author", "page type"}
_MELTWATER = {"url", "influencer"}


def _username_search(path: str, source: Source) -> Iterator[SourceRow | Skipped]:
    """sherlock and maigret CSV (and sherlock XLSX): one row per site; only ``Claimed`` rows are accounts."""
    file = os.path.basename(path)
    for line, row in _columns(path, {"url_user", "exists"}):  # what --from needs; detection asks for more
        if row.get("exists", "").strip().casefold() != "claimed":
            continue
        yield _placed(line, hyperlink_text(row.get("url_user", "")), source, file, column="url_user")


def _maigret_json(path: str, source: Source) -> Iterator[SourceRow | Skipped]:
    """maigret ``-J simple`` (one object keyed by site) or ``-J ndjson`` (one object per line)."""
    import json

    file = os.path.basename(path)
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    stripped = text.strip()
    try:
        entries = [(1 + i, v) for i, v in enumerate(json.loads(stripped).values())]
    except json.JSONDecodeError:
        entries = [(number, json.loads(line)) for number, line in enumerate(text.splitlines(), start=1)
                   if line.strip()]
    for line, entry in entries:
        if not isinstance(entry, dict):
            continue
        status = entry.get("status") if isinstance(entry.get("status"), dict) else {}
        if str(status.get("status", "Claimed")).casefold() != "claimed":
            continue
        ids = status.get("ids") if isinstance(status.get("ids"), dict) else {}
        url = str(status.get("url") or entry.get("url_user") or "")
        yield _placed(line, url, source, file, display_name=str(ids.get("fullname") or ""), column="status.url")


def _social_analyzer(path: str, source: Source) -> Iterator[SourceRow | Skipped]:
    """Social Analyzer's JSON: ``{"detected": [{link, rate, status, …}], "unknown": […], "failed": […]}``."""
    import json

    file = os.path.basename(path)
    with open(path, encoding="utf-8-sig") as handle:
        data = json.load(handle)
    detected = data.get("detected") if isinstance(data, dict) else None
    for position, item in enumerate(detected or [], start=1):
        if isinstance(item, dict) and str(item.get("status", "good")).casefold() != "bad":
            yield _placed(position, str(item.get("link") or ""), source, file, column="link")


def _brandwatch(path: str, source: Source) -> Iterator[SourceRow | Skipped]:
    """A Brandwatch mention export: the post's Url, its Author and Full Name, its Date."""
    file = os.path.basename(path)
    for line, row in _columns(path, _BRANDWATCH):
        yield _placed(line, row.get("url", ""), source, file, author=row.get("author", ""),
                      display_name=row.get("full name", "") or row.get("fullname", ""),
                      first_seen=row.get("date", "") or row.get("added", ""))


def _meltwater(path: str, source: Source) -> Iterator[SourceRow | Skipped]:
    """A Meltwater export (UTF-16, tabs): the post's URL, its Influencer (the author), its Date."""
    file = os.path.basename(path)
    for line, row in _columns(path, _MELTWATER):
        author = row.get("influencer", "")
        yield _placed(line, row.get("url", ""), source, file, author=author,
                      display_name=row.get("author", "") or "", first_seen=row.get("date", ""))


SOURCES = (
    Source("sherlock", "sherlock", True, _username_search),
    Source("maigret", "maigret", True, _username_search),
    Source("maigret-json", "maigret", True, _maigret_json),
    Source("social-analyzer", "social-analyzer", True, _social_analyzer),
    Source("brandwatch", "brandwatch", False, _brandwatch),
    Source("meltwater", "meltwater", False, _meltwater),
)
_BY_NAME = {s.name: s for s in SOURCES}


def source_names() -> str:
    return ", ".join(s.name for s in SOURCES)


def detect_source(path: str | os.PathLike[str], forced: str | None = None) -> Source | None:
    """The tool that wrote an observed-accounts file, by ``--from`` or by its header; None for smreg's own columns."""
    name = os.fspath(path)
    if forced:
        source = _BY_NAME.get(forced.strip().lower())
        if source is None:
            raise UsageError("sources.bad_from", name=forced, formats=source_names())
        return source
    try:
        with open(name, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return None
    if not head.startswith(b"PK\x03\x04"):
        text = head.decode(_encoding(head), errors="ignore").lstrip("\ufeff \t\r\n")
        if text.startswith("{"):
            if re.search(r'"detected"\s*:', text):
                return _BY_NAME["social-analyzer"]
            if re.search(r'"url_user"\s*:', text) and re.search(r'"status"\s*:', text):
                return _BY_NAME["maigret-json"]
            return None
    rows = _head_rows(name)
    if not rows:
        return None
    if _header_at(rows[:1], _SHERLOCK) is not None:
        return _BY_NAME["sherlock"]
    if _header_at(rows[:1], _MAIGRET) is not None:
        return _BY_NAME["maigret"]
    if _header_at(rows, _BRANDWATCH) is not None:
        return _BY_NAME["brandwatch"]
    if _header_at(rows, _MELTWATER) is not None:
        return _BY_NAME["meltwater"]
    return None


def read_source(path: str | os.PathLike[str], source: Source) -> Iterator[SourceRow | Skipped]:
    return source.read(os.fspath(path), source)


FIELDS = ("platform", "handle", "display_name", "url", "first_seen", "source")


def batches(path: str | os.PathLike[str], source: Source, batch: int,
            skipped: list[tuple[int, str, str]] | None) -> Iterator[tuple[list[int], dict[str, list[str]]]]:
    """A tool's rows in batches of columns (``FIELDS``), with their lines; skipped rows noted in ``skipped``."""
    lines: list[int] = []
    columns: dict[str, list[str]] = {name: [] for name in FIELDS}
    for row in read_source(path, source):
        if isinstance(row, Skipped):
            if skipped is not None:
                skipped.append((row.line, row.column, row.reason))
            continue
        lines.append(row.line)
        for name in FIELDS:
            columns[name].append(getattr(row, name))
        if len(lines) >= batch:
            yield lines, columns
            lines, columns = [], {name: [] for name in FIELDS}
    if lines:
        yield lines, columns


def unverified(source_text: str | None) -> bool:
    """Whether an observed account's recorded source is a username-search tool (its hits need a reviewer)."""
    tool = (source_text or "").partition(":")[0].strip()
    return any(s.unverified and s.tool == tool for s in SOURCES)
