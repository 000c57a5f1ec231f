"""Concurrent edits of every kind on PostgreSQL: the log's replay equals the tables afterwards.

Writer processes edit the same person, account, unit and setting at once, each a different field
(a same-row race), for a bounded time. A write either lands with a log snapshot that is exactly
the row it committed, or is refused as changed by someone else; afterwards the replay of the log
(``smreg log verify``) finds no row that disagrees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import ok, small_registry

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 8
SECONDS = 90  # an upper bound per writer, on a busy machine

WRITER = textwrap.dedent(
    """
    import json, sys, time
    kind, db, out = sys.argv[1], sys.argv[2], sys.argv[3]
    deadline = time.monotonic() + float(sys.argv[4])
    from typer.testing import CliRunner
    from cli.app import app
    runner = CliRunner()
    edits = {
        "person-name": lambda n: ("person", "update", "1001", "--name", f"Sanne de Wit {n}"),
        "person-function": lambda n: ("person", "update", "1001", "--function", f"docent {n}", "--unit", ["ZON", "WEST"][n % 2]),
        "account-name": lambda n: ("account", "update", "x:VoorbeeldWest", "--display-name", f"Voorbeeld West {n}"),
        "account-purpose": lambda n: ("account", "update", "x:VoorbeeldWest", "--purpose", ["profilering", "communicatie", "curriculum"][n % 3]),
        "unit-name": lambda n: ("unit", "update", "WEST", "--name", f"Sector West {n}"),
        "unit-policy": lambda n: ("unit", "update", "WEST", "--policy", f"notice_days={20 + n}"),
        "setting": lambda n: ("config", "set", "notice_days", str(30 + n)),
        "leaver": lambda n: ("person", "leave", "1003", "--on", f"2026-07-{n % 27 + 1:02d}"),
    }
    done = refused = 0
    for n in range(int(sys.argv[5])):
        if time.monotonic() > deadline:
            break
        result = runner.invoke(app, ["--db", db, "--lang", "en", *edits[kind](n)], catch_exceptions=False)
        if result.exit_code == 0:
            done += 1
        elif result.exit_code == 3 and ("changed by someone else" in result.stderr or "busy" in result.stderr):
            refused += 1
        else:
            raise SystemExit(f"{kind}: exit {result.exit_code}: {result.stderr}")
    open(out, "w").write(json.dumps({"done": done, "refused": refused}))
    """
)

KINDS = ("person-name", "person-function", "account-name", "account-purpose", "unit-name", "unit-policy", "setting", "leaver")


@pytest.mark.postgres
def test_concurrent_edits_of_every_kind_leave_the_log_replay_equal_to_the_tables(pg_url, tmp_path):
    small_registry(pg_url)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
    writers = [subprocess.Popen([sys.executable, str(script), kind, pg_url, str(tmp_path / f"{kind}.json"), str(SECONDS),
                                 str(ROUNDS)], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True) for kind in KINDS]
    failures = []
    for writer in writers:
        code = writer.wait(timeout=SECONDS + 60)
        err = writer.stderr.read()
        writer.stderr.close()
        if code:
            failures.append(err[-2000:])
    assert not failures, failures
    reports = {kind: json.loads((tmp_path / f"{kind}.json").read_text()) for kind in KINDS}
    for first, second in zip(KINDS[::2], KINDS[1::2], strict=True):  # the writers of one row
        assert reports[first]["done"] + reports[second]["done"] > 0, reports
    result = ok(pg_url, "log", "verify")
    assert "The tables agree with the event log" in result.stderr, result.stderr
    person = ok(pg_url, "person", "show", "1001", "--format", "json").json()
    newest = [e for e in ok(pg_url, "log", "show", "--subject", "1001", "--format", "json").json()]
    assert person["name"] in newest[-1]["changes"] or person["function"] in newest[-1]["changes"]
