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
from markupsafe import Markup, escape

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
        "rows": [_account_rows(unit.accounts, labels) for unit, _level, _top in sections],
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


def _account_rows(accounts, labels: Labels) -> Markup:
    """The rows of one unit's accounts table.

    Written here rather than in the template: a report of 100,000 accounts renders these rows
    about eight times faster, and names, dates and codes that repeat are escaped once.
    """
    user = _Memo(_user_text)
    word = _Memo(lambda key: escape(labels.code(*key)))
    day = _Memo(lambda value: escape(labels.date(value)) if value else "—")
    yes, no = escape(labels("report.yes")), escape(labels("report.no"))
    none_text, waived_mark = escape(labels("report.none")), escape(labels("report.waived_mark"))
    vault = {True: f"✓ {yes}", False: f'<span class="missing">✗ {no}</span>'}
    no_custodian = f'<span class="missing">{none_text}</span>'
    # The parts of a finding's badge that repeat: its class, and its rule with its severity.
    badge = _Memo(lambda key: (f'<span class="sev sev-{_css_class(key[1])}{" waived" if key[2] else ""}" title="',
                               f'">{html_user(key[0])} {word[("severity", key[1])]}'
                               f'{f" ({waived_mark})" if key[2] else ""}</span>'), tuple)
    message = _Memo(lambda text: escape(html_plain(text)))
    kinds = _Memo(lambda key: word[("kind", key[0])] if key[1] == "active"
                  else f'{word[("kind", key[0])]} <span class="st">({word[("status", key[1])]})</span>')
    held = _Memo(lambda key: user[key[0]] if not key[1] else
                 f'{user[key[0]]} <span class="ps-{_css_class(key[1])}">({word[("person_status", key[1])]})</span>')
    rows = []
    append = rows.append
    for a in accounts:
        handle = _user_text(a.handle)
        if a.display_name:
            handle += f'<br><span class="dn">{_user_text(a.display_name)}</span>'
        custodian = held[(a.custodian, a.custodian_status)] if a.custodian else no_custodian
        if a.findings:
            parts = []
            for f in a.findings:
                opening, closing = badge[(f.rule, f.severity, f.waived)]
                parts.append(f"{opening}{message[f.message]}{closing}")
            findings = "".join(parts)
        else:
            findings = ""
        append(
            f"<tr><td>{user[a.platform]}</td><td>{handle}</td><td>{kinds[(a.kind, a.status)]}</td>"
            f"<td>{word[('pillar', a.purpose)]}</td>\n"
            f"<td>{custodian}</td>\n"
            f"<td>{user[a.backup_custodian] if a.backup_custodian else '—'}</td>\n"
            f"<td>{vault[bool(a.vault_ref_set)]}</td>\n"
            f"<td>{day[a.last_handover]}</td><td>{day[a.last_rotation]}</td><td>{day[a.last_verified]}</td>\n"
            f"<td>{findings}</td></tr>")
    return Markup("\n".join(rows))


def _user_text(value: str) -> str:
    """:func:`html_user` as a plain string, quickly for the common text with nothing to mark."""
    text = str(value)
    if _PLAIN.fullmatch(text):
        return f"<bdi>{text}</bdi>"
    return str(html_user(text))


# Text that escaping and marking leave as it is: letters, digits and harmless punctuation.
_PLAIN = re.compile(r"[\w .,:;@/()+#*!?%=~\[\]{}|^$-]*")


class _Memo(dict):
    """A function's results by argument, each computed once."""

    def __init__(self, function, convert=str) -> None:
        super().__init__()
        self.function, self.convert = function, convert

    def __missing__(self, key):
        value = self[key] = self.convert(self.function(key))
        return value


def _findings(report: FindingsReport, labels: Labels) -> dict:
    severities = report.counts_by_severity()
    return {
        "title": labels("report.title.findings"),
        "findings": report.findings,
        "finding_rows": _finding_rows(report.findings, labels),
        "severities": severities,
        "rules": report.counts_by_rule(),
        "waived": report.waived_count(),
        "chart_severity": charts.by_severity("chart-severity", severities, labels),
        "coverage": report.coverage,
    }


def _finding_rows(findings, labels: Labels) -> Markup:
    """The rows of the findings table, written here for the same reason as :func:`_account_rows`."""
    user = _Memo(_user_text)
    day = _Memo(lambda value: escape(labels.date(value) or "—"))
    severity = _Memo(lambda value: f'<span class="sev sev-{escape(_css_class(value))}">'
                                   f"{escape(labels.code('severity', value))}</span>")
    yes, no = str(escape(labels("report.yes"))), str(escape(labels("report.no")))
    until = escape(labels("report.col.waiver_until").lower())
    waived_row = ' class="waived-row"'
    rows = []
    append = rows.append
    for f in findings:
        if f.waived:
            waived = yes
            if f.waiver_until:
                waived += f", {until} {day[f.waiver_until]}"
            if f.waiver_reason:
                waived += f": {_user_text(f.waiver_reason)}"
        else:
            waived = no
        append(
            f"<tr{waived_row if f.waived else ''}><td>{user[f.rule]}</td><td>{severity[f.severity]}</td>"
            f"<td>{user[f.clause]}</td>\n<td>{user[f.subject]}</td><td>{_user_text(f.message)}</td>"
            f"<td>{day[f.since]}</td>\n<td>{waived}</td>\n<td><code>{_user_text(f.fingerprint)}</code></td></tr>")
    return Markup("\n".join(rows))


def _offboarding(report: OffboardingReport, labels: Labels) -> dict:
    if len(report.cases) == 1:
        title = labels("report.title.checklist", person=report.cases[0].person)
    else:
        title = labels("report.title.offboarding")
    return {"title": title, "cases": report.cases, "counts": report.counts()}
