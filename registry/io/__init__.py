"""Files in and out: import readers, column names in English and Dutch, dates, formula-safe exports.

Reading: :func:`read_table` (or :func:`open_table` for very large files) turns a CSV, TSV,
JSON (lines) or XLSX file into rows keyed by canonical column names. Writing: :func:`write_csv`,
:func:`write_json`, :func:`write_jsonl` and :func:`write_xlsx` write atomically and neutralise
spreadsheet formulas. Dates: :func:`parse_date`, :func:`parse_moment`, :func:`format_date`.

openpyxl is only imported when an XLSX file is read or written, so importing this package stays
cheap for commands that never touch a spreadsheet.
"""

from registry.io.columns import KINDS, parse_map_option
from registry.io.dates import format_date, format_date_long, parse_date, parse_moment
from registry.io.readers import Table, TableStream, open_table, read_table
from registry.io.writers import Sheet, neutralise, write_csv, write_json, write_jsonl, write_xlsx

__all__ = [
    "KINDS",
    "Sheet",
    "Table",
    "TableStream",
    "format_date",
    "format_date_long",
    "neutralise",
    "open_table",
    "parse_date",
    "parse_map_option",
    "parse_moment",
    "read_table",
    "write_csv",
    "write_json",
    "write_jsonl",
    "write_xlsx",
]
