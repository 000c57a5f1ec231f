"""Large CSV imports are checked by worker processes that each read a part of the file: the
outcome (what is written, what is refused, with which line numbers) is that of one process."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from helpers import small_registry
from sqlalchemy import text

from registry import events
from registry import settings as smreg_settings
from registry.db import Store
from registry.errors import ImportRejected
from registry.services import account_import, imports

TODAY = date(2026, 6, 15)
HEADER = ["platform", "handle", "display_name", "unit", "kind", "custodian", "vault_ref", "recovery_contact",
          "rotated_on", "notes"]


def _rows(count: int) -> list[list[str]]:
    rows = []
    for i in range(count):
        notes = f"first line {i}\nsecond line, with a \"quote\"" if i % 7 == 0 else ""
        rows.append(["x", f"Part_{i}", f"Account {i}", "ZON", "work", str(1001 + i % 3),
                     f"op://Social/item{i}/password", "social@voorbeeld.nl" if i % 2 else "", "2026-01-10", notes])
    return rows


def _write(path: Path, rows: list[list[str]], *, blank_after: int | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for number, row in enumerate(rows):
            writer.writerow(row)
            if number == blank_after:
                handle.write("\r\n")
    return path


def _line_of(path: Path, handle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if f",{handle}," in line:
            return number
    raise AssertionError(handle)


def _state(store: Store) -> tuple[list[tuple], int]:
    with store.engine.connect() as conn:
        accounts = conn.execute(text(
            "SELECT platform, handle, display_name, unit_id, custodian_id, vault_scheme, recovery_domain, rotated_on,"
            " status, version FROM account ORDER BY handle_key")).all()
        count = conn.execute(text("SELECT count(*) FROM event")).scalar()
    return [tuple(row) for row in accounts], count


@pytest.fixture
def many_parts(monkeypatch):
    monkeypatch.setattr(account_import, "CHUNK", 300)  # about ten parts for the file below
    monkeypatch.setattr(account_import, "PARALLEL_FROM", 1000)


def test_bad_rows_in_every_part_are_all_listed_with_their_lines_and_nothing_is_written(store_url, tmp_path, many_parts):
    small_registry(store_url)
    store = Store(smreg_settings.resolve(store_url))
    rows = _rows(3000)
    rows[5][6] = "hunter2"                    # not a vault reference, early in the first part
    rows[1500][5] = "9999"                    # an unknown custodian, in the middle
    rows[2999][8] = "31-02-2026"              # a date that does not exist, the very last row
    rows[2000][1] = "Part_10"                 # the same account as a row in another part
    rows[2400] = [*rows[2400], "surplus"]     # a row with more cells than the header
    path = _write(tmp_path / "bad.csv", rows, blank_after=1000)
    before = _state(store)
    with pytest.raises(ImportRejected) as caught:
        imports.import_accounts(store, path, actor="it", today=TODAY, workers=2)
    found = {(line, column) for line, column, _ in caught.value.problems}
    expected = {
        (_line_of(path, "Part_5"), "vault_ref"),
        (_line_of(path, "Part_1500"), "custodian"),
        (_line_of(path, "Part_2999"), "rotated_on"),
        (_line_of(path, "Part_2400"), "*"),
    }
    duplicate = [p for p in caught.value.problems if p[1] == "handle"]
    assert expected <= found and len(found) == 5, caught.value.problems
    assert duplicate[0][0] > _line_of(path, "Part_1999") and "line " + str(_line_of(path, "Part_10")) in duplicate[0][2]
    assert "hunter2" not in str(caught.value.problems)
    # Nothing is written but the refused secret's one entry (its line, never its value).
    accounts, count = _state(store)
    assert (accounts, count) == (before[0], before[1] + 1)
    with store.engine.connect() as conn:
        result, body = conn.execute(text("SELECT result, body FROM event ORDER BY seq DESC LIMIT 1")).one()
    assert result == "refused" and f'"lines":[{_line_of(path, "Part_5")}]' in body and "hunter2" not in body


def test_a_parallel_import_writes_what_one_process_writes(store_url, tmp_path, many_parts):
    path = _write(tmp_path / "good.csv", _rows(3000), blank_after=700)
    results = []
    for workers, place in ((2, "parallel"), (0, "single")):
        url = store_url if workers else str(tmp_path / f"{place}.db")
        small_registry(url)
        store = Store(smreg_settings.resolve(url))
        summary = imports.import_accounts(store, path, actor="it", today=TODAY, workers=workers)
        assert (len(summary.added), summary.rows) == (3000, 3000)
        assert events.verify(store).count == _state(store)[1]
        results.append(_state(store))
        again = imports.import_accounts(store, path, actor="it", today=TODAY, workers=workers)
        assert (len(again.added), again.unchanged) == (0, 3000)
        assert _state(store) == results[-1]
    parallel, single = results
    assert [row[:7] for row in parallel[0]] == [row[:7] for row in single[0]]
    assert parallel[1] == single[1]
    with Store(smreg_settings.resolve(store_url)).engine.connect() as conn:
        notes = conn.execute(text("SELECT count(*) FROM account WHERE notes IS NOT NULL")).scalar()
    assert notes == len([i for i in range(3000) if i % 7 == 0])


def test_worker_processes_never_use_the_store_to_check_the_key(store_url, tmp_path, many_parts, monkeypatch):
    # A connection opened by the main process must not be used by its forked workers.
    import os

    from registry.services import keys

    small_registry(store_url)
    store = Store(smreg_settings.resolve(store_url))
    calls = tmp_path / "calls"
    original = keys.check_key

    def recorded(*args, **kwargs):
        with calls.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(keys, "check_key", recorded)
    path = _write(tmp_path / "good.csv", _rows(3000))
    imports.import_accounts(store, path, actor="it", today=TODAY, workers=2)
    assert set(calls.read_text().split()) == {str(os.getpid())}


def test_a_quote_inside_an_unquoted_cell_does_not_refuse_a_good_file(store_url, tmp_path, many_parts):
    # Counting quotes takes the one in 'Monitor 24"' for an opening quote, so a cut can fall inside
    # a later quoted cell; the part before it then ends inside quotes and the rest is read in one stream.
    rows = _rows(3000)
    rows[2][2] = 'Monitor 24"'
    path = _write(tmp_path / "stray.csv", rows)
    text_ = path.read_text(encoding="utf-8")
    assert '"Monitor 24"""' in text_
    path.write_text(text_.replace('"Monitor 24"""', 'Monitor 24"'), encoding="utf-8", newline="")  # as typed
    small_registry(store_url)
    store = Store(smreg_settings.resolve(store_url))
    summary = imports.import_accounts(store, path, actor="it", today=TODAY, workers=2)
    assert (len(summary.added), summary.rows) == (3000, 3000)
    with store.engine.connect() as conn:
        shown = conn.execute(text("SELECT display_name FROM account WHERE handle = 'Part_2'")).scalar()
        ids = conn.execute(text("SELECT count(DISTINCT id) FROM account")).scalar()
    assert shown == 'Monitor 24"' and ids == 3002
    assert events.verify(store).count == _state(store)[1]


def test_a_stray_quote_and_a_real_unclosed_quote_give_the_sequential_error(tmp_path, many_parts):
    from registry.errors import ValidationError

    rows = [[*row[:-1], ""] for row in _rows(3000)]  # no notes: every cell is plain text
    rows[2][2] = 'Monitor 24"'
    rows[2500][2] = '"never closed'
    path = tmp_path / "broken.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:  # written raw: csv would close the quote
        handle.write(",".join(HEADER) + "\n")
        for row in rows:
            handle.write(",".join(row) + "\n")
    errors = []
    for workers, name in ((0, "one.db"), (2, "two.db")):
        db = str(tmp_path / name)
        small_registry(db)
        with pytest.raises(ValidationError) as caught:
            imports.import_accounts(Store(smreg_settings.resolve(db)), path, actor="it", today=TODAY, workers=workers)
        errors.append((caught.value.key, caught.value.params.get("line")))
    assert errors[0] == errors[1] == ("io.quote_unclosed", 2 + 2500)


@pytest.mark.parametrize("start", ["{header}\r", "sep=,\r{header}\n", "\r{header}\n"])
def test_a_lone_carriage_return_before_the_first_row_loses_no_row(tmp_path, many_parts, start):
    body = "".join(f"x,Cr_{i},Account {i},ZON,work,1001,op://Social/cr{i}/password,,2026-01-10,\n" for i in range(2000))
    path = tmp_path / "cr.csv"
    path.write_bytes((start.format(header=",".join(HEADER)) + body).encode())
    db = str(tmp_path / "cr.db")
    small_registry(db)
    summary = imports.import_accounts(Store(smreg_settings.resolve(db)), path, actor="it", today=TODAY, workers=2)
    assert (len(summary.added), summary.rows) == (2000, 2000)


@pytest.mark.parametrize("workers", [0, 2])
def test_rows_ending_in_lone_carriage_returns_all_get_an_id(tmp_path, many_parts, workers):
    rows = [f"x,Mac_{i},Account {i},ZON,work,1001,op://Social/mac{i}/password,,2026-01-10," for i in range(2000)]
    path = tmp_path / "mac.csv"
    path.write_bytes((",".join(HEADER) + "\n" + "\n".join(rows[:1000]) + "\n" + "\r".join(rows[1000:]) + "\r").encode())
    db = str(tmp_path / "mac.db")
    small_registry(db)
    store = Store(smreg_settings.resolve(db))
    summary = imports.import_accounts(store, path, actor="it", today=TODAY, workers=workers)
    assert len(summary.added) == 2000
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(DISTINCT id) FROM account")).scalar() == 2002
