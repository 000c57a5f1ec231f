"""Spreadsheet cells: which text a spreadsheet would run as a formula, and a value as cell text.

A spreadsheet evaluates a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab, CR or LF
before one of them) as a formula, which an attacker can plant in a display name or a note
(OWASP "CSV Injection"). :data:`FORMULA_STARTS` is the one set of those first characters: CSV
exports put an apostrophe before such a cell (:func:`neutralise`), XLSX exports mark it as text,
and imports take the apostrophe off again (:func:`restore`), so an export imports as it was.
NUL is in the set too (OWASP ASVS 1.2.10): some spreadsheets drop a leading NUL and evaluate
what follows.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum

FORMULA_STARTS = frozenset("=+-@\t\r\n\x00")


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula.

    Leading spaces are looked through, as some spreadsheets trim them before evaluating.
    """
    if value and (
        value[0] in FORMULA_STARTS or (value[0].isspace() and value.lstrip()[:1] in FORMULA_STARTS)
    ):
        return "'" + value
    return value


def is_formula_like(value: str) -> bool:
    return neutralise(value) is not value


def restore(value: str) -> str:
    """A cell as it was before :func:`neutralise`: the apostrophe before a formula start taken off.

    The reader stripped the cell already; an apostrophe that kept a tab or line break in is
    followed by it, so what follows is stripped too.
    """
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:].strip()
    return value


def as_text(value: object) -> str:
    """Any value as the text of a cell: ISO dates, ``true``/``false``, enums by their value."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)
