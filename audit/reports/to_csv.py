"""CSV: the report's one flat table, RFC 4180 quoting, UTF-8, headers in the report's language.

Every text cell is neutralised with the project's export rule (:func:`registry.io.writers.neutralise`,
a leading apostrophe), so a display name like ``=HYPERLINK(…)`` stays text when the file is opened
in a spreadsheet; dates are written as the report's language writes them.
"""

from __future__ import annotations

import csv
import io

from audit.reports.model import Report
from audit.reports.safe import neutralise
from audit.reports.tables import Cell, as_text, main_table
from audit.reports.texts import Labels


def render(report: Report) -> bytes:
    """The report as CSV bytes (UTF-8, CRLF line ends)."""
    labels = Labels(report.lang)
    table = main_table(report, labels)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c.label) for c in table.columns])
    kinds = [c.cell for c in table.columns]
    text = Cell.TEXT
    for row in table.rows:
        writer.writerow(
            [
                neutralise(value) if kind is text and value else as_text(value, kind, labels)
                for value, kind in zip(row, kinds, strict=True)
            ]
        )
    return out.getvalue().encode("utf-8")
