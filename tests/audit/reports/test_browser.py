"""The HTML report in a real headless browser: the charts reach the DOM, the page paints, it prints on A4.

Needs Debian's ``chromium``. Where ``CI`` is set a missing browser fails the run; on a developer's
machine without one the test is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from audit.reports import ReportFormat, render

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; the browser test cannot run (apt-get install chromium).")
        pytest.skip("chromium is not installed on this machine")
    return found


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


def test_the_report_prints_on_a4_pages(chromium, page, tmp_path):
    pdf = tmp_path / "page.pdf"
    run(chromium, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes
    for width, height in boxes:  # A4 is 595 x 842 points
        assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5
    # The summary, then the organisation, then each sector on a page of its own.
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 3
