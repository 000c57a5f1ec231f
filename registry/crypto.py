"""Encryption of sensitive fields at rest, with a key kept outside the database.

The key file holds one 256-bit key per line (URL-safe base64), the first being the one that
encrypts; the others only decrypt, which is how ``smreg key rotate`` moves to a new key without
a moment in which a stored value cannot be read. ``SMREG_KEY`` (the same text) takes the place
of the file. Values are sealed with AES-256-GCM (``cryptography``'s AESGCM): authenticated like
Fernet, and fast enough to encrypt a 100,000-row import in a fraction of a second.

Stored ciphertexts carry the prefix ``enc1:``. A value read without the key is shown as locked.

A rotation under way keeps its new key in ``<key file>.next`` until the store has committed and
the key file holds it; that file's keys are read too (decrypting only), so a rotation stopped at
any point never leaves a value that no key opens.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from registry import i18n
from registry.errors import IntegrityError, RegistryError

PREFIX = "enc1:"
_URL_SAFE = bytes.maketrans(b"+/", b"-_")
_FROM_URL_SAFE = bytes.maketrans(b"-_", b"+/")


def _b64url(text: str | bytes) -> bytes:
    """URL-safe base64 decoded as base64.urlsafe_b64decode does, without its per-call overhead."""
    data = text.encode("ascii") if isinstance(text, str) else text
    return binascii.a2b_base64(data.translate(_FROM_URL_SAFE) + b"=" * (-len(data) % 4))


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
        "key.exposed": (
            "The key file {path} can be read by other users of this computer (mode {mode}), and whoever reads it can open every protected field; run `chmod 600 {quoted}`.",
            "Het sleutelbestand {path} is leesbaar voor andere gebruikers van deze computer (rechten {mode}), en wie het leest kan elk beschermd veld openen; voer `chmod 600 {quoted}` uit.",
        ),
    }
)


class KeyMissing(RegistryError):
    """No encryption key is available for a command that needs one."""

    exit_code = 4


def _decode_key(line: bytes) -> bytes:
    raw = _b64url(line)
    if len(raw) != 32:
        raise ValueError("key length")
    return raw


def _parse_keys(text: str, source: str) -> list[bytes]:
    keys = [line.strip().encode() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    try:
        for key in keys:
            _decode_key(key)
    except (ValueError, TypeError, binascii.Error):
        raise IntegrityError("key.unreadable", path=source) from None
    if not keys:
        raise IntegrityError("key.unreadable", path=source)
    return keys


def new_key() -> bytes:
    """A new 256-bit key, as the key file stores it (URL-safe base64)."""
    return base64.urlsafe_b64encode(os.urandom(32))


def key_id(key: bytes) -> str:
    return hashlib.sha256(_decode_key(key)).hexdigest()[:8]


def pending_path(path: Path) -> Path:
    """Where a rotation keeps its new key until the key file holds it."""
    return path.with_name(path.name + ".next")


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
    """AES-256-GCM with the first key; decrypts with whichever key a value names. No keys: locked.

    A stored value is ``enc1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>``. The key id (the
    first 8 hex digits of the key's SHA-256) lets rotation keep old keys for reading only.
    """

    def __init__(self, keys: list[bytes] | None, source: str = "") -> None:
        self.keys = keys
        self.source = source
        self._aead: dict[str, object] | None = None
        self._primary: str | None = None
        # Called once, when the keys are first used: the store checks they are its own.
        self.on_first_use = None
        # What the user should hear about the key file (once per command; see ``exposed``).
        self.warnings: list[str] = []

    @property
    def available(self) -> bool:
        return bool(self.keys)

    @property
    def loaded(self) -> bool:
        """Whether this process has used the keys (and so may have encrypted with them)."""
        return self._aead is not None

    @property
    def primary_id(self) -> str | None:
        self._load()
        return self._primary

    def promote(self, kid: str) -> None:
        """Encrypt with the key ``kid`` from now on: the store says it is the current one."""
        self._load()
        self.keys.sort(key=lambda k: key_id(k) != kid)
        self._primary = kid

    def adopt(self, kid: str) -> None:
        """After a rotation elsewhere: read the key file again and encrypt with ``kid`` if it is there."""
        self._refresh()
        if kid in self._aead:
            self.promote(kid)

    def _refresh(self) -> bool:
        """Read the key file again for keys added since (another process rotated); any new?"""
        path = Path(self.source) if self.source and self.source != "SMREG_KEY" else None
        if path is None or self._aead is None:
            return False
        try:
            fresh = _read_keys(path)
        except (OSError, IntegrityError):
            return False
        added = False
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        for key in fresh:
            kid = key_id(key)
            if kid not in self._aead:
                self._aead[kid] = AESGCM(_decode_key(key))
                self.keys.append(key)
                added = True
        return added

    def _load(self) -> dict[str, object]:
        if self._aead is None:
            if not self.keys:
                raise KeyMissing("key.missing", path=self.source)
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            self._aead = {key_id(k): AESGCM(_decode_key(k)) for k in self.keys}
            self._primary = key_id(self.keys[0])
            hook, self.on_first_use = self.on_first_use, None
            if hook is not None:
                hook(self)
        return self._aead

    def prepare(self) -> None:
        """Load the keys now, with the store's check of them, if there are any.

        Called before forking worker processes: they must never run the check themselves, as it
        reads the store through a connection that belongs to this process.
        """
        if self.available:
            self._load()

    def encrypt(self, value: str | None) -> str | None:
        if value is None or value == "":
            return value
        aead = self._load()[self._primary]
        nonce = os.urandom(12)
        sealed = binascii.b2a_base64(nonce + aead.encrypt(nonce, value.encode(), None), newline=False)
        # URL-safe base64, as base64.urlsafe_b64encode writes it, without its per-call overhead
        return f"{PREFIX}{self._primary}:{sealed.translate(_URL_SAFE).decode()}"

    def decrypt(self, stored: str | None) -> str | None:
        if stored is None or not stored.startswith(PREFIX):
            return stored
        from cryptography.exceptions import InvalidTag

        kid, _, sealed = stored[len(PREFIX) :].partition(":")
        aead = self._load().get(kid)
        if aead is None and self._refresh():
            aead = self._aead.get(kid)
        if aead is None:
            raise IntegrityError("key.wrong")
        try:
            raw = _b64url(sealed)
            return aead.decrypt(raw[:12], raw[12:], None).decode()
        except (InvalidTag, ValueError, binascii.Error):
            raise IntegrityError("key.wrong") from None

    def reveal(self, stored: str | None) -> str | None:
        """Decrypt for display: a locked field reads as locked instead of failing."""
        if stored is None or not stored.startswith(PREFIX):
            return stored
        if not self.available:
            return i18n.t("key.locked")
        return self.decrypt(stored)

    def rotate(self, stored: str | None) -> str | None:
        """Re-encrypt under the first key (a no-op for values already under it)."""
        if stored is None or not stored.startswith(PREFIX):
            return stored
        self._load()
        if stored[len(PREFIX) :].startswith(self._primary + ":"):
            return stored
        return self.encrypt(self.decrypt(stored))

    def is_locked(self, stored: str | None) -> bool:
        return bool(stored) and stored.startswith(PREFIX) and not self.available


def read_key_file(path: Path) -> list[bytes]:
    """The keys one file holds; an unreadable or malformed file is an integrity error (exit 4)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise IntegrityError("key.unreadable", path=str(path)) from None
    return _parse_keys(text, str(path))


def _read_keys(key_file: Path) -> list[bytes]:
    """The key file's keys, then those of a rotation under way (decrypting only)."""
    keys = read_key_file(key_file)
    try:
        extra = read_key_file(pending_path(key_file))
    except IntegrityError:
        extra = []
    return keys + [k for k in extra if k not in keys]


def load_cipher(key_file: Path, key_env: str | None) -> Cipher:
    if key_env:
        return Cipher(_parse_keys(key_env, "SMREG_KEY"), "SMREG_KEY")
    if key_file.exists():
        cipher = Cipher(_read_keys(key_file), str(key_file))
        cipher.warnings += exposed(key_file)
        return cipher
    return Cipher(None, str(key_file))


def exposed(key_file: Path) -> list[str]:
    """A warning if users other than the owner may read the key file (checked as it is loaded,
    once per command, not on every later read)."""
    import shlex
    import stat

    if os.name == "nt":  # no POSIX mode bits; NTFS rights are outside what smreg checks
        return []
    try:
        mode = stat.S_IMODE(key_file.stat().st_mode)
    except OSError:
        return []
    if not mode & 0o044:
        return []
    return [i18n.t("key.exposed", path=str(key_file), mode=f"{mode:04o}", quoted=shlex.quote(str(key_file)))]


def new_data_key() -> bytes:
    """A key of its own for one person's personal data in the event log (crypto-shredding)."""
    return new_key()


def seal(data_key: bytes, plaintext: str) -> str:
    return Cipher([data_key]).encrypt(plaintext)


def unseal(data_key: bytes, token: str) -> str:
    """Open what :func:`seal` sealed with ``data_key``. Straight to AES-GCM, without a Cipher:
    the table check opens every person's sealed data, 50,000 of them in a large store."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not token.startswith(PREFIX):
        return token
    try:
        raw = _b64url(token[len(PREFIX) :].partition(":")[2])
        return AESGCM(_decode_key(data_key)).decrypt(raw[:12], raw[12:], None).decode()
    except (InvalidTag, ValueError, binascii.Error, UnicodeError):
        raise IntegrityError("key.wrong") from None
