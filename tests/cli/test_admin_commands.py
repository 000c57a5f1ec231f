"""`smreg config`, `smreg key export-public`, a full disk, and secrets kept out of every output."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg
from sqlalchemy import event, text

from registry import crypto
from registry import settings as smreg_settings
from registry.db import Store, make_engine


def test_config_show_lists_every_setting_and_config_set_changes_one_and_logs_it(store_url):
    small_registry(store_url)
    shown = {row["key"]: row["value"] for row in ok(store_url, "config", "show", "--format", "json").json()}
    assert shown["retention_years"] == 2 and shown["domains"] == ["voorbeeld.nl"] and "key_check" not in shown
    assert ok(store_url, "config", "set", "retention_years", "7", "--format", "json").json() == [{"key": "retention_years", "value": 7}]
    ok(store_url, "config", "set", "domains", "voorbeeld.nl, Scholen.Voorbeeld.NL")
    ok(store_url, "config", "set", "organisation", "  Stichting   Voorbeeld  ")
    shown = {row["key"]: row["value"] for row in ok(store_url, "config", "show", "--format", "json").json()}
    assert shown["retention_years"] == 7 and shown["domains"] == ["voorbeeld.nl", "scholen.voorbeeld.nl"]
    assert shown["organisation"] == "Stichting Voorbeeld"
    log = ok(store_url, "log", "show", "--format", "json").json()
    assert [e["changes"] for e in log if e["subject"] == "setting:retention_years"] == ["2 → 7"]
    table = ok(store_url, "config", "show", lang="nl").stdout
    assert "instelling" in table and "retention_years" in table


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [("retention_years", "twee", "whole number"), ("retention_years", "-1", "whole number"),
     ("colour", "blue", "Unknown setting"), ("key_check", "x", "kept by smreg itself"),
     ("domains", "not a domain", "not a mail domain")],
)
def test_config_set_refuses_a_bad_value_or_an_unknown_setting(tmp_path, key, value, says):
    db = str(tmp_path / "s.db")
    small_registry(db)
    result = smreg(db, "config", "set", key, "--", value)
    assert result.exit_code == 3 and says in result.stderr
    shown = {row["key"]: row["value"] for row in ok(db, "config", "show", "--format", "json").json()}
    assert shown["retention_years"] == 2 and shown["domains"] == ["voorbeeld.nl"]


def test_the_public_signing_key_is_printed_or_written_and_matches_the_private_key(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    from audit import signing

    printed = ok(db, "key", "export-public").stdout
    assert printed.startswith("-----BEGIN PUBLIC KEY-----") and "PRIVATE" not in printed
    out = tmp_path / "out" / "smreg-public.pem"
    out.parent.mkdir()
    result = ok(db, "key", "export-public", "--out", str(out))
    private = signing.load_private_key(tmp_path / "keys" / "signing_key.pem")
    assert signing.fingerprint(signing.load_public_key(out)) == signing.fingerprint(private)
    assert signing.fingerprint(private) in result.stderr
    assert out.read_text().strip() == printed.strip()
    missing = smreg(db, "key", "export-public", env={"SMREG_SIGNING_DIR": str(tmp_path / "nowhere")})
    assert missing.exit_code in (3, 4) and "does not exist" in missing.stderr


def _fill_the_disk(db: str) -> None:
    """Cap the store's size at what it holds now plus a few pages: the next big write finds the disk full."""
    url = smreg_settings.database_url(db)
    engine = make_engine(url)
    with engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 8}")


def test_a_full_disk_gives_a_clear_error_exit_3_and_leaves_the_store_intact(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    events_before = len(ok(db, "log", "show", "--format", "json").json())
    _fill_the_disk(db)
    big_notes = "vergaderverslag " * 40_000
    for debug in ((), ("--debug",)):
        result = smreg(db, *debug, "account", "add", "x", "VolleSchijf", "--unit", "WEST", "--custodian", "1001",
                       "--vault", "op://Social/VolleSchijf/password", "--notes", big_notes)
        assert result.exit_code == 3
        assert "Error: The disk is full, so the change could not be written; the store is unchanged." in result.stderr
        assert "op://Social/VolleSchijf" not in result.stderr + result.stdout
    result = smreg(db, "person", "add", "1011", "--name", "Past Nog", "--unit", "ZON")
    assert result.exit_code == 0, "a small change still fits"
    assert {a["handle"] for a in ok(db, "account", "list", "--format", "json").json()} == {"VoorbeeldWest", "de.zon.school"}
    assert len(ok(db, "log", "show", "--format", "json").json()) == events_before + 1
    assert "intact" in ok(db, "log", "verify").stdout
    Store(smreg_settings.resolve(db)).engine.dispose()


SECRETS = {
    "vault": "op://Directie/Noodtoegang-West/wachtwoord",
    "vault2": "keepass://kluis.kdbx#Social/Instagram-Zon",
    "recovery": "herstel.west.7731@voorbeeld.nl",
    "phone": "+31 6 1234 5678",
    "notes": "tweede factor staat op de telefoon van de conciërge",
}


def test_no_output_of_a_whole_session_ever_shows_a_secret_or_key(store_url, tmp_path):
    outputs: list[str] = []

    def run(*args, expect=0, **kw):
        result = smreg(store_url, *args, **kw)
        assert result.exit_code == expect, (args, result.stderr)
        outputs.append(result.stdout + result.stderr)
        return result

    small_registry(store_url)
    run("account", "add", "x", "NoodWest", "--unit", "WEST", "--custodian", "1002", "--vault", SECRETS["vault"],
        "--recovery-contact", SECRETS["recovery"], "--notes", SECRETS["notes"], "--kind", "official")
    run("account", "update", "instagram:de.zon.school", "--vault", SECRETS["vault2"], "--recovery-contact", SECRETS["phone"])
    # Errors, with and without --debug: a duplicate, a bad recovery contact, a wrong key.
    for debug in ((), ("--debug",)):
        run(*debug, "account", "add", "x", "noodwest", "--unit", "WEST", "--custodian", "1002", "--vault", SECRETS["vault"],
            "--recovery-contact", SECRETS["recovery"], expect=3)
        run(*debug, "account", "update", "x:NoodWest", "--recovery-contact", "geen contact", "--vault", SECRETS["vault2"], expect=3)
        run(*debug, "account", "update", "x:NoodWest", "--vault", SECRETS["notes"], expect=3)
    other = tmp_path / "other-key"
    crypto.write_key_file(other, [crypto.new_key()])
    run("--debug", "account", "show", "x:NoodWest", "--reveal", env={"SMREG_KEY_FILE": str(other)}, expect=4)
    run("--debug", "account", "update", "x:NoodWest", "--notes", "x", env={"SMREG_KEY_FILE": str(other)}, expect=4)
    for fmt in ("table", "json", "csv"):
        run("account", "list", "--format", fmt)
        run("account", "show", "x:NoodWest", "--format", fmt)
        run("log", "show", "--format", fmt)
    run("log", "show", "--subject", "x:NoodWest", "--format", "json")
    run("person", "show", "1002", "--format", "json")
    run("log", "verify")
    key_file = tmp_path / "keys" / "key"
    keys_seen = key_file.read_text().split()
    run("key", "rotate")
    keys_seen += key_file.read_text().split()
    run("log", "show", "--format", "json")
    run("config", "show", "--format", "json")
    if store_url.endswith(".db"):
        run("db", "backup", str(tmp_path / "b.db"))
        run("db", "restore", str(tmp_path / "b.db"), "--force")
    text_out = "\n".join(outputs)
    for name, secret in SECRETS.items():
        assert secret not in text_out, name
    for key in keys_seen:
        assert key not in text_out
    # The reveal is the one place they show, with the right key.
    revealed = ok(store_url, "account", "show", "x:NoodWest", "--reveal", "--format", "json").json()
    assert (revealed["vault_ref"], revealed["recovery_contact"], revealed["notes"]) == (
        SECRETS["vault"], SECRETS["recovery"], SECRETS["notes"])
    if store_url.endswith(".db"):
        for path in Path(store_url).parent.glob("*.db*"):
            data = path.read_bytes()
            assert not any(secret.encode() in data for secret in SECRETS.values()), path.name
