"""What the vault readers share: dates in the forms managers write them, and CSV reading."""

from __future__ import annotations

import base64
import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from registry import i18n
from registry.io.vaults import Problem

_EPOCH_0001 = datetime(1, 1, 1, tzinfo=UTC)


_DAYS: dict[str, date | None] = {}


def to_date(value: object) -> date | None:
    """``_to_date`` remembered for text: an export repeats the same stamps."""
    if isinstance(value, str):
        day = _DAYS.get(value, _DAYS)
        if day is _DAYS:
            day = _to_date(value)
            if len(_DAYS) < 100_000:  # bounded: an export of unique stamps must not grow it without end
                _DAYS[value] = day
        return day  # type: ignore[return-value]
    return _to_date(value)


def _to_date(value: object) -> date | None:
    """A manager's timestamp as a date (UTC): ISO 8601 text, epoch seconds or milliseconds, or
    KeePass's base64 seconds since 0001-01-01. None for an empty value; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        if number <= 0:
            return None
        if number > 1e11:  # milliseconds
            number /= 1000
        return datetime.fromtimestamp(number, UTC).date()
    if hasattr(value, "is_integer"):  # ijson's Decimal
        return _to_date(float(value))  # type: ignore[arg-type]
    text = str(value).strip()
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(UTC)
        return stamp.date()
    if len(text) == 12 and text.endswith("="):  # KDBX 4: little-endian seconds since 0001-01-01
        seconds = int.from_bytes(base64.b64decode(text), "little")
        return (_EPOCH_0001 + timedelta(seconds=seconds)).date()
    if len(text) == 10 and text[2] in "-/." and text[5] in "-/.":  # dd-mm-yyyy
        return date(int(text[6:]), int(text[3:5]), int(text[:2]))
    raise ValueError(text)


def dated(value: object, line: int, column: str, problems: list[Problem]) -> date | None:
    """``to_date`` that notes a Problem instead of raising."""
    try:
        return to_date(value)
    except (ValueError, OverflowError, TypeError):
        problems.append(Problem(line, column, i18n.t("vaultfile.bad_date", value=str(value)[:40])))
        return None


def csv_rows(path: str, *, header: bool) -> Iterator[tuple[int, list[str]] | Problem]:
    """The records of a CSV export with the physical line each starts on; the header skipped."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        line = 1
        first = True
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield Problem(line, "*", i18n.t("vaultfile.bad_quotes"))
                return
            start, line = line, reader.line_num + 1
            if first and header:
                first = False
                continue
            first = False
            if not any(cell.strip() for cell in cells):
                continue
            yield start, cells


def urls_of(*values: object) -> tuple[str, ...]:
    """The distinct non-empty URLs among the values (text, or lists of text), in order."""
    seen: list[str] = []
    for value in values:
        for url in value if isinstance(value, list | tuple) else [value]:
            if isinstance(url, str) and url.strip() and url.strip() not in seen:
                seen.append(url.strip())
    return tuple(seen)


def positional_rows(path: str, *, header: bool, width: int) -> Iterator[tuple[int, list[str]] | Problem]:
    """CSV records read by position: a record with fewer than ``width`` cells is a Problem."""
    for entry in csv_rows(path, header=header):
        if isinstance(entry, Problem):
            yield entry
            return
        line, cells = entry
        if len(cells) < width:
            yield Problem(line, "*", i18n.t("vaultfile.too_few_cells", count=len(cells), width=width))
            continue
        yield entry
