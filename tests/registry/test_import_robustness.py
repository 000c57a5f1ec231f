"""Imports under stress: a killed import leaves the store as it was, hostile files never half-write,
and an export imported into an empty store gives the same registry."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import events
from registry import settings as smreg_settings
from registry.db import Store
from registry.io import writers
from registry.services import imports

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 6, 15)


def _count(db: str, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _big_file(path: Path, rows: int) -> Path:
    with path.open("w") as handle:
        handle.write("platform,handle,display_name,unit,kind,custodian,vault_ref,recovery_contact\n")
        for i in range(rows):
            handle.write(f"x,Killed_{i},Account {i},ZON,work,{1001 + i % 3},op://Social/item{i}/password,social@voorbeeld.nl\n")
    return path


@pytest.mark.parametrize("delay", [0.4, 1.0, 1.8])
def test_an_import_killed_part_way_leaves_the_store_exactly_as_before(tmp_path, delay):
    db = str(tmp_path / "k.db")
    small_registry(db)
    before_accounts, before_events = _count(db, "account"), _count(db, "event")
    file = _big_file(tmp_path / "big.csv", 40_000)
    env = {**os.environ, "SMREG_DATABASE_URL": db}
    proc = subprocess.Popen([sys.executable, "-c", "from cli.app import run; run()", "account", "import", str(file)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    finished = proc.poll() is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(smreg_settings.resolve(db))
    events.verify(store)
    if not finished:
        assert _count(db, "account") == before_accounts
        assert _count(db, "event") == before_events
    # And the store still takes the import whole afterwards.
    ok(db, "account", "import", str(file))
    assert _count(db, "account") == before_accounts + 40_000
    events.verify(store)


FILE_NAMES = st.sampled_from(["in.csv", "in.txt", "in.jsonl", "in.json", "in.xlsx", "in.tsv"])


@settings(max_examples=90, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=500).map(lambda t: ("platform,handle,unit,custodian,vault_ref\n" + t).encode("utf-8", "surrogatepass")),
    st.text(max_size=500).map(lambda t: ("platform;handle;unit;custodian;vault_ref\nx;" + t).encode("cp1252", "replace")),
    st.text(max_size=300).map(lambda t: ("platform,handle,unit,custodian,vault_ref\n" + t).encode("utf-16")),
    st.integers(1, 3).map(lambda n: ("platform,handle,display_name,unit,custodian,vault_ref\nx,Groot,"
                                     + "A" * (n * 400_000) + ",ZON,1001,op://a/b/c\n").encode()),
), name=FILE_NAMES, kind=st.sampled_from(["account", "person", "observe"]))
def test_hostile_files_get_a_clear_answer_and_never_a_partial_write(fuzz_store, tmp_path, data, name, kind):
    file = tmp_path / name
    file.write_bytes(data)
    before = _count(fuzz_store, "event"), _count(fuzz_store, "account"), _count(fuzz_store, "person")
    result = smreg(fuzz_store, kind, "import", str(file))
    assert result.exit_code in (0, 3), result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    if result.exit_code == 3:
        assert (_count(fuzz_store, "event"), _count(fuzz_store, "account"), _count(fuzz_store, "person")) == before
        assert any(line.startswith("Error: ") for line in result.stderr.splitlines()), result.stderr


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("fuzz") / "f.db")
    keys = tmp_path_factory.mktemp("fuzzkeys")
    old = {k: os.environ.get(k) for k in ("SMREG_KEY_FILE", "SMREG_SIGNING_DIR")}
    os.environ["SMREG_KEY_FILE"] = str(keys / "key")
    os.environ["SMREG_SIGNING_DIR"] = str(keys)
    small_registry(db)
    yield db
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _valid(pair: tuple[str, str]) -> bool:
    from registry.errors import ValidationError
    from registry.platforms import parse_handle

    try:
        parse_handle(*pair)
    except ValidationError:  # a word the platform keeps for itself, such as x.com/i
        return False
    return True


HANDLES = st.one_of(
    st.tuples(st.just("x"), st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)),
    st.tuples(st.just("instagram"), st.from_regex(r"[a-z0-9_]{1,12}(\.[a-z0-9_]{1,12})?", fullmatch=True)),
    st.tuples(st.just("youtube"), st.from_regex(r"@[A-Za-z0-9_]{3,20}", fullmatch=True)),
    st.tuples(st.just("tiktok"), st.from_regex(r"[a-z0-9_]{2,20}", fullmatch=True)),
).filter(_valid)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30)
ACCOUNT = st.fixed_dictionaries({
    "handle": HANDLES,
    "display_name": TEXT,
    "unit": st.sampled_from(["ORG", "WEST", "ZON"]),
    "kind": st.sampled_from(["official", "work", "group"]),
    "purpose": st.sampled_from(["", "profilering", "communicatie", "curriculum"]),
    "custodian": st.sampled_from(["1001", "1002", "1003"]),
    "vault_ref": st.sampled_from(["op://Social/a/password", "vault://kv/x#pw", "bitwarden://5e0f6f0a-8f8b-4f39-9d3c-0c1f2b3a4d5e"]),
    "recovery_contact": st.sampled_from(["", "social@voorbeeld.nl", "+31 6 12345678"]),
    "rotated_on": st.one_of(st.just(""), st.dates(date(2015, 1, 1), date(2026, 6, 1)).map(date.isoformat)),
    "notes": TEXT,
})


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """An initialised store with the small registry's units and people, copied per example."""
    folder = tmp_path_factory.mktemp("template")
    os.environ["SMREG_KEY_FILE"] = str(folder / "key")
    os.environ["SMREG_SIGNING_DIR"] = str(folder)
    db = str(folder / "t.db")
    ok(db, "init", "--org", "Stichting Voorbeeld", "--domain", "voorbeeld.nl")
    ok(db, "unit", "add", "ORG", "--name", "Stichting Voorbeeld", "--kind", "organisation")
    ok(db, "unit", "add", "WEST", "--name", "Sector West", "--kind", "sector", "--parent", "ORG")
    ok(db, "unit", "add", "ZON", "--name", "Basisschool De Zon", "--kind", "school", "--parent", "WEST")
    for emp, name in (("1001", "Sanne de Wit"), ("1002", "Pieter van Leeuwen"), ("1003", "Kees Jansen")):
        ok(db, "person", "add", emp, "--name", name, "--unit", "ZON")
    return folder


def _copy(template: Path, target: Path) -> str:
    with sqlite3.connect(template / "t.db") as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return str(target)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(accounts=st.lists(ACCOUNT, min_size=1, max_size=8, unique_by=lambda a: (a["handle"][0], a["handle"][1].lower())),
       fmt=st.sampled_from(["csv", "json", "xlsx"]))
def test_an_export_imported_into_an_empty_store_gives_the_same_registry(template, tmp_path_factory, accounts, fmt):
    os.environ["SMREG_KEY_FILE"] = str(template / "key")
    os.environ["SMREG_SIGNING_DIR"] = str(template)
    work = tmp_path_factory.mktemp("rt")
    source = Store(smreg_settings.resolve(_copy(template, work / "a.db")))
    target = Store(smreg_settings.resolve(_copy(template, work / "b.db")))
    rows = [{**a, "platform": a["handle"][0], "handle": a["handle"][1]} for a in accounts]
    first = work / "first.csv"
    writers.write_csv(first, list(rows[0]), rows)
    imports.import_accounts(source, first, actor="t", today=TODAY)
    columns, exported = imports.export_accounts(source, include_protected=True)
    file = work / f"export.{fmt}"
    if fmt == "csv":
        writers.write_csv(file, columns, exported)
    elif fmt == "json":
        writers.write_json(file, [{c: r[c] for c in columns} for r in exported])
    else:
        writers.write_xlsx(file, [writers.Sheet("accounts", columns, exported, types={c: "text" for c in columns})])
    imports.import_accounts(target, file, actor="t", today=TODAY)
    again = imports.export_accounts(target, include_protected=True)[1]
    assert [{k: v for k, v in r.items() if k != "id"} for r in again] == [{k: v for k, v in r.items() if k != "id"} for r in exported]
    for store in (source, target):
        store.engine.dispose()


def test_the_progress_bar_shows_on_a_terminal_only(capsys):
    import io

    from cli.output import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen, pipe = Terminal(), io.StringIO()
    for stream in (screen, pipe):
        bar = ProgressBar(stream)
        bar("check", 5000, 10_000)
        bar("write", 10_000, 10_000)
        bar.close()
    assert "[###############---------------]" in screen.getvalue() and "10,000/10,000" in screen.getvalue()
    assert pipe.getvalue() == ""
    small = Terminal()
    ProgressBar(small)("check", 10, 100)
    assert small.getvalue() == ""
