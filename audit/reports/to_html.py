"""HTML: one self-contained, printable page per report, from the Jinja2 templates beside this module.

Autoescaping is on and every user-provided string also goes through the ``u`` filter (escaped,
bidi and zero-width characters shown as ``[U+202E]``, wrapped in ``<bdi>``), so a display name can
neither inject markup nor reorder the page. The page has no script and loads nothing: the style
is inline and the charts are SVG drawn here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import assert_never

from jinja2 import Environment, PackageLoader, StrictUndefined

from audit.reports import charts
from audit.reports.model import (
    FindingsReport,
    OffboardingReport,
    OwnershipReport,
    Report,
    receiver_reason_key,
)
from audit.reports.safe import html_plain, html_user
from audit.reports.texts import Labels

_NOT_A_CLASS = re.compile(r"[^a-z0-9_-]")


def _css_class(value: object) -> str:
    """A data value used in a class name, reduced to safe characters."""
    return _NOT_A_CLASS.sub("", str(value).lower()) if value is not None else ""


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("audit.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["u"] = html_user
    env.filters["plain"] = html_plain
    env.filters["cls"] = _css_class
    env.filters["reason"] = receiver_reason_key
    return env


def render(report: Report) -> bytes:
    """The report as an HTML page, UTF-8."""
    labels = Labels(report.lang)
    if isinstance(report, OwnershipReport):
        name, context = "ownership.html.j2", _ownership(report, labels)
    elif isinstance(report, FindingsReport):
        name, context = "findings.html.j2", _findings(report, labels)
    elif isinstance(report, OffboardingReport):
        name, context = "offboarding.html.j2", _offboarding(report, labels)
    else:
        assert_never(report)
    context.update(
        lang=report.lang,
        L=labels,
        organisation=report.organisation,
        as_of=report.as_of,
        generated_at=report.generated_at,
        yes=labels("report.yes"),
        no=labels("report.no"),
        none_text=labels("report.none"),
    )
    return environment().get_template(name).render(context).encode("utf-8")


def _ownership(report: OwnershipReport, labels: Labels) -> dict:
    unit_counts = report.counts_by_unit()
    platforms, matrix = report.unit_platform_matrix()
    severities = report.counts_by_severity()
    top_depth = min((u.depth for u in report.units), default=0)
    roots = sum(1 for u in report.units if u.depth == top_depth)
    # A lone root (the organisation) shares its page with the summary's end; its children each
    # start a page. Several roots each start their own.
    break_depth = top_depth + 1 if roots == 1 else top_depth
    sections = [
        (unit, min(2 + unit.depth - top_depth, 6), unit.depth <= break_depth) for unit in report.units
    ]
    return {
        "title": labels("report.title.ownership"),
        "account_count": report.account_count,
        "unit_counts": unit_counts,
        "platforms": report.counts_by_platform(),
        "kinds": report.counts_by_kind(),
        "severities": severities,
        "waived": report.waived_count(),
        "matrix_platforms": platforms,
        "matrix_rows": [(unit, cells, count) for (unit, cells), count in zip(matrix, unit_counts, strict=True)],
        "overdue_series": report.overdue_series,
        "chart_units": charts.units_by_platform("chart-units", platforms, matrix, labels),
        "chart_severity": charts.by_severity("chart-severity", severities, labels),
        "chart_overdue": charts.over_time("chart-overdue", report.overdue_series, labels),
        "sections": sections,
        "waived_mark": labels("report.waived_mark"),
        "h": {
            "platform": labels("report.col.platform"),
            "handle": labels("report.col.handle"),
            "kind": labels("report.col.kind"),
            "pillar": labels("report.col.pillar"),
            "custodian": labels("report.col.custodian"),
            "backup": labels("report.col.backup_custodian"),
            "vault": labels("report.col.vault_ref"),
            "handover": labels("report.col.last_handover"),
            "rotation": labels("report.col.last_rotation"),
            "verified": labels("report.col.last_verified"),
            "findings": labels("report.col.open_findings"),
        },
    }


def _findings(report: FindingsReport, labels: Labels) -> dict:
    severities = report.counts_by_severity()
    return {
        "title": labels("report.title.findings"),
        "findings": report.findings,
        "severities": severities,
        "rules": report.counts_by_rule(),
        "waived": report.waived_count(),
        "chart_severity": charts.by_severity("chart-severity", severities, labels),
    }


def _offboarding(report: OffboardingReport, labels: Labels) -> dict:
    if len(report.cases) == 1:
        title = labels("report.title.checklist", person=report.cases[0].person)
    else:
        title = labels("report.title.offboarding")
    return {"title": title, "cases": report.cases, "counts": report.counts()}
