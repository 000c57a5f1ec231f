"""The enums of the domain (PRODUCT.md §2), importable without loading the database layer."""

from __future__ import annotations

import enum


class UnitKind(enum.StrEnum):
    organisation = "organisation"
    sector = "sector"
    school = "school"
    office = "office"


class AccountKind(enum.StrEnum):
    official = "official"
    work = "work"
    group = "group"


class Purpose(enum.StrEnum):
    profilering = "profilering"
    communicatie = "communicatie"
    curriculum = "curriculum"


class AccountStatus(enum.StrEnum):
    active = "active"
    suspended = "suspended"
    archived = "archived"


class PersonStatus(enum.StrEnum):
    active = "active"
    leaving = "leaving"
    left = "left"


# The Dutch word for each value, as Dutch users type it in a file or an option; stored values,
# JSON and CSV keep the English codes.
DUTCH: dict[type[enum.StrEnum], dict[str, str]] = {
    AccountKind: {"official": "officieel", "work": "werk", "group": "groep"},
    AccountStatus: {"active": "actief", "suspended": "opgeschort", "archived": "gearchiveerd"},
    UnitKind: {"organisation": "organisatie", "sector": "sector", "school": "school", "office": "bureau"},
    PersonStatus: {"active": "actief", "leaving": "vertrekt", "left": "vertrokken"},
}


def accepted_values(kind: type[enum.StrEnum]) -> dict[str, str]:
    """Every accepted spelling of ``kind``'s values (code or Dutch word, case-folded) → the code."""
    table = {member.value.casefold(): member.value for member in kind}
    for code, word in DUTCH.get(kind, {}).items():
        table.setdefault(word.casefold(), code)
    return table

