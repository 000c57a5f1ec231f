"""The append-only, hash-chained event log.

Every change to the registry is one event: ``seq``, ``at``, ``action``, ``subject``, a ``body``
(the actor and a before/after snapshot, canonical JSON), its ``origin`` (where the change came
from: the command line, the web with the client's address, an import with the file's name and
SHA-256, a scheduled run, the demo) and its ``result`` (``done``, or ``refused`` for an attempt
that was turned down, logged without the refused value). The hashed record is the event as one
JSON object, ``{"seq":…,"at":…,"action":…,"subject":…,"body":{…},"origin":{…},"result":"…"}``,
which the database rebuilds from the columns by plain concatenation, so verification never
re-serialises anything: ``hash = SHA-256(previous hash ‖ record)``. Any change to any column
breaks the hash of that entry. ``log verify`` names the first entry that no longer fits.
Entries written before origins were recorded (schema 0009 and older) have neither column, and
their record is the object without those two keys, exactly as it was hashed then; giving such an
entry an origin, or taking one away, breaks its hash like any other edit.

People appear in records only by their random ``ref``; their personal data travels in a
``pii`` field sealed with a key of their own (``person_key``), which erasure destroys. The hash
covers the sealed text, so the chain still verifies after erasure (crypto-shredding).
Secrets never enter a record: vault references and recovery contacts appear as their scheme
and domain only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson

from registry import clock, i18n
from registry.engine import APPEND_LOCK
from registry.errors import IntegrityError
from registry.origin import current_origin

GENESIS = "0" * 64
# How an attempt ended: stable English codes in the log and in JSON (origins: registry.origin).
DONE, REFUSED = "done", "refused"
RESULTS = (DONE, REFUSED)

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
        "log.time_backwards": (
            "The event log's clock went back at entry {seq}: it is dated before the entry before it. Entries were backdated or the store was changed outside smreg; restore it from a backup and investigate.",
            "De klok van het gebeurtenissenlogboek liep terug bij regel {seq}: die is eerder gedateerd dan de regel ervoor. Er zijn regels teruggedateerd of de registratie is buiten smreg om gewijzigd; zet een back-up terug en zoek uit wat er gebeurde.",
        ),
        "log.clock_behind": (
            "This computer's clock ({at}) is behind the newest entry of the event log ({previous}); nothing was changed. Set the clock right and try again.",
            "De klok van deze computer ({at}) loopt achter op de nieuwste regel van het gebeurtenissenlogboek ({previous}); er is niets gewijzigd. Zet de klok goed en probeer het opnieuw.",
        ),
        "log.ok": (
            "The event log is intact: {count:entry}; the last is number {seq} (hash {hash}).",
            "Het logboek is intact: {count:entry}; de laatste is nummer {seq} (hash {hash}).",
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
    """Sorted keys, no spaces, text as it is (not escaped to ASCII): the log's one JSON form.

    orjson writes exactly what the standard library would for the values a body holds, an order
    of magnitude faster (a bulk import writes one body per row); anything it does not take
    (keys that are not text, integers beyond 64 bits, lone surrogates) goes the standard way.
    """
    try:
        return orjson.dumps(value, default=_default_orjson, option=orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def _default_orjson(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot log {type(value).__name__}")


def prefix(seq: int, at: str, action: str, subject: str) -> str:
    return f'{{"seq":{seq},"at":"{at}","action":"{action}","subject":"{subject}","body":'


_NEEDS_ESCAPING = re.compile(r'["\\\x00-\x1f]')


def _check_plain(text: str) -> str:
    # Subjects and actions are written into JSON unescaped, so that the database can rebuild the
    # hashed record by plain concatenation; they never need escaping by construction.
    if _NEEDS_ESCAPING.search(text):
        raise ValueError(f"event subject or action needs JSON escaping: {text!r}")
    return text


def make_body(actor: str, data: dict[str, Any]) -> str:
    return canonical({"actor": actor, "data": data})


def make_record(seq: int, at: str, action: str, subject: str, body: str, origin: str | None = None,
                result: str | None = None) -> str:
    """The exact text that is hashed: the event as one JSON object (``origin`` is canonical JSON).

    An entry from before origins were recorded has neither, and its record ends after the body.
    """
    record = prefix(seq, at, _check_plain(action), _check_plain(subject)) + body
    if origin is None and result is None:
        return record + "}"
    return record + ',"origin":' + origin + ',"result":"' + _check_plain(result) + '"}'


def chain(previous: str, record: str) -> str:
    return hashlib.sha256((previous + record).encode()).hexdigest()


def record_sql(dialect: str, *, with_origin: bool = True) -> str:
    """SQL that rebuilds each row's hashed record from its columns, in the database.

    With only one of origin and result set, the concatenation is NULL: a broken entry. A store
    not yet upgraded to schema 0010 (a backup being restored) has neither column.
    """
    record = ("""'{"seq":' || CAST(seq AS TEXT) || ',"at":"' || at || '","action":"' || action"""
              """ || '","subject":"' || subject || '","body":' || body""")
    if not with_origin:
        return record + " || '}'"
    return (f"""CASE WHEN origin IS NULL AND result IS NULL THEN {record} || '}}'"""
            f""" ELSE {record} || ',"origin":' || origin || ',"result":"' || result || '"}}' END""")


@dataclass(frozen=True)
class LogEntry:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    data: dict[str, Any]
    hash: str
    origin: dict[str, str] | None = None  # None for entries from before origins were recorded
    result: str | None = None


class EventLog:
    """Collects a command's events and writes them, chained, when its unit of work commits."""

    def __init__(self, uow) -> None:
        # ``uow`` is the unit of work (registry.db builds on this module): its session and actor.
        self.uow = uow
        self.pending: list[tuple[str, str, dict[str, Any], str]] = []
        self._head: tuple[int, str] | None = None
        self._at: str | None = None

    def record(self, action: str, subject: str, **data: Any) -> None:
        self.pending.append((_check_plain(action), _check_plain(subject), data, DONE))

    def refused(self, action: str, subject: str, **data: Any) -> None:
        """An attempt that was turned down; ``data`` says why, and never holds the refused value."""
        self.pending.append((_check_plain(action), _check_plain(subject), data, REFUSED))

    def flush(self) -> None:
        if not self.pending:
            return
        actor = self.uow.actor
        bodies = [(action, subject, make_body(actor, data), result) for action, subject, data, result in self.pending]
        self.pending.clear()
        self._write(bodies)

    def append(self, action: str, items: list[tuple[str, str]]) -> None:
        """Write events whose bodies were prepared already (bulk imports), after any pending ones."""
        self.flush()
        self._write([(action, subject, body, DONE) for subject, body in items])

    def _write(self, bodies: list[tuple[str, str, str, str]]) -> None:
        from registry.engine import bulk_insert_tuples

        session = self.uow.session
        assert session is not None
        if self._head is None:
            from sqlalchemy import select

            from registry.models import Event

            if session.get_bind().dialect.name == "postgresql":
                from sqlalchemy import text

                # One writer at a time appends to the chain. Taken last, after the command's own
                # updates, so a concurrent change to the same row is caught by its version check.
                session.execute(text(f"SELECT pg_advisory_xact_lock({APPEND_LOCK})"))
            row = session.execute(select(Event.seq, Event.hash, Event.at).order_by(Event.seq.desc()).limit(1)).first()
            self._head = (row[0], row[1]) if row else (0, GENESIS)
            self._at = _moment(session)
            if row is not None and self._at < row[2]:
                raise IntegrityError("log.clock_behind", at=self._at, previous=row[2])
        seq, previous = self._head
        at = self._at
        origin = canonical(current_origin().as_dict())
        rows = []
        sha256 = hashlib.sha256
        for action, subject, body, result in bodies:
            seq += 1
            previous = sha256((previous + make_record(seq, at, action, subject, body, origin, result)).encode()).hexdigest()
            rows.append((seq, at, action, subject, body, origin, result, previous))
        connection = session.connection()
        columns = ("seq", "at", "action", "subject", "body", "origin", "result", "hash")
        for start in range(0, len(rows), 5000):
            bulk_insert_tuples(connection, "event", columns, rows[start : start + 5000])
        self._head = (seq, previous)


def _moment(session) -> str:
    """When the events are written: the database server's clock on PostgreSQL (read after the
    append lock, so it never runs behind an entry already written), else this computer's."""
    if clock.fixed() is None and session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        return session.execute(text(
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")).scalar()
    return clock.stamp()


def head(store) -> tuple[int, str]:
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


def verify(store, *, workers: int | None = None) -> Verification:
    """Recompute the whole chain; raise IntegrityError naming the first entry that does not fit.

    Each entry is checked against the stored hash of the one before it, so the work splits into
    ranges checked side by side: if every entry fits its predecessor's stored hash, the chain is
    exactly the one recomputed from the start.
    """
    from sqlalchemy import text

    with store.engine.connect() as conn:
        low, high, count = conn.execute(text("SELECT min(seq), max(seq), count(*) FROM event")).one()
        with_origin = _has_origin(conn)
    if not count:
        return Verification(0, 0, GENESIS)
    if low != 1:
        raise IntegrityError("log.broken_gap", seq=low, expected=1)
    workers = workers if workers is not None else (min(os.cpu_count() or 1, 4) if count > 200_000 else 1)
    bounds = [1 + (high * i) // workers for i in range(workers)] + [high + 1]
    ranges = [(bounds[i], bounds[i + 1] - 1) for i in range(workers) if bounds[i] <= bounds[i + 1] - 1]
    if len(ranges) == 1:
        failures = [_verify_range(store.url, *ranges[0], with_origin)]
    else:
        import multiprocessing

        store.engine.dispose()
        with multiprocessing.get_context("fork").Pool(len(ranges)) as pool:
            failures = pool.starmap(_verify_range, [(store.url, a, b, with_origin) for a, b in ranges])
    problems = [f for f in failures if f is not None]
    if problems:
        seq, key, expected = min(problems)
        params = {"seq": seq} if expected is None else {"seq": seq, "expected": expected}
        raise IntegrityError(key, **params)
    with store.engine.connect() as conn:
        head_hash = conn.execute(text("SELECT hash FROM event WHERE seq = :s"), {"s": high}).scalar()
    if count != high:
        raise IntegrityError("log.broken_gap", seq=high, expected=count)
    return Verification(count=count, head_seq=high, head_hash=head_hash)


def _has_origin(conn) -> bool:
    from sqlalchemy import inspect

    return "origin" in {column["name"] for column in inspect(conn).get_columns("event")}


def _verify_range(url: str, first: int, last: int, with_origin: bool = True) -> tuple[int, str, int | None] | None:
    """Check entries ``first``..``last``; the first misfit as (seq, message key, expected seq)."""
    from registry.engine import make_engine

    engine = make_engine(url)
    sha256 = hashlib.sha256
    raw = engine.raw_connection()
    try:
        postgres = engine.dialect.name == "postgresql"
        cur = raw.cursor()
        if first == 1:
            previous, last_at = GENESIS, ""
        else:
            cur.execute("SELECT hash, at FROM event WHERE seq = %s" if postgres else "SELECT hash, at FROM event WHERE seq = ?", (first - 1,))
            row = cur.fetchone()
            if row is None:
                return (first - 1, "log.broken_gap", first - 1)
            previous, last_at = row
        cur.close()
        # A server-side cursor on PostgreSQL, so a million entries stream instead of loading at once.
        cur = raw.cursor(name="smreg_verify") if postgres else raw.cursor()
        marker = "%s" if postgres else "?"
        cur.execute(
            f"SELECT seq, {record_sql(engine.dialect.name, with_origin=with_origin)}, hash, at FROM event"
            f" WHERE seq BETWEEN {marker} AND {marker} ORDER BY seq",
            (first, last),
        )
        expected = first
        while True:
            batch = cur.fetchmany(20000)
            if not batch:
                break
            for seq, record, stored, at in batch:
                if seq != expected:
                    return (seq, "log.broken_gap", expected) if seq > expected else (seq, "log.broken_hash", None)
                if record is None or sha256((previous + record).encode()).hexdigest() != stored:
                    return (seq, "log.broken_hash", None)
                if at < last_at:
                    return (seq, "log.time_backwards", None)
                previous, last_at = stored, at
                expected += 1
        cur.close()
        if expected != last + 1:
            return (expected, "log.broken_gap", expected)
        return None
    finally:
        raw.close()


def entries(store, *, subject: str | None = None, limit: int | None = None, until: str | None = None,
            result: str | None = None) -> Iterator[LogEntry]:
    """The entries of ``store`` (a registry.db.Store), oldest first."""
    from sqlalchemy import select

    from registry.models import Event

    query = select(Event.seq, Event.at, Event.action, Event.subject, Event.body, Event.hash, Event.origin,
                   Event.result).order_by(Event.seq)
    if subject:
        query = query.where(Event.subject == subject)
    if result:
        query = query.where(Event.result == result)
    if until:
        query = query.where(Event.at <= until)
    if limit:
        query = query.order_by(None).order_by(Event.seq.desc()).limit(limit)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    if limit:
        rows.reverse()
    for seq, at, action, subject, body, digest, origin, outcome in rows:
        content = json.loads(body)
        yield LogEntry(seq, at, content["actor"], action, subject, content["data"], digest,
                       json.loads(origin) if origin else None, outcome)
