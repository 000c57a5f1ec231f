"""Today's audit for pages that show findings, kept while nothing in the registry has changed.

An audit over ten thousand accounts takes a good part of a second; a page must answer in
milliseconds. Every change to the registry appends to the event log, so the log's head names
the registry's state exactly: the result is kept per store, day, language and head, and
recomputed as soon as any of them moves, once for all the requests that ask meanwhile.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from audit import engine
from registry import clock, events, i18n

if TYPE_CHECKING:
    from audit.engine import AuditResult
    from audit.model import Finding
    from registry.db import Store

_kept: dict[tuple[str, str, str], tuple[tuple[int, str], AuditResult]] = {}
# The audit being worked out per key, with the head it is for: requests arriving meanwhile wait
# for that one instead of each running the same audit (under load, after every change).
_running: dict[tuple[str, str, str], tuple[tuple[int, str], threading.Event]] = {}
_lock = threading.Lock()


def today(store: Store) -> AuditResult:
    """The audit of today, as ``smreg audit`` gives it."""
    key = (store.url, clock.today().isoformat(), i18n.get_language())
    head = events.head(store)
    while True:
        with _lock:
            kept = _kept.get(key)
            if kept is not None and kept[0] == head:
                return kept[1]
            running = _running.get(key)
            if running is None or running[0] != head:
                done = threading.Event()
                _running[key] = (head, done)
                break
        running[1].wait()
    try:
        result = engine.run(store)
        with _lock:
            _kept[key] = (head, result)
        return result
    finally:
        with _lock:
            if _running.get(key, (None, None))[1] is done:
                del _running[key]
        done.set()


def open_by_account(result: AuditResult) -> dict[int, list[Finding]]:
    """The open (not waived) findings of each account."""
    out: dict[int, list[Finding]] = {}
    for finding in result.findings:
        if finding.waiver is None and finding.subject.type == "account" and finding.subject.id is not None:
            out.setdefault(finding.subject.id, []).append(finding)
    return out
