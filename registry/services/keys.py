"""The store's encryption key: a check value proves the key in use is the store's own; rotation.

Rotation moves every encrypted value to a new key without a moment in which any value cannot be
read, whatever kills the process, and the key file changes only once the store has committed:

1. the new key is written (atomically, 0600) to ``<key file>.next``, which every command reads
   as a decrypting key; the key file itself is not touched;
2. in one transaction that holds the key lock (below), every encrypted value and the key check
   value are re-encrypted under the new key, the store is searched for any value still under
   another key (there must be none), and ``key.rotated`` is recorded;
3. after the commit, the same search runs again; only when it finds nothing is the key file
   replaced by the new key alone (otherwise it keeps the old keys after the new one), and the
   ``.next`` file is removed.

A rotation that fails or is refused before its commit removes ``.next`` and leaves the key file
byte for byte as it was. One that stops after its commit leaves ``.next``: every command then
reads the new key from it and, because the store's check value names it, encrypts with it.

The key lock: every command that may write encrypted values takes it shared (PostgreSQL: a
shared transaction-level advisory lock taken when its transaction begins; SQLite: the write lock
of ``BEGIN IMMEDIATE``), and rotation takes it exclusively. Before committing, a writer checks
that the store's current key is the one it encrypted with; a command that loaded the key before
a rotation committed is refused (and changes nothing) instead of leaving values under a key that
is about to be retired. The event names key ids only (the first 8 hex digits of the key's
SHA-256, which every stored value already shows), never key material.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from registry import crypto, i18n
from registry.errors import IntegrityError, RegistryError, UsageError

CHECK_TEXT = "smreg-key-check"

# Every column that holds a value encrypted with the store's key, by table, with the table's
# primary key. A new encrypted column must be listed here, or rotation would leave it behind.
ENCRYPTED_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "account": ("id", ("vault_ref", "recovery_contact", "notes")),
    "person_key": ("ref", ("key",)),
}
_BATCH = 5000

i18n.register(
    {
        "key.rotate_env": (
            "The key comes from SMREG_KEY, which smreg cannot change. Put the key in a key file (SMREG_KEY_FILE), unset SMREG_KEY and rotate again.",
            "De sleutel komt uit SMREG_KEY, en die kan smreg niet wijzigen. Zet de sleutel in een sleutelbestand (SMREG_KEY_FILE), verwijder SMREG_KEY en roteer opnieuw.",
        ),
        "key.file_unwritable": (
            "Cannot write the key file {path} ({reason}); nothing was changed. Check the folder's permissions and free space.",
            "Kan het sleutelbestand {path} niet schrijven ({reason}); er is niets gewijzigd. Controleer de rechten en de vrije ruimte van de map.",
        ),
        "key.foreign_values": (
            "Encrypted with a key that is not in the key file, and so impossible to re-encrypt: {count:protected_value}; nothing was changed. Add the missing key to the key file (one key per line) and rotate again.",
            "Versleuteld met een sleutel die niet in het sleutelbestand staat, en dus niet opnieuw te versleutelen: {count:protected_value}; er is niets gewijzigd. Voeg de ontbrekende sleutel toe aan het sleutelbestand (één sleutel per regel) en roteer opnieuw.",
        ),
        "key.file_not_updated": (
            "The store is re-encrypted under the new key, but the key file {path} could not be rewritten ({reason}). The new key is kept in {pending}: put its line first in the key file, or run `smreg key rotate` again.",
            "De registratie is opnieuw versleuteld met de nieuwe sleutel, maar het sleutelbestand {path} kon niet worden herschreven ({reason}). De nieuwe sleutel staat in {pending}: zet die regel bovenaan in het sleutelbestand, of voer `smreg key rotate` opnieuw uit.",
        ),
        "key.old_values_left": (
            "Still under an old key after the rotation: {count:protected_value}; so the old keys stay in {path} after the new one. Run `smreg key rotate` again.",
            "Na de rotatie nog onder een oude sleutel: {count:protected_value}; dus de oude sleutels blijven na de nieuwe in {path} staan. Voer `smreg key rotate` opnieuw uit.",
        ),
        "key.rotated_meanwhile": (
            "The store's encryption key was rotated while this command ran, so nothing was changed. Run the command again (with the new key file on this computer).",
            "De versleutelingssleutel van de registratie is geroteerd terwijl deze opdracht liep, dus er is niets gewijzigd. Voer de opdracht opnieuw uit (met het nieuwe sleutelbestand op deze computer).",
        ),
    }
)


def check_key(store, cipher=None) -> None:
    """Refuse a key that is not this store's (exit 4) before it encrypts or decrypts anything."""
    cipher = cipher or store.cipher
    if not cipher.available:
        return
    from sqlalchemy import text

    try:
        with store.engine.connect() as conn:
            stored = conn.execute(text("SELECT value FROM setting WHERE key = 'key_check'")).scalar()
    except Exception:  # noqa: BLE001 - no schema yet (a store being created)
        return
    if stored is None:
        return
    import json

    token = json.loads(stored)
    if cipher.decrypt(token) != CHECK_TEXT:
        raise IntegrityError("key.wrong")
    current = _key_of(token)
    if current != cipher.primary_id:
        # The key file lists the store's current key, but not first (a rotation stopped after
        # its commit): encrypt with the one the store uses.
        cipher.promote(current)


def _key_of(token: str) -> str:
    return token[len(crypto.PREFIX) :].split(":", 1)[0]


def assert_current(session, cipher) -> None:
    """Refuse to commit values encrypted with a key the store has rotated away from.

    Runs inside the writer's transaction, which holds the key lock, so no rotation can commit
    between this check and the writer's own commit.
    """
    if not cipher.loaded:
        return
    from sqlalchemy import text

    session.flush()
    stored = session.execute(text("SELECT value FROM setting WHERE key = 'key_check'")).scalar()
    if stored is None:
        return
    import json

    current = _key_of(json.loads(stored))
    if current != cipher.primary_id:
        # A long-running process (the web face) picks the new key up for its next attempt.
        cipher.adopt(current)
        raise IntegrityError("key.rotated_meanwhile")


def write_key_check(session, cipher) -> None:
    import json

    from registry.models import Setting

    row = session.get(Setting, "key_check")
    value = json.dumps(cipher.encrypt(CHECK_TEXT))
    if row is None:
        session.add(Setting(key="key_check", value=value))
    else:
        row.value = value
        session.add(row)


@dataclass(frozen=True)
class Rotation:
    """What ``key rotate`` did: the new key's id, the ids retired, how many values moved."""

    key_id: str
    retired: tuple[str, ...]
    values: int
    key_file: Path
    warnings: list[str] = field(default_factory=list)


def rotate(store, *, actor: str) -> Rotation:
    """Move every encrypted value to a new key (see the module docstring for the order)."""
    from registry.crypto import Cipher, KeyMissing

    settings = store.settings
    if settings.key_env:
        raise UsageError("key.rotate_env")
    cipher = store.cipher
    if not cipher.available:
        raise KeyMissing("key.missing", path=str(settings.key_file))
    check_key(store, cipher)  # a wrong key stops here (exit 4), before anything changes
    old_keys = list(cipher.keys)
    old_ids = {crypto.key_id(k) for k in old_keys}
    foreign = count_foreign(store, old_ids)
    if foreign:
        raise IntegrityError("key.foreign_values", count=foreign)

    new = crypto.new_key()
    new_id = crypto.key_id(new)
    path = settings.key_file
    pending = crypto.pending_path(path)
    write_keys(pending, [new])
    both = Cipher([new, *old_keys], str(path))
    store.cipher = both
    try:
        with store.unit_of_work(actor=actor, key_lock="exclusive") as uow:
            moved = reencrypt(uow.session, both, keep=new_id)
            write_key_check(uow.session, both)
            left = count_foreign(uow.session, {new_id})
            if left:  # no writer can add any while the lock is held; refuse rather than retire
                raise IntegrityError("key.foreign_values", count=left)
            uow.log.record("key.rotated", "store", after={"key_id": new_id}, retired=sorted(old_ids), values=moved)
            uow.commit()
    except BaseException:
        store.cipher = cipher
        _discard(pending)
        raise
    warnings: list[str] = []
    # The proof again, now that the store committed: only then are the old keys retired.
    left = count_foreign(store, {new_id})
    keep = [new] if not left else [new, *old_keys]
    if left:
        warnings.append(i18n.t("key.old_values_left", count=left, path=str(path)))
    try:
        write_keys(path, keep)
    except RegistryError as exc:
        # The store is rotated and readable: the new key is read from the pending file.
        warnings.append(i18n.t("key.file_not_updated", path=str(path), pending=str(pending),
                               reason=exc.params.get("reason", "")))
        return Rotation(new_id, tuple(sorted(old_ids)), moved, path, warnings)
    _discard(pending)
    store.cipher = Cipher(keep, str(path))
    return Rotation(new_id, tuple(sorted(old_ids)), moved, path, warnings)


def _discard(path: Path) -> None:
    import contextlib

    with contextlib.suppress(FileNotFoundError):
        path.unlink()
        _sync_folder(path)


def _sync_folder(path: Path) -> None:
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_keys(path: Path, keys: list[bytes]) -> None:
    """Replace the key file atomically, then make the rename itself durable.

    Without syncing the folder, a power loss after the store committed under a new key could
    bring back the previous key file, which no longer opens the store.
    """
    try:
        crypto.write_key_file(path, keys)
        _sync_folder(path)
        written = crypto.read_key_file(path)
    except OSError as exc:
        raise RegistryError("key.file_unwritable", path=str(path), reason=exc.strerror or type(exc).__name__) from None
    if written != keys:
        raise RegistryError("key.file_unwritable", path=str(path), reason="read back differs")


def _select_sql(table: str, pk: str, columns: tuple[str, ...], *, keep: str | None) -> str:
    """Rows of ``table`` with at least one value encrypted under a key other than ``keep``."""
    tests = []
    for column in columns:
        test = f"({column} LIKE 'enc1:%'"
        if keep:
            test += f" AND {column} NOT LIKE 'enc1:{keep}:%'"
        tests.append(test + ")")
    return f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {' OR '.join(tests)}"


def reencrypt(session, cipher, *, keep: str | None = None) -> int:
    """Re-encrypt every value not yet under ``cipher``'s first key; returns how many moved."""
    from sqlalchemy import text

    moved = 0
    for table, (pk, columns) in ENCRYPTED_COLUMNS.items():
        update = text(f"UPDATE {table} SET " + ", ".join(f"{c} = :c{i}" for i, c in enumerate(columns)) + f" WHERE {pk} = :pk")
        rows = session.execute(text(_select_sql(table, pk, columns, keep=keep))).all()
        batch = []
        for row in rows:
            params = {"pk": row[0]}
            for i, stored in enumerate(row[1:]):
                fresh = cipher.rotate(stored)
                moved += fresh != stored
                params[f"c{i}"] = fresh
            batch.append(params)
            if len(batch) >= _BATCH:
                session.execute(update, batch)
                batch = []
        if batch:
            session.execute(update, batch)
    return moved


def count_foreign(source, key_ids: set[str]) -> int:
    """How many encrypted values name a key that is not among ``key_ids``.

    ``source`` is the store (a fresh connection) or a session (inside its transaction).
    """
    from contextlib import nullcontext

    from sqlalchemy import bindparam, text

    total = 0
    context = source.engine.connect() if hasattr(source, "engine") else nullcontext(source)
    with context as conn:
        for table, (_pk, columns) in ENCRYPTED_COLUMNS.items():
            for column in columns:
                sql = text(f"SELECT count(*) FROM {table} WHERE {column} LIKE 'enc1:%' AND substr({column}, 6, 8) NOT IN :ids")
                total += conn.execute(sql.bindparams(bindparam("ids", expanding=True)), {"ids": sorted(key_ids)}).scalar()
    return total
