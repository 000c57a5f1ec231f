"""Ed25519 signatures over reports, so an auditor can hand the board a file nobody can quietly change.

``smreg report --sign`` writes ``REPORT.sig`` beside the report: a small JSON document naming the
file, its size and SHA-256, the key's fingerprint, when it was signed, the registry moment the
report shows (as-of) and the event log's head (sequence and hash). The signature covers the
canonical bytes of all those fields, and through the SHA-256 the report's exact bytes.
``smreg verify`` checks it offline with the public key alone, and says which check failed.

The private key is a PKCS8 PEM file created with mode 0600 from the first byte; the public key
is a plain PEM file that can be handed to anyone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from registry import i18n
from registry.errors import Conflict, IntegrityError, NotFound, ValidationError

SIGNATURE_FORMAT = "smreg-signature/1"
ALGORITHM = "ed25519"
PRIVATE_KEY_NAME = "signing_key.pem"
PUBLIC_KEY_NAME = "signing_key.pub.pem"
SIGNATURE_SUFFIX = ".sig"
_CHUNK = 1024 * 1024
# A signature file is a few hundred bytes; anything far larger is not one.
_MAX_SIGNATURE_BYTES = 64 * 1024
_HEX = frozenset("0123456789abcdef")

i18n.register(
    {
        "sign.key_exists": (
            "A signing key already exists at {path}. Keep it, or move it away first if you really mean to replace it.",
            "Er staat al een ondertekeningssleutel in {path}. Bewaar die, of verplaats hem eerst als u hem echt wilt vervangen.",
        ),
        "sign.private_key_missing": (
            "The private signing key {path} does not exist. Run `smreg init` to create one, or give the right path.",
            "De geheime ondertekeningssleutel {path} bestaat niet. Maak er een met `smreg init`, of geef het juiste pad.",
        ),
        "sign.public_key_missing": (
            "The public key {path} does not exist. Ask the report's issuer for it (`smreg key export-public`).",
            "De publieke sleutel {path} bestaat niet. Vraag hem op bij wie het rapport uitgaf (`smreg key export-public`).",
        ),
        "sign.private_key_invalid": (
            "{path} is not an unencrypted Ed25519 private key in PEM format. Use the signing_key.pem that `smreg init` wrote.",
            "{path} is geen onversleutelde Ed25519-privésleutel in PEM-formaat. Gebruik de signing_key.pem die `smreg init` schreef.",
        ),
        "sign.public_key_invalid": (
            "{path} is not an Ed25519 public key in PEM format. Use the file `smreg key export-public` wrote.",
            "{path} is geen publieke Ed25519-sleutel in PEM-formaat. Gebruik het bestand dat `smreg key export-public` schreef.",
        ),
        "sign.as_of_invalid": (
            "The as-of moment '{value}' is not an ISO 8601 date or date and time. Write it like 2026-11-24.",
            "Het peilmoment '{value}' is geen ISO 8601-datum of -tijdstip. Schrijf het als 2026-11-24.",
        ),
        "sign.log_head_invalid": (
            "The event log head must be a sequence number of 0 or more and a hexadecimal hash. Run `smreg log verify` and try again.",
            "De kop van het gebeurtenissenlog moet een volgnummer van 0 of meer en een hexadecimale hash zijn. Voer `smreg log verify` uit en probeer opnieuw.",
        ),
        "sign.file_missing": (
            "The file {path} does not exist. Give the path of the report to sign or verify.",
            "Het bestand {path} bestaat niet. Geef het pad van het rapport dat u wilt ondertekenen of controleren.",
        ),
        "sign.signature_missing": (
            "There is no signature file {path}. Ask for the .sig file that came with the report, or name it with --signature.",
            "Er is geen handtekeningbestand {path}. Vraag het .sig-bestand op dat bij het rapport hoort, of noem het met --signature.",
        ),
        "sign.signature_malformed": (
            "The signature file {path} is damaged or incomplete ({problem}). Ask for the original .sig file again.",
            "Het handtekeningbestand {path} is beschadigd of onvolledig ({problem}). Vraag het oorspronkelijke .sig-bestand opnieuw op.",
        ),
        "sign.other_key": (
            "The report was signed with another key ({signed_by}) than the public key given ({given}). Verify with the public key of whoever issued the report.",
            "Het rapport is ondertekend met een andere sleutel ({signed_by}) dan de opgegeven publieke sleutel ({given}). Controleer met de publieke sleutel van wie het rapport uitgaf.",
        ),
        "sign.signature_invalid": (
            "The signature does not match its details: the signature file was altered or made with another key. Do not trust this report.",
            "De handtekening past niet bij haar gegevens: het handtekeningbestand is gewijzigd of met een andere sleutel gemaakt. Vertrouw dit rapport niet.",
        ),
        "sign.file_changed": (
            "The report {path} was changed after it was signed: its size or SHA-256 checksum differs from the signed one. Do not trust this copy; ask for the original.",
            "Het rapport {path} is na ondertekening gewijzigd: de grootte of SHA-256-controlesom verschilt van de ondertekende. Vertrouw deze kopie niet; vraag het origineel op.",
        ),
    }
)


@dataclass(frozen=True)
class KeyPair:
    """Where a new key pair was written, and its fingerprint."""

    private_key_path: Path
    public_key_path: Path
    fingerprint: str


@dataclass(frozen=True)
class LogHead:
    """The newest entry of the event log when the report was signed."""

    seq: int
    hash: str


@dataclass(frozen=True)
class VerifiedSignature:
    """What a valid signature vouches for."""

    file: str
    sha256: str
    size: int
    fingerprint: str
    signed_at: datetime
    as_of: str
    log_head: LogHead


# Keys


def generate_keypair(directory: Path) -> KeyPair:
    """Create ``signing_key.pem`` (mode 0600) and ``signing_key.pub.pem`` in ``directory``.

    An existing key is never overwritten: reports signed with it could no longer be verified.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    private_path = directory / PRIVATE_KEY_NAME
    public_path = directory / PUBLIC_KEY_NAME
    for path in (private_path, public_path):
        if path.exists():
            raise Conflict("sign.key_exists", path=str(path))
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = _public_pem(key.public_key())
    # O_EXCL: a key that appeared since the check above is still not overwritten. The mode is
    # given at creation so the file is never readable by others, not even for an instant.
    _write_new(private_path, private_pem, 0o600)
    try:
        _write_new(public_path, public_pem, 0o644)
    except BaseException:
        private_path.unlink(missing_ok=True)
        raise
    return KeyPair(private_path, public_path, fingerprint(key.public_key()))


def _write_new(path: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    except FileExistsError:
        raise Conflict("sign.key_exists", path=str(path)) from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # the umask may have taken bits away; the mode is exactly this
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def _public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _read_key_file(path: Path, missing_key: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise IntegrityError(missing_key, path=str(path)) from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in a PEM file, or an IntegrityError saying what is wrong."""
    data = _read_key_file(path, "sign.private_key_missing")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        # TypeError: the key is encrypted; ValueError: not a PEM key at all.
        raise IntegrityError("sign.private_key_invalid", path=str(path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise IntegrityError("sign.private_key_invalid", path=str(path))
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The Ed25519 public key in a PEM file, or an IntegrityError saying what is wrong."""
    data = _read_key_file(path, "sign.public_key_missing")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise IntegrityError("sign.public_key_invalid", path=str(path)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise IntegrityError("sign.public_key_invalid", path=str(path))
    return key


def fingerprint(public_key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """``SHA256:`` and the unpadded base64 of the SHA-256 of the raw 32-byte public key."""
    if isinstance(public_key, Ed25519PrivateKey):
        public_key = public_key.public_key()
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode("ascii").rstrip("=")


def export_public_key(private_key_path: Path) -> bytes:
    """The PEM public key belonging to a private key file, to hand to verifiers."""
    return _public_pem(load_private_key(private_key_path).public_key())


# Signing


def signature_path_for(path: Path) -> Path:
    """Where the signature of ``path`` lives by default: ``path`` + ``.sig``."""
    path = Path(path)
    return path.with_name(path.name + SIGNATURE_SUFFIX)


def _digest(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read once in chunks."""
    sha = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb", buffering=0) as stream:
            buffer = bytearray(_CHUNK)
            view = memoryview(buffer)
            while n := stream.readinto(buffer):
                sha.update(view[:n])
                size += n
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise NotFound("sign.file_missing", path=str(path)) from None
    return sha.hexdigest(), size


def _as_of_text(as_of: datetime | date | str) -> str:
    if isinstance(as_of, datetime | date):
        return as_of.isoformat()
    text = str(as_of).strip()
    try:
        date.fromisoformat(text)
    except ValueError:
        try:
            datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError("sign.as_of_invalid", value=text[:40]) from None
    return text


def _log_head(log_head: tuple[int, str]) -> dict[str, object]:
    try:
        seq, digest = log_head
    except (TypeError, ValueError):
        raise ValidationError("sign.log_head_invalid") from None
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise ValidationError("sign.log_head_invalid")
    if not isinstance(digest, str) or not set(digest.lower()) <= _HEX:
        raise ValidationError("sign.log_head_invalid")
    return {"seq": seq, "hash": digest.lower()}


def canonical_bytes(fields: dict[str, object]) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_file(
    path: Path,
    private_key_path: Path,
    *,
    as_of: datetime | date | str,
    log_head: tuple[int, str],
    now: datetime,
) -> Path:
    """Sign the file's exact bytes; write and return ``path.sig`` (replacing an older one)."""
    path = Path(path)
    key = load_private_key(private_key_path)
    fields: dict[str, object] = {
        "format": SIGNATURE_FORMAT,
        "algorithm": ALGORITHM,
        "file": path.name,
        "as_of": _as_of_text(as_of),
        "log_head": _log_head(log_head),
        "signed_at": now.isoformat(),
        "key_fingerprint": fingerprint(key.public_key()),
    }
    fields["sha256"], fields["size"] = _digest(path)
    signature = key.sign(canonical_bytes(fields))
    document = {
        "format": fields["format"],
        "algorithm": fields["algorithm"],
        "file": fields["file"],
        "sha256": fields["sha256"],
        "size": fields["size"],
        "key_fingerprint": fields["key_fingerprint"],
        "signed_at": fields["signed_at"],
        "as_of": fields["as_of"],
        "log_head": fields["log_head"],
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    target = signature_path_for(path)
    _write_atomic(target, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return target


def _write_atomic(target: Path, data: bytes) -> None:
    """Write beside the target and rename over it, so a reader never sees half a signature."""
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Verifying

_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "algorithm": str,
    "file": str,
    "sha256": str,
    "size": int,
    "key_fingerprint": str,
    "signed_at": str,
    "as_of": str,
    "log_head": dict,
    "signature": str,
}


def _malformed(path: Path, problem: str) -> IntegrityError:
    return IntegrityError("sign.signature_malformed", path=str(path), problem=problem)


def _read_signature(path: Path) -> tuple[dict, bytes]:
    """The signature document and the raw signature, or which way the file is broken."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(_MAX_SIGNATURE_BYTES + 1)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise IntegrityError("sign.signature_missing", path=str(path)) from None
    if len(raw) > _MAX_SIGNATURE_BYTES:
        raise _malformed(path, "too large")
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _malformed(path, "not UTF-8") from None
    except json.JSONDecodeError as error:
        problem = "truncated" if error.pos >= len(raw.rstrip()) else "not JSON"
        raise _malformed(path, problem) from None
    if not isinstance(document, dict):
        raise _malformed(path, "not a JSON object")
    for name, kind in _FIELD_TYPES.items():
        value = document.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _malformed(path, f"field {name}")
    if document["format"] != SIGNATURE_FORMAT or document["algorithm"] != ALGORITHM:
        raise _malformed(path, "unknown format")
    head = document["log_head"]
    if set(head) != {"seq", "hash"} or not isinstance(head["seq"], int) or not isinstance(head["hash"], str):
        raise _malformed(path, "field log_head")
    try:
        signature = base64.b64decode(document["signature"], validate=True)
    except (binascii.Error, ValueError):
        raise _malformed(path, "field signature") from None
    if len(signature) != 64:
        raise _malformed(path, "field signature")
    return document, signature


def verify_file(
    path: Path,
    *,
    signature_path: Path | None = None,
    public_key_path: Path,
) -> VerifiedSignature:
    """Check a report against its signature and a public key; raise IntegrityError naming the
    check that failed, in this order (a report that does not exist is :class:`NotFound`): signature file present, well formed, made with this key,
    genuine, and the report unchanged since."""
    path = Path(path)
    if not path.is_file():  # a mistyped name is bad input (exit 3), not a broken signature
        raise NotFound("sign.file_missing", path=str(path))
    signature_path = Path(signature_path) if signature_path is not None else signature_path_for(path)
    document, signature = _read_signature(signature_path)
    public_key = load_public_key(public_key_path)
    given = fingerprint(public_key)
    if document["key_fingerprint"] != given:
        raise IntegrityError("sign.other_key", signed_by=document["key_fingerprint"], given=given)
    # Every field but the signature is signed, including any a later version adds.
    fields = {name: value for name, value in document.items() if name != "signature"}
    try:
        public_key.verify(signature, canonical_bytes(fields))
    except InvalidSignature:
        raise IntegrityError("sign.signature_invalid") from None
    # The details are genuine from here on; what remains is whether the report is the one signed.
    sha256, size = _digest(path)
    if size != document["size"]:
        raise IntegrityError("sign.file_changed", path=str(path), check="size")
    if sha256 != document["sha256"].lower():
        raise IntegrityError("sign.file_changed", path=str(path), check="sha256")
    try:
        signed_at = datetime.fromisoformat(document["signed_at"])
    except ValueError:
        raise _malformed(signature_path, "field signed_at") from None
    head = document["log_head"]
    return VerifiedSignature(
        file=document["file"],
        sha256=sha256,
        size=size,
        fingerprint=given,
        signed_at=signed_at,
        as_of=document["as_of"],
        log_head=LogHead(head["seq"], head["hash"]),
    )
