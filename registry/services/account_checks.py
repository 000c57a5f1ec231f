"""Checking one account row: a validator per column, shared by ``account add``, ``update`` and ``import``.

:func:`validate` turns one row of text (from the command line, a form or a file) into clean
values and a list of problems, so every way in applies exactly the same rules and an import can
list every bad row. What it needs of the store is loaded once, as a :class:`Context`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import i18n, labels, limits, platforms, vault
from registry.domain import AccountKind, AccountStatus, Purpose, accepted_values
from registry.errors import ValidationError
from registry.io.dates import parse_date
from registry.limits import too_long

if TYPE_CHECKING:
    from sqlmodel import Session

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{6,20}$")
EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$")

i18n.register(
    {
        "account.bad_kind": ("'{value}' is not an account kind. Use one of: {allowed}.", "'{value}' is geen soort account. Gebruik een van: {allowed}."),
        "account.bad_purpose": ("'{value}' is not a purpose pillar. Use one of: {allowed}.", "'{value}' is geen pijler. Gebruik een van: {allowed}."),
        "account.bad_status": ("'{value}' is not an account status. Use one of: {allowed}.", "'{value}' is geen accountstatus. Gebruik een van: {allowed}."),
        "account.bad_recovery": (
            "The recovery contact is neither an e-mail address nor a phone number.",
            "Het herstelcontact is geen e-mailadres en geen telefoonnummer.",
        ),
        "account.required": ("required for a new account.", "verplicht voor een nieuw account."),
        "account.same_backup": (
            "The backup custodian must be someone other than the custodian.",
            "De reservebeheerder moet iemand anders zijn dan de beheerder.",
        ),
        "account.bad_platform_id": (
            "The platform id must be the platform's numeric id (digits only), not '{value}'.",
            "Het platform-id moet het numerieke id van het platform zijn (alleen cijfers), niet '{value}'.",
        ),
        "account.custodian_left": (
            "{id} has left the organisation and cannot become custodian; choose a current member of staff.",
            "{id} is uit dienst en kan geen beheerder worden; kies een huidige medewerker.",
        ),
        "person.zeros_lost": (
            "there is no employee id '{id}', but there is '{stored}': a spreadsheet probably turned the id into a number and dropped its leading zeros. Format the column as text and write the id in full.",
            "er is geen personeelsnummer '{id}', wel '{stored}': een rekenblad heeft het nummer waarschijnlijk als getal gelezen en de voorloopnullen weggelaten. Maak de kolom tekst en schrijf het nummer voluit.",
        ),
    }
)


def unit_key(text: str) -> str:
    """How a unit's code or name is compared: no case, single spaces."""
    return " ".join(text.split()).casefold()


def check_recovery(value: str) -> tuple[str, str]:
    """A recovery contact and its domain ('tel' for a phone number)."""
    value = value.strip()
    match = EMAIL_RE.match(value)
    if match:
        return value, match.group(1).lower()
    if PHONE_RE.match(value):
        return value, "tel"
    raise ValidationError("account.bad_recovery")


@dataclass
class Context:
    """What validation needs to know of the store, loaded once per command or import."""

    units: dict[str, int]                        # unit_key(code or name) -> id
    people: dict[str, tuple[int, str, date | None]]  # employee id -> (id, ref, end date)
    extra_schemes: tuple[str, ...] = ()
    today: date | None = None
    warnings: list[str] = field(default_factory=list)
    allow_left_custodian: bool = True
    _unpadded: dict[str, str] | None = None  # employee id without its leading zeros -> as stored

    def zeros_lost(self, emp: str) -> str | None:
        """The stored id ``emp`` would be had a spreadsheet not dropped its leading zeros."""
        if not emp.isdigit():
            return None
        if self._unpadded is None:
            self._unpadded = {k.lstrip("0"): k for k in self.people if k[:1] == "0" and k.isdigit()}
        return self._unpadded.get(emp.lstrip("0"))

    @classmethod
    def load(cls, session: Session, today: date) -> Context:
        from sqlmodel import select

        from registry.models import Person, Unit
        from registry.services import config

        found = session.exec(select(Unit.id, Unit.code, Unit.name)).all()
        # By name as well as by code (HR and IT lists give the school's name); a code wins.
        units = {unit_key(name): uid for uid, _code, name in found}
        units.update({unit_key(code): uid for uid, code, _name in found})
        people = {
            emp: (pid, ref, end)
            for pid, ref, emp, end in session.exec(select(Person.id, Person.ref, Person.employee_id, Person.end_date))
            if emp is not None
        }
        return cls(units=units, people=people, extra_schemes=tuple(config.get(session, "vault_schemes") or ()), today=today)


_KINDS = accepted_values(AccountKind)
_PURPOSES = accepted_values(Purpose)
_STATUSES = accepted_values(AccountStatus)


def _pick(table: dict[str, str], value: str, key: str, column: str) -> str:
    found = table.get(value.casefold())
    if found is None:
        raise ValidationError(key, value=value, allowed=labels.choices(column, dict.fromkeys(table.values())))
    return found


# --- one validator a column: the column's text (never empty) in, the values it sets out ------

def _handle(platform: str, handle: str, ctx: Context) -> dict[str, Any]:
    parsed = platforms.parse_handle(platform, handle)
    if parsed.warnings:
        ctx.warnings.extend(parsed.warnings)
    return {"handle": parsed.handle, "handle_key": parsed.key, "url": parsed.url}


def _display_name(text: str, ctx: Context) -> dict[str, Any]:
    return {"display_name": limits.check(" ".join(text.split()), "account", "display_name")}


def _platform_id(text: str, ctx: Context) -> dict[str, Any]:
    limits.check(text, "account", "platform_id")
    if not text.isdigit():
        raise ValidationError("account.bad_platform_id", value=text)
    return {"platform_id": text}


def _unit(text: str, ctx: Context) -> dict[str, Any]:
    uid = ctx.units.get(unit_key(text))
    if uid is None:
        raise ValidationError("unit.not_found", code=text)
    return {"unit_id": uid}


def _choice(column: str, table: dict[str, str], key: str):
    def check(text: str, ctx: Context) -> dict[str, Any]:
        return {column: _pick(table, text, key, column)}

    return check


def _person(column: str, target: str):
    def check(emp: str, ctx: Context) -> dict[str, Any]:
        person = ctx.people.get(emp)
        if person is None:
            padded = ctx.zeros_lost(emp)
            if padded:
                raise ValidationError("person.zeros_lost", id=emp, stored=padded)
            raise ValidationError("person.not_found", id=emp)
        if (column == "custodian" and not ctx.allow_left_custodian and person[2] is not None and ctx.today
                and person[2] < ctx.today):
            # Registering an account as it is (an inventory) records a custodian who already
            # left, for the audit to flag and the offboarding case to list (with a warning);
            # handing an account to a leaver is refused.
            raise ValidationError("account.custodian_left", id=emp)
        return {target: person[0]}

    return check


def _vault_ref(text: str, ctx: Context) -> dict[str, Any]:
    ref = vault.parse_vault_ref(text, extra_schemes=ctx.extra_schemes)
    if ref.warnings:
        ctx.warnings.extend(ref.warnings)
    return {"vault_ref": ref.value, "vault_scheme": ref.scheme}


def _recovery_contact(text: str, ctx: Context) -> dict[str, Any]:
    contact, domain = check_recovery(text)
    return {"recovery_contact": contact, "recovery_domain": limits.check(domain, "account", "recovery_domain")}


def _day(column: str):
    def check(text: str, ctx: Context) -> dict[str, Any]:
        return {column: parse_date(text)}

    return check


def _notes(text: str, ctx: Context) -> dict[str, Any]:
    return {"notes": text}


# In the order their problems are listed; the platform and handle come first.
CHECKS = (
    ("display_name", _display_name),
    ("platform_id", _platform_id),
    ("unit", _unit),
    ("kind", _choice("kind", _KINDS, "account.bad_kind")),
    ("purpose", _choice("purpose", _PURPOSES, "account.bad_purpose")),
    ("status", _choice("status", _STATUSES, "account.bad_status")),
    ("custodian", _person("custodian", "custodian_id")),
    ("backup_custodian", _person("backup_custodian", "backup_custodian_id")),
    ("vault_ref", _vault_ref),
    ("recovery_contact", _recovery_contact),
    ("rotated_on", _day("rotated_on")),
    ("created_on", _day("created_on")),
    ("verified_on", _day("verified_on")),
    ("notes", _notes),
)
# What a column given as empty text clears (other columns are left as they are).
CLEARED = {
    "display_name": ("display_name",), "platform_id": ("platform_id",), "purpose": ("purpose",),
    "backup_custodian": ("backup_custodian_id",), "recovery_contact": ("recovery_contact", "recovery_domain"),
    "rotated_on": ("rotated_on",), "created_on": ("created_on",), "verified_on": ("verified_on",),
    "notes": ("notes",),
}


def required_columns(kind_text: str | None) -> tuple[str, ...]:
    """What a new account must be given: a group has no password, so no vault reference either."""
    from registry import evidence

    kind = _KINDS.get((kind_text or "").strip().casefold()) if kind_text else None
    base = ("platform", "handle", "unit", "custodian")
    return (*base, "vault_ref") if evidence.has_credentials(kind) else base


def validate(
    raw: dict[str, str | None], ctx: Context, *, partial: bool = False, stripped: bool = False
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Clean values and ``(column, problem)`` pairs for one account row of text.

    With ``partial`` only the given columns are checked (an update); otherwise platform,
    handle, unit, custodian and vault reference are required, as PRODUCT.md §4 asks. A column
    given as empty text clears the field (where :data:`CLEARED` says it can). Each column has
    its validator in :data:`CHECKS`; the platform and handle are read together first, as a
    pasted address names both. Written for throughput: an import runs it once a row (with
    ``stripped``: its reader hands out stripped text and no None).
    """
    row = raw if stripped else {k: v.strip() for k, v in raw.items() if v is not None}
    get = row.get
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    handle = get("handle") or get("url")
    if not partial:
        for column in required_columns(get("kind")):
            if not (handle if column == "handle" else get(column)):
                problems.append((column, i18n.t("account.required", column=column)))
    if get("platform"):
        try:
            values["platform"] = platforms.resolve_platform(get("platform"))
            if handle:
                values.update(_handle(values["platform"], handle, ctx))
        except ValidationError as exc:
            problems.append(("handle" if "platform" in values else "platform", str(exc)))
    for column in ("handle", "handle_key", "url"):  # from a handle or a pasted address, either may be long
        problem = too_long(values.get(column), "account", column)
        if problem is not None:
            problems.append(("handle" if get("handle") else "url", str(problem)))
            break
    for column, check in CHECKS:
        text = get(column)
        if text:
            try:
                values.update(check(text, ctx))
            except ValidationError as exc:
                problems.append((column, str(exc)))
        elif text == "" and column in CLEARED:
            values.update(dict.fromkeys(CLEARED[column]))
    problems += cross_field(values)
    return values, problems


def cross_field(values: dict[str, Any], current: Any = None) -> list[tuple[str, str]]:
    """The checks across columns, on the row as it will be: ``values`` over ``current`` (the account
    an update changes), so an update naming only one of two related columns is checked too."""
    custodian = values.get("custodian_id", getattr(current, "custodian_id", None))
    backup = values.get("backup_custodian_id", getattr(current, "backup_custodian_id", None))
    if custodian and custodian == backup:
        return [("backup_custodian", i18n.t("account.same_backup"))]
    return []
