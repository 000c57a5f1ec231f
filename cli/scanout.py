"""How ``smreg scan`` writes its verdicts: an aligned table, JSON or CSV, counted for the summary.

Built for a million rows: codes become words of the user's language once per code, clear rows
(nearly all of them) are written from a template, and the table is laid out with one format
string. The writer can take a file in two halves (see :func:`audit.brand.scan.write_scan`): the
first written elsewhere, its counts and column widths adopted, then the second.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from registry import i18n

# The columns of a scan's table and CSV output, in order (the JSON objects are PRODUCT.md §4's).
SCAN_COLUMNS = ("row", "line", "verdict", "score", "rule", "platform", "handle", "display_name", "term", "field", "reasons",
                "resembles")
_ALIGNED = 50_000  # table rows collected to size the columns; any further ones are written as they come
# A clear row's JSON object: the same text json.dumps gives.
_CLEAR_JSON_REST = (', "line": %d, "platform": %s, "handle": %s, "display_name": %s, "verdict": "clear", '
                    '"score": 0, "term": null, "field": null, "reasons": [], "resembles": null, "rule": null}')
_CLEAR_JSON = '{"row": %d' + _CLEAR_JSON_REST

i18n.register({"scan.unverified": ("unverified", "onbevestigd")})


def safe(text: str) -> str:
    """What a terminal shows of a name: control and invisible characters escaped, so a disguise shows."""
    from cli.output import terminal_safe

    return text if text.isprintable() else terminal_safe(text)


class ScanWriter:
    """Writes verdicts to ``out`` in ``fmt`` ('table', 'json' or 'csv') and counts rows, suspects
    and suspects of high severity."""

    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt, self.out = fmt, out
        self.parallel = fmt in ("table", "json")  # CSV is written by the registry's own CSV writer
        self.rows = self.suspects = self.high = 0
        self.started = False  # the table's header or the JSON's opening is written
        self.widths: list[int] | None = None
        self._cells = _table_cells() if fmt == "table" else None
        self._clear_word = i18n.t("value.verdict.clear") if fmt == "table" else ""
        self.on_started: Any = None  # called once the header (and so the column widths) is written
        self._numbered = True

    def reset(self) -> None:
        """Forget what was written (a scan in two halves that starts again as one)."""
        self.rows = self.suspects = self.high = 0
        self.started, self.widths = False, None

    def state(self) -> dict[str, Any]:
        return {"rows": self.rows, "suspects": self.suspects, "high": self.high, "started": self.started,
                "widths": self.widths}

    def adopt(self, state: Any) -> None:
        """Carry on after a first half written elsewhere with this state."""
        self.rows += state["rows"]
        self.suspects += state["suspects"]
        self.high += state["high"]
        self.started = self.started or state["started"]
        self.widths = self.widths or state["widths"]

    def write(self, verdicts, *, row_offset: int = 0, numbered: bool = True) -> None:  # type: ignore[no-untyped-def]
        """Write the verdicts; with ``numbered`` false (a second half, whose first row number is not
        known yet) each line is written as ``row<TAB>rest of the line``, for :meth:`append_rows`."""
        counted = self._counted(verdicts)
        self._numbered = numbered
        try:
            if self.fmt == "json":
                self._json(counted, row_offset)
            elif self.fmt == "csv":
                self._csv(counted)
            else:
                self._table(counted, row_offset)
        finally:
            self._numbered = True

    def append_rows(self, source: TextIO, row_offset: int) -> None:
        """Copy lines written with ``numbered`` false to ``out``, their rows counted on from ``row_offset``."""
        write = self.out.write
        lines: list[str] = []
        add = lines.append
        if self.fmt == "json":
            for text in source:
                row, _, rest = text.partition("\t")
                add(f',\n {{"row": {int(row) + row_offset}{rest.rstrip(chr(10))}')
                if len(lines) >= 4096:
                    write("".join(lines))
                    lines.clear()
        else:
            assert self.widths is not None
            first = self.widths[0]
            for text in source:
                row, _, rest = text.partition("\t")
                add(f"{str(int(row) + row_offset).ljust(first)}  {rest}")
                if len(lines) >= 4096:
                    write("".join(lines))
                    lines.clear()
        write("".join(lines))

    def _started(self) -> None:
        self.started = True
        if self.on_started is not None:
            self.on_started(self)
            self.on_started = None

    def finish(self, *, complete: bool = True) -> None:
        """Close the output: JSON stays well-formed even when bad rows are reported after it;
        an empty table says so (unless the scan stopped with an error)."""
        if self.fmt == "json":
            self.out.write(("" if self.started else '{"results": [') + "]}\n")
        elif self.fmt == "table" and not self.started and complete:
            print(i18n.t("output.empty"), file=sys.stderr)

    def _counted(self, verdicts):  # type: ignore[no-untyped-def]
        for v in verdicts:
            self.rows += 1
            if v.verdict == "suspect":
                self.suspects += 1
                self.high += v.severity == "high"
            yield v

    def _json(self, verdicts, offset: int) -> None:  # type: ignore[no-untyped-def]
        import json
        from json.encoder import encode_basestring as quoted

        dumps = json.JSONEncoder(ensure_ascii=False).encode
        write = self.out.write
        separator = ",\n " if self.started else ""
        if not self.started:
            write('{"results": [')
            self._started()
        if not self._numbered:
            for v in verdicts:
                if v.verdict == "clear":
                    rest = _CLEAR_JSON_REST % (v.line, quoted(v.platform), quoted(v.handle), quoted(v.display_name))
                else:
                    rest = dumps(v.to_json())[len(f'{{"row": {v.row}'):]
                write(f"{v.row}\t{rest}\n")
            return
        for v in verdicts:
            if v.verdict == "clear":
                text = _CLEAR_JSON % (v.row + offset, v.line, quoted(v.platform), quoted(v.handle), quoted(v.display_name))
            else:
                text = dumps(v.to_json() if not offset else v._replace(row=v.row + offset).to_json())
            write(separator + text)
            separator = ",\n "

    def _csv(self, verdicts) -> None:  # type: ignore[no-untyped-def]
        from registry.io.writers import write_csv

        write_csv(self.out, SCAN_COLUMNS, ([v.row, v.line, v.verdict, v.score, v.rule, v.platform, v.handle,
                                            v.display_name, v.term, v.field, " ".join(v.reasons), v.resembles]
                                           for v in verdicts))
        self.started = True

    def _table(self, verdicts, offset: int) -> None:  # type: ignore[no-untyped-def]
        """A plain aligned table, built by hand: a million rows must not wait on a table library."""
        from cli.output import header

        cells_of = self._cells
        assert cells_of is not None
        iterator = iter(verdicts)
        if self.widths is None:
            heads = [header(c) for c in SCAN_COLUMNS]
            widths = [len(h) for h in heads]
            buffered: list[list[str]] = []
            try:
                for v in iterator:
                    cells = cells_of(v, offset)
                    buffered.append(cells)
                    for i, cell in enumerate(cells):
                        if len(cell) > widths[i]:
                            widths[i] = len(cell)
                    if len(buffered) >= _ALIGNED:
                        break
            finally:
                if buffered:
                    self.widths = widths
                    line = _row_format(widths).format
                    self.out.write(line(*heads).rstrip() + "\n" + "  ".join("-" * w for w in widths) + "\n")
                    self.out.write("".join(line(*cells).rstrip() + "\n" for cells in buffered))
                    self._started()
            if self.widths is None:
                return
        w = self.widths
        # every line is its row cell and the rest; a clear row's rest has its constant cells laid
        # out once, in the format string itself
        rest = _row_format(w[1:]).format
        word = str(self._clear_word).ljust(w[2]).replace("{", "{{").replace("}", "}}")
        clear = f"{{:<{w[1]}}}  {word}  {'0'.ljust(w[3])}  {''.ljust(w[4])}  {{:<{w[5]}}}  {{:<{w[6]}}}  {{}}".format
        numbered, first = self._numbered, w[0]
        lines: list[str] = []
        add = lines.append
        try:
            for v in iterator:
                if v.verdict == "clear" and not v.unverified:
                    h, d = v.handle, v.display_name
                    text = clear(v.line, v.platform, h if h.isprintable() else safe(h),
                                 d if d.isprintable() else safe(d)).rstrip()
                else:
                    text = rest(*cells_of(v, offset)[1:]).rstrip()
                add(f"{str(v.row + offset).ljust(first)}  {text}" if numbered else f"{v.row}\t{text}")
                if len(lines) >= 4096:
                    self.out.write("\n".join(lines) + "\n")
                    lines.clear()
        finally:  # the rows before a bad one are shown, as they come
            if lines:
                self.out.write("\n".join(lines) + "\n")


def _table_cells():  # type: ignore[no-untyped-def]
    """A function giving a verdict's table cells: codes shown as words of the user's language
    (verdict, field, reasons), looked up once per code, not once per row."""
    from audit.brand.model import reason_words
    from registry.labels import label

    unverified = i18n.t("scan.unverified")
    verdicts = {code: str(label("verdict", code)) for code in ("official", "suspect", "clear")}
    fields = {None: "", **{code: str(label("field", code)) for code in ("handle", "display_name", "avatar")}}
    reasons: dict[tuple[str, ...], str] = {}

    def cells(v, offset: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
        words = reasons.get(v.reasons)
        if words is None:
            words = reasons[v.reasons] = reason_words(v.reasons, empty="")
        verdict = verdicts[v.verdict] if not v.unverified else f"{verdicts[v.verdict]} ({unverified})"
        handle, shown = v.handle, v.display_name
        return [str(v.row + offset), str(v.line), verdict, str(v.score), v.rule or "", v.platform,
                handle if handle.isprintable() else safe(handle), shown if shown.isprintable() else safe(shown),
                v.term or "", fields.get(v.field, v.field), words, v.resembles or ""]

    return cells


def _row_format(widths: list[int]) -> str:
    """A format string laying cells out in columns of ``widths``, two spaces apart."""
    return "  ".join(f"{{:<{w}}}" for w in widths)
