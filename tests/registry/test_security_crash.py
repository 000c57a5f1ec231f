"""A kill -9 at any point of a key rotation leaves every value readable and the log intact.

Each test builds a store with a few thousand encrypted values, starts ``smreg key rotate`` in a
child process that pauses at one point of the rotation (or not at all), kills it there with
SIGKILL, and then checks the store: every value opens with the key file as it was left, the log
verifies, and the store is either exactly as before or completely rotated. A second rotation
then finishes the job.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from registry import crypto, events
from registry import settings as smreg_settings
from registry.db import Store
from registry.services import keys, people, setup, units

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = 2000
PEOPLE = 200

# The child: runs `smreg key rotate`, announcing each point it reaches and pausing at one.
CHILD = textwrap.dedent(
    """
    import sys, time
    from registry.services import keys

    pause_at = sys.argv[1]

    def announce(point):
        print(point, flush=True)
        if point == pause_at:
            time.sleep(60)

    write_keys, reencrypt, count_foreign = keys.write_keys, keys.reencrypt, keys.count_foreign
    reached = set()

    def write_keys_(path, key_list):
        write_keys(path, key_list)
        announce("pending" if path.name.endswith(".next") else "file-new")

    def reencrypt_(session, cipher, **kw):
        moved = reencrypt(session, cipher, **kw)
        session.flush()
        reached.add("reencrypted")
        announce("reencrypted")
        return moved

    def count_foreign_(source, ids):
        if "reencrypted" in reached and hasattr(source, "engine"):
            announce("committed")  # the proof after the commit
        return count_foreign(source, ids)

    keys.write_keys, keys.reencrypt, keys.count_foreign = write_keys_, reencrypt_, count_foreign_
    sys.argv = ["smreg", "--db", sys.argv[2], "key", "rotate"]
    from cli.app import run
    run()
    """
)


@pytest.fixture
def big_store(tmp_path):
    """A store with ACCOUNTS accounts (three encrypted fields each) and PEOPLE people with keys."""
    db = str(tmp_path / "big.db")
    store = Store(smreg_settings.resolve(db))
    setup.initialise(store, actor="tester", organisation="Stichting Voorbeeld", signing=None)
    from registry.models import Account

    expected: dict[int, tuple[str, str, str]] = {}
    with store.unit_of_work(actor="tester") as uow:
        unit = units.add_unit(uow, code="ORG", name="Stichting Voorbeeld", kind="organisation")
        for i in range(PEOPLE):
            people.add_person(uow, people.PersonInput(employee_id=f"P{i:04d}", name=f"Medewerker {i}", unit="ORG"))
        uow.session.flush()
        cipher = uow.cipher
        rows = []
        for i in range(1, ACCOUNTS + 1):
            plain = (f"op://Social/account-{i}/password", f"beheer{i}@voorbeeld.nl", f"notitie {i}")
            expected[i] = plain
            rows.append({"id": i, "platform": "x", "handle": f"Voorbeeld{i}", "handle_key": f"voorbeeld{i}",
                         "unit_id": unit.id, "kind": "work", "vault_ref": cipher.encrypt(plain[0]), "vault_scheme": "1password",
                         "recovery_contact": cipher.encrypt(plain[1]), "recovery_domain": "voorbeeld.nl",
                         "notes": cipher.encrypt(plain[2]), "status": "active", "created_on": date(2026, 1, 1), "version": 1})
        uow.session.execute(insert(Account), rows)
        uow.commit()
    store.engine.dispose()
    return db, expected


def _key_file() -> Path:
    return Path(os.environ["SMREG_KEY_FILE"])


def _check(db: str, expected: dict[int, tuple[str, str, str]]) -> str:
    """Every value opens with the key file as left; returns 'before' or 'rotated'."""
    cipher = crypto.load_cipher(_key_file(), None)
    store = Store(smreg_settings.resolve(db), cipher=cipher)
    with store.engine.connect() as conn:
        accounts = conn.execute(text("SELECT id, vault_ref, recovery_contact, notes FROM account ORDER BY id")).all()
        wrapped = [k for (k,) in conn.execute(text("SELECT key FROM person_key"))]
        rotations = conn.execute(text("SELECT count(*) FROM event WHERE action = 'key.rotated'")).scalar()
    assert len(accounts) == ACCOUNTS and len(wrapped) == PEOPLE
    for aid, *stored in accounts:
        assert tuple(cipher.decrypt(v) for v in stored) == expected[aid]
    for value in wrapped:
        assert len(cipher.decrypt(value)) == 44  # a data key, URL-safe base64
    keys.check_key(store, cipher)
    assert events.verify(store).count > 0
    ids = {v.split(":", 2)[1] for (_aid, *stored) in accounts for v in stored} | {v.split(":", 2)[1] for v in wrapped}
    assert len(ids) == 1, "a store is never half rotated"
    store.engine.dispose()
    return "rotated" if rotations else "before"


def _kill_at(db: str, point: str, tmp_path: Path, *, pause: bool = True, delay: float = 0.0) -> None:
    """Kill the rotation when it reaches ``point`` (paused there, or ``delay`` seconds later)."""
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(script), point if pause else "-", db], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True)
    try:
        for line in child.stdout:
            if line.strip() == point:
                break
        else:
            pytest.fail(f"the rotation never reached {point}: {child.stderr.read()[-2000:]}")
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()


@pytest.mark.parametrize(
    ("point", "state", "file_changed"),
    [
        ("pending", "before", False),      # new key written beside the key file, nothing re-encrypted
        ("reencrypted", "before", False),  # every value re-encrypted, transaction not committed
        ("committed", "rotated", False),   # committed; the new key is still only in the .next file
        ("file-new", "rotated", True),     # done: the key file holds the new key alone
    ],
)
def test_a_rotation_killed_at_any_point_leaves_every_value_readable(big_store, tmp_path, point, state, file_changed):
    db, expected = big_store
    assert _check(db, expected) == "before"
    before = _key_file().read_bytes()
    _kill_at(db, point, tmp_path)
    assert len(_key_file().read_bytes().split()) == 1
    assert (_key_file().read_bytes() != before) == file_changed
    assert _check(db, expected) == state
    # The next rotation finishes what the killed one started.
    store = Store(smreg_settings.resolve(db))
    keys.rotate(store, actor="tester")
    store.engine.dispose()
    assert len(_key_file().read_bytes().split()) == 1
    assert _check(db, expected) == "rotated"


@pytest.mark.parametrize("delay", [0.0, 0.04, 0.1])
def test_a_rotation_killed_while_it_runs_leaves_the_store_before_or_rotated(big_store, tmp_path, delay):
    db, expected = big_store
    _kill_at(db, "pending", tmp_path, pause=False, delay=delay)
    assert _check(db, expected) in ("before", "rotated")
