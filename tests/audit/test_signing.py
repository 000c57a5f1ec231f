"""Report signatures: keys, the round trip, and every way a signed report can fail to verify."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from audit import signing
from registry import i18n
from registry.errors import Conflict, IntegrityError, NotFound, ValidationError

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
AS_OF = date(2026, 11, 24)
HEAD = (1234, "ab" * 32)


@pytest.fixture
def keys(tmp_path: Path) -> signing.KeyPair:
    return signing.generate_keypair(tmp_path / "signer")


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "ownership.html"
    path.write_bytes("<!DOCTYPE html><title>Eigenaarschapsrapport</title><p>Zoë</p>\n".encode())
    return path


@pytest.fixture
def signed(report: Path, keys: signing.KeyPair) -> Path:
    return signing.sign_file(report, keys.private_key_path, as_of=AS_OF, log_head=HEAD, now=NOW)


def verify(report: Path, keys: signing.KeyPair, **kwargs) -> signing.VerifiedSignature:
    return signing.verify_file(report, public_key_path=keys.public_key_path, **kwargs)


def failure(report: Path, keys: signing.KeyPair, **kwargs) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught:
        verify(report, keys, **kwargs)
    return caught.value


def rewrite(sig: Path, **changes) -> None:
    document = json.loads(sig.read_text("utf-8"))
    document.update(changes)
    sig.write_text(json.dumps(document), "utf-8")


# Keys


def test_a_new_private_key_is_readable_by_its_owner_only(keys):
    assert stat.S_IMODE(keys.private_key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys.public_key_path.stat().st_mode) == 0o644
    assert keys.private_key_path.name == "signing_key.pem"
    assert keys.public_key_path.name == "signing_key.pub.pem"


def test_the_private_key_file_is_created_with_mode_0600_and_never_replaces_a_file(tmp_path, monkeypatch):
    calls = []
    real_open = os.open

    def spy(path, flags, mode=0o777, *args, **kwargs):
        calls.append((Path(path).name, flags, mode))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(signing.os, "open", spy)
    signing.generate_keypair(tmp_path / "signer")
    private = [c for c in calls if c[0] == "signing_key.pem"]
    assert len(private) == 1
    _, flags, mode = private[0]
    assert mode == 0o600
    assert flags & os.O_EXCL and flags & os.O_CREAT


def test_the_private_key_stays_0600_under_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        pair = signing.generate_keypair(tmp_path / "signer")
    finally:
        os.umask(old)
    assert stat.S_IMODE(pair.private_key_path.stat().st_mode) == 0o600


def test_the_private_key_is_unencrypted_pkcs8_pem(keys):
    text = keys.private_key_path.read_text("ascii")
    assert text.startswith("-----BEGIN PRIVATE KEY-----")
    assert keys.public_key_path.read_text("ascii").startswith("-----BEGIN PUBLIC KEY-----")


def test_an_existing_key_is_never_overwritten(tmp_path, keys):
    before = keys.private_key_path.read_bytes()
    with pytest.raises(Conflict) as caught:
        signing.generate_keypair(keys.private_key_path.parent)
    assert caught.value.key == "sign.key_exists"
    assert keys.private_key_path.read_bytes() == before


def test_a_lone_public_key_also_blocks_a_new_key_pair(tmp_path):
    folder = tmp_path / "signer"
    folder.mkdir()
    (folder / "signing_key.pub.pem").write_text("old")
    with pytest.raises(Conflict):
        signing.generate_keypair(folder)
    assert not (folder / "signing_key.pem").exists()


def test_the_fingerprint_is_sha256_of_the_raw_public_key_in_unpadded_base64(keys):
    public = signing.load_public_key(keys.public_key_path)
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    expected = "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")
    assert signing.fingerprint(public) == expected == keys.fingerprint
    assert re.fullmatch(r"SHA256:[A-Za-z0-9+/]{43}", keys.fingerprint)
    assert signing.fingerprint(signing.load_private_key(keys.private_key_path)) == keys.fingerprint


def test_the_exported_public_key_is_the_public_key_file(keys):
    assert signing.export_public_key(keys.private_key_path) == keys.public_key_path.read_bytes()


@pytest.mark.parametrize("loader", [signing.load_private_key, signing.load_public_key])
def test_a_missing_key_file_is_an_integrity_error_that_names_it(tmp_path, loader):
    with pytest.raises(IntegrityError) as caught:
        loader(tmp_path / "nope.pem")
    assert caught.value.key.endswith("_key_missing")
    assert "nope.pem" in str(caught.value)


def test_files_that_are_not_the_right_key_are_refused(tmp_path, keys):
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    other_curve = tmp_path / "ec.pem"
    other_curve.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    for bad in (garbage, other_curve, keys.public_key_path):
        with pytest.raises(IntegrityError) as caught:
            signing.load_private_key(bad)
        assert caught.value.key == "sign.private_key_invalid"
    for bad in (garbage, keys.private_key_path):
        with pytest.raises(IntegrityError) as caught:
            signing.load_public_key(bad)
        assert caught.value.key == "sign.public_key_invalid"


def test_an_encrypted_private_key_is_refused_with_a_clear_error(tmp_path):
    key = signing.Ed25519PrivateKey.generate()
    path = tmp_path / "locked.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"pw"),
        )
    )
    with pytest.raises(IntegrityError) as caught:
        signing.load_private_key(path)
    assert caught.value.key == "sign.private_key_invalid"


# Signing and the round trip


def test_a_signed_report_verifies_and_returns_what_was_signed(report, keys, signed):
    assert signed == report.with_name("ownership.html.sig")
    result = verify(report, keys)
    assert result.fingerprint == keys.fingerprint
    assert result.signed_at == NOW
    assert result.as_of == "2026-11-24"
    assert result.log_head == signing.LogHead(1234, "ab" * 32)
    assert result.size == report.stat().st_size
    assert result.sha256 == hashlib.sha256(report.read_bytes()).hexdigest()


def test_the_signature_file_holds_every_documented_field(report, keys, signed):
    document = json.loads(signed.read_text("utf-8"))
    assert list(document) == [
        "format", "algorithm", "file", "sha256", "size", "key_fingerprint",
        "signed_at", "as_of", "log_head", "signature",
    ]  # fmt: skip
    assert document["format"] == "smreg-signature/1"
    assert document["algorithm"] == "ed25519"
    assert document["file"] == "ownership.html"
    assert document["sha256"] == hashlib.sha256(report.read_bytes()).hexdigest()
    assert document["log_head"] == {"seq": 1234, "hash": "ab" * 32}
    assert document["signed_at"] == "2026-11-25T08:30:00+00:00"
    assert len(base64.b64decode(document["signature"])) == 64


def test_the_signature_covers_the_canonical_bytes_of_every_other_field(report, keys, signed):
    document = json.loads(signed.read_text("utf-8"))
    signature = base64.b64decode(document.pop("signature"))
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    signing.load_public_key(keys.public_key_path).verify(signature, canonical)  # raises if not


@pytest.mark.parametrize(
    ("as_of", "written"),
    [
        (date(2026, 11, 24), "2026-11-24"),
        (datetime(2026, 11, 24, 23, 59, 59, tzinfo=UTC), "2026-11-24T23:59:59+00:00"),
        ("2026-11-24", "2026-11-24"),
        ("2026-11-24T12:00:00+01:00", "2026-11-24T12:00:00+01:00"),
    ],
)
def test_as_of_is_written_in_iso_8601(report, keys, as_of, written):
    signing.sign_file(report, keys.private_key_path, as_of=as_of, log_head=HEAD, now=NOW)
    assert verify(report, keys).as_of == written


def test_a_bad_as_of_or_log_head_is_refused_before_anything_is_written(report, keys):
    with pytest.raises(ValidationError) as caught:
        signing.sign_file(report, keys.private_key_path, as_of="24 november", log_head=HEAD, now=NOW)
    assert caught.value.key == "sign.as_of_invalid"
    for head in ((-1, "ab"), (1, "not hex"), ("1", "ab"), (True, "ab"), (1,)):
        with pytest.raises(ValidationError) as caught:
            signing.sign_file(report, keys.private_key_path, as_of=AS_OF, log_head=head, now=NOW)
        assert caught.value.key == "sign.log_head_invalid"
    assert not signing.signature_path_for(report).exists()


def test_an_empty_log_can_be_signed(report, keys):
    signing.sign_file(report, keys.private_key_path, as_of=AS_OF, log_head=(0, ""), now=NOW)
    assert verify(report, keys).log_head == signing.LogHead(0, "")


def test_signing_a_missing_report_says_so(tmp_path, keys):
    with pytest.raises(NotFound) as caught:
        signing.sign_file(tmp_path / "absent.html", keys.private_key_path, as_of=AS_OF, log_head=HEAD, now=NOW)
    assert caught.value.key == "sign.file_missing"


def test_re_signing_replaces_the_signature_and_leaves_no_temporary_file(report, keys, signed):
    later = datetime(2026, 12, 1, tzinfo=UTC)
    signing.sign_file(report, keys.private_key_path, as_of=AS_OF, log_head=(1300, "cd" * 32), now=later)
    assert verify(report, keys).signed_at == later
    assert sorted(p.name for p in report.parent.iterdir() if p.is_file()) == ["ownership.html", "ownership.html.sig"]


def test_a_report_larger_than_one_read_chunk_is_hashed_whole(tmp_path, keys):
    big = tmp_path / "big.csv"
    big.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    signing.sign_file(big, keys.private_key_path, as_of=AS_OF, log_head=HEAD, now=NOW)
    assert verify(big, keys).sha256 == hashlib.sha256(big.read_bytes()).hexdigest()
    with big.open("r+b") as stream:  # change one byte in the last, partial chunk
        stream.seek(-1, os.SEEK_END)
        last = stream.read(1)
        stream.seek(-1, os.SEEK_END)
        stream.write(bytes([last[0] ^ 1]))
    assert failure(big, keys).key == "sign.file_changed"


def test_a_signature_file_elsewhere_can_be_named(report, keys, signed):
    moved = report.parent / "elsewhere.sig"
    signed.rename(moved)
    assert verify(report, keys, signature_path=moved).fingerprint == keys.fingerprint
    assert failure(report, keys).key == "sign.signature_missing"


# Every way verification fails, and that it names the check


def test_one_changed_byte_in_the_report_fails_verification(report, keys, signed):
    data = bytearray(report.read_bytes())
    data[10] ^= 0x01
    report.write_bytes(bytes(data))
    error = failure(report, keys)
    assert error.key == "sign.file_changed"
    assert error.params["check"] == "sha256"


def test_a_byte_added_to_the_report_fails_on_its_size(report, keys, signed):
    report.write_bytes(report.read_bytes() + b" ")
    error = failure(report, keys)
    assert error.key == "sign.file_changed"
    assert error.params["check"] == "size"


def test_verifying_with_another_public_key_says_the_report_was_signed_by_another_key(tmp_path, report, keys, signed):
    other = signing.generate_keypair(tmp_path / "other")
    with pytest.raises(IntegrityError) as caught:
        signing.verify_file(report, public_key_path=other.public_key_path)
    assert caught.value.key == "sign.other_key"
    assert caught.value.params == {"signed_by": keys.fingerprint, "given": other.fingerprint}


def test_a_signature_claiming_another_keys_fingerprint_is_invalid(tmp_path, report, keys, signed):
    other = signing.generate_keypair(tmp_path / "other")
    rewrite(signed, key_fingerprint=other.fingerprint)
    with pytest.raises(IntegrityError) as caught:
        signing.verify_file(report, public_key_path=other.public_key_path)
    assert caught.value.key == "sign.signature_invalid"


def test_a_missing_signature_file_fails_verification(report, keys):
    assert failure(report, keys).key == "sign.signature_missing"


@pytest.mark.parametrize("keep", [0, 1, 40, 200, -2])
def test_a_truncated_signature_file_is_reported_as_damaged(report, keys, signed, keep):
    signed.write_bytes(signed.read_bytes()[:keep])
    assert failure(report, keys).key == "sign.signature_malformed"


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b"[1, 2, 3]",
        b"\xff\xfe garbage",
        b'{"format": "smreg-signature/1"}',
    ],
)
def test_a_malformed_signature_file_is_reported_as_damaged(report, keys, signed, content):
    signed.write_bytes(content)
    assert failure(report, keys).key == "sign.signature_malformed"


@pytest.mark.parametrize(
    "change",
    [
        {"signature": "not base64!"},
        {"signature": base64.b64encode(b"short").decode()},
        {"size": "12"},
        {"size": True},
        {"log_head": {"seq": 1}},
        {"format": "smreg-signature/9"},
        {"algorithm": "rsa"},
    ],
)
def test_a_signature_file_with_a_field_of_the_wrong_shape_is_reported_as_damaged(report, keys, signed, change):
    rewrite(signed, **change)
    assert failure(report, keys).key == "sign.signature_malformed"


@pytest.mark.parametrize(
    "change",
    [
        {"as_of": "2026-09-30"},
        {"signed_at": "2027-01-01T00:00:00+00:00"},
        {"log_head": {"seq": 1233, "hash": "ab" * 32}},
        {"log_head": {"seq": 1234, "hash": "cd" * 32}},
        {"file": "other.html"},
        {"added": "a field the signer never wrote"},
    ],
)
def test_altered_metadata_makes_the_signature_invalid(report, keys, signed, change):
    rewrite(signed, **change)
    assert failure(report, keys).key == "sign.signature_invalid"


def test_a_report_and_signature_altered_together_still_fail(report, keys, signed):
    tampered = b"<p>forged</p>"
    report.write_bytes(tampered)
    rewrite(signed, sha256=hashlib.sha256(tampered).hexdigest(), size=len(tampered))
    assert failure(report, keys).key == "sign.signature_invalid"


def test_a_renamed_report_still_verifies(report, keys, signed):
    renamed = report.with_name("board-2026.html")
    report.rename(renamed)
    assert verify(renamed, keys, signature_path=signed).file == "ownership.html"


def test_a_missing_report_is_not_found(report, keys, signed):
    report.unlink()
    with pytest.raises(NotFound):
        verify(report, keys, signature_path=signed)


def test_every_signing_message_reads_in_english_and_dutch():
    catalogue = i18n.keys()
    ours = [key for key in catalogue if key.startswith("sign.")]
    assert len(ours) >= 12
    for key in ours:
        i18n.set_language("en")
        english = i18n.t(key, path="p", problem="x", signed_by="a", given="b", value="v")
        i18n.set_language("nl")
        dutch = i18n.t(key, path="p", problem="x", signed_by="a", given="b", value="v")
        assert english and dutch and english != dutch, key
    i18n.set_language("en")
