"""The store's encryption key: a check value proves the key in use is the store's own; rotation.

Rotation moves every encrypted value to a new key without a moment in which any value cannot be
read, whatever kills the process (PRODUCT.md §9):

1. the key file is rewritten (atomically) with the new key first and the old key(s) after it;
2. every encrypted value and the key check value are re-encrypted under the new key and the
   ``key.rotated`` event is recorded, in one transaction;
3. the key file is rewritten with the new key alone.

Before step 2 commits, every value is under an old key and the file holds it; after, every value
is under the new key and the file holds that one. The event names key ids only (the first 8 hex
digits of the key's SHA-256, which every stored value already shows), never key material.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from registry import crypto, i18n
from registry.errors import IntegrityError, RegistryError, UsageError

if TYPE_CHECKING:
    from registry.db import Store

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
        "key.old_key_kept": (
            "The store is re-encrypted, but the old key could not be removed from {path} ({reason}). Remove every line but the first from that file.",
            "De registratie is opnieuw versleuteld, maar de oude sleutel kon niet uit {path} worden verwijderd ({reason}). Verwijder alle regels behalve de eerste uit dat bestand.",
        ),
    }
)


def check_key(store: Store, cipher=None) -> None:
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
    # Values another command wrote under an old key while the rotation ran, moved afterwards.
    swept: int = 0
    warnings: list[str] = field(default_factory=list)


def rotate(store: Store, *, actor: str) -> Rotation:
    """Move every encrypted value to a new key (see the module docstring for the crash-safe order)."""
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
    write_keys(path, [new, *old_keys])
    both = Cipher([new, *old_keys], str(path))
    store.cipher = both
    with store.unit_of_work(actor=actor) as uow:
        lock_encrypted_tables(uow.session)
        moved = reencrypt(uow.session, both, keep=new_id)
        write_key_check(uow.session, both)
        uow.log.record("key.rotated", "store", after={"key_id": new_id}, retired=sorted(old_ids), values=moved)
        uow.commit()
    swept = _sweep(store, both, new_id, actor)
    warnings: list[str] = []
    try:
        write_keys(path, [new])
    except RegistryError as exc:
        # The store is rotated and readable; only the old key lingers in the file.
        warnings.append(i18n.t("key.old_key_kept", path=str(path), reason=exc.params.get("reason", "")))
        return Rotation(new_id, tuple(sorted(old_ids)), moved, path, swept, warnings)
    store.cipher = Cipher([new], str(path))
    return Rotation(new_id, tuple(sorted(old_ids)), moved, path, swept, warnings)


def write_keys(path: Path, keys: list[bytes]) -> None:
    """Replace the key file atomically, then make the rename itself durable.

    Without syncing the folder, a power loss after the store committed under a new key could
    bring back the previous key file, which no longer opens the store.
    """
    try:
        crypto.write_key_file(path, keys)
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        written = crypto.load_cipher(path, None).keys
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


def count_foreign(store: Store, key_ids: set[str]) -> int:
    """How many encrypted values name a key that is not among ``key_ids`` (they cannot be read)."""
    from sqlalchemy import bindparam, text

    total = 0
    with store.engine.connect() as conn:
        for table, (_pk, columns) in ENCRYPTED_COLUMNS.items():
            for column in columns:
                sql = text(f"SELECT count(*) FROM {table} WHERE {column} LIKE 'enc1:%' AND substr({column}, 6, 8) NOT IN :ids")
                total += conn.execute(sql.bindparams(bindparam("ids", expanding=True)), {"ids": sorted(key_ids)}).scalar()
    return total


def lock_encrypted_tables(session) -> None:
    """On PostgreSQL, hold other writers of encrypted values off until the rotation commits.

    SQLite needs nothing: the unit of work's ``BEGIN IMMEDIATE`` already admits one writer.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        session.execute(text("LOCK TABLE " + ", ".join(ENCRYPTED_COLUMNS) + ", setting IN EXCLUSIVE MODE"))


def _sweep(store: Store, cipher, new_id: str, actor: str) -> int:
    """Move values that a command started before the rotation wrote under the old key."""
    with store.unit_of_work(actor=actor) as uow:
        moved = reencrypt(uow.session, cipher, keep=new_id)
        if moved:
            uow.commit()
    return moved
