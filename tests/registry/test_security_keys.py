"""The encryption key: locked without it, refused when wrong, and rotated without losing a value."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg
from sqlalchemy import text

from registry import crypto
from registry import settings as smreg_settings
from registry.db import Store
from registry.errors import IntegrityError
from registry.services import keys

VAULT = "op://Social/VoorbeeldWest/password"
RECOVERY = "social@voorbeeld.nl"


def _key_file(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "key"


def _no_key(tmp_path: Path) -> dict[str, str]:
    return {"SMREG_KEY_FILE": str(tmp_path / "elsewhere" / "key")}


def _stored_values(db: str) -> list[str]:
    """Every value the store keeps encrypted with its key, as stored."""
    store = Store(smreg_settings.resolve(db))
    values = []
    with store.engine.connect() as conn:
        for table, (_pk, columns) in keys.ENCRYPTED_COLUMNS.items():
            for column in columns:
                values += [v for (v,) in conn.execute(text(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"))]
    return values


def test_without_the_key_protected_fields_read_as_locked_and_listings_still_work(store_url, tmp_path):
    small_registry(store_url)
    env = _no_key(tmp_path)
    shown = ok(store_url, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json", env=env).json()
    assert shown["vault_ref"] == "locked (no key)" and shown["recovery_contact"] == "locked (no key)"
    listed = ok(store_url, "account", "list", "--format", "json", env=env).json()
    assert {a["handle"] for a in listed} == {"VoorbeeldWest", "de.zon.school"}
    assert [p["employee_id"] for p in ok(store_url, "person", "list", "--format", "json", env=env).json()] == ["1001", "1002", "1003"]
    log = ok(store_url, "log", "show", "--format", "json", env=env).json()
    added = [e for e in log if e["action"] == "person.added"]
    assert added and all("locked (no key)" in e["changes"] and "Sanne" not in e["changes"] for e in added)
    assert "intact" in ok(store_url, "log", "verify", env=env).stdout
    dutch = ok(store_url, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json", env=env, lang="nl").json()
    assert dutch["vault_ref"] == "vergrendeld (geen sleutel)"


def test_commands_that_need_the_key_stop_with_exit_4_and_say_where_they_looked(store_url, tmp_path):
    small_registry(store_url)
    env = _no_key(tmp_path)
    attempts = [
        ("account", "add", "x", "Nieuw", "--unit", "WEST", "--custodian", "1001", "--vault", "op://Social/Nieuw/password"),
        ("account", "update", "x:VoorbeeldWest", "--recovery-contact", "web@voorbeeld.nl"),
        ("person", "add", "1009", "--name", "Nieuwe Collega"),
        ("key", "rotate"),
    ]
    for args in attempts:
        result = smreg(store_url, *args, env=env)
        assert result.exit_code == 4, args
        assert "No encryption key was found" in result.stderr and "elsewhere" in result.stderr
    assert len(ok(store_url, "account", "list", "--format", "json").json()) == 2


def test_a_key_that_is_not_the_stores_exits_4_before_anything_is_written(store_url, tmp_path):
    small_registry(store_url)
    other = tmp_path / "other" / "key"
    crypto.write_key_file(other, [crypto.new_key()])
    env = {"SMREG_KEY_FILE": str(other)}
    for args in (("account", "show", "x:VoorbeeldWest", "--reveal"),
                 ("account", "add", "x", "Nieuw", "--unit", "WEST", "--custodian", "1001", "--vault", "op://Social/Nieuw/password"),
                 ("key", "rotate")):
        result = smreg(store_url, *args, env=env)
        assert result.exit_code == 4 and "does not open this store" in result.stderr, args
    assert crypto.load_cipher(other, None).keys and len(other.read_text().split()) == 1
    assert len(ok(store_url, "account", "list", "--format", "json").json()) == 2


def test_rotation_moves_every_value_to_a_new_key_and_logs_no_key_material(store_url, tmp_path):
    small_registry(store_url)
    ok(store_url, "account", "update", "x:VoorbeeldWest", "--notes", "wachtwoordkluis van de sector")
    key_file = _key_file(tmp_path)
    old = key_file.read_bytes().split()
    before = _stored_values(store_url)
    result = ok(store_url, "key", "rotate")
    assert "re-encrypted" in result.stderr
    new = key_file.read_bytes().split()
    assert len(new) == 1 and new != old
    new_id, old_id = crypto.key_id(new[0]), crypto.key_id(old[0])
    after = _stored_values(store_url)
    assert len(after) == len(before) >= 3 + 3  # three account fields, three person keys
    assert all(v.startswith(f"enc1:{new_id}:") for v in after)
    old_cipher = crypto.Cipher(old)
    with pytest.raises(IntegrityError):
        old_cipher.decrypt(after[0])
    shown = ok(store_url, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json").json()
    assert (shown["vault_ref"], shown["recovery_contact"], shown["notes"]) == (VAULT, RECOVERY, "wachtwoordkluis van de sector")
    assert "Sanne de Wit" in ok(store_url, "log", "show", "--subject", "1001", "--format", "json").stdout
    log = ok(store_url, "log", "show", "--format", "json").json()
    rotated = [e for e in log if e["action"] == "key.rotated"]
    assert len(rotated) == 1 and new_id in rotated[0]["changes"] and old_id in rotated[0]["changes"]
    for key in old + new:
        assert key.decode() not in ok(store_url, "log", "show", "--format", "json").stdout
    assert "intact" in ok(store_url, "log", "verify").stdout
    assert (key_file.stat().st_mode & 0o777) == 0o600


def test_rotation_completes_after_a_run_that_stopped_once_the_key_file_held_both_keys(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    key_file = _key_file(tmp_path)
    (old,) = key_file.read_bytes().split()
    interrupted = crypto.new_key()
    crypto.write_key_file(key_file, [interrupted, old])
    ok(db, "account", "update", "x:VoorbeeldWest", "--notes", "geschreven tussen twee rotaties")
    ok(db, "key", "rotate")
    (final,) = key_file.read_bytes().split()
    assert final not in (old, interrupted)
    assert all(v.startswith(f"enc1:{crypto.key_id(final)}:") for v in _stored_values(db))
    shown = ok(db, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json").json()
    assert shown["notes"] == "geschreven tussen twee rotaties" and shown["vault_ref"] == VAULT


def test_a_value_under_a_key_missing_from_the_file_stops_rotation_before_anything_changes(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    store = Store(smreg_settings.resolve(db))
    stranger = crypto.Cipher([crypto.new_key()]).encrypt("op://Elders/item/password")
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE account SET notes = :n WHERE handle = 'VoorbeeldWest'"), {"n": stranger})
    key_before = _key_file(tmp_path).read_bytes()
    values_before = _stored_values(db)
    result = smreg(db, "key", "rotate")
    assert result.exit_code == 4 and "impossible to re-encrypt: 1 protected value;" in result.stderr
    assert _key_file(tmp_path).read_bytes() == key_before
    assert _stored_values(db) == values_before


def test_rotation_refuses_a_key_given_in_the_environment(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    key = _key_file(tmp_path).read_text().strip()
    result = smreg(db, "key", "rotate", env={"SMREG_KEY": key})
    assert result.exit_code == 2 and "SMREG_KEY" in result.stderr
    assert _key_file(tmp_path).read_text().strip() == key


def test_rotating_twice_leaves_one_key_that_opens_everything(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    ok(db, "key", "rotate")
    ok(db, "key", "rotate")
    (key,) = _key_file(tmp_path).read_bytes().split()
    cipher = crypto.Cipher([key])
    assert {cipher.decrypt(v) for v in _stored_values(db)} >= {VAULT, RECOVERY}
    assert sum(e["action"] == "key.rotated" for e in ok(db, "log", "show", "--format", "json").json()) == 2


def test_a_key_file_others_may_read_is_warned_about_once_a_command_with_the_chmod_to_run(store_url, tmp_path):
    small_registry(store_url)
    key_file = _key_file(tmp_path)
    assert not key_file.stat().st_mode & 0o077
    assert "can be read by other users" not in ok(store_url, "account", "list").stderr
    key_file.chmod(0o644)
    # An export decrypts every vault reference, and a rotation reads the key file again: still one warning.
    for command in (("account", "list"), ("account", "export", "--include-vault-refs", "--format", "json"),
                    ("key", "rotate")):
        result = ok(store_url, *command)
        assert result.stderr.count("can be read by other users") == 1, (command, result.stderr)
        assert f"Warning: The key file {key_file} can be read by other users of this computer (mode 0644)" in result.stderr
    assert f"run `chmod 600 {key_file}`" in result.stderr
    assert key_file.stat().st_mode & 0o777 == 0o600  # the rotation wrote the new key file privately
    key_file.chmod(0o640)
    dutch = ok(store_url, "account", "list", lang="nl")
    assert f"Let op: Het sleutelbestand {key_file} is leesbaar voor andere gebruikers van deze computer (rechten 0640)" in dutch.stderr
    key_file.chmod(0o600)
    assert "can be read by other users" not in ok(store_url, "account", "list").stderr


@pytest.mark.parametrize("content", [b"\xff\xfe\x00k\x00e\x00y", b"\x80" * 44 + b"\n", b"not a key\n"])
def test_a_key_file_that_is_not_a_key_file_is_an_integrity_error_in_a_sentence(store_url, tmp_path, content):
    small_registry(store_url)
    _key_file(tmp_path).write_bytes(content)
    for args in (("account", "list"), ("account", "show", "x:VoorbeeldWest", "--reveal")):
        result = smreg(store_url, *args)
        assert result.exit_code == 4, result.stderr
        assert f"The key file {_key_file(tmp_path)} is not a valid smreg key file" in result.stderr
        assert "unexpected" not in result.stderr
