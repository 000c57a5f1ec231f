"""One run at a time: a lock that two scheduled runs of the same job cannot both hold.

SQLite: an exclusive ``flock`` on a file beside the store (``<store>.<name>.lock``, mode 0600).
PostgreSQL: a session-level advisory lock on a connection of its own, held for the run. Either is
released when the process ends, however it ends, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from registry import i18n
from registry.errors import RegistryError

if TYPE_CHECKING:
    from registry.db import Store

i18n.register(
    {
        "lock.busy": (
            "Another `smreg {name}` is still running on this store; this run did nothing. Try again when it has finished.",
            "Er loopt nog een andere `smreg {name}` op deze registratie; deze run heeft niets gedaan. Probeer het opnieuw als die klaar is.",
        ),
    }
)


class Busy(RegistryError):
    """Another run holds the lock; exit 75 (try again later), as schedulers understand it."""

    exit_code = 75


@contextmanager
def exclusive(store: Store, name: str) -> Iterator[None]:
    """Hold the lock ``name`` for the block, or raise :class:`Busy` at once."""
    path = store.settings.sqlite_path
    if path is not None:
        import fcntl

        lock_path = f"{path}.{name}.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy("lock.busy", name=name) from None
            yield
        finally:
            os.close(fd)
        return
    key = int.from_bytes(hashlib.sha256(f"smreg:{name}".encode()).digest()[:8], "big", signed=True)
    with store.engine.connect() as conn:
        got = conn.exec_driver_sql("SELECT pg_try_advisory_lock(%s)", (key,)).scalar()
        conn.commit()
        if not got:
            raise Busy("lock.busy", name=name)
        try:
            yield
        finally:
            conn.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (key,))
            conn.commit()
