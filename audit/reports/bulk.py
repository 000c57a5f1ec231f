"""Building a large report without pauses for the cyclic garbage collector.

A report of 100,000 accounts creates a few million small objects (facts, rows, findings), all
kept until the file is written and none of them in a reference cycle. Python's cycle collector
would walk them again and again as they pile up — about a third of the report's time — without
freeing anything; reference counting frees them all the same. So report building turns it off
and back on afterwards (or leaves it as it was, when nested), with what was made meanwhile in
the oldest generation, so that turning it on does not set off one long walk over all of it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector for the duration; usable as a decorator."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything made meanwhile counts as young; the collector would walk it all at the next
            # allocation. Moved to the oldest generation first, it is left for the rare full collection.
            gc.freeze()
            gc.enable()
            gc.unfreeze()
