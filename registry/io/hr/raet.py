"""Raet HR Core Onderwijs: the CSV set from its "CSV source data" folder, given as the folder or
as several files.

The files are recognised by name: ``Medewerker.csv`` (one row per employee, required),
``Telefoon.csv`` (numbers and addresses; the work e-mail is the row whose ``[Type nummer]`` is
``EML``), ``Aanstellingen.csv`` (the appointments: ``[Begindatum]``, ``[Einddatum]``,
``[Afdelingscode]``, ``[Functiecode]``), ``Functie.csv`` (``[Werkidentificatie]`` →
``[Functienaam]``) and ``Echtgenoot.csv`` (the partner's ``[Achternaam]`` and
``[Voorvoegsels]``); ``Eenheid.csv`` and the other files of the set are not needed. Headers keep
their brackets; rows are joined on ``[Dossiernummer]`` (``[Dossiernummer_2]`` in Medewerker);
dates are ``yyyyMMdd``. The employee id is ``[Personeelsnummer]``; the name is ``[Roepnaam]``,
``[Tussenvoegsel]`` and ``[Eigen naam]``, with the partner's name by ``[Naam samenstelling]``
(1 own name, 2 own then partner's, 3 partner's then own, 4 partner's).

Raet writes a name such as *'t Hart* as ``"t Hart``, a quote that opens and never closes; such a
cell is read back as ``'t Hart``. The files are UTF-8 or Windows-1252, but a set saved as UTF-7
writes letters such as Ö as ``+ANY-``: a run of UTF-7 that decodes to letters is read as them. A bad row is listed at its Medewerker.csv line; a bad value
from another file names that file and its own line. Columns such as ``[Geboortedatum]`` are never read.
"""

from __future__ import annotations

import re
from pathlib import Path

from registry import i18n
from registry.errors import ValidationError
from registry.io.hr import (
    FIELDS,
    HrFormat,
    Sniffed,
    assemble,
    first,
    fold,
    header_and_rows,
    ignored_notice,
    in_file,
    iso_day,
    name_order,
    new_table,
    require,
)
from registry.io.hr.flat import Contract, current
from registry.io.readers import Table

i18n.register(
    {
        "hrformat.raet-hr-core": ("Raet HR Core Onderwijs (CSV set)", "Raet HR Core Onderwijs (CSV-set)"),
    }
)

LABEL = "Raet HR Core Onderwijs"
CODES = {"1": "B", "2": "BP", "3": "PB", "4": "P", "B": "B", "BP": "BP", "PB": "PB", "P": "P"}
FILES = {
    "medewerker": "medewerker",
    "telefoon": "telefoon",
    "aanstelling": "aanstellingen",
    "functie": "functie",
    "echtgeno": "echtgenoot",
}
# A cell that starts with "t or "s (a Dutch article written with a quote for its apostrophe) and never closes.
_ARTICLE = re.compile(r"""(^|[;,\t])"([tTsS])(?=[ \-])([^"\r\n;,\t]*)(?=[;,\t\r\n]|$)""")
_FORM = "yyyyMMdd"
MEDEWERKER = {
    "[Personeelsnummer]",
    "[Dossiernummer_2]",
    "[Dossiernummer]",
    "[Roepnaam]",
    "[Voornaam]",
    "[Voornamen]",
    "[Tussenvoegsel]",
    "[Eigen naam]",
    "[Naam samenstelling]",
    "[Volledige Naam]",
}


_UTF7 = re.compile(r"\+[A-Za-z0-9+/]{3,}-")


def _utf7_letters(match: re.Match[str]) -> str:
    """A UTF-7 run (``+ANY-`` is Ö, ``+ADs-`` a separator) as its text; anything else (``a+test-b@…``) as written."""
    try:
        text = match.group().encode("ascii").decode("utf-7")
    except UnicodeDecodeError:
        return match.group()
    # letters of Latin script, and the punctuation a writer may put in UTF-7 too (";" as "+ADs-")
    latin = text and all((c.isalpha() and 0x7F < ord(c) < 0x250) or c in " '\";,.-\t" for c in text)
    return text if latin else match.group()


def repair(line: str) -> str:
    """A Medewerker line as meant: ``"t Hart`` as ``'t Hart``, and letters written in UTF-7 decoded."""
    if "+" in line and line.isascii():
        line = _UTF7.sub(_utf7_letters, line)
    return _ARTICLE.sub(r"\1'\2\3", line)


def _role(path: Path) -> str | None:
    stem = fold(path.stem)
    return next((role for prefix, role in FILES.items() if stem.startswith(prefix)), None)


def _recognise(sniffed: Sniffed) -> bool:
    if any(_role(p) == "medewerker" for p in sniffed.paths) and (
        len(sniffed.paths) > 1 or "personeelsnummer" in sniffed.header
    ):
        return True
    return "personeelsnummer" in sniffed.header and "eigennaam" in sniffed.header


def _keep(*names: str) -> set[str]:
    return {fold(n) for n in names}


def _read(paths: list[Path], fmt: HrFormat) -> Table:
    by_role: dict[str, Path] = {}
    for path in paths:
        role = _role(path) or ("medewerker" if len(paths) == 1 else None)
        if role:
            by_role.setdefault(role, path)
    if "medewerker" not in by_role:
        raise ValidationError(
            "hr.not_this_format",
            file=", ".join(p.name for p in paths),
            label=fmt.label,
            missing="Medewerker.csv",
        )
    main = by_role["medewerker"]
    headers, people = header_and_rows(main, _keep(*MEDEWERKER), repair)
    require(headers, ("[Personeelsnummer]", "[Eigen naam]"), main.name, fmt)
    notices = ignored_notice(main.name, headers)
    problems: list[tuple[int, str, str]] = []
    emails = _emails(by_role.get("telefoon"))
    partners = _partners(by_role.get("echtgenoot"))
    functions = _functions(by_role.get("functie"))
    bad: dict[str, list[tuple[str, str]]] = {}
    appointments = _appointments(by_role.get("aanstellingen"), functions, bad)
    rows = []
    for line, row in people:
        key = first(row, ("[Dossiernummer_2]", "[Dossiernummer]"))
        try:
            order = name_order(first(row, ("[Naam samenstelling]",)), CODES, LABEL)
        except ValidationError as error:
            problems.append((line, "[Naam samenstelling]", str(error)))
            order = "B"
        partner_prefix, partner = partners.get(key, ("", ""))
        name = assemble(
            first(row, ("[Roepnaam]", "[Voornaam]", "[Voornamen]")),
            first(row, ("[Tussenvoegsel]",)),
            first(row, ("[Eigen naam]",)),
            partner_prefix,
            partner,
            order,
        ) or first(row, ("[Volledige Naam]",))
        problems += [(line, column, message) for column, message in bad.get(key, ())]
        contracts = appointments.get(key)
        start, end, unit, function = current(contracts) if contracts else ("", "", "", "")
        rows.append(
            (
                line,
                {
                    "employee_id": row.get(fold("[Personeelsnummer]"), ""),
                    "name": name,
                    "email": emails.get(key, ""),
                    "unit": unit,
                    "function": function,
                    "start_date": start,
                    "end_date": end,
                },
            )
        )
    own = {"employee_id": "[Personeelsnummer]", "name": "[Eigen naam]"}
    if "telefoon" in by_role:
        own["email"] = f"{by_role['telefoon'].name} [Telefoonnummer]"
    if "aanstellingen" in by_role:
        name = by_role["aanstellingen"].name
        own.update(
            unit=f"{name} [Afdelingscode]",
            function=f"{name} [Functiecode]",
            start_date=f"{name} [Begindatum]",
            end_date=f"{name} [Einddatum]",
        )
    columns = [c for c in FIELDS if c in own]
    return new_table(columns, own, rows, problems, notices)


def _emails(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    _headers, rows = header_and_rows(
        path, _keep("[Dossiernummer]", "[Type nummer]", "[Telefoonnummer]"), repair
    )
    return {
        row.get("dossiernummer", ""): row.get("telefoonnummer", "")
        for _line, row in rows
        if row.get("typenummer", "").upper() == "EML"
    }


def _partners(path: Path | None) -> dict[str, tuple[str, str]]:
    if path is None:
        return {}
    _headers, rows = header_and_rows(
        path, _keep("[Dossiernummer]", "[Volgend Volgnummer]", "[Achternaam]", "[Voorvoegsels]"), repair
    )
    return {
        row.get("dossiernummer", ""): (row.get("voorvoegsels", ""), row.get("achternaam", ""))
        for _line, row in rows
        if row.get("volgendvolgnummer", "0") in ("", "0")
    }


def _functions(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    _headers, rows = header_and_rows(path, _keep("[Werkidentificatie]", "[Functienaam]"), repair)
    return {row.get("werkidentificatie", ""): row.get("functienaam", "") for _line, row in rows}


def _appointments(
    path: Path | None, functions: dict[str, str], bad: dict[str, list[tuple[str, str]]]
) -> dict[str, list[Contract]]:
    """Each employee's appointments; a bad date goes to ``bad`` (by employee, naming its file and line)."""
    if path is None:
        return {}
    _headers, rows = header_and_rows(
        path,
        _keep("[Dossiernummer]", "[Begindatum]", "[Einddatum]", "[Afdelingscode]", "[Functiecode]"),
        repair,
    )
    found: dict[str, list[Contract]] = {}
    for line, row in rows:
        key = row.get("dossiernummer", "")
        dates = {}
        for column, header in (("begindatum", "[Begindatum]"), ("einddatum", "[Einddatum]")):
            try:
                dates[column] = iso_day(row.get(column, ""), _FORM)
            except ValidationError as error:
                bad.setdefault(key, []).append((in_file(path.name, line, header), str(error)))
                dates[column] = ""
        code = row.get("functiecode", "")
        found.setdefault(key, []).append(
            Contract(
                line,
                dates["begindatum"],
                dates["einddatum"],
                row.get("afdelingscode", ""),
                functions.get(code, code),
            )
        )
    return found


CSV_SET = HrFormat("raet-hr-core", _recognise, _read)
