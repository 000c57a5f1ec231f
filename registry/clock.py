"""The one place smreg asks what time it is.

``SMREG_CLOCK`` (an ISO date-time) fixes the clock so that tests record events at known moments.
It is honoured only where ``SMREG_TEST_CLOCK=1`` is set too, which the test suite does
(``tests/conftest.py``) and the benchmarks do; anywhere else the clock is the system's, in UTC, so
nobody backdates an event by setting one variable. On PostgreSQL the event log takes its time
from the database server (see ``registry.events``).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

SWITCH = "SMREG_TEST_CLOCK"


def fixed() -> datetime | None:
    """The fixed moment of a test run, or None (the real clock)."""
    value = os.environ.get("SMREG_CLOCK") if os.environ.get(SWITCH) == "1" else None
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def now() -> datetime:
    return fixed() or datetime.now(UTC)


def today() -> date:
    return now().date()


def stamp(moment: datetime | None = None) -> str:
    """A sortable UTC text form of a moment, as the event log stores it."""
    moment = (moment or now()).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
