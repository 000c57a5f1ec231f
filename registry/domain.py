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
