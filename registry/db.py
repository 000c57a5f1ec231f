"""The store: its settings and engine, the schema version check, and the unit of work.

The top of the storage layers: the engine (SQLite in WAL mode with ``BEGIN IMMEDIATE`` for
writers, PostgreSQL through psycopg 3) lives in ``registry.engine``; the event log, the snapshots'
person keys and the key check, which the unit of work ties together, build on that and never on
this module. A command works inside one :class:`UnitOfWork`: it commits everything or nothing,
and the outermost one logs what was refused while it ran once its own work has rolled back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from registry import i18n, origin
from registry.engine import (
    BUSY_TIMEOUT_MS,
    _engines,  # noqa: F401 - the open engines, which tests and benchmarks dispose of by address
    bulk_insert,
    bulk_insert_tuples,
    make_engine,
    redact,
    sqlite_file,
    translate_db_error,
)
from registry.errors import RegistryError, StoreVersionError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from registry.crypto import Cipher
    from registry.settings import Settings


def _known_revisions() -> tuple[str, ...]:
    """The revisions of the migrations shipped with this code, oldest first (their file names' numbers)."""
    folder = Path(__file__).with_name("migrations") / "versions"
    return tuple(sorted(name[:4] for name in os.listdir(folder) if name[:4].isdigit() and name.endswith(".py")))


# The newest migration this code knows; a test checks it is the migrations' head.
KNOWN_REVISIONS = _known_revisions()
HEAD_REVISION = KNOWN_REVISIONS[-1]

i18n.register(
    {
        "store.missing": (
            "There is no smreg store at {where}. Create one with `smreg init`, or point --db / SMREG_DATABASE_URL at an existing store.",
            "Er is geen smreg-registratie op {where}. Maak er een met `smreg init`, of wijs met --db / SMREG_DATABASE_URL een bestaande registratie aan.",
        ),
        "store.newer": (
            "This store was written by a newer version of smreg (schema {found}). Upgrade smreg before using it; nothing was changed.",
            "Deze registratie is geschreven door een nieuwere versie van smreg (schema {found}). Werk smreg bij voordat u haar gebruikt; er is niets gewijzigd.",
        ),
        "store.older": (
            "This store has an older schema ({found}). Run `smreg db upgrade` (after a backup) and try again.",
            "Deze registratie heeft een ouder schema ({found}). Voer `smreg db upgrade` uit (na een back-up) en probeer het opnieuw.",
        ),
        "store.exists": (
            "A store already exists at {where}; nothing was changed. Use another --db to start a new one.",
            "Er bestaat al een registratie op {where}; er is niets gewijzigd. Gebruik een andere --db voor een nieuwe.",
        ),
    }
)


# The engine's helpers, where the store's callers have always found them (they live one layer down).
__all__ = ["HEAD_REVISION", "KNOWN_REVISIONS", "BUSY_TIMEOUT_MS", "Reader", "Store", "UnitOfWork", "bulk_insert", "bulk_insert_tuples", "bump_version",
           "make_engine", "sqlite_file", "translate_db_error"]


class Store:
    """One registry store: its settings, engine and encryption."""

    def __init__(self, settings: Settings, cipher: Cipher | None = None) -> None:
        self.settings = settings
        self.url = settings.database_url
        self._engine: Engine | None = None
        if cipher is None:
            from registry.crypto import load_cipher

            cipher = load_cipher(settings.key_file, settings.key_env)
        self.cipher = cipher
        cipher.on_first_use = self._check_key

    def _check_key(self, cipher: Cipher) -> None:
        from registry.services import keys

        keys.check_key(self, cipher)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    @property
    def where(self) -> str:
        return redact(self.url)

    @property
    def dialect(self) -> str:
        return "sqlite" if self.settings.is_sqlite else "postgresql"

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """A plain DB-API connection for read-only fast paths (listings, version checks).

        It loads neither SQLAlchemy nor the models, so a listing of ten thousand accounts
        starts in a fraction of the time.
        """
        reader = Reader(self)
        try:
            yield reader
        finally:
            reader.close()

    def exists(self) -> bool:
        path = self.settings.sqlite_path
        if path is not None and not path.exists():
            return False
        return self.revision() is not None

    def revision(self) -> str | None:
        path = self.settings.sqlite_path
        if path is not None and not path.exists():
            return None
        try:
            with self.reader() as reader:
                rows = reader.rows("SELECT version_num FROM alembic_version")
                return rows[0][0] if rows else None
        except RegistryError:
            raise
        except Exception as exc:  # noqa: BLE001 - sqlite3 and psycopg raise different classes
            msg = str(exc).lower()
            if ("no such table" in msg or "does not exist" in msg) and "alembic_version" in msg:
                return None
            error = translate_db_error(exc, self.url)
            if error:
                raise error from None
            raise RegistryError("store.unreachable", where=self.where, reason=str(exc).splitlines()[0][:200]) from None

    def check_version(self) -> None:
        """Refuse a store that is missing, older than this code, or from a newer smreg."""
        found = self.revision()
        if found is None:
            raise RegistryError("store.missing", where=self.where)
        if found == HEAD_REVISION:
            return
        if found in KNOWN_REVISIONS:
            raise StoreVersionError("store.older", found=found)
        raise StoreVersionError("store.newer", found=found)

    def upgrade(self) -> str:
        """Bring the schema to the head revision with Alembic; returns the revision reached."""
        found = self.revision()
        if found is not None and found not in KNOWN_REVISIONS:
            raise StoreVersionError("store.newer", found=found)
        path = self.settings.sqlite_path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        from registry.migrations import run_upgrade

        run_upgrade(self.engine)
        return HEAD_REVISION

    def session(self, *, write: bool, key_lock: str = "shared") -> Session:
        from sqlmodel import Session

        if self.dialect == "sqlite":
            bind = self.engine.execution_options(smreg_write=write)
        else:
            bind = self.engine.execution_options(smreg_key_lock=key_lock) if write else self.engine
        return Session(bind=bind, expire_on_commit=False, autoflush=False)

    def unit_of_work(self, *, actor: str, write: bool = True, key_lock: str = "shared") -> UnitOfWork:
        """``key_lock="exclusive"`` is for key rotation only; every other writer shares it."""
        return UnitOfWork(self, actor=actor, write=write, key_lock=key_lock)


class Reader:
    """A read-only DB-API connection (sqlite3 or psycopg) with ``:name`` parameters on both."""

    def __init__(self, store: Store) -> None:
        self.postgres = not store.settings.is_sqlite
        if self.postgres:
            import psycopg

            conninfo = store.url.replace("postgresql+psycopg://", "postgresql://", 1)
            try:
                self.connection = psycopg.connect(conninfo, autocommit=True)
            except psycopg.OperationalError as exc:
                raise RegistryError("store.unreachable", where=store.where,
                                    reason=str(exc).strip().splitlines()[-1][:200]) from None
        else:
            import sqlite3

            path = store.settings.sqlite_path
            # Read-only, so a listing never creates a file or takes a write lock.
            self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)

    def rows(self, sql: str, params: dict[str, object] | None = None) -> list[tuple]:
        if self.postgres:
            sql = re.sub(r"(?<!:):([a-z_]+)", r"%(\1)s", sql)
        cur = self.connection.cursor()
        try:
            cur.execute(sql, params or {})
            return cur.fetchall()
        finally:
            cur.close()

    def close(self) -> None:
        self.connection.close()


class UnitOfWork:
    """``with store.unit_of_work(actor=...) as uow:`` — rolls back unless ``uow.commit()``."""

    def __init__(self, store: Store, *, actor: str, write: bool, key_lock: str = "shared") -> None:
        self.store = store
        self.actor = actor
        self.write = write
        self.key_lock = key_lock
        self.session: Session | None = None
        self._log = None
        self._person_keys = None

    @property
    def cipher(self) -> Cipher:
        return self.store.cipher

    @property
    def log(self):
        if self._log is None:
            from registry.events import EventLog

            self._log = EventLog(self)
        return self._log

    @property
    def person_keys(self):
        if self._person_keys is None:
            from registry.snapshots import PersonKeys

            self._person_keys = PersonKeys(self)
        return self._person_keys

    def __enter__(self) -> UnitOfWork:
        self._notes = origin.open_notes()
        self.session = self.store.session(write=self.write, key_lock=self.key_lock)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self.session is not None
        try:
            self.session.rollback()
        finally:
            self.session.close()
            notes = origin.close_notes(self._notes)
        # Only the outermost unit of work logs a refusal, once its own transaction is gone: a
        # nested one would wait for the write lock its parent still holds.
        refusal = origin.refusal_of(exc, notes) if notes is not None else None
        if refusal is not None:
            origin.record_refused(self.store, actor=self.actor, **refusal)

    def commit(self) -> None:
        assert self.session is not None
        if self._person_keys is not None:
            self._person_keys.flush()
        if self._log is not None:
            self._log.flush()
        if self.write:
            from registry.services.keys import assert_current

            assert_current(self.session, self.store.cipher)
        try:
            self.session.commit()
        except Exception as exc:  # noqa: BLE001 - mapped to a clear message when we know it
            error = translate_db_error(exc, self.store.url)
            if error:
                raise error from None
            raise


def bump_version(session, row, read_version: int) -> bool:
    """The optimistic version check: raise ``row``'s version only if it is still ``read_version``.

    The bump is its own UPDATE guarded by the version read; on PostgreSQL a concurrent writer of
    the same row waits for the row lock and then finds the version moved on. False means someone
    else changed the row since it was read (the caller refuses, and the transaction rolls back).
    """
    from sqlalchemy import update
    from sqlalchemy.orm.attributes import set_committed_value

    model = type(row)
    result = session.execute(
        update(model)
        .where(model.id == row.id, model.version == read_version)
        .values(version=read_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(row, "version", read_version + 1)
    session.add(row)
    session.flush()
    return True
