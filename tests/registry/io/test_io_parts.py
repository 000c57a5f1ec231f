"""Cutting a CSV file into parts read side by side: together the parts are exactly the file."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.io import open_table
from registry.io.parts import cut_records

CELL = st.text(alphabet=st.sampled_from(list('ab Zé,;"\n\r') + ["\u20ac"]), max_size=8)
ROW = st.lists(CELL, min_size=1, max_size=4)


def _read(path, part=None):
    with open_table(path, kind="accounts", part=part) as stream:
        rows = list(stream)
    return rows, sorted(stream.problems)


def _file(rows, *, ending: str, blank_every: int, prefix: str, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(["platform", "handle", "display_name"])
    for number, row in enumerate(rows, 1):
        writer.writerow(row)
        if blank_every and number % blank_every == 0:
            out.write(ending)
    return (prefix + out.getvalue()).encode(encoding, "replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(ROW, min_size=1, max_size=60),
    ending=st.sampled_from(["\n", "\r\n"]),
    blank_every=st.integers(0, 7),
    prefix=st.sampled_from(["", "\ufeff", "sep=,\n", "\n\n"]),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
    count=st.integers(2, 9),
)
def test_the_parts_of_a_file_read_as_the_whole_file(tmp_path, rows, ending, blank_every, prefix, encoding, count):
    if encoding == "cp1252" and prefix == "\ufeff":
        prefix = ""  # a byte-order mark belongs to UTF-8
    path = tmp_path / "cut.csv"
    path.write_bytes(_file(rows, ending=ending, blank_every=blank_every, prefix=prefix, encoding=encoding))
    with open_table(path, kind="accounts") as stream:
        layout = stream.layout
    parts = cut_records(path, *layout, count)
    whole = _read(path)
    if parts is None:  # too small to cut: nothing to compare
        return
    assert 2 <= len(parts) <= count
    read = [_read(path, part) for part in parts]
    assert [row for rows_, _ in read for row in rows_] == whole[0]
    assert sorted(problem for _, problems in read for problem in problems) == whole[1]


def test_a_cut_never_falls_inside_a_quoted_cell_spanning_lines(tmp_path):
    body = "".join(f'x,Name{i},"line one\nline two\nline three {i}"\n' for i in range(200))
    path = tmp_path / "multi.csv"
    path.write_text("platform,handle,display_name\n" + body)
    with open_table(path, kind="accounts") as stream:
        layout = stream.layout
    parts = cut_records(path, *layout, 7)
    assert parts is not None and len(parts) == 7
    assert all((part.first_line - 2) % 3 == 0 for part in parts)  # every part starts on a record
    rows = [row for part in parts for row in _read(path, part)[0]]
    assert [line for line, _ in rows] == list(range(2, 2 + 3 * 200, 3))
    assert rows[-1][1]["display_name"] == "line one\nline two\nline three 199"


@pytest.mark.parametrize("data", [b"platform,handle\rx,a\rx,b\r" * 50, b""])
def test_files_that_cannot_be_cut_say_so(tmp_path, data):
    path = tmp_path / "old.csv"
    path.write_bytes(data or b"platform,handle\n")
    assert cut_records(path, "utf-8", 2, 4) is None
    assert cut_records(path, "utf-16", 2, 4) is None
