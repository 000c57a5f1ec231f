"""The store's encryption key: a check value proves the key in use is the store's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry.errors import IntegrityError

if TYPE_CHECKING:
    from registry.db import Store

CHECK_TEXT = "smreg-key-check"


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
