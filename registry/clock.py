"""The one place smreg asks what time it is.

``SMREG_CLOCK`` (an ISO date-time) fixes the clock, so tests and demonstrations record events at
known moments; without it the clock is the system's, in UTC.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def now() -> datetime:
    fixed = os.environ.get("SMREG_CLOCK")
    if fixed:
        moment = datetime.fromisoformat(fixed)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def today() -> date:
    return now().date()


def stamp(moment: datetime | None = None) -> str:
    """A sortable UTC text form of a moment, as the event log stores it."""
    moment = (moment or now()).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
