"""Key rotation while other processes keep writing protected fields: no value is ever stranded.

Writer processes add accounts, update one, import files (all through the command line, each run
reading the key file afresh) and add accounts through one long-lived store (as a server would,
keeping the key it loaded), while the test rotates the key several times. Every write either
lands under a key the final key file holds or is refused whole; afterwards every protected value
opens with the key file, all sit under its one key, and the log verifies.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg
from sqlalchemy import text

from registry import crypto, events
from registry import settings as smreg_settings
from registry.db import Store
from registry.services import keys

ROOT = Path(__file__).resolve().parents[2]
ROTATIONS = 3
WRITER_SECONDS = 25  # an upper bound; writers stop as soon as the rotations are done

# One writer: repeats its kind of write until told to stop, recording each value that landed.
WRITER = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    kind, db, out, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    deadline = time.monotonic() + float(sys.argv[5])
    from typer.testing import CliRunner
    from cli.app import app
    runner = CliRunner()
    refused = 0

    def cli(*args):
        global refused
        result = runner.invoke(app, ["--db", db, "--lang", "en", *args], catch_exceptions=False)
        if result.exit_code == 4 and "rotated while this command ran" in result.stderr:
            refused += 1
            return False
        if result.exit_code == 3 and "busy" in result.stderr:
            refused += 1
            return False
        assert result.exit_code == 0, (args, result.exit_code, result.stderr)
        return True

    landed = {}
    if kind == "server":
        from registry import clock, settings
        from registry.db import Store
        from registry.errors import IntegrityError
        from registry.services import accounts
        store = Store(settings.resolve(db))
    n = 0
    while not stop.exists() and time.monotonic() < deadline:
        n += 1
        handle = f"{kind}{n}"
        vault = f"op://Social/{handle}/password"
        if kind == "add":
            if cli("account", "add", "x", handle, "--unit", "WEST", "--custodian", "1001", "--vault", vault,
                   "--recovery-contact", f"{handle}@voorbeeld.nl"):
                landed[f"x:{handle.lower()}"] = vault
        elif kind == "update":
            if cli("account", "update", "x:VoorbeeldWest", "--vault", vault, "--notes", f"note {n}"):
                landed["x:voorbeeldwest"] = vault
        elif kind == "import":
            rows = "".join(f"x,{handle}r{i},,WEST,work,,1002,,op://Social/{handle}r{i}/password,,,\\n" for i in range(20))
            file = out.with_suffix(f".{n}.csv")
            file.write_text("platform,handle,display_name,unit,kind,purpose,custodian,backup_custodian,vault_ref,"
                            "recovery_contact,rotated_on,created_on\\n" + rows)
            if cli("account", "import", str(file)):
                landed.update({f"x:{handle.lower()}r{i}": f"op://Social/{handle}r{i}/password" for i in range(20)})
        else:
            try:
                with store.unit_of_work(actor="server") as uow:
                    accounts.add_account(uow, {"platform": "x", "handle": handle, "unit": "WEST", "custodian": "1003",
                                               "vault_ref": vault}, today=clock.today())
                    uow.commit()
                landed[f"x:{handle.lower()}"] = vault
            except IntegrityError as exc:
                assert exc.key == "key.rotated_meanwhile", exc.key
                refused += 1
        if n == 2:
            out.with_suffix(".ready").touch()
        time.sleep(0.02)
    out.write_text(json.dumps({"landed": landed, "refused": refused, "rounds": n}))
    """
)


def _stored_values(db: str) -> list[tuple[str, str]]:
    store = Store(smreg_settings.resolve(db))
    values = []
    with store.engine.connect() as conn:
        for table, (_pk, columns) in keys.ENCRYPTED_COLUMNS.items():
            for column in columns:
                values += [(table, v) for (v,) in conn.execute(text(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"))]
    return values


def test_rotations_while_others_add_update_and_import_strand_no_value(store_url, tmp_path):
    small_registry(store_url)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
    kinds = ("add", "update", "import", "server")
    writers = {
        kind: subprocess.Popen([sys.executable, str(script), kind, store_url, str(tmp_path / f"{kind}.json"), str(stop),
                                str(WRITER_SECONDS)], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for kind in kinds
    }
    key_file = Path(os.environ["SMREG_KEY_FILE"])
    try:
        deadline = time.monotonic() + WRITER_SECONDS
        while time.monotonic() < deadline and not all((tmp_path / f"{k}.ready").exists() for k in kinds):
            time.sleep(0.05)  # let every writer get going
        retired = set()
        for _ in range(ROTATIONS):
            before = crypto.read_key_file(key_file)
            result = smreg(store_url, "key", "rotate")
            assert result.exit_code == 0, result.stderr
            retired |= {crypto.key_id(k) for k in before}
            time.sleep(0.4)
    finally:
        stop.touch()
        errors = {kind: (p.wait(timeout=60), p.stderr.read()) for kind, p in writers.items()}
    for kind, (code, err) in errors.items():
        assert code == 0, f"{kind} writer: {err[-3000:]}"

    (final,) = crypto.read_key_file(key_file)
    assert not crypto.pending_path(key_file).exists()
    cipher = crypto.Cipher([final])
    stored = _stored_values(store_url)
    assert all(v.startswith(f"enc1:{crypto.key_id(final)}:") for _table, v in stored)
    for _table, value in stored:
        cipher.decrypt(value)  # raises if any value needs a retired key
    shown = {a["platform"] + ":" + a["handle"].lower(): a
             for a in ok(store_url, "account", "export", "--include-vault-refs", "--format", "json").json()}
    landed = {}
    for kind in kinds:
        report = json.loads((tmp_path / f"{kind}.json").read_text())
        assert report["rounds"] > 1, kind
        landed.update(report["landed"])
    assert len(landed) > 10
    for ref, vault in landed.items():
        if ref != "x:voorbeeldwest":
            assert shown[ref]["vault_ref"] == vault, ref
    assert events.verify(Store(smreg_settings.resolve(store_url))).count > 0
    assert sum(e["action"] == "key.rotated" for e in ok(store_url, "log", "show", "--format", "json").json()) == ROTATIONS
    assert ok(store_url, "key", "rotate").exit_code == 0  # and rotating again finds nothing stranded


def test_a_refused_rotation_leaves_the_key_file_byte_for_byte(pg_url, tmp_path, pg_admin):
    """On PostgreSQL a role without the right to re-encrypt is refused; the key file is untouched."""
    small_registry(pg_url)
    ok(pg_url, "db", "roles")
    name = f"hr_{os.getpid()}_{int(time.time() * 1000) % 100000}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN IN ROLE smreg_hr")
    try:
        key_file = Path(os.environ["SMREG_KEY_FILE"])
        before = key_file.read_bytes()
        as_hr = pg_url.replace("postgres@", f"{name}@", 1)
        result = smreg(as_hr, "key", "rotate")
        assert result.exit_code != 0 and "Traceback" not in result.stderr
        assert key_file.read_bytes() == before
        assert not crypto.pending_path(key_file).exists()
        shown = ok(pg_url, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json").json()
        assert shown["vault_ref"] == "op://Social/VoorbeeldWest/password"
    finally:
        from registry import db

        for url in [u for u in db._engines if name in u]:
            db._engines.pop(url).dispose()
        with pg_admin.connect() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {name}")
            conn.exec_driver_sql(f"DROP ROLE {name}")


def test_a_process_that_loaded_the_key_before_a_rotation_writes_under_the_new_key_next_time(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    from registry import clock
    from registry.errors import IntegrityError
    from registry.services import accounts

    server = Store(smreg_settings.resolve(db))
    server.cipher.prepare()
    ok(db, "key", "rotate")
    raw = {"platform": "x", "handle": "NaRotatie", "unit": "WEST", "custodian": "1001", "vault_ref": "op://Social/Na/password"}
    with pytest.raises(IntegrityError) as refused, server.unit_of_work(actor="server") as uow:
        accounts.add_account(uow, raw, today=clock.today())
        uow.commit()
    assert refused.value.key == "key.rotated_meanwhile"
    assert smreg(db, "account", "show", "x:NaRotatie").exit_code == 3  # nothing was written
    with server.unit_of_work(actor="server") as uow:
        accounts.add_account(uow, raw, today=clock.today())
        uow.commit()
    (final,) = crypto.read_key_file(Path(os.environ["SMREG_KEY_FILE"]))
    shown = ok(db, "account", "show", "x:NaRotatie", "--reveal", "--format", "json").json()
    assert shown["vault_ref"] == "op://Social/Na/password"
    assert all(v.startswith(f"enc1:{crypto.key_id(final)}:") for _t, v in _stored_values(db))
