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


# The column whose words (registry/labels.py) a user may type for each kind of value.
_WORDS: dict[type[enum.StrEnum], str] = {AccountKind: "kind", UnitKind: "kind", AccountStatus: "status",
                                          PersonStatus: "status"}


def accepted_values(kind: type[enum.StrEnum]) -> dict[str, str]:
    """Every accepted spelling of ``kind``'s values (code or its word in either language, case-folded) → the code."""
    from registry.labels import accepted

    return accepted(_WORDS.get(kind, ""), [member.value for member in kind])
