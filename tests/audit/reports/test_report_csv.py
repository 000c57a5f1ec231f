"""The CSV report: one flat table, neutralised cells, headers and dates in the report's language."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.reports import ReportFormat, render

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def rows(report) -> list[list[str]]:
    data = render(report, ReportFormat.CSV)
    assert b"\r\n" in data  # RFC 4180 line ends
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def by_header(table: list[list[str]]) -> list[dict[str, str]]:
    header, *body = table
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_ownership_csv_has_one_row_per_account_in_tree_order(ownership):
    table = by_header(rows(ownership))
    assert [(r["Unit code"], r["Handle"]) for r in table] == [
        ("ALO", "AloysiusStichting"),
        ("WEST", "AloysiusWest"),
        ("WEST", "west_formula"),
        ("DEZON", "DeZonTV"),
    ]
    west = table[1]
    assert west["Unit path"] == "ALO > WEST"
    assert west["Custodian status"] == "left"
    assert west["Vault reference set"] == "yes"
    assert west["Last handover"] == "2025-09-01"
    assert west["Open findings"] == "SM702 critical"  # the waived SM709 is not open


def test_a_formula_in_a_display_name_gets_a_leading_apostrophe(ownership, build):
    table = by_header(rows(ownership))
    assert table[2]["Display name"] == "'" + build.FORMULA


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(build, start):
    value = f"{start}1+1"
    report = build.ownership()
    unit = replace(report.units[0], name=value, accounts=(build.account(1, value, "ALO", display_name=value),))
    row = by_header(rows(replace(report, units=(unit,))))[0]
    assert row["Display name"] == "'" + value
    assert row["Handle"] == "'" + value
    assert row["Unit name"] == "'" + value


@given(st.text(max_size=30))
def test_no_text_cell_can_start_a_formula(build, text):
    report = build.findings()
    finding = replace(report.findings[0], message=text, subject=text)
    row = rows(replace(report, findings=(finding,)))[1]
    for cell in row:
        assert not cell.startswith(FORMULA_STARTS)


def test_commas_quotes_and_line_breaks_stay_inside_their_cell(build):
    tricky = 'Zoë, "de" Vries\nregel 2'
    report = build.findings()
    finding = replace(report.findings[0], message=tricky)
    row = by_header(rows(replace(report, findings=(finding,))))[0]
    assert row["Message"] == tricky


def test_dutch_csv_has_dutch_headers_words_and_dates(ownership_nl):
    table = rows(ownership_nl)
    assert table[0][:6] == ["Eenheidscode", "Naam eenheid", "Pad eenheid", "Id", "Platform", "Accountnaam"]
    west = by_header(table)[1]
    assert west["Status beheerder"] == "uit dienst"
    assert west["Laatste overdracht"] == "01-09-2025"
    assert west["Kluisverwijzing vastgelegd"] == "ja"
    assert west["Soort"] == "officieel"


def test_the_findings_csv_lists_waivers(findings):
    table = by_header(rows(findings))
    assert [r["Rule"] for r in table] == ["SM702", "SM709", "SM701"]
    waived = table[1]
    assert (waived["Waived"], waived["Waiver reason"], waived["Waived until"]) == ("yes", "agreed with the board", "2027-06-30")
    assert table[0]["Waived"] == "no" and table[0]["Since"] == "2025-09-01"


def test_the_offboarding_csv_has_a_row_per_evidence_item_and_keeps_an_empty_case(build):
    table = by_header(rows(build.offboarding("en", cases=2)))
    assert len(table) == 2 * 5 + 1
    first = table[0]
    assert first["Account"] == "x:AloysiusAcademie"
    assert first["Receives the account"] == "Fatima El Amrani"
    assert first["Why this receiver"] == "the backup custodian"
    assert (first["Evidence"], first["Done"], first["Done on"]) == ("Password changed by the organisation", "yes", "2026-11-20")
    empty = table[-1]
    assert empty["Person"] == "Kees Jansen" and empty["Account"] == "" and empty["Case"] == "closed"
