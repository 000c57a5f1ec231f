"""Visma Nmbrs: the employee sheet (the layout of the "Werknemers" import sheet), as XLSX or CSV.

Read: ``Persnr`` (the employee number), ``Roepnaam`` (else the first of ``Voornamen``),
``Voorvoegsels``, ``Naam``, ``VoorvoegselsPartner``, ``NaamPartner``, ``NaamSamenstelling``
(1 own name, 2 partner's, 3 partner's then own, 4 own then partner's), ``EmailWerk``, the
employment's start and end (``Startdatum``/``DatumInDienst``, ``Einddatum``/``DatumUitDienst``,
``dd-mm-jjjj``), ``Afdeling`` and ``Functie``. The sheet also holds ``BSN``, bank account,
birth date and address columns: they are never read, and the summary names them.

An employee number is unique only within one Nmbrs company (``Bedrijfnr``): two companies'
people with one number are refused as a duplicate, not merged.
"""

from __future__ import annotations

from pathlib import Path

from registry import i18n
from registry.io.hr import HrFormat, Sniffed, header_and_rows, ignored_notice, own_headers, require
from registry.io.hr.flat import Layout, read_rows
from registry.io.readers import Table

i18n.register(
    {
        "hrformat.nmbrs": ("Visma Nmbrs (employee sheet)", "Visma Nmbrs (werknemersblad)"),
    }
)

LAYOUT = Layout(
    label="Visma Nmbrs",
    employee_id=("Persnr",),
    first_name=("Roepnaam", "Voornamen"),
    prefix=("Voorvoegsels",),
    own=("Naam",),
    partner_prefix=("VoorvoegselsPartner",),
    partner=("NaamPartner",),
    order=("NaamSamenstelling",),
    codes={"1": "B", "2": "P", "3": "PB", "4": "BP"},
    email=("EmailWerk",),
    start=("Startdatum", "DatumInDienst", "InDienst", "Startdatum dienstverband"),
    end=("Einddatum", "DatumUitDienst", "UitDienst", "Einddatum dienstverband"),
    unit=("Afdeling", "Afdelingscode", "Afdelingsnaam"),
    function=("Functie", "Functienaam"),
    date_form="dd-mm-jjjj",
)
NEEDED = ("Persnr", "Naam")
_KEYS = LAYOUT.keys()


def _recognise(sniffed: Sniffed) -> bool:
    return {"persnr", "naam"} <= sniffed.header and bool(
        sniffed.header & {"naamsamenstelling", "emailwerk", "roepnaam"}
    )


def _read(paths: list[Path], fmt: HrFormat) -> Table:
    [path] = paths
    headers, kept = header_and_rows(path, _KEYS)
    require(headers, NEEDED, path.name, fmt)
    return read_rows(kept, LAYOUT, own_headers(headers, LAYOUT.names()), ignored_notice(path.name, headers))


SHEET = HrFormat("nmbrs", _recognise, _read)
