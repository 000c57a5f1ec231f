"""Engines and the driver-level fast paths: SQLite pragmas, PostgreSQL's locks, bulk inserts.

The bottom of the storage layers: ``registry.events``, ``registry.snapshots`` and
``registry.services.keys`` build on this module, and ``registry.db`` (the store and its unit of
work) on all of them; none of them imports ``registry.db`` (a test keeps the direction).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from registry import i18n
from registry.errors import RegistryError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 30_000
# PostgreSQL advisory locks (transaction level): one writer at a time appends to the event log;
# writers of encrypted values hold the key lock shared and key rotation exclusively.
APPEND_LOCK = 7463001
KEY_LOCK = 7463002

i18n.register(
    {
        "store.unreachable": (
            "Cannot open the store at {where}: {reason}. Check the address and that the database server is running.",
            "Kan de registratie op {where} niet openen: {reason}. Controleer het adres en of de databaseserver draait.",
        ),
        "store.busy": (
            "The store is busy with another command and did not free up in time. Try again in a moment.",
            "De registratie is bezig met een andere opdracht en kwam niet op tijd vrij. Probeer het zo opnieuw.",
        ),
        "store.disk_full": (
            "The disk is full, so the change could not be written; the store is unchanged. Free some space and try again.",
            "De schijf is vol, dus de wijziging kon niet worden geschreven; de registratie is ongewijzigd. Maak ruimte vrij en probeer het opnieuw.",
        ),
        "store.readonly": (
            "The store cannot be written ({reason}). Check the file's permissions or your database role.",
            "De registratie kan niet worden beschreven ({reason}). Controleer de bestandsrechten of uw databaserol.",
        ),
    }
)


def redact(url: str) -> str:
    """The store's address without a password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url.split(":///", 1)[-1] if url.startswith("sqlite") else url


_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def make_engine(url: str) -> Engine:
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create_engine(url)
            _engines[url] = engine
        return engine


def _create_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            # Take transaction control away from the sqlite3 module: it would not BEGIN before
            # reads, so we issue BEGIN / BEGIN IMMEDIATE ourselves (SQLAlchemy's documented recipe).
            dbapi_connection.isolation_level = None
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA synchronous=FULL")
            # 64 MiB of page cache: bulk imports touch every index page many times.
            cur.execute("PRAGMA cache_size=-65536")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            write = conn.get_execution_options().get("smreg_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    engine = create_engine(url, pool_pre_ping=False)

    @event.listens_for(engine, "begin")
    def _key_lock(conn):
        # Writers of encrypted values hold the key lock shared, rotation exclusively, from the
        # first statement on (see registry/services/keys.py): taken any later, a writer holding
        # a row that rotation re-encrypts would deadlock with it.
        mode = conn.get_execution_options().get("smreg_key_lock")
        if mode:
            function = "pg_advisory_xact_lock" if mode == "exclusive" else "pg_advisory_xact_lock_shared"
            conn.exec_driver_sql(f"SELECT {function}({KEY_LOCK})")

    return engine


def translate_db_error(exc: Exception, url: str) -> RegistryError | None:
    """Turn a driver error into one clear sentence, or None if it is not one we know."""
    text = str(getattr(exc, "orig", exc) or exc).lower()
    if "database or disk is full" in text or "no space left" in text or "disk full" in text:
        return RegistryError("store.disk_full")
    if "database is locked" in text or "lock timeout" in text:
        return RegistryError("store.busy")
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return RegistryError("store.readonly", reason=text.splitlines()[0][:200])
    if "unable to open database" in text or "connection" in text and "failed" in text:
        return RegistryError("store.unreachable", where=redact(url), reason=text.splitlines()[0][:200])
    return None


def bulk_insert(connection, table, rows: list[dict], columns: list[str] | None = None) -> None:
    """Insert many rows through the driver's executemany, past SQLAlchemy's per-row processing.

    For the hot paths (imports, the event log): tens of thousands of rows a second more. Dates
    go to SQLite as ISO text, the way SQLAlchemy stores them.
    """
    if not rows:
        return
    from datetime import date, datetime

    columns = columns or list(rows[0])
    postgres = connection.dialect.name == "postgresql"
    marker = "%s" if postgres else "?"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    if postgres:
        params = [tuple(row[c] for c in columns) for row in rows]
    else:

        def value(v):
            return v.isoformat() if isinstance(v, date | datetime) else v

        params = [tuple(value(row[c]) for c in columns) for row in rows]
    connection.exec_driver_sql(sql, params)


def bulk_insert_tuples(connection, table: str, columns, tuples: list[tuple]) -> None:
    """Insert prepared tuples (dates already ISO text on SQLite): SQLite's executemany, or
    PostgreSQL's COPY (in the same transaction; several times quicker than row inserts)."""
    if not tuples:
        return
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in tuples:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    connection.exec_driver_sql(sql, tuples)


def sqlite_file(url: str) -> Path | None:
    return Path(url.split(":///", 1)[1]) if url.startswith("sqlite:///") else None
