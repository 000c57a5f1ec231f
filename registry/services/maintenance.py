"""Backups of an SQLite store, and bringing one back.

``backup`` copies a live store with SQLite's online backup API, which reads one consistent
snapshot while other processes keep writing (a plain file copy of a store in use can be
corrupt). The copy is one self-contained file (rollback-journal mode, no ``-wal`` beside it),
checked before it is put in place: an smreg store at a known schema with an intact event log.

``restore`` checks a backup the same way, keeps a consistent copy of the store it replaces as
``<store>.before-restore``, and writes the backup into the store through the same backup API in
one transaction, so other processes never see half a store and a crash leaves the old one.
Replacing an existing store needs ``force``.

Every file these write holds the registry's data, so each is created readable by its owner only
(0600), whatever the umask: the backup, a store restored to a new place, the kept
``.before-restore`` copy, and the ``.partial`` files on the way (SQLite gives a database's
``-wal``, ``-shm`` and ``-journal`` files the mode of the database file). A backup that was killed
leaves its ``.partial`` behind; the next backup to the same file removes it first.

PostgreSQL has its own tools for this (``pg_dump`` / ``pg_restore``); see docs/deployment.md.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from registry import i18n
from registry.errors import Conflict, IntegrityError, NotFound, RegistryError, StoreVersionError

if TYPE_CHECKING:
    from registry.db import Store

BEFORE_RESTORE = ".before-restore"
SQLITE_MAGIC = b"SQLite format 3\x00"

i18n.register(
    {
        "backup.postgres": (
            "On PostgreSQL, back up with pg_dump (pg_dump --format=custom --file FILE DATABASE) and restore with pg_restore (pg_restore --clean --if-exists --dbname DATABASE FILE); see docs/deployment.md.",
            "Maak op PostgreSQL een back-up met pg_dump (pg_dump --format=custom --file BESTAND DATABASE) en zet hem terug met pg_restore (pg_restore --clean --if-exists --dbname DATABASE BESTAND); zie docs/deployment.md.",
        ),
        "backup.exists": (
            "{path} already exists; nothing was written. Choose another file name, or add --force to replace it.",
            "{path} bestaat al; er is niets geschreven. Kies een andere bestandsnaam, of voeg --force toe om het te vervangen.",
        ),
        "backup.missing": ("There is no backup file {path}.", "Er is geen back-upbestand {path}."),
        "backup.not_a_store": (
            "{path} is not an smreg store ({reason}); nothing was changed. Give a file made with `smreg db backup`.",
            "{path} is geen smreg-registratie ({reason}); er is niets gewijzigd. Geef een bestand dat met `smreg db backup` is gemaakt.",
        ),
        "backup.newer": (
            "{path} was written by a newer version of smreg (schema {found}); nothing was changed. Upgrade smreg to restore it.",
            "{path} is geschreven door een nieuwere versie van smreg (schema {found}); er is niets gewijzigd. Werk smreg bij om hem terug te zetten.",
        ),
        "backup.broken_log": (
            "The backup's event log does not check out ({reason}); nothing was changed. Use an older backup.",
            "Het gebeurtenissenlogboek van de back-up klopt niet ({reason}); er is niets gewijzigd. Gebruik een oudere back-up.",
        ),
        "backup.other_key": (
            "The backup's protected fields are encrypted with a key that is not in the key file (was the key rotated after this backup?); nothing was changed. Add that older key as an extra line to the key file and restore again.",
            "De beschermde velden van de back-up zijn versleuteld met een sleutel die niet in het sleutelbestand staat (is de sleutel na deze back-up geroteerd?); er is niets gewijzigd. Voeg die oudere sleutel als extra regel toe aan het sleutelbestand en zet de back-up opnieuw terug.",
        ),
        "backup.store_exists": (
            "A store already exists at {where}; nothing was changed. Add --force to replace it (the current store is kept as {kept}).",
            "Er bestaat al een registratie op {where}; er is niets gewijzigd. Voeg --force toe om haar te vervangen (de huidige wordt bewaard als {kept}).",
        ),
        "backup.page_size": (
            "The backup has another page size than the store ({found} against {expected} bytes); move the store aside and restore into a new file.",
            "De back-up heeft een andere paginagrootte dan de registratie ({found} tegen {expected} bytes); zet de registratie opzij en zet de back-up terug in een nieuw bestand.",
        ),
    }
)


@dataclass(frozen=True)
class BackupCheck:
    """What a backup holds: its schema revision and its event log's length and head."""

    path: Path
    revision: str
    events: int
    head_seq: int
    head_hash: str
    kept: Path | None = None


def _require_sqlite(store: Store) -> Path:
    if store.dialect != "sqlite":
        raise RegistryError("backup.postgres")
    return store.settings.sqlite_path


def _fsync(path: Path) -> None:
    """Make a file (or a folder's list of names, after a rename) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    from registry.db import BUSY_TIMEOUT_MS

    if readonly:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)


def private_file(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only, before SQLite writes into it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)  # the mode given to open() is narrowed by the umask, never widened


def _copy(source: Path, target: Path) -> None:
    """A consistent single-file copy of ``source`` at ``target`` (which must not exist)."""
    private_file(target)
    src = _connect(source, readonly=True)
    try:
        dst = _connect(target)
        try:
            # One step: a single read transaction on the source, so the copy is one moment of it
            # even while others write (WAL readers do not block writers).
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    _fsync(target)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(str(path) + suffix)


def inspect(store: Store, path: Path) -> str:
    """Check that ``path`` is an smreg store at a known schema, sealed with a key we hold; its revision."""
    from registry.db import KNOWN_REVISIONS

    try:
        with open(path, "rb") as stream:
            magic = stream.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise NotFound("backup.missing", path=str(path)) from None
    except OSError as exc:
        raise RegistryError("backup.not_a_store", path=str(path), reason=exc.strerror or "unreadable") from None
    if magic != SQLITE_MAGIC:
        raise RegistryError("backup.not_a_store", path=str(path), reason="not an SQLite file")
    conn = _connect(path, readonly=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"alembic_version", "event", "setting"} <= tables:
            raise RegistryError("backup.not_a_store", path=str(path), reason="no smreg tables")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        key_check = conn.execute("SELECT value FROM setting WHERE key = 'key_check'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise RegistryError("backup.not_a_store", path=str(path), reason=str(exc)[:200]) from None
    finally:
        conn.close()
    if row is None:
        raise RegistryError("backup.not_a_store", path=str(path), reason="no schema revision")
    if row[0] not in KNOWN_REVISIONS:
        raise StoreVersionError("backup.newer", path=str(path), found=row[0])
    if key_check is not None and store.cipher.available:
        import json

        from registry.crypto import PREFIX, key_id

        token = json.loads(key_check[0])
        if token.startswith(PREFIX) and token[len(PREFIX):].split(":", 1)[0] not in {key_id(k) for k in store.cipher.keys}:
            raise IntegrityError("backup.other_key")
    return row[0]


def check_backup(store: Store, path: Path) -> BackupCheck:
    """Check that ``path`` is an smreg store at a known schema whose event log verifies."""
    from registry import db, events
    from registry.crypto import Cipher
    from registry.db import Store as StoreClass
    from registry.settings import Settings

    revision = inspect(store, path)
    url = f"sqlite:///{path}"
    settings = Settings(database_url=url, key_file=store.settings.key_file, key_env=store.settings.key_env,
                        signing_dir=store.settings.signing_dir)
    copy = StoreClass(settings, cipher=Cipher(None))
    try:
        result = events.verify(copy, workers=1)
    except IntegrityError as exc:
        raise IntegrityError("backup.broken_log", reason=str(exc)) from None
    finally:
        engine = db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()
    return BackupCheck(path=path, revision=revision, events=result.count, head_seq=result.head_seq, head_hash=result.head_hash)


def backup(store: Store, target: Path, *, force: bool = False) -> BackupCheck:
    """Write a checked, consistent copy of the live store to ``target``."""
    source = _require_sqlite(store)
    # An older schema is fine (a backup before `db upgrade` is the point); a newer one is refused
    # when the copy is checked.
    if not store.exists():
        raise RegistryError("store.missing", where=store.where)
    target = Path(target).expanduser().absolute()
    if target.exists() and not force:
        raise Conflict("backup.exists", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    _remove(partial)
    try:
        _copy(source, partial)
        check = check_backup(store, partial)
        _single_file(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    finally:
        _remove(partial)
    return BackupCheck(path=target, revision=check.revision, events=check.events, head_seq=check.head_seq,
                       head_hash=check.head_hash)


def _single_file(path: Path) -> None:
    """Checking opened the copy in WAL mode; fold it back into one file."""
    conn = _connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    _fsync(path)


def restore(store: Store, source: Path, *, force: bool = False) -> BackupCheck:
    """Replace the store with a checked backup; the replaced store is kept beside it."""
    target = _require_sqlite(store)
    source = Path(source).expanduser().absolute()
    inspect(store, source)  # before copying: a file that is no store at all stops here
    kept = target.with_name(target.name + BEFORE_RESTORE)
    # Any file at the store's place counts, smreg store or not: restore never silently replaces one.
    exists = target.exists()
    if exists and not force:
        raise Conflict("backup.store_exists", where=store.where, kept=str(kept))
    target.parent.mkdir(parents=True, exist_ok=True)
    # Work on a private copy, so a backup being written to meanwhile cannot change under us.
    staged = target.with_name(target.name + ".restore-partial")
    _remove(staged)
    try:
        _copy(source, staged)
        check = check_backup(store, staged)
        _single_file(staged)
        if not exists:
            _remove(target)
            os.replace(staged, target)
            _fsync(target.parent)
            return BackupCheck(path=target, revision=check.revision, events=check.events,
                               head_seq=check.head_seq, head_hash=check.head_hash)
        store.engine.dispose()
        _remove(kept)
        _copy(target, kept)
        _write_into(staged, target)
    finally:
        _remove(staged)
    return BackupCheck(path=target, revision=check.revision, events=check.events, head_seq=check.head_seq,
                       head_hash=check.head_hash, kept=kept)


def _write_into(staged: Path, target: Path) -> None:
    """Copy ``staged`` over the live store ``target`` in one write transaction of the store."""
    src = _connect(staged, readonly=True)
    try:
        dst = _connect(target)
        try:
            found = src.execute("PRAGMA page_size").fetchone()[0]
            expected = dst.execute("PRAGMA page_size").fetchone()[0]
            if found != expected and dst.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                raise RegistryError("backup.page_size", found=found, expected=expected)
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()
