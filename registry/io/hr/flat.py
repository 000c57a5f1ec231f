"""Rows that each hold a person (Nmbrs) or a person with one of their contracts (AFAS Profit).

A :class:`Layout` names, for each smreg column, the header names a system writes; the rows come
from a CSV, an XLSX sheet or a JSON list, already keyed by folded header. Rows of one employee
number are one person when the layout says contracts repeat the person (``merge``): the person
then started with their first contract, and is still employed unless every contract has ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from registry.errors import ValidationError
from registry.io.hr import FIELDS, assemble, first, fold, iso_day, name_order, new_table
from registry.io.readers import Table


@dataclass(frozen=True)
class Layout:
    label: str  # the system, as named in a bad name-use code's message
    employee_id: Sequence[str]
    first_name: Sequence[str]
    prefix: Sequence[str]
    own: Sequence[str]
    partner_prefix: Sequence[str]
    partner: Sequence[str]
    order: Sequence[str]
    codes: dict[str, str]
    email: Sequence[str]
    start: Sequence[str]
    end: Sequence[str]
    unit: Sequence[str]
    function: Sequence[str]
    date_form: str
    merge: bool = False
    full_name: Sequence[str] = field(default_factory=tuple)  # used when the parts are all empty

    def keys(self) -> set[str]:
        """Every header read, folded; a column with any other header is never read."""
        from registry.io.hr import fold

        names = (
            self.employee_id,
            self.first_name,
            self.prefix,
            self.own,
            self.partner_prefix,
            self.partner,
            self.order,
            self.email,
            self.start,
            self.end,
            self.unit,
            self.function,
            self.full_name,
        )
        return {fold(name) for group in names for name in group}

    def names(self) -> dict[str, Sequence[str]]:
        """Every smreg column with the header names it is read from (the name from its parts)."""
        return {
            "employee_id": self.employee_id,
            "name": (*self.own, *self.first_name, *self.full_name),
            "email": self.email,
            "unit": self.unit,
            "function": self.function,
            "start_date": self.start,
            "end_date": self.end,
            "name_order": self.order,
        }


@dataclass
class Contract:
    line: int
    start: str
    end: str
    unit: str
    function: str


def current(contracts: list[Contract]) -> tuple[str, str, str, str]:
    """Start, end, unit and function over a person's contracts: first start, last (or no) end, latest unit."""
    starts = [c.start for c in contracts if c.start]
    open_ended = any(not c.end for c in contracts)
    end = "" if open_ended else max(c.end for c in contracts)
    latest = max(contracts, key=lambda c: (not c.end, c.end, c.start))
    return (min(starts) if starts else "", end, latest.unit, latest.function)


def person_name(row: dict[str, str], layout: Layout) -> str:
    """The name assembled by the row's name-use code; raises ValidationError for an unknown code."""
    order = name_order(first(row, layout.order), layout.codes, layout.label)
    name = assemble(
        first(row, layout.first_name),
        first(row, layout.prefix),
        first(row, layout.own),
        first(row, layout.partner_prefix),
        first(row, layout.partner),
        order,
    )
    return name or first(row, layout.full_name)


def read_rows(
    rows: list[tuple[int, dict[str, str]]], layout: Layout, headers: dict[str, str], notices: list[str]
) -> Table:
    """The people in ``rows`` as a Table in smreg's columns, with every bad value as a problem."""
    problems: list[tuple[int, str, str]] = []
    people: dict[str, dict[str, str]] = {}
    contracts: dict[str, list[Contract]] = {}
    out: list[tuple[int, dict[str, str]]] = []
    for line, row in rows:
        emp = first(row, layout.employee_id)
        dates = {}
        for column, names in (("start_date", layout.start), ("end_date", layout.end)):
            try:
                dates[column] = iso_day(first(row, names), layout.date_form)
            except ValidationError as error:
                problems.append((line, column, str(error)))
                dates[column] = ""
        contract = Contract(
            line, dates["start_date"], dates["end_date"], first(row, layout.unit), first(row, layout.function)
        )
        if layout.merge and emp and emp in people:
            contracts[emp].append(contract)
            continue
        person = {"employee_id": emp, "email": first(row, layout.email)}
        try:
            person["name"] = person_name(row, layout)
        except ValidationError as error:  # listed under the code's own header; the name itself may be fine
            problems.append((line, "name_order", str(error)))
            person["name"] = person_name({**row, **dict.fromkeys(map(fold, layout.order), "")}, layout)
        out.append((line, person))
        if emp:
            people[emp] = person
        contracts.setdefault(emp or f"#{line}", []).append(contract)
    for line, person in out:
        start, end, unit, function = current(contracts[person["employee_id"] or f"#{line}"])
        person.update(start_date=start, end_date=end, unit=unit, function=function)
    return new_table([c for c in FIELDS if c in headers or c == "name"], headers, out, problems, notices)
