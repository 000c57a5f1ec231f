"""The append-only, hash-chained event log.

Every change to the registry is one event. Its ``record`` is canonical JSON that begins with a
fixed prefix (sequence, time, action, subject) so that verification never re-serialises
anything: ``hash = SHA-256(previous hash ‖ record)`` over the stored text, and the prefix is
compared as a string. ``log verify`` names the first entry that no longer fits.

People appear in records only by their random ``ref``; their personal data travels in a
``pii`` field sealed with a key of their own (``person_key``), which erasure destroys. The hash
covers the sealed text, so the chain still verifies after erasure (crypto-shredding).
Secrets never enter a record: vault references and recovery contacts appear as their scheme
and domain only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from registry import clock, i18n
from registry.errors import IntegrityError

if TYPE_CHECKING:
    from registry.db import Store, UnitOfWork

GENESIS = "0" * 64

i18n.register(
    {
        "log.broken_hash": (
            "The event log is broken at entry {seq}: its contents no longer match its hash. The store was changed outside smreg; restore it from a backup and investigate.",
            "Het gebeurtenissenlogboek is verbroken bij regel {seq}: de inhoud past niet meer bij de hash. De registratie is buiten smreg om gewijzigd; zet een back-up terug en zoek uit wat er gebeurde.",
        ),
        "log.broken_gap": (
            "The event log is broken at entry {seq}: entry {expected} is missing. Entries were removed outside smreg; restore the store from a backup.",
            "Het gebeurtenissenlogboek is verbroken bij regel {seq}: regel {expected} ontbreekt. Er zijn regels buiten smreg om verwijderd; zet een back-up van de registratie terug.",
        ),
        "log.broken_columns": (
            "The event log is broken at entry {seq}: its time, action or subject was changed after it was written. Restore the store from a backup and investigate.",
            "Het gebeurtenissenlogboek is verbroken bij regel {seq}: tijd, handeling of onderwerp is na het schrijven gewijzigd. Zet een back-up van de registratie terug en zoek uit wat er gebeurde.",
        ),
        "log.ok": (
            "The event log is intact: {count} entries, head {seq} {hash}.",
            "Het gebeurtenissenlogboek is intact: {count} regels, laatste {seq} {hash}.",
        ),
        "log.erased": ("«erased»", "«gewist»"),
    }
)


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot log {type(value).__name__}")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def prefix(seq: int, at: str, action: str, subject: str) -> str:
    return f'{{"seq":{seq},"at":"{at}","action":{json.dumps(action)},"subject":{json.dumps(subject, ensure_ascii=False)},'


def make_record(seq: int, at: str, actor: str, action: str, subject: str, data: dict[str, Any]) -> str:
    body = canonical({"actor": actor, "data": data})
    return prefix(seq, at, action, subject) + body[1:]


def chain(previous: str, record: str) -> str:
    return hashlib.sha256((previous + record).encode()).hexdigest()


@dataclass(frozen=True)
class LogEntry:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    data: dict[str, Any]
    hash: str


class EventLog:
    """Collects a command's events and writes them, chained, when its unit of work commits."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.pending: list[tuple[str, str, dict[str, Any]]] = []

    def record(self, action: str, subject: str, **data: Any) -> None:
        self.pending.append((action, subject, data))

    def flush(self) -> None:
        if not self.pending:
            return
        from sqlalchemy import insert, select

        from registry.models import Event

        session = self.uow.session
        assert session is not None
        if session.get_bind().dialect.name == "postgresql":
            from sqlalchemy import text

            # One writer at a time appends to the chain. Taken last, after the command's own
            # updates, so a concurrent change to the same row is caught by its version check.
            session.execute(text("SELECT pg_advisory_xact_lock(7463001)"))
        head = session.execute(select(Event.seq, Event.hash).order_by(Event.seq.desc()).limit(1)).first()
        seq, previous = (head[0], head[1]) if head else (0, GENESIS)
        at = clock.stamp()
        rows = []
        for action, subject, data in self.pending:
            seq += 1
            record = make_record(seq, at, self.uow.actor, action, subject, data)
            previous = chain(previous, record)
            rows.append({"seq": seq, "at": at, "action": action, "subject": subject, "record": record, "hash": previous})
        for start in range(0, len(rows), 5000):
            session.execute(insert(Event), rows[start : start + 5000])
        self.pending.clear()


def head(store: Store) -> tuple[int, str]:
    """The last sequence number and hash (0 and the genesis hash for an empty log)."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1")).first()
    return (row[0], row[1]) if row else (0, GENESIS)


@dataclass(frozen=True)
class Verification:
    count: int
    head_seq: int
    head_hash: str


def verify(store: Store) -> Verification:
    """Recompute the whole chain; raise IntegrityError naming the first entry that does not fit."""
    sha256 = hashlib.sha256
    previous = GENESIS
    expected = 1
    count = 0
    raw = store.engine.raw_connection()
    try:
        # A server-side cursor on PostgreSQL, so a million entries stream instead of loading at once.
        cur = raw.cursor(name="smreg_verify") if store.dialect == "postgresql" else raw.cursor()
        cur.execute("SELECT seq, at, action, subject, record, hash FROM event ORDER BY seq")
        while True:
            batch = cur.fetchmany(20000)
            if not batch:
                break
            for seq, at, action, subject, record, stored in batch:
                if seq != expected:
                    raise IntegrityError("log.broken_gap", seq=seq, expected=expected)
                if sha256((previous + record).encode()).hexdigest() != stored:
                    raise IntegrityError("log.broken_hash", seq=seq)
                if not record.startswith(prefix(seq, at, action, subject)):
                    raise IntegrityError("log.broken_columns", seq=seq)
                previous = stored
                expected += 1
                count += 1
        cur.close()
    finally:
        raw.close()
    return Verification(count=count, head_seq=expected - 1, head_hash=previous)


def entries(store: Store, *, subject: str | None = None, limit: int | None = None, until: str | None = None) -> Iterator[LogEntry]:
    from sqlalchemy import select

    from registry.models import Event

    query = select(Event.seq, Event.record, Event.hash).order_by(Event.seq)
    if subject:
        query = query.where(Event.subject == subject)
    if until:
        query = query.where(Event.at <= until)
    if limit:
        query = query.order_by(None).order_by(Event.seq.desc()).limit(limit)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    if limit:
        rows.reverse()
    for seq, record, digest in rows:
        body = json.loads(record)
        yield LogEntry(seq, body["at"], body["actor"], body["action"], body["subject"], body["data"], digest)
