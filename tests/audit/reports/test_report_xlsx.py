"""The XLSX report, opened back with openpyxl: sheets, frozen headers, typed cells, never a formula."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import openpyxl
import pytest
from openpyxl.cell.cell import ERROR_CODES

from audit.reports import ReportFormat, render


def workbook(report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(report, ReportFormat.XLSX)))


def records(sheet) -> list[dict[str, object]]:
    header, *body = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_ownership_workbook_has_a_sheet_per_view(ownership, ownership_nl):
    assert workbook(ownership).sheetnames == ["Summary", "Accounts", "Findings"]
    assert workbook(ownership_nl).sheetnames == ["Samenvatting", "Accounts", "Bevindingen"]


def test_the_other_workbooks_have_their_own_views(findings, build):
    assert workbook(findings).sheetnames == ["Summary", "Findings"]
    assert workbook(build.offboarding("nl", cases=2)).sheetnames == ["Samenvatting", "Dossiers", "Checklist"]


def test_data_sheets_have_a_frozen_filterable_bold_header(ownership):
    book = workbook(ownership)
    for name in ("Accounts", "Findings"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)


def test_dates_are_date_cells_shown_in_the_reports_date_style(ownership, ownership_nl):
    sheet = workbook(ownership)["Accounts"]
    west = records(sheet)[1]
    assert west["Last handover"] == datetime(2025, 9, 1)  # openpyxl reads dates back as datetimes
    cell = sheet.cell(row=3, column=16)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    dutch = workbook(ownership_nl)["Accounts"].cell(row=3, column=16)
    assert dutch.is_date and dutch.number_format == "dd-mm-yyyy"


def test_ids_counts_and_flags_are_numbers_and_booleans(ownership):
    book = workbook(ownership)
    rows = records(book["Accounts"])
    assert [r["Id"] for r in rows] == [1, 2, 3, 4]
    assert [r["Vault reference set"] for r in rows] == [True, True, False, True]
    assert [r["Waived"] for r in records(book["Findings"])] == [False, True, False, False]


def test_a_formula_in_a_display_name_is_a_text_cell_showing_exactly_the_name(ownership, build):
    sheet = workbook(ownership)["Accounts"]
    cell = sheet.cell(row=4, column=7)
    assert cell.value == build.FORMULA
    assert cell.data_type == "s"
    assert cell.quotePrefix


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", " =1", *ERROR_CODES])
def test_no_cell_in_any_sheet_is_ever_a_formula_or_an_error(build, value):
    report = build.ownership()
    unit = replace(
        report.units[0],
        name=value,
        code=value,
        accounts=(build.account(1, value, value, display_name=value, custodian=value, platform=value),),
    )
    book = workbook(replace(report, organisation=value, units=(unit,)))
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (sheet.title, cell.coordinate, cell.value)
                if cell.value == value:
                    seen += 1
                    assert cell.data_type == "s"
    assert seen >= 6


def test_control_characters_xlsx_cannot_hold_are_replaced_not_fatal(build):
    report = build.findings()
    finding = replace(report.findings[0], message="bell\x07 and nul\x00")
    sheet = workbook(replace(report, findings=(finding,)))["Findings"]
    assert sheet.cell(row=2, column=5).value == "bell\ufffd and nul\ufffd"


def test_the_summary_sheet_gives_the_moments_and_the_counts(ownership):
    rows = list(workbook(ownership)["Summary"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Organisation", "Aloysius Stichting")
    assert rows[1][:3] == ("Registry as of", datetime(2026, 11, 24, 23, 59, 59), "UTC")
    assert rows[2][:3] == ("Generated at", datetime(2026, 11, 25, 8, 30), "UTC")
    flat = [row for row in rows if any(v is not None for v in row)]
    assert ("ALO", "Aloysius Stichting", "organisation", 1, 4, 0) in [r[:6] for r in flat]
    assert ("critical", 1) in [r[:2] for r in flat]
    overdue = [r[:2] for r in flat if isinstance(r[0], datetime)]
    assert overdue == [(datetime(2026, 9, 1), 1), (datetime(2026, 10, 1), 3), (datetime(2026, 11, 1), 2)]


def test_the_offboarding_checklist_sheet_has_a_row_per_item(build):
    rows = records(workbook(build.offboarding("en", cases=1))["Checklist"])
    assert len(rows) == 10
    first = rows[0]
    assert first["Evidence"] == "Password changed by the organisation"
    assert first["Done"] is True and first["Done on"] == datetime(2026, 11, 20)
    assert first["End of employment"] == datetime(2026, 12, 31)
    assert rows[1]["Done"] is False and rows[1]["Done on"] is None


def test_the_workbook_carries_the_reports_time_not_the_rendering_time(ownership):
    props = workbook(ownership).properties
    assert props.created == datetime(2026, 11, 25, 8, 30)
    assert props.creator == "smreg"
