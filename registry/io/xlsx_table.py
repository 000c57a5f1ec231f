"""Reading a table from the first sheet of an XLSX workbook (openpyxl, read-only).

The header is found below a title as in a CSV file, a total row ends the table, and a damaged
workbook is refused in a sentence whenever openpyxl stumbles on it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence

from registry import i18n
from registry.errors import ValidationError
from registry.io.columns import ColumnPlan, looks_like_header, plan_columns
from registry.io.readers import HEADER_SEARCH, Row, TableEnd, TableStream, cell_text, empty_stream

i18n.register(
    {
        "io.xlsx_unreadable": (
            "{file} cannot be opened as an XLSX workbook. Save it again from the spreadsheet program, or export it as CSV UTF-8.",
            "{file} kan niet geopend worden als XLSX-werkmap. Sla het opnieuw op vanuit het rekenbladprogramma, of exporteer het als CSV UTF-8.",
        ),
        "io.xlsx_first_sheet": (
            "Only the first sheet, '{sheet}', was read; the workbook has {count} sheets.",
            "Alleen het eerste werkblad, '{sheet}', is gelezen; de werkmap heeft er {count}.",
        ),
    }
)


def open_xlsx(path: str | os.PathLike[str], kind: str, column_map: dict[str, str] | None) -> TableStream:
    import openpyxl  # imported here: it takes longer to load than the whole command line

    name = os.fspath(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise ValidationError("io.xlsx_unreadable", file=name) from None
    try:
        notices: list[str] = []
        if not workbook.worksheets:
            raise ValidationError("io.xlsx_unreadable", file=name)
        sheet = workbook.worksheets[0]
        if len(workbook.worksheets) > 1:
            notices.append(i18n.t("io.xlsx_first_sheet", sheet=sheet.title, count=len(workbook.worksheets)))
        # The stored dimensions are often wrong (some writers never update them): read all.
        sheet.reset_dimensions()
        sheet_rows = enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), 1)
        looked: list[tuple[int, Sequence[object]]] = []
        header = None
        for number, values in _guarded(sheet_rows, name):
            cells = [cell_text(value) for value in values]
            if not any(cell.strip() for cell in cells):
                if looked:
                    looked.append((number, values))
                continue
            if header is None:
                header, header_at = cells, number
            if looks_like_header(cells, kind, column_map):
                if number != header_at:
                    notices.append(i18n.t("io.header_row", line=number))
                header, looked = cells, []
                break
            looked.append((number, values))
            if len(looked) > HEADER_SEARCH:
                break
        if header is None:
            workbook.close()
            return empty_stream(notices)
        if looked:  # no row looks like a header: the first filled one is it, as always
            sheet_rows = itertools.chain(looked[1:], sheet_rows)
        plan = plan_columns(header, kind, column_map)
        notices = notices + plan.notices
        rows = _xlsx_rows(sheet_rows, plan, name, TableEnd(notices))
        return TableStream(plan.columns, notices, [], rows, workbook.close, headers=plan.headers)
    except BaseException:
        workbook.close()
        raise


def _guarded(rows: Iterator[tuple[int, Sequence[object]]], name: str) -> Iterator[tuple[int, Sequence[object]]]:
    """The sheet's rows, a damaged sheet (a shared string that does not exist) refused in a sentence."""
    try:
        yield from rows
    except Exception as error:  # openpyxl's parser fails in many ways on a damaged part
        if isinstance(error, ValidationError):
            raise
        raise ValidationError("io.xlsx_unreadable", file=name) from None


def _xlsx_rows(
    sheet_rows: Iterator[tuple[int, Sequence[object]]], plan: ColumnPlan, name: str, end: TableEnd
) -> Iterator[Row]:
    shape = plan.shaper()
    try:
        for number, values in sheet_rows:
            if end.total(number, values):
                break
            row = shape([v if type(v) is str else cell_text(v) for v in values])
            if any(row.values()):
                end.data = True
                yield number, row
    except Exception as error:  # a damaged sheet fails inside openpyxl's parser
        if isinstance(error, ValidationError):
            raise
        raise ValidationError("io.xlsx_unreadable", file=name) from None


