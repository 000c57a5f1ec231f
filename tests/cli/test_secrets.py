"""A value refused as a vault reference is never echoed, logged or stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg

SECRETS = ["Zomer2026!Welkom", "hunter2", "correct horse battery staple", "P@ssw0rd-Lindewijs"]


@pytest.mark.parametrize("secret", SECRETS)
def test_a_password_given_as_vault_reference_is_refused_and_never_kept(tmp_path, secret):
    db = str(tmp_path / "s.db")
    small_registry(db)
    added = smreg(db, "account", "add", "x", "NieuwAccount", "--unit", "WEST", "--custodian", "1001", "--vault", secret)
    updated = smreg(db, "--debug", "account", "update", "x:VoorbeeldWest", "--vault", secret)
    for result in (added, updated):
        assert result.exit_code == 3
        assert "not a credential-vault reference" in result.stderr
        assert secret not in result.stdout and secret not in result.stderr
    log = ok(db, "log", "show", "--format", "json").stdout
    assert secret not in log
    for path in Path(tmp_path).glob("s.db*"):
        assert secret.encode() not in path.read_bytes(), path.name


def test_protected_fields_are_stored_encrypted(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    for path in Path(tmp_path).glob("s.db*"):
        data = path.read_bytes()
        assert b"op://Social/VoorbeeldWest" not in data
        assert b"social@voorbeeld.nl" not in data
