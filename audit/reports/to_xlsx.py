"""XLSX: one sheet per view (summary, accounts, findings, checklist), typed cells, never a formula.

Written with openpyxl's streaming (write-only) workbook, so 10,000 accounts take a few seconds at
most. Dates are date cells in the report's date style, flags are booleans, counts are numbers;
text that a spreadsheet would read as a formula (``=HYPERLINK(…)``) or an error value is
written as a text cell with Excel's quote prefix, as the project's exports do, so no cell is ever
a formula. Each data sheet has a frozen, filterable header row.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import assert_never

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from audit.reports import tables
from audit.reports.model import FindingsReport, OffboardingReport, OwnershipReport, Report
from audit.reports.safe import xlsx_needs_text, xlsx_text
from audit.reports.tables import Cell, Table
from audit.reports.texts import Labels

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E8EEF5")
# Excel's limit; longer names are refused by openpyxl.
_SHEET_NAME_MAX = 31
_NOT_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def render(report: Report) -> bytes:
    """The report as an XLSX workbook."""
    labels = Labels(report.lang)
    if isinstance(report, OwnershipReport):
        summary = tables.ownership_summary(report, labels)
        sheets = [tables.ownership_accounts(report, labels), tables.ownership_findings(report, labels)]
        facts = [(labels("report.summary.accounts", count=report.account_count, units=len(report.units)), None)]
    elif isinstance(report, FindingsReport):
        counts = report.counts_by_severity()
        summary = [tables.severity_table(counts, labels), tables.findings_by_rule(report, labels)]
        sheets = [tables.findings(report, labels)]
        facts = [(labels("report.summary.findings", count=sum(counts.values())), None)]
    elif isinstance(report, OffboardingReport):
        summary = []
        sheets = [tables.offboarding_cases(report, labels), tables.offboarding_items(report, labels)]
        facts = [(labels("report.summary.cases", **report.counts()), None)]
    else:
        assert_never(report)

    workbook = Workbook(write_only=True)
    # The document's own dates are the report's, not the moment of rendering.
    stamp = report.generated_at
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    workbook.properties.created = stamp
    workbook.properties.creator = "smreg"
    workbook.properties.title = report.organisation[:255]
    _write_summary(workbook, report, labels, summary, facts)
    for table in sheets:
        _write_table(workbook, table, labels)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str, taken: set[str]) -> str:
    base = name.translate(_NOT_IN_SHEET_NAMES).strip()[:_SHEET_NAME_MAX] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" {n}"
        candidate = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def _taken(workbook: Workbook) -> set[str]:
    return {ws.title.lower() for ws in workbook.worksheets}


def _text(ws, value: str) -> object:
    """A string cell that is text whatever it starts with."""
    value = xlsx_text(value)
    if not xlsx_needs_text(value):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error
    cell.quotePrefix = True
    return cell


def _header_cell(ws, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=xlsx_text(text))
    cell.data_type = "s"
    cell.font = _BOLD
    cell.fill = _HEADER_FILL
    return cell


class _CellWriter:
    """Turns a typed value into what the sheet stores; one per sheet to share styles."""

    def __init__(self, ws, labels: Labels) -> None:
        self.ws = ws
        self.labels = labels
        self.date_format = labels.excel_date_format()
        self.moment_format = labels.excel_moment_format()

    def __call__(self, value: object, cell: Cell) -> object:
        if value is None:
            return None
        match cell:
            case Cell.TEXT:
                return _text(self.ws, str(value))
            case Cell.INT:
                return value
            case Cell.BOOL:
                return bool(value)
            case Cell.DATE:
                styled = WriteOnlyCell(self.ws, value=value)
                styled.number_format = self.date_format
                return styled
            case Cell.MOMENT:
                # Excel has no time zones: keep the wall-clock time as the report gives it.
                moment = value.replace(tzinfo=None) if isinstance(value, datetime) else value
                styled = WriteOnlyCell(self.ws, value=moment)
                styled.number_format = self.moment_format
                return styled
            case _:
                assert_never(cell)


def _write_table(workbook: Workbook, table: Table, labels: Labels) -> None:
    ws = workbook.create_sheet(_sheet_name(table.name, _taken(workbook)))
    ws.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    last = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.append([_header_cell(ws, c.label) for c in table.columns])
    write = _CellWriter(ws, labels)
    kinds = [c.cell for c in table.columns]
    text = Cell.TEXT
    for row in table.rows:
        ws.append(
            [
                (_text(ws, value) if value else None) if kind is text else write(value, kind)
                for value, kind in zip(row, kinds, strict=True)
            ]
        )


def _write_summary(
    workbook: Workbook,
    report: Report,
    labels: Labels,
    summary: list[Table],
    facts: list[tuple[str, object]],
) -> None:
    """Facts of the report (organisation, as of, generated at), then each small table in turn."""
    ws = workbook.create_sheet(_sheet_name(labels("report.heading.summary"), _taken(workbook)))
    ws.column_dimensions["A"].width = 30
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 16
    write = _CellWriter(ws, labels)
    ws.append([_header_cell(ws, labels("report.col.organisation")), _text(ws, report.organisation)])
    for key, moment in (("report.footer.as_of", report.as_of), ("report.footer.generated_at", report.generated_at)):
        # The label says what the moment is; the zone, which Excel cannot store, is given beside it.
        label = labels(key, moment="").strip()
        zone = labels.moment(moment).rsplit(" ", 1)[-1] if moment.tzinfo is not None else None
        ws.append([_header_cell(ws, label), write(moment, Cell.MOMENT), zone])
    for text, value in facts:
        ws.append([_text(ws, text), value])
    for table in summary:
        ws.append([])
        title = WriteOnlyCell(ws, value=xlsx_text(table.name))
        title.data_type = "s"
        title.font = Font(bold=True, size=12)
        ws.append([title])
        ws.append([_header_cell(ws, c.label) for c in table.columns])
        kinds = [c.cell for c in table.columns]
        for row in table.rows:
            ws.append([write(value, kind) for value, kind in zip(row, kinds, strict=True)])
