"""The Markdown report: headings per unit level, inert user text, tick boxes for the checklist."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from audit.reports import ReportFormat, render
from audit.reports.safe import markdown_cell


def md(report) -> str:
    return render(report, ReportFormat.MD).decode("utf-8")


def test_headings_follow_the_unit_tree(ownership):
    headings = re.findall(r"^(#+) (.+)$", md(ownership), flags=re.M)
    assert headings[0] == ("#", "Ownership report")
    assert ("##", "ALO · Aloysius Stichting (organisation; ALO)") in headings
    assert ("###", "WEST · Sector West (sector; ALO › WEST)") in headings
    assert ("####", "DEZON · Basisschool De Zon (school; ALO › WEST › DEZON)") in headings


def test_dutch_and_english_headings(ownership, ownership_nl):
    english = md(ownership)
    dutch = md(ownership_nl)
    assert english.startswith("# Ownership report\n\nAloysius Stichting · as of 2026-11-24")
    assert dutch.startswith("# Eigenaarschapsrapport\n\nAloysius Stichting · per 24 november 2026")
    assert "## Samenvatting" in dutch and "### Open bevindingen per ernst" in dutch
    assert "| 01-09-2025 |" in dutch


def test_a_script_in_a_display_name_cannot_become_html(ownership):
    text = md(ownership)
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_an_organisation_name_cannot_turn_the_first_line_into_a_heading(build):
    from dataclasses import replace

    text = md(replace(build.findings(), organisation="# Not a heading"))
    assert text.splitlines()[2].startswith("\\# Not a heading")


def test_bidi_controls_are_shown_not_obeyed(ownership):
    text = md(ownership)
    assert "\u202e" not in text
    assert r"Aloysius\[U+202E\]evil.exe\[U+202C\]" in text  # brackets escaped, shown as typed


@given(st.text(max_size=40))
def test_any_user_text_stays_in_one_table_cell(text):
    cell = markdown_cell(text)
    assert "\n" not in cell and "\r" not in cell
    assert "<" not in cell and ">" not in cell
    assert re.search(r"(?<!\\)\|", cell) is None  # every pipe escaped


def test_every_account_row_has_as_many_cells_as_the_header(ownership):
    for table in re.findall(r"(?:^\|.*\|$\n?)+", md(ownership), flags=re.M):
        lines = table.strip().splitlines()
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in lines}
        assert len(widths) == 1, lines


def test_the_checklist_has_tick_boxes_in_both_languages(checklist, build):
    text = md(checklist)
    assert text.startswith("# Offboarding checklist: Pieter van Leeuwen")
    assert "- [x] Password changed by the organisation — done on 2026-11-20" in text
    assert "- [ ] Second factor (MFA) reset" in text
    assert "- Receives the account: **none** (no one available: choose a receiver)" in text
    dutch = md(build.offboarding("nl"))
    assert "- [x] Wachtwoord gewijzigd door de organisatie — gedaan op 20-11-2026" in dutch
    assert "- Ontvangt het account: Fatima El Amrani (de reservebeheerder)" in dutch


def test_the_findings_report_lists_findings_and_waivers(findings):
    text = md(findings)
    assert "| SM709 | low | P-I.7a |" in text
    assert "yes, waived until 2027-06-30: agreed with the board" in text
