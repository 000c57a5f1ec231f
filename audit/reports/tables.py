"""Each report as flat tables with typed columns: what CSV writes as text and XLSX as typed cells.

Codes become words of the report's language here; dates stay dates and flags stay booleans, so
each format decides how to show them (``24-11-2026`` in a Dutch CSV, a real date cell in XLSX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import assert_never

from audit.reports.model import (
    FindingsReport,
    OffboardingReport,
    OwnershipReport,
    Report,
    receiver_reason_key,
)
from audit.reports.texts import Labels


class Cell(Enum):
    """What a column holds, so that each format writes it right."""

    TEXT = "text"
    INT = "int"
    DATE = "date"
    MOMENT = "moment"
    BOOL = "bool"


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    cell: Cell = Cell.TEXT
    width: int = 14


@dataclass(slots=True)
class Table:
    """One view of a report: a sheet in XLSX, the whole file in CSV."""

    name: str
    columns: tuple[Column, ...]
    rows: list[tuple] = field(default_factory=list)


def main_table(report: Report, labels: Labels) -> Table:
    """The one flat table a CSV holds: accounts, findings, or checklist items."""
    if isinstance(report, OwnershipReport):
        return ownership_accounts(report, labels)
    if isinstance(report, FindingsReport):
        return findings(report, labels)
    if isinstance(report, OffboardingReport):
        return offboarding_items(report, labels)
    assert_never(report)


def ownership_accounts(report: OwnershipReport, labels: Labels) -> Table:
    L = labels
    columns = (
        Column(L("report.col.unit_code"), width=10),
        Column(L("report.col.unit_name"), width=24),
        Column(L("report.col.unit_path"), width=22),
        Column(L("report.col.id"), Cell.INT, 7),
        Column(L("report.col.platform"), width=11),
        Column(L("report.col.handle"), width=22),
        Column(L("report.col.display_name"), width=24),
        Column(L("report.col.url"), width=30),
        Column(L("report.col.kind"), width=10),
        Column(L("report.col.pillar"), width=13),
        Column(L("report.col.status"), width=11),
        Column(L("report.col.custodian"), width=20),
        Column(L("report.col.custodian_status"), width=14),
        Column(L("report.col.backup_custodian"), width=20),
        Column(L("report.col.vault_ref"), Cell.BOOL, 10),
        Column(L("report.col.last_handover"), Cell.DATE, 12),
        Column(L("report.col.last_rotation"), Cell.DATE, 12),
        Column(L("report.col.last_verified"), Cell.DATE, 12),
        Column(L("report.col.open_findings"), width=30),
    )
    code = L.code
    table = Table(L("report.heading.accounts"), columns)
    append = table.rows.append
    for unit in report.units:
        path = " > ".join(unit.path)
        for a in unit.accounts:
            open_findings = "; ".join(f"{f.rule} {code('severity', f.severity)}" for f in a.findings if not f.waived)
            append(
                (
                    unit.code,
                    unit.name,
                    path,
                    a.id,
                    a.platform,
                    a.handle,
                    a.display_name,
                    a.url,
                    code("kind", a.kind),
                    code("pillar", a.purpose),
                    code("status", a.status),
                    a.custodian,
                    code("person_status", a.custodian_status),
                    a.backup_custodian,
                    a.vault_ref_set,
                    a.last_handover,
                    a.last_rotation,
                    a.last_verified,
                    open_findings,
                )
            )
    return table


def ownership_findings(report: OwnershipReport, labels: Labels) -> Table:
    """Every finding against an account, one row each, waived ones included and marked."""
    L = labels
    columns = (
        Column(L("report.col.unit_code"), width=10),
        Column(L("report.col.account"), width=26),
        Column(L("report.col.rule"), width=8),
        Column(L("report.col.severity"), width=10),
        Column(L("report.col.message"), width=60),
        Column(L("report.col.waived"), Cell.BOOL, 10),
        Column(L("report.col.fingerprint"), width=20),
    )
    table = Table(L("report.heading.findings"), columns)
    for unit in report.units:
        for a in unit.accounts:
            for f in a.findings:
                table.rows.append(
                    (unit.code, a.name, f.rule, L.code("severity", f.severity), f.message, f.waived, f.fingerprint)
                )
    return table


def ownership_summary(report: OwnershipReport, labels: Labels) -> list[Table]:
    """The summary's small tables: by unit, platform, kind, severity, and overdue over time."""
    L = labels
    count = Column(L("report.col.count"), Cell.INT, 10)
    by_unit = Table(
        L("report.heading.by_unit"),
        (
            Column(L("report.col.unit_code"), width=12),
            Column(L("report.col.unit_name"), width=28),
            Column(L("report.col.unit_kind"), width=14),
            Column(L("report.col.own_accounts"), Cell.INT, 12),
            Column(L("report.col.total_accounts"), Cell.INT, 12),
            Column(L("report.col.open_findings"), Cell.INT, 12),
        ),
        [
            (c.unit.code, c.unit.name, L.code("unit_kind", c.unit.kind), c.own, c.total, c.open_findings)
            for c in report.counts_by_unit()
        ],
    )
    by_platform = Table(
        L("report.heading.by_platform"),
        (Column(L("report.col.platform")), count),
        list(report.counts_by_platform().items()),
    )
    by_kind = Table(
        L("report.heading.by_kind"),
        (Column(L("report.col.kind")), count),
        [(L.code("kind", k), n) for k, n in report.counts_by_kind().items()],
    )
    overdue = Table(
        L("report.heading.overdue"),
        (Column(L("report.col.date"), Cell.DATE), Column(L("report.col.overdue"), Cell.INT)),
        list(report.overdue_series),
    )
    return [by_unit, by_platform, by_kind, severity_table(report.counts_by_severity(), L), overdue]


def severity_table(counts: dict[str, int], labels: Labels) -> Table:
    return Table(
        labels("report.heading.by_severity"),
        (Column(labels("report.col.severity")), Column(labels("report.col.count"), Cell.INT)),
        [(labels.code("severity", s), n) for s, n in counts.items()],
    )


def findings(report: FindingsReport, labels: Labels) -> Table:
    L = labels
    columns = (
        Column(L("report.col.rule"), width=8),
        Column(L("report.col.severity"), width=10),
        Column(L("report.col.clause"), width=9),
        Column(L("report.col.subject"), width=26),
        Column(L("report.col.message"), width=60),
        Column(L("report.col.since"), Cell.DATE, 12),
        Column(L("report.col.waived"), Cell.BOOL, 10),
        Column(L("report.col.waiver_reason"), width=30),
        Column(L("report.col.waiver_until"), Cell.DATE, 12),
        Column(L("report.col.fingerprint"), width=20),
    )
    rows = [
        (
            f.rule,
            L.code("severity", f.severity),
            f.clause,
            f.subject,
            f.message,
            f.since,
            f.waived,
            f.waiver_reason,
            f.waiver_until,
            f.fingerprint,
        )
        for f in report.findings
    ]
    return Table(L("report.heading.findings"), columns, rows)


def findings_by_rule(report: FindingsReport, labels: Labels) -> Table:
    return Table(
        labels("report.heading.by_rule"),
        (Column(labels("report.col.rule")), Column(labels("report.col.count"), Cell.INT)),
        list(report.counts_by_rule().items()),
    )


def offboarding_cases(report: OffboardingReport, labels: Labels) -> Table:
    L = labels
    columns = (
        Column(L("report.col.person"), width=24),
        Column(L("report.col.employee_id"), width=14),
        Column(L("report.col.unit"), width=12),
        Column(L("report.col.end_date"), Cell.DATE, 14),
        Column(L("report.col.opened_on"), Cell.DATE, 14),
        Column(L("report.col.case_state"), width=10),
        Column(L("report.col.open_accounts"), Cell.INT, 14),
    )
    rows = [
        (
            c.person,
            c.employee_id,
            c.unit,
            c.end_date,
            c.opened_on,
            L("report.case.closed") if c.closed else L("report.case.open"),
            c.open_accounts,
        )
        for c in report.cases
    ]
    return Table(L("report.heading.cases"), columns, rows)


def offboarding_items(report: OffboardingReport, labels: Labels) -> Table:
    """One row per evidence item to tick; an account without items, or a case without accounts,
    still gets one row so that nothing a leaver holds drops out of the list."""
    L = labels
    columns = (
        Column(L("report.col.person"), width=22),
        Column(L("report.col.employee_id"), width=12),
        Column(L("report.col.unit"), width=10),
        Column(L("report.col.end_date"), Cell.DATE, 12),
        Column(L("report.col.case_state"), width=10),
        Column(L("report.col.account"), width=24),
        Column(L("report.col.display_name"), width=22),
        Column(L("report.col.role"), width=16),
        Column(L("report.col.receiver"), width=22),
        Column(L("report.col.receiver_reason"), width=26),
        Column(L("report.col.complete"), Cell.BOOL, 10),
        Column(L("report.col.item"), width=44),
        Column(L("report.col.done"), Cell.BOOL, 8),
        Column(L("report.col.done_on"), Cell.DATE, 12),
    )
    table = Table(L("report.heading.checklist"), columns)
    for c in report.cases:
        state = L("report.case.closed") if c.closed else L("report.case.open")
        case_cells = (c.person, c.employee_id, c.unit, c.end_date, state)
        if not c.accounts:
            table.rows.append(case_cells + (None,) * 9)
        for a in c.accounts:
            account_cells = (
                a.account,
                a.display_name,
                L.code("role", a.role),
                a.receiver,
                L.code("reason", receiver_reason_key(a.receiver_reason)),
                a.complete,
            )
            if not a.items:
                table.rows.append(case_cells + account_cells + (None, None, None))
            for item in a.items:
                table.rows.append(
                    case_cells + account_cells + (L.code("item", item.key), item.done, item.done_on)
                )
    return table


def as_text(value: object, cell: Cell, labels: Labels) -> str:
    """A typed value as the report's language writes it in a text table."""
    if value is None:
        return ""
    match cell:
        case Cell.TEXT | Cell.INT:
            return str(value)
        case Cell.DATE:
            return labels.date(value)  # type: ignore[arg-type]
        case Cell.MOMENT:
            return labels.moment(value)  # type: ignore[arg-type]
        case Cell.BOOL:
            return labels.yes_no(bool(value))
        case _:
            assert_never(cell)
