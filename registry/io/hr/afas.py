"""AFAS Profit: a GetConnector's output (JSON ``{"skip": …, "take": …, "rows": [...]}``) and the
same view exported from Profit as CSV or XLSX.

AFAS has no fixed export: an organisation defines a GetConnector on its employee data. The
fields read are those of the common HR connectors: ``Nummer`` or ``Medewerker`` (the employee
number), ``Roepnaam``, ``Voornaam``, ``Voorvoegsel``, ``Geboortenaam``, ``Voorvoegsel_partner``,
``Geboortenaam_partner``, ``Naamgebruik_code`` (0 own name, 1 partner's then own, 2 partner's, 3
own then partner's), ``Email_werk``, the contract's ``Begindatum_contract`` and
``Einddatum_contract`` and its ``Organisatorische_eenheid_code`` (or the unit's name), each also
with the ``empl_`` prefix connectors give contract fields. A connector returns one row per
contract, so rows of one employee number are one person.
"""

from __future__ import annotations

import re
from pathlib import Path

from registry import i18n
from registry.io.hr import (
    HrFormat,
    Sniffed,
    fold,
    header_and_rows,
    ignored_notice,
    json_records,
    own_headers,
    records_of,
    require,
    text_of,
)
from registry.io.hr.flat import Layout, read_rows
from registry.io.readers import Table

i18n.register(
    {
        "hrformat.afas-json": ("AFAS Profit (GetConnector JSON)", "AFAS Profit (GetConnector-JSON)"),
        "hrformat.afas-csv": ("AFAS Profit (CSV or XLSX export)", "AFAS Profit (CSV- of XLSX-export)"),
    }
)


def _both(*names: str) -> tuple[str, ...]:
    """Each name as written and with the ``empl_`` prefix of a connector's contract fields."""
    return tuple(n for name in names for n in (name, f"empl_{name}"))


LAYOUT = Layout(
    label="AFAS Profit",
    employee_id=("Nummer", "Medewerker", "Medewerkernummer", "Employee_id"),
    first_name=("Roepnaam", "Voornaam"),
    prefix=("Voorvoegsel",),
    own=("Geboortenaam",),
    partner_prefix=("Voorvoegsel_partner", "Voorvoegsel partner"),
    partner=("Geboortenaam_partner", "Geboortenaam partner"),
    order=("Naamgebruik_code", "Naamgebruik"),
    codes={"0": "B", "1": "PB", "2": "P", "3": "BP", "B": "B", "PB": "PB", "P": "P", "BP": "BP"},
    email=("Email_werk", "E-mail werk", "Email werk"),
    start=_both("Begindatum_contract", "Begindatum contract", "Datum in dienst"),
    end=_both("Einddatum_contract", "Einddatum contract", "Datum uit dienst"),
    unit=_both(
        "Organisatorische_eenheid_code",
        "Organisatorische eenheid code",
        "Organisatorische_eenheid",
        "Organisatorische eenheid",
    ),
    function=("pos_Functie_omschrijving", *_both("Functie_omschrijving", "Functie omschrijving", "Functie")),
    date_form="yyyy-mm-dd (or dd-mm-yyyy)",
    merge=True,
)
NEEDED = ("Geboortenaam",)
_KEYS = LAYOUT.keys()


def _recognise_json(sniffed: Sniffed) -> bool:
    head = sniffed.json_head or ""
    return bool(re.search(r'"rows"\s*:', head)) and bool(
        re.search(r'"(Geboortenaam|Naamgebruik_code|Roepnaam)"', head)
    )


def _recognise_table(sniffed: Sniffed) -> bool:
    header = sniffed.header
    return fold("Geboortenaam") in header and bool(
        header & ({fold(n) for n in LAYOUT.employee_id} | {"naamgebruikcode"})
    )


def _read_json(paths: list[Path], fmt: HrFormat) -> Table:
    [path] = paths
    rows = records_of(json_records(path), ("rows",))
    if rows is None:
        from registry.errors import ValidationError

        raise ValidationError("hr.json_shape", file=path.name, label=fmt.label, shape='{"rows": [...]}')
    keys: list[str] = []
    for record in rows:
        keys += [k for k in record if k not in keys]
    require(keys, NEEDED, path.name, fmt)
    folded = [
        (position, {fold(k): text_of(v) for k, v in record.items() if fold(k) in _KEYS})
        for position, record in enumerate(rows, start=1)
    ]
    headers = own_headers(keys, LAYOUT.names())
    return read_rows(folded, LAYOUT, headers, ignored_notice(path.name, keys))


def _read_table(paths: list[Path], fmt: HrFormat) -> Table:
    [path] = paths
    headers, kept = header_and_rows(path, _KEYS)
    require(headers, NEEDED, path.name, fmt)
    return read_rows(kept, LAYOUT, own_headers(headers, LAYOUT.names()), ignored_notice(path.name, headers))


JSON = HrFormat("afas-json", _recognise_json, _read_json)
TABLE = HrFormat("afas-csv", _recognise_table, _read_table)
