"""Dates as people type them and as smreg shows them.

Files and options use ISO 8601 (``2026-11-24``); imports also take the Dutch way of writing a
date (``24-11-2026``, ``24/11/2026``, ``24.11.2026``, with or without leading zeros). A moment
("as of") given as a bare date means the end of that day, so that "as of 24-11-2026" includes
everything that happened on the 24th.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time

from registry import i18n
from registry.errors import ValidationError

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DUTCH = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_END_OF_DAY = time(23, 59, 59, 999999)

_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
}  # fmt: skip

i18n.register(
    {
        "io.date_invalid": (
            "'{value}' is not a date in a known format. Write it as YYYY-MM-DD (2026-11-24) or DD-MM-YYYY (24-11-2026); DD/MM/YYYY and DD.MM.YYYY also work.",
            "'{value}' is geen datum in een bekende vorm. Schrijf hem als DD-MM-JJJJ (24-11-2026) of JJJJ-MM-DD (2026-11-24); DD/MM/JJJJ en DD.MM.JJJJ werken ook.",
        ),
        "io.date_nonexistent": (
            "The date '{value}' does not exist (day {day} of month {month} in {year}). Check the day and the month.",
            "De datum '{value}' bestaat niet (dag {day} van maand {month} in {year}). Controleer de dag en de maand.",
        ),
        "io.moment_invalid": (
            "'{value}' is not a date or a date and time. Write a date such as 2026-11-24 or 24-11-2026, or a date and time such as 2026-11-24T14:30.",
            "'{value}' is geen datum of datum met tijd. Schrijf een datum zoals 24-11-2026 of 2026-11-24, of een datum met tijd zoals 2026-11-24T14:30.",
        ),
    }
)


@functools.lru_cache(maxsize=4096)  # files repeat their dates; a date is immutable, errors are not kept
def parse_date(text: str) -> date:
    """A calendar date from ISO ``YYYY-MM-DD`` or Dutch ``d-m-yyyy`` (``-``, ``/`` or ``.``)."""
    value = text.strip()
    match = _ISO.fullmatch(value)
    if match:
        year, month, day = match.groups()
    else:
        match = _DUTCH.fullmatch(value)
        if not match:
            raise ValidationError("io.date_invalid", value=value)
        day, _, month, year = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(
            "io.date_nonexistent", value=value, day=int(day), month=int(month), year=int(year)
        ) from None


def parse_moment(text: str) -> datetime:
    """A point in time in UTC: a date means the end of that day; naive times are UTC."""
    value = text.strip()
    try:
        day = parse_date(value)
    except ValidationError as error:
        if error.key == "io.date_nonexistent":
            raise
    else:
        return datetime.combine(day, _END_OF_DAY, tzinfo=UTC)
    moment = _parse_date_time(value)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _parse_date_time(value: str) -> datetime:
    # Only the extended form with a date first: fromisoformat would also take "20261124" as
    # midnight, contradicting "a bare date is the end of that day".
    if _ISO.match(value) and len(value) > 10 and value[10] in "T ":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    # The Dutch date followed by a time: "24-11-2026 14:30".
    day_text, sep, time_text = value.partition(" ")
    if sep and _DUTCH.fullmatch(day_text):
        try:
            return datetime.combine(parse_date(day_text), time.fromisoformat(time_text.strip()))
        except ValueError:
            pass
    raise ValidationError("io.moment_invalid", value=value)


def _language(lang: str | None) -> str:
    return lang or i18n.get_language()


def format_date(d: date | datetime | None, lang: str | None = None) -> str:
    """ISO in English, ``24-11-2026`` in Dutch; empty for no date."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = d.date()
    if _language(lang) == "nl":
        return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"
    return d.isoformat()


def format_date_long(d: date | datetime | None, lang: str | None = None) -> str:
    """``24 november 2026`` in Dutch, ``24 November 2026`` in English; empty for no date."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = d.date()
    months = _MONTHS["nl" if _language(lang) == "nl" else "en"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


def as_date(value: object) -> date | None:
    """A date from a database value: SQLite hands back text for plain SQL, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])
