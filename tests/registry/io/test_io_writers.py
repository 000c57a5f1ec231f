"""Exports: formula neutralisation in CSV and XLSX, typed XLSX cells, JSON, atomic writes, round trips."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from datetime import UTC, date, datetime
from enum import Enum

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.errors import ValidationError
from registry.io import Sheet, neutralise, read_table, write_csv, write_json, write_jsonl, write_xlsx

DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "\n"]


def csv_cells(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def sheet_xml(path, number: int = 1) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode()


# Neutralisation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("start", DANGEROUS)
def test_a_text_starting_with_a_formula_character_gets_an_apostrophe(start):
    value = start + 'HYPERLINK("http://evil.example","click")'
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["  =1+2", "\u00a0@SUM(A1)", " \t-3"])
def test_leading_spaces_do_not_hide_a_formula(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["", "plain", "a=b", "x-1", "'=already", "10234", "é=mc2", "#N/A"])
def test_text_that_cannot_start_a_formula_is_left_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("start", DANGEROUS)
def test_a_dangerous_csv_cell_is_written_with_an_apostrophe(tmp_path, start):
    value = start + "cmd|' /C calc'!A0"
    path = tmp_path / "out.csv"
    write_csv(path, ["handle", "notes"], [{"handle": "ok", "notes": value}])
    assert csv_cells(path) == [["handle", "notes"], ["ok", "'" + value]]


def test_numbers_dates_and_booleans_are_written_as_themselves_in_csv(tmp_path):
    path = tmp_path / "out.csv"
    rows = [[-5, 2.5, date(2026, 11, 24), datetime(2026, 11, 24, 9, 0, tzinfo=UTC), True, None]]
    write_csv(path, list("abcdef"), rows)
    assert csv_cells(path)[1] == ["-5", "2.5", "2026-11-24", "2026-11-24T09:00:00+00:00", "true", ""]


def test_neutralising_can_be_switched_off_for_machine_readable_csv(tmp_path):
    path = tmp_path / "out.csv"
    write_csv(path, ["v"], [["=1+2"]], neutralise_formulas=False)
    assert csv_cells(path)[1] == ["=1+2"]


@pytest.mark.parametrize("start", DANGEROUS)
def test_a_dangerous_xlsx_cell_is_typed_text_with_the_quote_prefix_and_never_a_formula(tmp_path, start):
    value = start + "1+2"
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [Sheet("Accounts", ["handle", "notes"], [["ok", value]])])
    cell = openpyxl.load_workbook(path).active["B2"]
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    # XML keeps no lone CR: a CR reads back as LF, which is still the neutralised text.
    assert cell.value == value.replace("\r", "\n")
    assert "<f>" not in sheet_xml(path)


def test_a_formula_looking_header_or_error_text_stays_text_in_xlsx(tmp_path):
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [Sheet("S", ["=cmd"], [["#N/A"], ["=SUM(A1:A9)"]])])
    sheet = openpyxl.load_workbook(path).active
    assert [(c.value, c.data_type) for c in sheet["A"]] == [
        ("=cmd", "s"),
        ("#N/A", "s"),
        ("=SUM(A1:A9)", "s"),
    ]


# XLSX shape -------------------------------------------------------------------------------------


def test_xlsx_cells_are_typed_dates_and_numbers(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [
        {
            "handle": "one",
            "rotated_on": date(2026, 1, 10),
            "seen": datetime(2026, 1, 10, 12, 0, tzinfo=UTC),
            "count": 3,
        },
        {"handle": "two", "rotated_on": "2026-03-02", "seen": None, "count": 4},
    ]
    types = {"rotated_on": "date", "count": "int"}
    write_xlsx(path, [Sheet("Accounts", ["handle", "rotated_on", "seen", "count"], rows, types=types)])
    sheet = openpyxl.load_workbook(path).active
    assert sheet["B2"].is_date and sheet["B2"].value == datetime(2026, 1, 10)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["B3"].is_date and sheet["B3"].value == datetime(2026, 3, 2)  # ISO text in a date column
    assert sheet["C2"].is_date and sheet["C2"].value == datetime(2026, 1, 10, 12, 0)
    assert (sheet["D2"].value, sheet["D2"].data_type) == (3, "n")


def test_long_platform_ids_stay_text_so_no_digit_is_lost(tmp_path):
    path = tmp_path / "out.xlsx"
    write_xlsx(
        path,
        [
            Sheet(
                "A",
                ["platform_id", "n"],
                [[1234567890123456789, 7], ["123456789012345678", 8]],
                types=["text", "auto"],
            )
        ],
    )
    sheet = openpyxl.load_workbook(path).active
    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [
        ("1234567890123456789", "s"),
        ("123456789012345678", "s"),
    ]


def test_an_xlsx_sheet_has_a_bold_frozen_header_an_autofilter_and_fitted_widths(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [["x", "a-rather-long-handle-for-a-school", "WEST"]] * 3
    write_xlsx(
        path,
        [Sheet("Accounts", ["platform", "handle", "unit"], rows, titles=["Platform", "Handle", "Eenheid"])],
    )
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == ["Platform", "Handle", "Eenheid"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C4"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width >= 6


def test_illegal_control_characters_are_removed_from_xlsx_cells(tmp_path):
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [Sheet("A", ["notes"], [["bell\x07 and\x1b escape\nnew line"]])])
    assert openpyxl.load_workbook(path).active["A2"].value == "bell and escape\nnew line"


def test_several_sheets_get_valid_unique_names(tmp_path):
    path = tmp_path / "out.xlsx"
    sheets = [Sheet("Findings: high/critical", ["a"], [[1]]), Sheet("Findings: high/critical", ["a"], [[2]])]
    write_xlsx(path, sheets)
    names = openpyxl.load_workbook(path).sheetnames
    assert names == ["Findings_ high_critical", "Findings_ high_critical (2)"]


def test_an_xlsx_export_reads_back_through_the_reader(tmp_path):
    path = tmp_path / "accounts.xlsx"
    rows = [
        {"platform": "x", "handle": "AloysiusWest", "rotated_on": date(2026, 1, 10), "platform_id": 10234}
    ]
    write_xlsx(path, [Sheet("Accounts", ["platform", "handle", "rotated_on", "platform_id"], rows)])
    table = read_table(path, kind="accounts")
    assert table.rows == [
        (2, {"platform": "x", "handle": "AloysiusWest", "platform_id": "10234", "rotated_on": "2026-01-10"})
    ]


# JSON -------------------------------------------------------------------------------------------


class Kind(Enum):
    OFFICIAL = "official"


def test_json_is_an_array_of_objects_with_iso_dates_and_the_keys_in_their_order():
    stream = io.StringIO()
    rows = [
        {"handle": "one", "kind": Kind.OFFICIAL, "rotated_on": date(2026, 1, 10), "a": 1},
        {"handle": "zoë"},
    ]
    assert write_json(stream, rows) == 2
    text = stream.getvalue()
    assert json.loads(text) == [
        {"handle": "one", "kind": "official", "rotated_on": "2026-01-10", "a": 1},
        {"handle": "zoë"},
    ]
    assert text.index('"handle"') < text.index('"kind"') < text.index('"rotated_on"') < text.index('"a"')
    assert "zoë" in text  # readable, not \u escapes


def test_an_empty_json_listing_is_an_empty_array():
    stream = io.StringIO()
    assert write_json(stream, iter(())) == 0
    assert stream.getvalue() == "[]\n"


def test_json_lines_write_one_object_per_line_and_read_back(tmp_path):
    path = tmp_path / "seen.jsonl"
    rows = ({"platform": "x", "handle": f"h{i}", "first_seen": date(2026, 1, i + 1)} for i in range(3))
    assert write_jsonl(path, rows) == 3
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    table = read_table(path, kind="observed")
    assert table.rows[2] == (3, {"platform": "x", "handle": "h2", "first_seen": "2026-01-03"})


def test_writers_also_write_to_binary_streams():
    stream = io.BytesIO()
    write_csv(stream, ["a"], [["é"]], bom=True)
    assert stream.getvalue() == "\ufeffa\r\né\r\n".encode()


# Atomic writes ----------------------------------------------------------------------------------


def test_an_export_interrupted_halfway_leaves_the_old_file_and_no_leftovers(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "export.csv"
    path.write_text("the previous export\n", encoding="utf-8")

    def rows():
        yield ["one"]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_csv(path, ["handle"], rows())
    assert path.read_text(encoding="utf-8") == "the previous export\n"
    assert os.listdir(folder) == ["export.csv"]


def test_a_completed_export_replaces_the_file_and_keeps_its_mode(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "export.csv"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    assert write_csv(path, ["handle"], [["one"], ["two"]]) == 2
    assert path.read_bytes() == b"handle\r\none\r\ntwo\r\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(folder) == ["export.csv"]


def test_an_xlsx_export_that_fails_halfway_writes_nothing(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()

    def rows():
        yield ["one"]
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        write_xlsx(folder / "out.xlsx", [Sheet("A", ["handle"], rows())])
    assert os.listdir(folder) == []


def test_writing_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValidationError) as caught:
        write_xlsx(tmp_path / "nope" / "out.xlsx", [Sheet("A", ["a"], [])])
    assert caught.value.key == "io.write_failed"


# Round trips ------------------------------------------------------------------------------------

_CELL_TEXT = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(['"', ",", ";", "\t", "\n", "\r", "\r\n", "'", " "]),
    ),
    max_size=30,
).map("".join)
_SAFE_TEXT = _CELL_TEXT.filter(lambda v: v == v.strip() and neutralise(v) == v and v != "")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(_SAFE_TEXT, _CELL_TEXT.filter(lambda v: v == v.strip() and neutralise(v) == v)),
        min_size=1,
        max_size=8,
    )
)
def test_text_written_as_csv_reads_back_unchanged(tmp_path_factory, pairs):
    path = tmp_path_factory.mktemp("roundtrip") / "accounts.csv"
    write_csv(path, ["platform", "handle", "notes"], [["x", handle, notes] for handle, notes in pairs])
    table = read_table(path, kind="accounts")
    assert table.problems == []
    assert [(row["handle"], row["notes"]) for _, row in table.rows] == pairs


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DANGEROUS), _CELL_TEXT)
def test_a_neutralised_value_reads_back_as_the_original_behind_an_apostrophe(tmp_path_factory, start, rest):
    value = start + rest
    path = tmp_path_factory.mktemp("neutral") / "accounts.csv"
    write_csv(path, ["platform", "handle"], [["x", value]])
    table = read_table(path, kind="accounts")
    assert table.rows[0][1]["handle"] == ("'" + value).strip()
