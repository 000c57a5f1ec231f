"""The HTML report in a real headless browser: the charts reach the DOM, the page paints, it prints on A4.

Needs Debian's ``chromium``. Where ``CI`` is set a missing browser fails the run; on a developer's
machine without one the test is skipped.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from browser import FLAGS, find_chromium
from PIL import Image

from audit.reports import ReportFormat, render
from audit.reports.texts import Labels


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium()


def run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory, build) -> Path:
    path = tmp_path_factory.mktemp("browser") / "ownership.html"
    path.write_bytes(render(build.ownership("nl"), ReportFormat.HTML))
    return path


def test_the_report_paints_its_charts_in_a_real_browser(chromium, page, tmp_path):
    shot = tmp_path / "page.png"
    done = run(
        chromium,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1200,1600",
        "--dump-dom",
        page.as_uri(),
    )
    dom = done.stdout.decode("utf-8")

    # The charts are in the DOM as SVG, with a bar per unit, per severity and per date.
    units = re.search(r'<svg[^>]*id="chart-units".*?</svg>', dom, flags=re.S).group()
    assert re.findall(r'data-unit="([^"]+)"', units) == ["ALO", "WEST", "DEZON", "STAF"]
    assert dom.count('class="bar"') == 4 + 5 + 3
    assert '<html lang="nl">' in dom
    assert "<script" not in dom.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # the hostile name stayed text

    # The screenshot is a painted page, not a blank one: many colours, the chart's blue among them.
    with Image.open(shot) as image:
        assert image.size == (1200, 1600)
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50
    assert sum(n for n, _ in colours if _ != (255, 255, 255)) > 1200 * 1600 * 0.02
    assert any(abs(r - 0x00) < 8 and abs(g - 0x72) < 8 and abs(b - 0xB2) < 8 for _, (r, g, b) in colours)


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    from browser import Browser

    driven = Browser(chromium, tmp_path_factory.mktemp("cdp") / "profile")
    yield driven
    driven.close()


def _reports(build):
    """Every kind of report, the ownership report also with three hundred accounts in twelve units."""
    from benchmarks.reports import synthetic_ownership_report

    from registry.platforms import PLATFORMS

    return {
        "ownership": build.ownership("nl"),
        "ownership-large": synthetic_ownership_report(300, units=12, lang="nl"),
        # a column per platform: the widest table a registry can have
        "ownership-every-platform": synthetic_ownership_report(300, units=12, lang="nl", platforms=tuple(PLATFORMS)),
        "findings": build.findings("nl"),
        "offboarding": build.offboarding("nl", cases=2),
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory, build) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, report in _reports(build).items():
        out[name] = folder / f"{name}.html"
        out[name].write_bytes(render(report, ReportFormat.HTML))
    return out


@pytest.mark.parametrize("name", ["ownership", "ownership-large", "findings", "offboarding"])
def test_the_report_prints_on_a4_with_nothing_wider_than_the_page(browser, pages, name):
    from browser import A4_WIDTH_PX, PRINT_MARGIN_PX, WIDEST
    from pypdf import PdfReader

    printable = int(A4_WIDTH_PX - 2 * PRINT_MARGIN_PX)
    browser.open(pages[name].as_uri(), width=printable, media="print")
    measured = browser.evaluate(WIDEST % printable)
    assert measured["over"] == [], f"wider than the printed page: {measured['over']}"
    assert measured["scroll"] <= printable

    reader = PdfReader(io.BytesIO(browser.pdf()))
    for page in reader.pages:  # A4 is 595 x 842 points
        assert abs(float(page.mediabox.width) - 595.3) < 1.5 and abs(float(page.mediabox.height) - 841.9) < 1.5
    # Page 1 holds the title and the start of the content, not the title alone.
    first = reader.pages[0].extract_text()
    labels = Labels("nl")
    assert labels(f"report.title.{name.split('-')[0]}") in first
    assert labels("report.heading.summary") in first and len(first.split()) > 40
    # Every printed word lies inside the page.
    for page in reader.pages:
        assert 0 < max(_word_positions(page)) < float(page.mediabox.width)


def _word_positions(page) -> list[float]:
    """Where each piece of text on a PDF page starts, in points from the left edge."""
    found: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    return found


def test_the_table_headings_repeat_and_each_top_unit_starts_a_page(browser, pages):
    from pypdf import PdfReader

    browser.open(pages["ownership-large"].as_uri(), width=1000, media="print")
    reader = PdfReader(io.BytesIO(browser.pdf()))
    texts = [page.extract_text() for page in reader.pages]
    units = [i for i, text in enumerate(texts) if "ORG · Stichting Voorbeeld" in text]
    assert units and units[0] > 0  # the units start after the summary
    # The organisation's own table runs over more than one page, its column headings on each.
    labels = Labels("nl")
    following = texts[units[0] + 1]
    assert labels("report.col.handle") in following and labels("report.col.platform") in following
    for sector in ("S1 · Sector 1", "S2 · Sector 2", "S3 · Sector 3", "S4 · Sector 4"):
        starts = [text for text in texts if sector in text]
        assert starts and starts[0].lstrip().startswith(sector)


@pytest.mark.parametrize("name", ["ownership", "ownership-large", "ownership-every-platform", "findings", "offboarding"])
def test_on_a_1280_pixel_screen_the_report_does_not_scroll_sideways(browser, pages, name):
    from browser import WIDEST

    browser.open(pages[name].as_uri(), width=1280, media="screen")
    measured = browser.evaluate(WIDEST % 1280)
    assert measured["scroll"] <= measured["client"] == 1280
    assert measured["over"] == []


def _period_report(lang: str):
    """A quarter with something in every month, built by hand (the figures are checked elsewhere)."""
    from datetime import date

    from audit.reports.period import Leaver, MonthFigures, PeriodReport, VaultCoverage

    months = (
        MonthFigures(date(2026, 7, 1), leavers=3, registered=12, archived=2, renamed=1, handovers_completed=2,
                     suspects_found=4, confirmed=2),
        MonthFigures(date(2026, 8, 1), leavers=1, registered=5, archived=0, renamed=3, handovers_completed=4,
                     suspects_found=1, confirmed=1, removal_requested=2, waivers_granted=1),
        MonthFigures(date(2026, 9, 1), leavers=2, registered=7, archived=4, handovers_completed=1, resolved=3),
    )
    leaver = Leaver("1002", "Pieter van Leeuwen", "WEST", date(2026, 7, 31), ("x:VoorbeeldWest",), 0, (3,), 0)
    return PeriodReport(
        organisation="Stichting Voorbeeld", start=date(2026, 7, 1), end=date(2026, 9, 30),
        generated_at=datetime(2026, 10, 1, 8, 0, tzinfo=UTC), log_head=(120, "ab" * 32), leavers=(leaver,),
        registered=24, archived=6, renamed=4, vault_coverage_start=VaultCoverage(40, 44, 3, 1),
        vault_coverage_end=VaultCoverage(50, 52, 1, 1), attested=(30, 52),
        brand={"found": 5, "confirmed": 3, "removal-requested": 2, "resolved": 3}, brand_days_to_resolution=(12, 30, 64),
        waivers_granted=1, waivers_expired=0, months=months, controls={}, lang=lang)


# No script, nothing from elsewhere: only the page's own inline style and data: images may load.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

PAINTED = """(() => {
  const charts = {};
  for (const svg of document.querySelectorAll('svg.chart')) {
    charts[svg.id] = [...svg.querySelectorAll('rect.bar')].map(r => Math.round(r.getBoundingClientRect().height));
  }
  const active = [...document.querySelectorAll('*')].filter(
    e => e.tagName === 'SCRIPT' || [...e.attributes].some(a => a.name.startsWith('on')
      || (['src', 'href'].includes(a.name) && !a.value.startsWith('#') && !a.value.startsWith('data:'))));
  return {charts, active: active.map(e => e.outerHTML.slice(0, 80)),
          styled: getComputedStyle(document.querySelector('table')).borderCollapse};
})()"""


def test_the_period_charts_paint_under_a_policy_that_allows_no_script(browser, tmp_path):
    from browser import WIDEST

    html = render(_period_report("nl"), ReportFormat.HTML).decode("utf-8")
    page = tmp_path / "period.html"
    page.write_text(html.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" content="{REPORT_POLICY}">', 1),
                    encoding="utf-8")
    browser.open(page.as_uri(), width=1280, media="screen")
    seen = browser.evaluate(PAINTED)
    assert seen["active"] == [] and seen["styled"] == "collapse"  # the inline style applies, nothing else runs
    # A bar per month and figure, as tall as its figure against the chart's largest.
    for chart, largest, figures in (("chart-leavers", 4, (3, 2, 1, 4, 2, 1)),
                                    ("chart-accounts", 12, (12, 2, 1, 5, 0, 3, 7, 4, 0)),
                                    ("chart-brand", 4, (4, 2, 0, 0, 1, 1, 2, 0, 0, 0, 0, 3))):
        heights = seen["charts"][chart]
        assert len(heights) == len(figures), chart
        tallest = max(heights)  # 150 px unless the page scales the chart to fit its column
        assert tallest > 60, (chart, heights)
        assert all(abs(h - tallest * n / largest) <= 1.5 for h, n in zip(heights, figures, strict=True)), (chart, heights)
    measured = browser.evaluate(WIDEST % 1280)
    assert measured["scroll"] <= measured["client"] == 1280 and measured["over"] == []
    # The figures' own colours are painted (Okabe and Ito's blue and vermillion).
    with Image.open(io.BytesIO(browser.screenshot())) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 22)
    for rgb in ((0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00), (0x00, 0x9E, 0x73)):
        assert any(all(abs(a - b) < 8 for a, b in zip(c, rgb, strict=True)) for _, c in colours), rgb


def test_the_period_report_prints_on_a4_with_nothing_wider_than_the_page(browser, tmp_path):
    from browser import A4_WIDTH_PX, PRINT_MARGIN_PX, WIDEST
    from pypdf import PdfReader

    page = tmp_path / "period.html"
    page.write_bytes(render(_period_report("en"), ReportFormat.HTML))
    printable = int(A4_WIDTH_PX - 2 * PRINT_MARGIN_PX)
    browser.open(page.as_uri(), width=printable, media="print")
    measured = browser.evaluate(WIDEST % printable)
    assert measured["over"] == [], f"wider than the printed page: {measured['over']}"
    first = PdfReader(io.BytesIO(browser.pdf())).pages[0].extract_text()
    assert "Figures for 2026-07-01 to 2026-09-30" in first and "Leavers and handovers per month" in first
