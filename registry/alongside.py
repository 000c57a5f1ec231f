"""The table check beside the work it guards: both cores, one refusal.

An audit must not report on tables that disagree with the event log
(:func:`registry.consistency.require`), but the check and the audit each read the whole store.
:func:`checked` runs the check in a forked process while the caller's read-only work runs here,
then refuses exactly as the check alone would, so the audit costs the longer of the two rather
than their sum. Work that writes must not use it: it would write before the check has spoken.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from registry.db import Store

T = TypeVar("T")


def checked(store: Store, work: Callable[[], T]) -> T:
    """``work()``'s result, once the table check run beside it found the tables in step with the log."""
    from registry import consistency

    if "fork" not in multiprocessing.get_all_start_methods():
        consistency.require(store)
        return work()
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_check, args=(store, writer), daemon=True)
    child.start()
    writer.close()
    try:
        value = work()
    except BaseException:
        child.terminate()
        child.join()
        raise
    try:
        outcome = reader.recv()
    except EOFError:  # the process died without an answer: check here instead
        outcome = None
    finally:
        reader.close()
        child.join()
    if isinstance(outcome, BaseException):
        raise outcome
    consistency.require(store, outcome)
    return value


def _check(store: Store, writer) -> None:  # type: ignore[no-untyped-def]
    from registry import consistency

    try:
        store.engine.dispose(close=False)  # the parent's connections stay the parent's
        answer: object = consistency.check(store)
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        answer = error
    try:
        writer.send(answer)
    finally:
        writer.close()
