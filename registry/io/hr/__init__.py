"""HR systems' own exports, read as the rows of an HR export (PRODUCT.md §5): AFAS Profit,
Raet HR Core Onderwijs, Visma Raet Youforce and Visma Nmbrs.

Each format is declared once in :data:`FORMATS`: its name for ``--from``, its label, how it is
recognised (by its header or JSON shape) and its reader, each in a module of its own. A reader
hands back a :class:`~registry.io.readers.Table` in smreg's own columns (``employee_id``, ``name``,
``email``, ``unit``, ``function``, ``start_date``, ``end_date``), so the person import validates
and writes it as it does any HR file: all rows or none, every bad row listed under the file's own
header. The name is assembled from its parts by the system's own name-use code (own name,
partner's, or both in either order), and dates come in ISO form.

Only the columns smreg keeps are read. A column of personal data smreg must not hold (a BSN, a
bank account, a birth date, an address) is never read, so its values are neither stored nor
shown nor logged; the summary names the columns that were ignored.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from registry import i18n
from registry.errors import UsageError, ValidationError
from registry.io.readers import Table

FIELDS = ("employee_id", "name", "email", "unit", "function", "start_date", "end_date")

i18n.register(
    {
        "hr.recognised": ("{file}: read as {label}.", "{file}: gelezen als {label}."),
        "hr.bad_from": (
            "'{name}' is not an HR format. Use one of: {formats}.",
            "'{name}' is geen HR-vorm. Gebruik een van: {formats}.",
        ),
        "hr.not_this_format": (
            "{file} does not look like {label}: it lacks {missing}. Check the file, or leave out --from.",
            "{file} lijkt niet op {label}: {missing} ontbreekt. Controleer het bestand, of laat --from weg.",
        ),
        "hr.one_file": (
            "Give one HR export; only a Raet HR Core Onderwijs CSV set is read from several files or a folder.",
            "Geef één HR-export; alleen een CSV-set van Raet HR Core Onderwijs wordt uit meerdere bestanden of een map gelezen.",
        ),
        "hr.ignored_personal": (
            "{file}: the columns {columns} hold personal data smreg does not keep (BSN, bank account, birth date, address); they were not read.",
            "{file}: de kolommen {columns} bevatten persoonsgegevens die smreg niet bewaart (BSN, bankrekening, geboortedatum, adres); ze zijn niet gelezen.",
        ),
        "hr.bad_name_code": (
            "'{value}' is not a name-use code of {label}; use {codes}",
            "'{value}' is geen naamgebruikcode van {label}; gebruik {codes}",
        ),
        "hr.bad_date": (
            "'{value}' is not a date written as {form}",
            "'{value}' is geen datum in de vorm {form}",
        ),
        "hr.in_file": ("{file}, line {line}: {column}", "{file}, regel {line}: {column}"),
        "hr.no_map": (
            "--map renames the columns of smreg's own HR layout; {label} is read by its own headers. Leave out --map.",
            "--map hernoemt de kolommen van smreg's eigen HR-indeling; {label} wordt gelezen aan de eigen kolomnamen. Laat --map weg.",
        ),
        "hr.json_shape": (
            "{file} does not hold the {label} records ({shape}).",
            "{file} bevat niet de records van {label} ({shape}).",
        ),
    }
)


@dataclass(frozen=True)
class HrFormat:
    """An HR system's export: its ``--from`` name, its label, how it is recognised, its reader."""

    name: str
    recognise: Callable[[Sniffed], bool]
    read: Callable[[list[Path], HrFormat], Table]

    @property
    def label(self) -> str:
        """The format as shown, in the user's language (registered as ``hrformat.<name>``)."""
        return i18n.t(f"hrformat.{self.name}")


@dataclass(frozen=True)
class Sniffed:
    """What detection looks at: the files, whether they are JSON, the start of the JSON, the header."""

    paths: list[Path]
    json_head: str | None  # the first 64 KiB of a single JSON file
    header: frozenset[str]  # the first row's cells, folded with :func:`fold`


# --- names and dates ---------------------------------------------------------------------------

OWN, PARTNER, PARTNER_OWN, OWN_PARTNER = "B", "P", "PB", "BP"  # the orders HR systems speak of


def surname(prefix: str, name: str) -> str:
    return " ".join(part for part in (prefix.strip(), name.strip()) if part)


def assemble(first: str, prefix: str, own: str, partner_prefix: str, partner: str, order: str) -> str:
    """The name a person goes by: first name, then own and/or partner's surname in the order given."""
    mine, theirs = surname(prefix, own), surname(partner_prefix, partner)
    if not theirs:
        order = OWN
    last = {
        OWN: mine,
        PARTNER: theirs,
        PARTNER_OWN: f"{theirs}-{mine}" if mine else theirs,
        OWN_PARTNER: f"{mine}-{theirs}" if mine else theirs,
    }[order]
    return " ".join(part for part in (first.strip(), last) if part)


def name_order(value: str, codes: dict[str, str], label: str) -> str:
    """The order a name-use code stands for; raises ValidationError for a code the system does not have."""
    key = value.strip().upper()
    if not key:
        return OWN
    if key not in codes:
        raise ValidationError("hr.bad_name_code", value=value.strip(), label=label, codes=", ".join(codes))
    return codes[key]


OPEN_END = "9999-12-31"


def iso_day(value: object, form: str) -> str:
    """A date as ISO text from ``yyyyMMdd``, ISO with a time, or Dutch ``dd-mm-jjjj``; '' for none.

    ``9999-12-31`` means no end. Raises ValidationError (naming ``form``) for anything else.
    """
    from registry.io.dates import parse_date

    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    digits = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    try:
        if digits:
            day = date(int(digits[1]), int(digits[2]), int(digits[3]))
        else:
            day = parse_date(text[:10] if re.match(r"\d{4}-\d{2}-\d{2}[T ]", text) else text)
    except (ValueError, ValidationError):
        raise ValidationError("hr.bad_date", value=text[:40], form=form) from None
    return "" if day.isoformat() == OPEN_END else day.isoformat()


# --- table files -------------------------------------------------------------------------------

_PERSONAL = re.compile(
    r"(bsn|sofinummer|burgerservicenummer|iban|bic|bank\w*|rekeningnummer\w*|geboortedatum|geboorteplaats"
    r"|\w*geboorteland|birthdate|birthday|dateofbirth|postcode|zipcode|postalcode|huisadres|huisnummer\w*"
    r"|straat\w*|woonplaats|adres\w*|addresses|homeaddress|streetaddress|idnummer|paspoort\w*)"
)


def fold(header: object) -> str:
    """A header as compared: case-folded, without brackets, spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-\[\]]+", "", str(header or "")).casefold()


def personal_columns(headers: Sequence[str]) -> list[str]:
    """The headers (as the file writes them) of columns holding personal data smreg does not keep."""
    return [h.strip() for h in headers if _PERSONAL.fullmatch(fold(h))]


def ignored_notice(file: str, headers: Sequence[str]) -> list[str]:
    columns = personal_columns(headers)
    return [i18n.t("hr.ignored_personal", file=file, columns=", ".join(columns))] if columns else []


def table_records(path: Path, repair: Callable[[str], str] | None = None) -> Iterator[tuple[int, list[str]]]:
    """Every record of a CSV (``,`` ``;`` or tab) or XLSX file with its line, the header first.

    ``repair`` mends a CSV line before it is parsed (Raet's ``"t Hart``).
    """
    from registry.io.sources import _table_rows
    from registry.io.text import sniff_delimiter, sniff_encoding

    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(b"PK\x03\x04"):
        yield from _table_rows(str(path))
        return
    encoding, _notice = sniff_encoding(path, head)
    with open(path, encoding=encoding, newline="") as handle:
        lines = [part for part in re.split(r"(?<=\n)", handle.read()) if part]  # only \n ends a line
    skipped = 0
    if lines and re.fullmatch(r'"?sep=.?"?\s*', lines[0]):  # Excel's hint of the separator
        del lines[0]
        skipped = 1
    if repair is not None:
        lines = [repair(line) for line in lines]
    delimiter = sniff_delimiter(lines[0]) if lines else ","
    reader = csv.reader(lines, delimiter=delimiter)
    line = 1 + skipped
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield line, cells
            line = reader.line_num + 1 + skipped
    except csv.Error:
        raise ValidationError("io.csv_broken", file=path.name, line=line) from None


def header_and_rows(
    path: Path, keep: set[str], repair: Callable[[str], str] | None = None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header as written, and every row as {folded header: cell} for the columns in ``keep``.

    A cell of any other column is dropped as its record is read: it never reaches a row.
    """
    records = table_records(path, repair)
    head = next(records, None)
    if head is None:
        return [], []
    headers = [str(c).strip() for c in head[1]]
    slots = [(i, fold(h)) for i, h in enumerate(headers) if fold(h) in keep]
    rows = [
        (line, {key: str(cells[i]).strip() for i, key in slots if i < len(cells)}) for line, cells in records
    ]
    return headers, rows


def own_headers(headers: Sequence[str], wanted: dict[str, Sequence[str]]) -> dict[str, str]:
    """For each smreg column, the first of its header names the file has, as the file writes it."""
    present = {fold(h): h for h in headers}
    found = {}
    for column, names in wanted.items():
        for name in names:
            if fold(name) in present:
                found[column] = present[fold(name)]
                break
    return found


def first(row: dict[str, str], names: Sequence[str]) -> str:
    for name in names:
        value = row.get(fold(name), "")
        if value:
            return value
    return ""


def require(present: Sequence[str], needed: Sequence[str], file: str, fmt: HrFormat) -> None:
    folded = {fold(h) for h in present}
    missing = [n for n in needed if fold(n) not in folded]
    if missing:
        raise ValidationError("hr.not_this_format", file=file, label=fmt.label, missing=", ".join(missing))


# --- the formats -------------------------------------------------------------------------------


def formats() -> tuple[HrFormat, ...]:
    """Every HR format, in the order detection tries them (each declared in its own module)."""
    from registry.io.hr import afas, nmbrs, raet, youforce  # they import this module's helpers

    return (afas.JSON, afas.TABLE, raet.CSV_SET, youforce.JSON, nmbrs.SHEET)


ALIASES = {"afas": ("afas-json", "afas-csv"), "raet": ("raet-hr-core",)}


def format_names() -> str:
    return ", ".join([f.name for f in formats()] + sorted(ALIASES))


def _files(paths: Sequence[Path]) -> list[Path]:
    """The files named, a folder standing for the CSV and XLSX files in it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.casefold() in (".csv", ".txt", ".xlsx"))
        else:
            files.append(path)
    return files


def _sniff(files: list[Path]) -> Sniffed:
    json_head = None
    header: frozenset[str] = frozenset()
    if len(files) == 1 and files[0].is_file():
        with open(files[0], "rb") as handle:
            head = handle.read(1 << 16)
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
        if text[:1] in "{[" and text:
            json_head = text
        else:
            try:
                record = next(table_records(files[0]), None)
            except (ValidationError, csv.Error, UnicodeDecodeError, OSError):
                record = None
            header = frozenset(fold(c) for c in record[1]) if record else frozenset()
    return Sniffed(files, json_head, header)


def detect(paths: Sequence[Path], forced: str | None = None) -> tuple[HrFormat | None, list[Path]]:
    """The HR format of the files (by ``--from`` or by their header or shape), and the files to read.

    None means smreg's own HR columns (read by :func:`registry.io.readers.read_table`).
    """
    for path in paths:
        if not path.exists():
            raise ValidationError("io.file_missing", file=str(path))
    files = _files(paths)
    sniffed = _sniff(files)
    if forced:
        name = forced.strip().casefold()
        candidates = [f for f in formats() if f.name in ALIASES.get(name, (name,))]
        if not candidates:
            raise UsageError("hr.bad_from", name=forced, formats=format_names())
        chosen = next(
            (f for f in candidates if f.recognise(sniffed)),
            candidates[-1 if sniffed.json_head is None else 0],
        )
    else:
        chosen = next((f for f in formats() if f.recognise(sniffed)), None)
    if len(files) != 1 and (chosen is None or chosen.name != "raet-hr-core"):
        raise UsageError("hr.one_file")
    return chosen, files


def read_hr(
    paths: Sequence[Path], *, forced: str | None = None, column_map: dict[str, str] | None = None
) -> tuple[Table, str, str | None]:
    """The HR export as a Table in smreg's columns, the name shown for the file(s), and the format's name.

    The format is None for smreg's own HR columns.
    """
    from registry.io.readers import read_table

    fmt, files = detect(paths, forced)
    shown = ", ".join(str(p) for p in paths)
    if fmt is None:
        return read_table(files[0], kind="persons", column_map=column_map), shown, None
    if column_map:
        raise UsageError("hr.no_map", label=fmt.label)
    table = fmt.read(files, fmt)
    table.notices.insert(0, i18n.t("hr.recognised", file=", ".join(p.name for p in paths), label=fmt.label))
    return table, shown, fmt.name


def in_file(file: str, line: int, column: str) -> str:
    """A column of another file of a set, with that file's line: ``Telefoon.csv, line 4: [Nummer]``."""
    return i18n.t("hr.in_file", file=file, line=line, column=column)


def json_records(path: Path) -> object:
    """The parsed JSON of ``path``; a file that is not JSON is refused in a sentence."""
    import json

    try:
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except json.JSONDecodeError as error:
        raise ValidationError(
            "io.json_invalid", file=path.name, line=error.lineno, column=error.colno
        ) from None
    except UnicodeDecodeError:
        raise ValidationError("io.encoding_unknown", file=path.name) from None


def text_of(value: object) -> str:
    """A JSON value as cell text: numbers as written, nothing for null, objects and lists."""
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def records_of(data: object, keys: Sequence[str]) -> list[dict] | None:
    """The list of records in ``data``: the list itself, or the first of ``keys`` that holds one."""
    if isinstance(data, list):
        return [r for r in data if isinstance(r, dict)]
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), list):
                return [r for r in data[key] if isinstance(r, dict)]
    return None


def new_table(
    columns: Sequence[str],
    headers: dict[str, str],
    rows: list[tuple[int, dict[str, str]]],
    problems: list[tuple[int, str, str]],
    notices: list[str],
) -> Table:
    return Table(columns=list(columns), rows=rows, notices=notices, problems=problems, headers=headers)
