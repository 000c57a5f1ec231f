"""Reading a table from JSON: an array of objects, or one object per line (JSON lines).

JSON is read whole; its columns are the union of the keys of every object. Numbers stay the
digits as written, and a value that is a list or an object, or text no file can hold (a lone
surrogate), is a problem of its row.
"""

from __future__ import annotations

import json
import os
import re

from registry import i18n
from registry.errors import ValidationError
from registry.io.columns import normalise_header, plan_columns
from registry.io.readers import Problem, Row, TableStream, cell_text

_WHITESPACE = re.compile(r"\s*")

i18n.register(
    {
        "io.json_invalid": (
            "{file} is not valid JSON at line {line}, column {column}. Check the file near that place.",
            "{file} is geen geldige JSON op regel {line}, kolom {column}. Controleer het bestand rond die plek.",
        ),
        "io.json_shape": (
            "{file} must hold a JSON array of objects, or one JSON object per line (JSON lines).",
            "{file} moet een JSON-array van objecten bevatten, of één JSON-object per regel (JSON lines).",
        ),
        "io.json_line_invalid": (
            "this line is not valid JSON; each line must hold one object",
            "deze regel is geen geldige JSON; elke regel moet één object bevatten",
        ),
        "io.json_not_object": (
            "this entry is not an object with column names",
            "dit element is geen object met kolomnamen",
        ),
        "io.json_too_deep": (
            "{file} nests lists or objects too deeply (from line {line}); an export holds one level of objects with text or numbers.",
            "{file} nest lijsten of objecten te diep (vanaf regel {line}); een export bevat één laag objecten met tekst of getallen.",
        ),
        "io.json_surrogate": (
            "the value holds a character that does not exist (a lone surrogate such as \\ud800); write the text again",
            "de waarde bevat een teken dat niet bestaat (een los surrogaat zoals \\ud800); schrijf de tekst opnieuw",
        ),
        "io.json_value_nested": (
            "the value is a list or an object; give text or a number",
            "de waarde is een lijst of een object; geef tekst of een getal",
        ),
    }
)


def json_table(
    path: str | os.PathLike[str],
    encoding: str,
    layout: str,
    kind: str,
    column_map: dict[str, str] | None,
    notices: list[str],
) -> TableStream:
    """JSON is read whole: its columns are the union of the keys of every object."""
    name = os.fspath(path)
    with open(path, encoding=encoding, newline="") as handle:
        text = handle.read()
    problems: list[Problem] = []
    records = _json_lines(text, name, problems) if layout == "lines" else _json_array(text, name)

    headers: list[str] = []
    slots: dict[str, int] = {}  # key as written → position in headers
    normalised: dict[str, int] = {}
    objects: list[tuple[int, dict]] = []
    for line, value in records:
        if not isinstance(value, dict):
            problems.append((line, "*", i18n.t("io.json_not_object")))
            continue
        for key in value:
            if key not in slots:
                norm = normalise_header(str(key))
                if norm not in normalised:
                    normalised[norm] = len(headers)
                    headers.append(str(key))
                slots[key] = normalised[norm]
        objects.append((line, value))
    if not headers:
        return TableStream([], notices, problems, iter(()))

    plan = plan_columns(headers, kind, column_map)
    shape = plan.shaper()
    canonical = {index: column for column, index in plan.picks}
    rows: list[Row] = []
    for line, value in objects:
        cells = [""] * len(headers)
        bad = False
        for key, raw in value.items():
            text_value = _json_text(raw)
            if text_value is None or not _encodable(text_value):
                column = canonical.get(slots[key], str(key))
                problems.append((line, column, i18n.t("io.json_value_nested" if text_value is None else "io.json_surrogate")))
                bad = True
            else:
                cells[slots[key]] = text_value
        if not bad:
            row = shape(cells)
            if any(row.values()):
                rows.append((line, row))
    return TableStream(plan.columns, notices + plan.notices, problems, iter(rows), headers=plan.headers)


def _json_lines(text: str, name: str, problems: list[Problem]) -> list[tuple[int, object]]:
    records: list[tuple[int, object]] = []
    loads = _JSON.decode
    # Split on LF only: JSON strings may hold U+2028 and other characters splitlines() breaks on.
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.strip().lstrip("\ufeff")
        if not raw:
            continue
        try:
            records.append((number, loads(raw)))
        except RecursionError:
            raise ValidationError("io.json_too_deep", file=name, line=number) from None
        except ValueError:
            if not records and not problems:
                # The very first entry does not parse: this is not JSON lines at all (perhaps
                # one pretty-printed object), so say what the file should hold.
                raise ValidationError("io.json_shape", file=name) from None
            problems.append((number, "*", i18n.t("io.json_line_invalid")))
    return records


def _json_array(text: str, name: str) -> list[tuple[int, object]]:
    """The elements of a top-level array, each with the line it starts on."""
    decoder = _JSON
    skip = _WHITESPACE.match
    position = skip(text, 0).end()
    if text.startswith("\ufeff", position):
        position = skip(text, position + 1).end()
    if not text.startswith("[", position):
        raise ValidationError("io.json_shape", file=name)
    position = skip(text, position + 1).end()
    records: list[tuple[int, object]] = []
    line, counted = 1, 0
    try:
        if text.startswith("]", position):
            position += 1
        else:
            while True:
                line += text.count("\n", counted, position)
                counted = position
                value, position = decoder.raw_decode(text, position)
                records.append((line, value))
                position = skip(text, position).end()
                if text.startswith("]", position):
                    position += 1
                    break
                if not text.startswith(",", position):
                    raise json.JSONDecodeError("expected ',' or ']'", text, position)
                position = skip(text, position + 1).end()
        if skip(text, position).end() != len(text):
            raise json.JSONDecodeError("extra data after the array", text, position)
    except json.JSONDecodeError as error:
        raise ValidationError("io.json_invalid", file=name, line=error.lineno, column=error.colno) from None
    except RecursionError:
        raise ValidationError("io.json_too_deep", file=name, line=line) from None
    return records


# Whole numbers stay the digits as written: an id of 5,000 digits is a bad id, not a crash of
# Python's limit on converting long integers.
# A number too large for a float stays as written too (never "inf").
def _json_float(text: str) -> float | str:
    value = float(text)
    return value if value - value == 0 else text


_JSON = json.JSONDecoder(parse_int=str, parse_float=_json_float)


def _json_text(value: object) -> str | None:
    """A JSON value as the text a CSV cell would hold; None for lists and objects."""
    return None if isinstance(value, list | dict) else cell_text(value)


def _encodable(text: str) -> bool:
    """False for text with a lone surrogate (``\\ud800`` in JSON), which no file or store can hold."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
