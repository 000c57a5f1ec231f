"""Inline SVG bar charts computed in Python, so the HTML report needs no script and no asset.

Each chart is an ``<svg role="img">`` with an ``aria-label``, a ``<title>`` and a ``<desc>``;
the page puts a table with the same figures right after it for readers who cannot see it.
Every label passes through :func:`safe.html_plain` and is escaped: unit names are user text.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from audit.reports.safe import html_plain
from audit.reports.texts import Labels

# Every platform of the catalogue keeps one colour in every chart and report: the eight of Okabe and
# Ito's colour-blind-safe set for the platforms schools use most, then six of Paul Tol's "muted" set,
# chosen to stay apart from those under the common colour-vision deficiencies. Bars carry their
# figures as text as well, so no reading depends on telling two colours apart.
PLATFORM_COLOURS = {
    "facebook": "#0072B2",
    "instagram": "#CC79A7",
    "x": "#000000",
    "linkedin": "#56B4E9",
    "youtube": "#D55E00",
    "tiktok": "#009E73",
    "whatsapp": "#E69F00",
    "threads": "#F0E442",
    "mastodon": "#332288",
    "bluesky": "#88CCEE",
    "pinterest": "#882255",
    "snapchat": "#DDCC77",
    "tumblr": "#44AA99",
    "website": "#999933",
}
OTHER_COLOUR = "#999999"
# Colours dark enough that a figure on them is written in white.
_DARK = {"#0072B2", "#000000", "#D55E00", "#009E73", "#332288", "#882255", "#CC79A7"}
SEVERITY_COLOURS = {
    "critical": "#7f0000",
    "high": "#d55e00",
    "medium": "#e69f00",
    "low": "#56b4e9",
    "info": "#999999",
}

_FONT = 'font-family="sans-serif" font-size="11"'


def _e(text: object) -> str:
    return str(escape(html_plain(text)))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _open_svg(chart_id: str, width: int, height: int, label: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" role="img" '
        f'aria-label="{_e(label)}" aria-describedby="{chart_id}-table" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {_FONT}>',
        f'<title id="{chart_id}-title">{_e(label)}</title>',
        f"<desc>{_e(description)}</desc>",
    ]


def _axis(out: list[str], left: int, top: int, plot_height: int, width: int, largest: int, has_data: bool,
          labels: Labels) -> int:
    """The base line with 0 and the largest figure beside it (or "No data."); returns the base's y."""
    base = top + plot_height
    out.append(f'<line x1="{left}" y1="{base}" x2="{width - 6}" y2="{base}" stroke="#333"/>')
    out.append(f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{largest}</text>')
    out.append(f'<text x="{left - 4}" y="{base}" text-anchor="end">0</text>')
    if not has_data:
        out.append(f'<text x="{left + 8}" y="{top + plot_height // 2}">{_e(labels("report.chart.no_data"))}</text>')
    return base


def platform_colour(platform: str) -> str:
    """The platform's own colour; a platform outside the catalogue is grey."""
    return PLATFORM_COLOURS.get(platform, OTHER_COLOUR)


def units_by_platform(
    chart_id: str,
    platforms: tuple[str, ...],
    rows: tuple[tuple[object, tuple[int, ...]], ...],
    labels: Labels,
) -> Markup:
    """A horizontal stacked bar per unit (its own accounts), one colour per platform."""
    label_width, bar_width, row_height, top = 230, 430, 18, 8
    legend_rows = (len(platforms) + 5) // 6 if platforms else 0
    bars_top = top + legend_rows * 16 + 6
    width = label_width + bar_width + 50
    height = bars_top + max(len(rows), 1) * row_height + 8
    largest = max((sum(cells) for _, cells in rows), default=0) or 1
    scale = bar_width / largest
    colours = {p: platform_colour(p) for p in platforms}
    title = labels("report.heading.by_unit")
    out = _open_svg(chart_id, width, height, title, labels("report.chart.units"))
    for i, platform in enumerate(platforms):
        x = 4 + (i % 6) * 115
        y = top + (i // 6) * 16
        out.append(
            f'<g class="legend"><rect x="{x}" y="{y}" width="10" height="10" fill="{colours[platform]}"/>'
            f'<text x="{x + 14}" y="{y + 9}">{_e(_clip(platform, 16))}</text></g>'
        )
    for index, (unit, cells) in enumerate(rows):
        y = bars_top + index * row_height
        indent = 6 * min(getattr(unit, "depth", 0), 6)
        name = f"{unit.code} {unit.name}"
        total = sum(cells)
        parts = [
            f'<g class="bar" data-unit="{_e(unit.code)}">',
            f'<text x="{4 + indent}" y="{y + 12}">{_e(_clip(name, 34 - indent // 6))}</text>',
        ]
        x = float(label_width)
        for platform, count in zip(platforms, cells, strict=True):
            if not count:
                continue
            w = count * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_height - 5}" '
                f'fill="{colours[platform]}"><title>{_e(unit.code)} · {_e(platform)}: {count}</title></rect>'
            )
            if w >= 7 * len(str(count)) + 4:  # the segment's own figure, where it fits
                ink = "#fff" if colours[platform] in _DARK else "#000"
                parts.append(f'<text class="count" x="{x + w / 2:.1f}" y="{y + 11}" text-anchor="middle" '
                             f'font-size="9" fill="{ink}">{count}</text>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 12}">{total}</text></g>')
        out.append("".join(parts))
    out.append("</svg>")
    return Markup("\n".join(out))


def by_severity(chart_id: str, counts: dict[str, int], labels: Labels) -> Markup:
    """One horizontal bar per severity, most severe first."""
    label_width, bar_width, row_height, top = 90, 360, 22, 6
    width = label_width + bar_width + 50
    height = top + max(len(counts), 1) * row_height + 6
    largest = max(counts.values(), default=0) or 1
    title = labels("report.heading.by_severity")
    out = _open_svg(chart_id, width, height, title, labels("report.chart.severity"))
    for index, (severity, count) in enumerate(counts.items()):
        y = top + index * row_height
        w = count * bar_width / largest
        name = labels.code("severity", severity)
        colour = SEVERITY_COLOURS.get(severity, OTHER_COLOUR)
        out.append(
            f'<g class="bar" data-severity="{_e(severity)}"><text x="4" y="{y + 14}">{_e(name)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_height - 6}" fill="{colour}">'
            f"<title>{_e(name)}: {count}</title></rect>"
            f'<text x="{label_width + w + 4:.1f}" y="{y + 14}">{count}</text></g>'
        )
    out.append("</svg>")
    return Markup("\n".join(out))


def over_time(chart_id: str, series: tuple[tuple[date, int], ...], labels: Labels) -> Markup:
    """A vertical bar per date (e.g. month) with its count, dates along the bottom."""
    left, plot_height, top, bottom = 36, 160, 10, 34
    slot = max(14, min(48, 640 // max(len(series), 1)))
    width = left + max(len(series), 1) * slot + 10
    height = top + plot_height + bottom
    largest = max((n for _, n in series), default=0) or 1
    title = labels("report.heading.overdue")
    out = _open_svg(chart_id, width, height, title, labels("report.chart.overdue"))
    base = _axis(out, left, top, plot_height, width, largest, bool(series), labels)
    # Label every n-th date so that the labels never overlap.
    every = -(-62 // slot)
    for index, (day, count) in enumerate(series):
        x = left + index * slot + 2
        h = count * plot_height / largest
        shown = labels.date(day)
        parts = [
            f'<g class="bar" data-date="{day.isoformat()}">'
            f'<rect x="{x}" y="{base - h:.1f}" width="{slot - 4}" height="{h:.1f}" fill="#d55e00">'
            f"<title>{_e(shown)}: {count}</title></rect>"
            f'<text class="count" x="{x + (slot - 4) / 2:.1f}" y="{base - h - 3:.1f}" text-anchor="middle" '
            f'font-size="9">{count}</text>'
        ]
        if index % every == 0:
            parts.append(
                f'<text x="{x + (slot - 4) / 2:.1f}" y="{base + 14}" text-anchor="middle" '
                f'font-size="9">{_e(shown)}</text>'
            )
        parts.append("</g>")
        out.append("".join(parts))
    out.append("</svg>")
    return Markup("\n".join(out))


# One colour per figure of the period charts, from Okabe and Ito's set; each bar carries its figure.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9")


def per_month(chart_id: str, title: str, description: str, months: tuple[str, ...],
              series: tuple[tuple[str, tuple[int, ...]], ...], labels: Labels) -> Markup:
    """Grouped vertical bars: for each month one bar per series (name, one count per month), with a legend."""
    left, plot_height, bar, gap = 36, 150, 16, 14
    group = len(series) * bar + gap
    # The legend stands one entry a line above the bars, so the chart is as wide as its months need.
    top = 8 + 16 * len(series) + 8
    width = max(left + max(len(months), 1) * group + 10, 230)
    height = top + plot_height + 30
    largest = max((n for _, counts in series for n in counts), default=0) or 1
    out = _open_svg(chart_id, width, height, title, description)
    for i, (name, _counts) in enumerate(series):
        x, y = 4, 8 + i * 16
        out.append(f'<g class="legend"><rect x="{x}" y="{y}" width="10" height="10" fill="{SERIES_COLOURS[i]}"/>'
                   f'<text x="{x + 14}" y="{y + 9}">{_e(_clip(name, 34))}</text></g>')
    base = _axis(out, left, top, plot_height, width, largest, bool(months), labels)
    for m, month in enumerate(months):
        x0 = left + m * group + gap // 2
        parts = [f'<g class="month" data-month="{_e(month)}">']
        for i, (name, counts) in enumerate(series):
            count, x = counts[m], x0 + i * bar
            h = count * plot_height / largest
            parts.append(f'<rect class="bar" x="{x}" y="{base - h:.1f}" width="{bar - 2}" height="{h:.1f}" '
                         f'fill="{SERIES_COLOURS[i]}"><title>{_e(month)} · {_e(name)}: {count}</title></rect>'
                         f'<text class="count" x="{x + (bar - 2) / 2:.1f}" y="{base - h - 3:.1f}" '
                         f'text-anchor="middle" font-size="9">{count}</text>')
        parts.append(f'<text x="{x0 + len(series) * bar / 2:.1f}" y="{base + 14}" text-anchor="middle" '
                     f'font-size="10">{_e(month)}</text></g>')
        out.append("".join(parts))
    out.append("</svg>")
    return Markup("\n".join(out))
