"""Every copy of the store that smreg writes is readable by its owner only, whatever the umask;
a backup killed half-way leaves a private partial copy that the next backup removes."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import ok, small_registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # the usual default: files readable by every local user
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_restore_and_the_kept_store_are_created_0600(tmp_path, open_umask):
    db = tmp_path / "s.db"
    small_registry(str(db))
    backup = tmp_path / "copies" / "b.db"
    ok(str(db), "db", "backup", str(backup))
    assert _mode(backup) == 0o600
    elsewhere = tmp_path / "new" / "restored.db"
    ok(str(elsewhere), "db", "restore", str(backup))
    assert _mode(elsewhere) == 0o600
    ok(str(db), "db", "restore", str(backup), "--force")
    kept = db.with_name(db.name + ".before-restore")
    assert _mode(kept) == 0o600 and _mode(db) == 0o600
    # Opening a copy makes SQLite create -wal and -shm beside it, with the copy's own mode.
    conn = sqlite3.connect(backup)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x)")
    assert _mode(Path(f"{backup}-wal")) == 0o600 and _mode(Path(f"{backup}-shm")) == 0o600
    conn.close()


# A backup that stops, and is killed, once its partial copy is written and being checked.
CHILD = textwrap.dedent(
    """
    import sys, time
    from registry.services import maintenance

    check = maintenance.check_backup

    def check_(store, path):
        result = check(store, path)
        import sqlite3
        conn = sqlite3.connect(path)  # hold the copy open in WAL mode, as the check left it
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE held (x)")
        print("checked", flush=True)
        time.sleep(60)
        return result

    maintenance.check_backup = check_
    sys.argv = ["smreg", "--db", sys.argv[1], "db", "backup", sys.argv[2]]
    from cli.app import run
    run()
    """
)


def test_a_killed_backup_leaves_only_private_files_and_the_next_backup_removes_them(tmp_path, open_umask):
    db = tmp_path / "s.db"
    small_registry(str(db))
    target = tmp_path / "b.db"
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    child = subprocess.Popen([sys.executable, str(script), str(db), str(target)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == "checked", child.stderr.read()[-2000:]
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    left = sorted(tmp_path.glob("b.db*"))
    assert {p.name for p in left} >= {"b.db.partial", "b.db.partial-wal", "b.db.partial-shm"}
    assert all(_mode(p) == 0o600 for p in left), [(p.name, oct(_mode(p))) for p in left]
    ok(str(db), "db", "backup", str(target))
    assert [p.name for p in sorted(tmp_path.glob("b.db*"))] == ["b.db"]
    assert _mode(target) == 0o600
