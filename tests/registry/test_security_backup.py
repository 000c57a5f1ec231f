"""Backups of a live SQLite store, and restores that check what they bring back."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from helpers import ok, small_registry, smreg
from sqlalchemy import text

from registry import crypto
from registry import settings as smreg_settings
from registry.db import Store

ROOT = Path(__file__).resolve().parents[2]

# Another process that keeps writing to the store (one event per transaction) until killed.
WRITER = textwrap.dedent(
    """
    import sys
    from registry import settings
    from registry.db import Store
    from registry.services import config

    store = Store(settings.resolve(sys.argv[1]))
    i = 0
    while True:
        i += 1
        with store.unit_of_work(actor="writer") as uow:
            config.put(uow, "notice_days", 30 + i % 50)
            uow.commit()
        if i == 20:
            print("writing", flush=True)
    """
)


def _events(db: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM event").fetchone()[0]
    finally:
        conn.close()


def _handles(db: str) -> set[str]:
    return {a["handle"] for a in ok(db, "account", "list", "--archived", "--format", "json").json()}


def test_a_backup_taken_while_another_process_writes_is_consistent_and_restores(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    writer = subprocess.Popen([sys.executable, str(script), db], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    try:
        assert writer.stdout.readline().strip() == "writing"
        copies = []
        for n in range(3):
            target = tmp_path / f"backup-{n}.db"
            result = ok(db, "db", "backup", str(target))
            assert "Backup written to" in result.stderr
            copies.append(target)
        assert writer.poll() is None, "the writer kept going during the backups"
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
    counts = []
    for target in copies:
        assert not Path(str(target) + "-wal").exists()
        assert ok(str(target), "log", "verify").exit_code == 0
        counts.append(_events(str(target)))
    assert counts == sorted(counts) and counts[-1] > counts[0] > 20
    restored = str(tmp_path / "restored.db")
    ok(restored, "db", "restore", str(copies[1]))
    assert _events(restored) == counts[1]
    assert _handles(restored) == {"VoorbeeldWest", "de.zon.school"}
    shown = ok(restored, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json").json()
    assert shown["vault_ref"] == "op://Social/VoorbeeldWest/password"


def test_restore_over_a_store_needs_force_and_keeps_the_replaced_store(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    backup = tmp_path / "b.db"
    ok(db, "db", "backup", str(backup))
    ok(db, "account", "archive", "instagram:de.zon.school")
    ok(db, "account", "add", "x", "NaDeBackup", "--unit", "WEST", "--custodian", "1001", "--vault", "op://Social/Na/password")
    refused = smreg(db, "db", "restore", str(backup))
    assert refused.exit_code == 3 and "--force" in refused.stderr
    assert "NaDeBackup" in _handles(db)
    result = ok(db, "db", "restore", str(backup), "--force")
    assert "s.db.before-restore" in result.stderr
    assert _handles(db) == {"VoorbeeldWest", "de.zon.school"}
    assert ok(db, "account", "list", "--format", "json").json()[1]["status"] == "active"
    assert "NaDeBackup" in _handles(str(tmp_path / "s.db.before-restore"))
    assert "intact" in ok(db, "log", "verify").stdout
    ok(db, "account", "add", "x", "NaHetTerugzetten", "--unit", "WEST", "--custodian", "1001", "--vault", "op://Social/T/password")
    assert "intact" in ok(db, "log", "verify").stdout


def test_a_backup_does_not_overwrite_a_file_unless_forced(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    target = tmp_path / "b.db"
    target.write_bytes(b"keep me")
    result = smreg(db, "db", "backup", str(target))
    assert result.exit_code == 3 and "already exists" in result.stderr
    assert target.read_bytes() == b"keep me"
    ok(db, "db", "backup", str(target), "--force")
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


def test_restore_refuses_a_backup_whose_log_is_broken_and_changes_nothing(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    backup = tmp_path / "b.db"
    ok(db, "db", "backup", str(backup))
    conn = sqlite3.connect(backup)
    conn.execute("UPDATE event SET subject = 'unit:ELDERS' WHERE seq = 5")
    conn.commit()
    conn.close()
    before = Path(db).read_bytes()
    result = smreg(db, "db", "restore", str(backup), "--force")
    assert result.exit_code == 4 and "entry 5" in result.stderr
    assert Path(db).read_bytes() == before
    assert not (tmp_path / "s.db.before-restore").exists()


def test_restore_refuses_files_that_are_not_smreg_stores_or_come_from_a_newer_smreg(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for path, says in ((junk, "not an SQLite file"), (other, "no smreg tables"), (tmp_path / "missing.db", "no backup file")):
        result = smreg(db, "db", "restore", str(path), "--force")
        assert result.exit_code == 3 and says in result.stderr, path
    newer = tmp_path / "newer.db"
    ok(db, "db", "backup", str(newer))
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    result = smreg(db, "db", "restore", str(newer), "--force")
    assert result.exit_code == 3 and "newer version of smreg" in result.stderr
    assert "intact" in ok(db, "log", "verify").stdout


def test_a_backup_from_before_a_key_rotation_is_restored_only_with_its_key(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    backup = tmp_path / "b.db"
    ok(db, "db", "backup", str(backup))
    key_file = tmp_path / "keys" / "key"
    (old,) = key_file.read_bytes().split()
    ok(db, "key", "rotate")
    refused = smreg(db, "db", "restore", str(backup), "--force")
    assert refused.exit_code == 4 and "was the key rotated" in refused.stderr
    (new,) = key_file.read_bytes().split()
    crypto.write_key_file(key_file, [new, old])
    ok(db, "db", "restore", str(backup), "--force")
    shown = ok(db, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json").json()
    assert shown["recovery_contact"] == "social@voorbeeld.nl"


def test_on_postgresql_backup_and_restore_point_to_pg_dump(pg_url, tmp_path):
    small_registry(pg_url)
    for args in (("db", "backup", str(tmp_path / "b.db")), ("db", "restore", str(tmp_path / "b.db"))):
        result = smreg(pg_url, *args)
        assert result.exit_code == 3 and "pg_dump" in result.stderr and "pg_restore" in result.stderr
    assert not (tmp_path / "b.db").exists()
    store = Store(smreg_settings.resolve(pg_url))
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM account")).scalar() == 2
