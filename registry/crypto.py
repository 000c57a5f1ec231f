"""Encryption of sensitive fields at rest, with a key kept outside the database.

The key file holds one Fernet key per line, the first being the one that encrypts; the others
only decrypt (MultiFernet), which is how ``smreg key rotate`` moves to a new key without a moment
in which a stored value cannot be read. ``SMREG_KEY`` (the same text) takes the place of the file.

Stored ciphertexts carry the prefix ``enc1:``. A value read without the key is shown as locked.
"""

from __future__ import annotations

import os
from pathlib import Path

from registry import i18n
from registry.errors import IntegrityError, RegistryError

PREFIX = "enc1:"
LOCKED = "\u00ablocked\u00bb"

i18n.register(
    {
        "key.missing": (
            "No encryption key was found (looked in SMREG_KEY and {path}). Set SMREG_KEY_FILE to the store's key file, or run `smreg init` for a new store.",
            "Er is geen versleutelingssleutel gevonden (gezocht in SMREG_KEY en {path}). Zet SMREG_KEY_FILE op het sleutelbestand van de registratie, of voer `smreg init` uit voor een nieuwe registratie.",
        ),
        "key.wrong": (
            "The encryption key does not open this store's protected fields. Use the key file that belongs to this store (SMREG_KEY_FILE or SMREG_KEY).",
            "De versleutelingssleutel opent de beschermde velden van deze registratie niet. Gebruik het sleutelbestand dat bij deze registratie hoort (SMREG_KEY_FILE of SMREG_KEY).",
        ),
        "key.unreadable": (
            "The key file {path} is not a valid smreg key file. Restore it from your backup.",
            "Het sleutelbestand {path} is geen geldig smreg-sleutelbestand. Zet het terug uit uw back-up.",
        ),
        "key.locked": ("locked (no key)", "vergrendeld (geen sleutel)"),
    }
)


class KeyMissing(RegistryError):
    """No encryption key is available for a command that needs one."""

    exit_code = 4


def _parse_keys(text: str, source: str) -> list[bytes]:
    from cryptography.fernet import Fernet

    keys = [line.strip().encode() for line in text.splitlines() if line.strip()]
    try:
        for key in keys:
            Fernet(key)
    except (ValueError, TypeError):
        raise IntegrityError("key.unreadable", path=source) from None
    if not keys:
        raise IntegrityError("key.unreadable", path=source)
    return keys


def new_key() -> bytes:
    from cryptography.fernet import Fernet

    return Fernet.generate_key()


def write_key_file(path: Path, keys: list[bytes]) -> None:
    """Write the key file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, b"\n".join(keys) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


class Cipher:
    """Encrypts with the first key, decrypts with any; ``None`` keys means locked."""

    def __init__(self, keys: list[bytes] | None, source: str = "") -> None:
        self.keys = keys
        self.source = source
        self._fernet = None

    @property
    def available(self) -> bool:
        return bool(self.keys)

    def _multi(self):
        if self._fernet is None:
            if not self.keys:
                raise KeyMissing("key.missing", path=self.source)
            from cryptography.fernet import Fernet, MultiFernet

            self._fernet = MultiFernet([Fernet(k) for k in self.keys])
        return self._fernet

    def encrypt(self, value: str | None) -> str | None:
        if value is None or value == "":
            return value
        return PREFIX + self._multi().encrypt(value.encode()).decode()

    def decrypt(self, stored: str | None) -> str | None:
        if stored is None or not stored.startswith(PREFIX):
            return stored
        from cryptography.fernet import InvalidToken

        try:
            return self._multi().decrypt(stored[len(PREFIX) :].encode()).decode()
        except InvalidToken:
            raise IntegrityError("key.wrong") from None

    def reveal(self, stored: str | None) -> str | None:
        """Decrypt for display: a locked field reads as locked instead of failing."""
        if stored is None or not stored.startswith(PREFIX):
            return stored
        if not self.available:
            return i18n.t("key.locked")
        return self.decrypt(stored)

    def rotate(self, stored: str | None) -> str | None:
        if stored is None or not stored.startswith(PREFIX):
            return stored
        from cryptography.fernet import InvalidToken

        try:
            return PREFIX + self._multi().rotate(stored[len(PREFIX) :].encode()).decode()
        except InvalidToken:
            raise IntegrityError("key.wrong") from None


def load_cipher(key_file: Path, key_env: str | None) -> Cipher:
    if key_env:
        return Cipher(_parse_keys(key_env, "SMREG_KEY"), "SMREG_KEY")
    if key_file.exists():
        try:
            text = key_file.read_text()
        except OSError:
            raise IntegrityError("key.unreadable", path=str(key_file)) from None
        return Cipher(_parse_keys(text, str(key_file)), str(key_file))
    return Cipher(None, str(key_file))


def new_data_key() -> bytes:
    """A key of its own for one person's personal data in the event log (crypto-shredding)."""
    return new_key()


def seal(data_key: bytes, plaintext: str) -> str:
    from cryptography.fernet import Fernet

    return Fernet(data_key).encrypt(plaintext.encode()).decode()


def unseal(data_key: bytes, token: str) -> str:
    from cryptography.fernet import Fernet, InvalidToken

    try:
        return Fernet(data_key).decrypt(token.encode()).decode()
    except InvalidToken:
        raise IntegrityError("key.wrong") from None
