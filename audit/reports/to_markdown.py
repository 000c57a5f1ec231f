"""Markdown: the report as headings, tables and tick lists, for wikis, tickets and e-mail.

User text is made inert (no HTML, no Markdown syntax, bidi controls shown as ``[U+202E]``) by
:func:`safe.markdown_cell`, so a display name cannot turn into a link, a script or a heading.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from audit.reports.model import (
    FindingsReport,
    OffboardingReport,
    OwnershipReport,
    Report,
    receiver_reason_key,
)
from audit.reports.safe import markdown_cell as md
from audit.reports.texts import Labels


def render(report: Report) -> bytes:
    """The report as UTF-8 Markdown."""
    L = Labels(report.lang)
    if isinstance(report, OwnershipReport):
        lines = _ownership(report, L)
    elif isinstance(report, FindingsReport):
        lines = _findings(report, L)
    elif isinstance(report, OffboardingReport):
        lines = _offboarding(report, L)
    else:
        assert_never(report)
    lines += [
        "",
        "---",
        "",
        f"{L('report.col.organisation')}: {md(report.organisation)}  ",
        f"{md(L('report.footer.as_of', moment=L.moment(report.as_of)))}  ",
        md(L("report.footer.generated_at", moment=L.moment(report.generated_at))),
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def _title(title: str, report: Report, L: Labels) -> list[str]:
    return [
        f"# {md(title)}",
        "",
        f"{_line_start(md(report.organisation))} · {L('report.as_of_heading', date=L.long_date(report.as_of))}",
    ]


def _line_start(text: str) -> str:
    """Text that starts a line, kept from reading as a heading, list, quote or rule."""
    return "\\" + text if text[:1] in ("#", "+", "-", "=", ">") else text


def _table(headers: Iterable[str], rows: Iterable[Iterable[object]], numeric: frozenset[int] = frozenset()) -> list[str]:
    headers = list(headers)
    align = ["---:" if i in numeric else "---" for i in range(len(headers))]
    out = ["", "| " + " | ".join(md(h) for h in headers) + " |", "| " + " | ".join(align) + " |"]
    out.extend("| " + " | ".join(md(c) if isinstance(c, str) else str(c) for c in row) + " |" for row in rows)
    out.append("")
    return out


def _ownership(report: OwnershipReport, L: Labels) -> list[str]:
    lines = _title(L("report.title.ownership"), report, L)
    severities = report.counts_by_severity()
    lines += [
        "",
        f"## {L('report.heading.summary')}",
        "",
        " · ".join(
            (
                L("report.summary.accounts", count=report.account_count, units=len(report.units)),
                L("report.summary.findings", count=sum(severities.values())),
                L("report.summary.waived", count=report.waived_count()),
            )
        ),
        "",
        f"### {L('report.heading.by_unit')}",
    ]
    lines += _table(
        (
            L("report.col.unit"),
            L("report.col.unit_kind"),
            L("report.col.own_accounts"),
            L("report.col.total_accounts"),
            L("report.col.open_findings"),
        ),
        (
            (f"{c.unit.code} {c.unit.name}", L.code("unit_kind", c.unit.kind), c.own, c.total, c.open_findings)
            for c in report.counts_by_unit()
        ),
        frozenset({2, 3, 4}),
    )
    for heading, column, counts in (
        ("report.heading.by_platform", "report.col.platform", report.counts_by_platform()),
        ("report.heading.by_kind", "report.col.kind", {L.code("kind", k): n for k, n in report.counts_by_kind().items()}),
        (
            "report.heading.by_severity",
            "report.col.severity",
            {L.code("severity", k): n for k, n in severities.items()},
        ),
    ):
        lines.append(f"### {L(heading)}")
        lines += _table((L(column), L("report.col.count")), counts.items(), frozenset({1}))
    lines.append(f"### {L('report.heading.overdue')}")
    if report.overdue_series:
        lines += _table(
            (L("report.col.date"), L("report.col.overdue")),
            ((L.date(day), n) for day, n in report.overdue_series),
            frozenset({1}),
        )
    else:
        lines += ["", L("report.chart.no_data"), ""]

    headers = (
        L("report.col.platform"),
        L("report.col.handle"),
        L("report.col.display_name"),
        L("report.col.kind"),
        L("report.col.pillar"),
        L("report.col.custodian"),
        L("report.col.backup_custodian"),
        L("report.col.vault_ref"),
        L("report.col.last_handover"),
        L("report.col.last_rotation"),
        L("report.col.last_verified"),
        L("report.col.open_findings"),
    )
    top = min((u.depth for u in report.units), default=0)
    for unit in report.units:
        level = "#" * min(2 + unit.depth - top, 6)
        path = " › ".join(md(code) for code in unit.path)
        lines += ["", f"{level} {md(unit.code)} · {md(unit.name)} ({L.code('unit_kind', unit.kind)}; {path})"]
        if not unit.accounts:
            lines += ["", L("report.no_accounts")]
            continue
        lines += _table(headers, (_account_cells(a, L) for a in unit.accounts))
    return lines


def _account_cells(a, L: Labels) -> tuple[str, ...]:
    custodian = a.custodian or L("report.none").upper()
    if a.custodian and a.custodian_status:
        custodian = f"{a.custodian} ({L.code('person_status', a.custodian_status)})"
    kind = L.code("kind", a.kind)
    if a.status != "active":
        kind = f"{kind} ({L.code('status', a.status)})"
    findings = ", ".join(
        f"{f.rule} {L.code('severity', f.severity)}" + (f" ({L('report.waived_mark')})" if f.waived else "")
        for f in a.findings
    )
    return (
        a.platform,
        a.handle,
        a.display_name or "",
        kind,
        L.code("pillar", a.purpose),
        custodian,
        a.backup_custodian or "—",
        L.yes_no(a.vault_ref_set),
        L.date(a.last_handover) or "—",
        L.date(a.last_rotation) or "—",
        L.date(a.last_verified) or "—",
        findings,
    )


def _findings(report: FindingsReport, L: Labels) -> list[str]:
    lines = _title(L("report.title.findings"), report, L)
    severities = report.counts_by_severity()
    lines += [
        "",
        f"## {L('report.heading.summary')}",
        "",
        f"{L('report.summary.findings', count=sum(severities.values()))} · "
        f"{L('report.summary.waived', count=report.waived_count())}",
        "",
    ]
    lines += _table(
        (L("report.col.severity"), L("report.col.count")),
        ((L.code("severity", s), n) for s, n in severities.items()),
        frozenset({1}),
    )
    lines += ["", f"## {L('report.heading.findings')}"]
    if not report.findings:
        return [*lines, "", L("report.no_findings")]
    rows = []
    for f in report.findings:
        waived = L("report.no")
        if f.waived:
            waived = L("report.yes")
            if f.waiver_until:
                waived += f", {L('report.col.waiver_until').lower()} {L.date(f.waiver_until)}"
            if f.waiver_reason:
                waived += f": {f.waiver_reason}"
        rows.append(
            (
                f.rule,
                L.code("severity", f.severity),
                f.clause,
                f.subject,
                f.message,
                L.date(f.since) or "—",
                waived,
                f.fingerprint,
            )
        )
    lines += _table(
        (
            L("report.col.rule"),
            L("report.col.severity"),
            L("report.col.clause"),
            L("report.col.subject"),
            L("report.col.message"),
            L("report.col.since"),
            L("report.col.waived"),
            L("report.col.fingerprint"),
        ),
        rows,
    )
    return [*lines, *_coverage(report, L)]


def _coverage(report: FindingsReport, L: Labels) -> list[str]:
    lines = ["", f"## {L('report.heading.coverage')}", "", L("report.coverage.intro"), ""]
    if not report.coverage:
        return [*lines, L("controls.none")]
    return lines + _table(
        (L("report.col.framework"), L("report.col.control"), L("report.col.control_title"), L("report.col.rules"),
         L("report.col.open"), L("report.col.waived")),
        ((c.framework_name, c.control, c.title or "—", ", ".join(c.rules), c.open, c.waived) for c in report.coverage),
        frozenset({4, 5}),
    )


def _offboarding(report: OffboardingReport, L: Labels) -> list[str]:
    if len(report.cases) == 1:
        title = L("report.title.checklist", person=report.cases[0].person)
    else:
        title = L("report.title.offboarding")
    lines = _title(title, report, L)
    if len(report.cases) != 1:
        lines += ["", f"## {L('report.heading.summary')}", "", L("report.summary.cases", **report.counts())]
        if not report.cases:
            lines += ["", L("report.no_cases")]
    for case in report.cases:
        state = L("report.case.closed") if case.closed else L("report.case.open")
        lines += [
            "",
            f"## {md(case.person)} ({md(case.employee_id)})",
            "",
            f"- {L('report.col.unit')}: {md(case.unit)}",
            f"- {L('report.col.end_date')}: {L.long_date(case.end_date)}",
            f"- {L('report.col.opened_on')}: {L.long_date(case.opened_on)}",
            f"- {L('report.col.case_state')}: {state}",
        ]
        if not case.accounts:
            lines += ["", L("report.case_no_accounts", person=md(case.person))]
        for a in case.accounts:
            name = md(a.account) + (f" · {md(a.display_name)}" if a.display_name else "")
            receiver = md(a.receiver) if a.receiver else f"**{L('report.none')}**"
            reason = L.code("reason", receiver_reason_key(a.receiver_reason))
            complete = L("report.complete.yes") if a.complete else L("report.complete.no")
            lines += [
                "",
                f"### {name}",
                "",
                f"- {L('report.col.role')}: {L.code('role', a.role)}",
                f"- {L('report.col.receiver')}: {receiver} ({reason})",
                f"- {L('report.col.complete')}: {complete}",
                "",
            ]
            for item in a.items:
                tick = "x" if item.done else " "
                done = f" — {L('report.col.done_on').lower()} {L.date(item.done_on)}" if item.done_on else ""
                lines.append(f"- [{tick}] {L.code('item', item.key)}{done}")
        lines += ["", f"{L('report.sign_line')} ____________________"]
    return lines
