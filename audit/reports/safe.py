"""Making user-provided text harmless in each output: spreadsheets, HTML, Markdown, SVG.

Display names, handles, unit names and messages come from people and from the wild, so they may
hold markup (``<script>``), spreadsheet formulas (``=HYPERLINK(…)``) or invisible bidi controls
(U+202E) that would make a page read other than it is. Each renderer passes them through here.
CSV cells use the project's export rule, :func:`registry.io.writers.neutralise`, so a report and
an export treat a formula-like value the same way.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from registry import invisible
from registry.io.writers import neutralise

__all__ = ["html_plain", "html_user", "mark_hidden", "markdown_cell", "neutralise", "xlsx_text", "xlsx_needs_text"]

# Bidi embeddings, overrides and isolates (Trojan Source), marks, and zero-width characters:
# they reorder or hide text, so a report shows each one as a visible code point instead.
_HIDDEN = invisible.pattern()

# Control characters XLSX cannot hold at all (openpyxl refuses them), and its longest text.
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XLSX_MAX_TEXT = 32767
# Texts openpyxl stores as error values rather than strings (openpyxl.cell.cell.ERROR_CODES).
_XLSX_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))

# Emphasis, code, links and table cells; '(' ')' '!' only act after a ']', which is escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def mark_hidden(text: str) -> str:
    """Replace every bidi control and zero-width character by a visible ``[U+202E]``."""
    if _HIDDEN.search(text) is None:
        return text
    return _HIDDEN.sub(lambda m: f"[{code_point(m.group())}]", text)


def xlsx_text(value: str) -> str:
    """Text as XLSX can store it: control characters shown as U+FFFD, at most 32,767 characters.

    Whether it must be forced to text (it looks like a formula or an error value) is
    :func:`xlsx_needs_text`; the XLSX writer then marks the cell text with Excel's quote prefix,
    as the project's exports do, rather than changing the value.
    """
    if _XLSX_ILLEGAL.search(value):
        value = _XLSX_ILLEGAL.sub("\ufffd", value)
    return value[:_XLSX_MAX_TEXT]


def xlsx_needs_text(value: str) -> bool:
    """Whether a spreadsheet would read this string as a formula or an error value."""
    return neutralise(value) != value or value in _XLSX_ERROR_CODES


def _hidden_span(match: re.Match) -> str:
    point = code_point(match.group())
    return f'<span class="ctl" title="{point}">[{point}]</span>'


def html_user(value: object) -> Markup:
    """User text for HTML: escaped, hidden characters made visible, isolated in ``<bdi>``."""
    if value is None:
        return Markup("")
    # str() first: a value that claims to be safe markup is escaped all the same.
    text = str(escape(str(value)))
    if _HIDDEN.search(text) is not None:
        text = _HIDDEN.sub(_hidden_span, text)
    return Markup("<bdi>" + text + "</bdi>")


def html_plain(value: object) -> str:
    """User text for places that cannot hold markup (``<title>``, SVG labels): marked, unescaped."""
    if value is None:
        return ""
    return mark_hidden(str(value))


def markdown_cell(value: object) -> str:
    """User text for a Markdown table cell or heading: one line, no markup, no active syntax."""
    if value is None:
        return ""
    text = mark_hidden(str(value))
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    # Entities first so that a Markdown viewer shows '<script>' as text, never as HTML.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
