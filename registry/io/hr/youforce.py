"""Visma Raet Youforce: the IAM API's persons (and their employments) saved as JSON.

The file holds the persons as the API returns them (``{"value": [...]}``, or a list), each
optionally with its ``employments``; or ``{"persons": [...], "employments": [...]}`` as saved
from the two endpoints, joined on ``personCode``. Read per person: ``personCode``, ``knownAs``
(else the first of ``firstNames``), ``lastNameAtBirthPrefix``, ``lastNameAtBirth``,
``partnerNamePrefix``, ``partnerName``, ``nameAssembleOrder`` (Beaufort's letters E own name,
P partner's, B partner's then own, C or D own then partner's; HR Core's digits 1 own, 2 own then
partner's, 3 partner's then own, 4 partner's), the work address ``BusinessEmailAddress.address``
(or the ``Business`` entry of ``emailAddresses``); per employment ``hireDate``, ``dischargeDate``
(``9999-12-31`` is no end), ``organizationUnit`` and ``jobProfile``. Nothing else of a person is read.
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
    ignored_notice,
    iso_day,
    json_records,
    name_order,
    new_table,
    records_of,
    text_of,
)
from registry.io.hr.flat import Contract, current
from registry.io.readers import Table

i18n.register(
    {
        "hrformat.youforce": ("Visma Raet Youforce (IAM API JSON)", "Visma Raet Youforce (IAM-API-JSON)"),
    }
)

LABEL = "Youforce"
CODES = {
    "E": "B",
    "P": "P",
    "B": "PB",
    "C": "BP",
    "D": "BP",
    "1": "B",
    "2": "BP",
    "3": "PB",
    "4": "P",
    "0": "B",
}
SHAPE = '{"value": [...]} or {"persons": [...], "employments": [...]}'
HEADERS = {
    "employee_id": "personCode",
    "name": "lastNameAtBirth",
    "email": "BusinessEmailAddress.address",
    "unit": "organizationUnit",
    "function": "jobProfile",
    "start_date": "hireDate",
    "end_date": "dischargeDate",
}
_FORM = "yyyy-mm-dd"


def _recognise(sniffed: Sniffed) -> bool:
    head = sniffed.json_head or ""
    return bool(re.search(r'"(knownAs|nameAssembleOrder|lastNameAtBirth)"\s*:', head))


def _email(person: dict) -> str:
    business = person.get("BusinessEmailAddress")
    if isinstance(business, dict):
        return text_of(business.get("address"))
    if person.get("BusinessEmailAddress_address"):
        return text_of(person.get("BusinessEmailAddress_address"))
    for entry in person.get("emailAddresses") or ():
        if isinstance(entry, dict) and str(entry.get("type", "")).casefold() == "business":
            return text_of(entry.get("address"))
    return ""


def _named(value: object, key: str) -> str:
    """A unit or job profile: its code as text, or the ``key`` of its object."""
    return (
        text_of(value.get(key) or value.get(key[0].upper() + key[1:]))
        if isinstance(value, dict)
        else text_of(value)
    )


def _field(employment: dict, name: str) -> object:
    return employment.get(name, employment.get(f"employment_{name}"))


def _contracts(line: int, employments: list[dict], problems: list) -> list[Contract]:
    found = []
    for employment in employments:
        dates = {}
        for column, name in (("start_date", "hireDate"), ("end_date", "dischargeDate")):
            try:
                dates[column] = iso_day(text_of(_field(employment, name)), _FORM)
            except ValidationError as error:
                problems.append((line, column, str(error)))
                dates[column] = ""
        found.append(
            Contract(
                line,
                dates["start_date"],
                dates["end_date"],
                _named(_field(employment, "organizationUnit"), "shortName"),
                _named(_field(employment, "jobProfile"), "fullName"),
            )
        )
    return found


def _read(paths: list[Path], fmt: HrFormat) -> Table:
    [path] = paths
    data = json_records(path)
    persons = records_of(data, ("value", "values", "persons"))
    if persons is None:
        raise ValidationError("hr.json_shape", file=path.name, label=fmt.label, shape=SHAPE)
    separate: dict[str, list[dict]] = {}
    listed = records_of(data.get("employments"), ()) if isinstance(data, dict) else None
    for employment in listed or []:
        separate.setdefault(text_of(employment.get("personCode")), []).append(employment)
    keys = sorted({k for person in persons for k in person})
    problems: list[tuple[int, str, str]] = []
    rows = []
    for line, person in enumerate(persons, start=1):
        emp = text_of(person.get("personCode") or person.get("ExternalId") or person.get("employeeCode"))
        try:
            order = name_order(text_of(person.get("nameAssembleOrder")), CODES, LABEL)
        except ValidationError as error:
            problems.append((line, "nameAssembleOrder", str(error)))
            order = "B"
        first = text_of(person.get("knownAs")) or text_of(person.get("firstNames")).split(" ")[0]
        name = assemble(
            first,
            text_of(person.get("lastNameAtBirthPrefix")),
            text_of(person.get("lastNameAtBirth")),
            text_of(person.get("partnerNamePrefix")),
            text_of(person.get("partnerName")),
            order,
        )
        own = [e for e in (person.get("employments") or person.get("Contracts") or []) if isinstance(e, dict)]
        if not own and ("hireDate" in person or "dischargeDate" in person):
            own = [person]
        contracts = _contracts(line, own + separate.get(emp, []), problems)
        start, end, unit, function = current(contracts) if contracts else ("", "", "", "")
        rows.append(
            (
                line,
                {
                    "employee_id": emp,
                    "name": name,
                    "email": _email(person),
                    "unit": unit,
                    "function": function,
                    "start_date": start,
                    "end_date": end,
                },
            )
        )
    return new_table(FIELDS, dict(HEADERS), rows, problems, ignored_notice(path.name, keys))


JSON = HrFormat("youforce", _recognise, _read)
