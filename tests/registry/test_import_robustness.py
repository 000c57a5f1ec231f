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
    # A refused attempt (a password where a vault reference belongs) is logged as refused, without
    # the value; it changes nothing else, so it is not counted as a write.
    where = " WHERE result IS NULL OR result != 'refused'" if table == "event" else ""
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]


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
# A first line that names no column smreg reads: whatever follows, the file is refused.
NO_COLUMNS = b"kolom_a,kolom_b\n"


@st.composite
def hostile_files(draw) -> tuple[bytes, str, str, int]:
    """(content, file name, import kind, exit code) where the exit code follows from how the file
    was made: a file of valid rows in any layout imports (0); a file with one bad row planted among
    valid ones, or one that names no column smreg reads, is refused (3) — never exit 1."""
    kind = draw(st.sampled_from(["account", "person", "observe"]))
    shape = draw(st.sampled_from(["valid", "bad row", "no columns"]))
    if shape == "no columns":
        if draw(st.booleans()):
            tail = draw(st.binary(max_size=3000))
        else:
            codec = draw(st.sampled_from(["utf-8", "utf-16", "cp1252"]))
            tail = draw(st.text(max_size=2000)).encode(codec, "surrogatepass" if codec.startswith("utf") else "replace")
        return NO_COLUMNS + tail, draw(FILE_NAMES), kind, 3
    rows = draw(st.lists(VALID_ROWS[kind], min_size=1, max_size=6, unique_by=lambda r: UNIQUE[kind](r)))
    expected = 0
    if shape == "bad row":
        column, bad = draw(st.sampled_from(BAD_CELLS[kind]))
        at = draw(st.integers(0, len(rows) - 1))
        rows[at] = {**rows[at], column: bad}
        expected = 3
    fmt = draw(st.sampled_from(["csv", "csv;", "jsonl", "json", "xlsx"]))
    return _render(rows, fmt, bom=draw(st.booleans()), crlf=draw(st.booleans())), f"in.{fmt.rstrip(';')}", kind, expected


def _render(rows: list[dict], fmt: str, *, bom: bool, crlf: bool) -> bytes:
    import io
    import json

    columns = list(rows[0])
    if fmt == "xlsx":
        buffer = io.BytesIO()
        writers.write_xlsx(buffer, [writers.Sheet("rows", columns, rows, types={c: "text" for c in columns})])
        return buffer.getvalue()
    if fmt == "jsonl":
        text = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n"
    elif fmt == "json":
        text = json.dumps(rows, ensure_ascii=False)
    else:
        stream = io.StringIO()
        writers.write_csv(stream, columns, rows)
        text = stream.getvalue() if fmt == "csv" else stream.getvalue().replace(",", ";")
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


@settings(max_examples=90, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=hostile_files())
def test_hostile_files_get_the_exit_code_their_making_decides_and_never_a_partial_write(fuzz_store, tmp_path, case):
    data, name, kind, expected = case
    file = tmp_path / name
    file.write_bytes(data)
    before = _count(fuzz_store, "event"), _count(fuzz_store, "account"), _count(fuzz_store, "person")
    result = smreg(fuzz_store, kind, "import", str(file), env={"SMREG_KEY_FILE": str(Path(fuzz_store).with_name("key"))})
    assert result.exit_code == expected, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    if expected == 3:
        assert (_count(fuzz_store, "event"), _count(fuzz_store, "account"), _count(fuzz_store, "person")) == before
        assert any(line.startswith("Error: ") for line in result.stderr.splitlines()), result.stderr


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    keys = tmp_path_factory.mktemp("fuzz")
    db = str(keys / "f.db")
    old = {k: os.environ.get(k) for k in ("SMREG_KEY_FILE", "SMREG_SIGNING_DIR")}
    os.environ["SMREG_KEY_FILE"] = str(keys / "key")  # beside the store: see _fuzz_key
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


NAME = st.from_regex(r"[A-Z][a-z]{1,10} (van |de )?[A-Z][a-z]{1,12}", fullmatch=True)
PERSON = st.fixed_dictionaries({
    "employee_id": st.integers(2000, 2999).map(str),
    "name": NAME,
    "unit": st.sampled_from(["ORG", "WEST", "ZON"]),
    "function": TEXT.map(str.strip),
    "start_date": st.dates(date(2000, 1, 1), date(2026, 6, 1)).map(date.isoformat),
})
OBSERVED = st.fixed_dictionaries({"handle": HANDLES, "display_name": TEXT.map(str.strip)})
VALID_ROWS = {
    "account": ACCOUNT.map(lambda a: {**a, "platform": a["handle"][0], "handle": a["handle"][1]}),
    "person": PERSON,
    "observe": OBSERVED.map(lambda o: {"platform": o["handle"][0], "handle": o["handle"][1], "display_name": o["display_name"]}),
}
UNIQUE = {"account": lambda r: (r["platform"], r["handle"].lower()), "person": lambda r: r["employee_id"],
          "observe": lambda r: (r["platform"], r["handle"].lower())}
# One cell that makes its row wrong, whatever the rest of the row holds.
BAD_CELLS = {
    "account": [("unit", "NERGENS"), ("vault_ref", "Zomer2026!Welkom"), ("rotated_on", "2026-13-45"),
                ("platform", "myspace"), ("custodian", "9999")],
    "person": [("unit", "NERGENS"), ("start_date", "31-02-2026"), ("employee_id", "")],
    "observe": [("platform", "myspace"), ("handle", "")],
}


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


def _shared_string_out_of_range(path):
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["employee_id", "name", "platform", "handle"])
    book.active.append(["7", "abc", "x", "abc"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="B2" t="inlineStr"><is><t>abc</t></is></c>', b'<c r="B2" t="s"><v>999</v></c>')
            target.writestr(item, data)


HOSTILE = {
    "nested-arrays.json": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
    "nested-object.json": lambda p: p.write_text('[{"platform": ' + "[" * 20_000 + "]" * 20_000 + "}]"),
    "nested-lines.jsonl": lambda p: p.write_text('{"employee_id": ' + '{"a": ' * 20_000 + "1" + "}" * 20_000 + "}\n"),
    "lone-surrogate.json": lambda p: p.write_text('[{"platform": "x", "handle": "a\\ud800b", "employee_id": "1", "name": "a\\udc00"}]'),
    "huge-integer.json": lambda p: p.write_text('[{"platform": "x", "handle": "h", "employee_id": ' + "9" * 5000 + ', "name": "n"}]'),
    "huge-float.json": lambda p: p.write_text('[{"platform": "x", "handle": "h", "employee_id": 1e999999, "name": "n", "unit": "NERGENS"}]'),
    "shared-string.xlsx": _shared_string_out_of_range,
}


# An observed-accounts file holds no employee ids, so a huge number there is no problem.
CASES = [(name, kind) for name in sorted(HOSTILE) for kind in ("account", "person", "observe")
         if not (kind == "observe" and name.startswith(("huge-", "shared-")))]


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_a_refused_hostile_file_exits_3_with_a_sentence_and_writes_nothing(fuzz_store, tmp_path, name, kind):
    file = tmp_path / name
    HOSTILE[name](file)
    before = _count(fuzz_store, "event"), _count(fuzz_store, "account"), _count(fuzz_store, "person")
    result = smreg(fuzz_store, kind, "import", str(file))
    assert result.exit_code == 3, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    assert any(line.startswith("Error: ") for line in result.stderr.splitlines()), result.stderr
    assert (_count(fuzz_store, "event"), _count(fuzz_store, "account"), _count(fuzz_store, "person")) == before


def _damaged_sherlock(change):
    """The sherlock XLSX export of tests/data with one part of its worksheet damaged."""

    def write(path):
        import zipfile

        with zipfile.ZipFile(ROOT / "tests" / "data" / "observed" / "sherlock.xlsx") as source, \
                zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = change(data)
                target.writestr(item, data)
    return write


TOOL_FILES = {
    "shared string of a cell": _damaged_sherlock(lambda d: d.replace(
        b'<c r="B2" t="inlineStr"><is><t>Instagram</t></is></c>', b'<c r="B2" t="s"><v>999</v></c>')),
    "shared string of the header": _damaged_sherlock(lambda d: d.replace(
        b'<c r="A1" t="inlineStr"><is><t>username</t></is></c>', b'<c r="A1" t="s"><v>999</v></c>')),
    "worksheet cut off": _damaged_sherlock(lambda d: d[: len(d) // 2]),
    "number that is not one": _damaged_sherlock(lambda d: d.replace(
        b'<c r="F2" t="n"><v>200</v></c>', b'<c r="F2" t="n"><v>abc</v></c>')),
    "cell reference out of range": _damaged_sherlock(lambda d: d.replace(
        b'<c r="F2" t="n">', b'<c r="ZZZZZZ99999999" t="n">')),
    "file cut off": lambda p: p.write_bytes((ROOT / "tests" / "data" / "observed" / "sherlock.xlsx").read_bytes()[:-200]),
}


@pytest.mark.parametrize("damage", sorted(TOOL_FILES))
@pytest.mark.parametrize("command", [("observe", "import"), ("scan",)])
def test_a_damaged_xlsx_from_a_monitoring_tool_exits_3_with_a_sentence(fuzz_store, tmp_path, damage, command):
    file = tmp_path / "sherlock.xlsx"
    TOOL_FILES[damage](file)
    before = _count(fuzz_store, "event"), _count(fuzz_store, "observed_account")
    result = smreg(fuzz_store, *command, str(file))
    assert result.exit_code == 3, result.stderr
    assert "cannot be opened as an XLSX workbook" in result.stderr and "unexpected" not in result.stderr
    assert (_count(fuzz_store, "event"), _count(fuzz_store, "observed_account")) == before

