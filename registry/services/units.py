"""Units: the organisation as a tree (organisation, sectors, schools, offices)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from registry import i18n, limits, snapshots
from registry.domain import UnitKind, accepted_values
from registry.errors import Conflict, NotFound, ValidationError
from registry.labels import choices
from registry.services import config

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork
    from registry.models import Unit

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

i18n.register(
    {
        "unit.not_found": (
            "There is no unit '{code}'. See `smreg unit list` for the codes.",
            "Er is geen eenheid '{code}'. Zie `smreg unit list` voor de codes.",
        ),
        "unit.exists": ("A unit with code '{code}' already exists.", "Er bestaat al een eenheid met code '{code}'."),
        "unit.bad_code": (
            "'{code}' is not a valid unit code: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
            "'{code}' is geen geldige eenheidscode: gebruik 1–64 letters, cijfers, '.', '_' of '-', beginnend met een letter of cijfer.",
        ),
        "unit.bad_kind": (
            "'{value}' is not a unit kind. Use one of: {allowed}.",
            "'{value}' is geen soort eenheid. Gebruik een van: {allowed}.",
        ),
        "unit.cycle": (
            "Unit '{code}' cannot be placed under '{parent}': that would make the tree a loop.",
            "Eenheid '{code}' kan niet onder '{parent}' vallen: dan wordt de boom een kring.",
        ),
        "unit.empty_name": ("A unit needs a name.", "Een eenheid heeft een naam nodig."),
        "unit.bad_policy": (
            "'{value}' is not a policy setting; write key=value with a key from: {allowed}.",
            "'{value}' is geen beleidsinstelling; schrijf sleutel=waarde met een sleutel uit: {allowed}.",
        ),
    }
)


def check_kind(value: str) -> str:
    """The unit kind ``value`` names: its code or its word in either language (``bureau`` is an office)."""
    found = accepted_values(UnitKind).get(value.strip().casefold())
    if found is None:
        raise ValidationError("unit.bad_kind", value=value, allowed=choices("kind", UnitKind))
    return found


def get_unit(session: Session, code: str) -> Unit:
    from sqlmodel import func, select

    from registry.models import Unit

    unit = session.exec(select(Unit).where(func.lower(Unit.code) == code.strip().lower())).first()
    if unit is None:
        raise NotFound("unit.not_found", code=code)
    return unit


def parse_policy(items: list[str]) -> dict[str, int]:
    policy: dict[str, int] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or key not in config.POLICY_KEYS:
            raise ValidationError("unit.bad_policy", value=item, allowed=", ".join(config.POLICY_KEYS))
        policy[key] = config.check_number(key, value.strip())
    return policy


def _snapshot(session: Session, unit: Unit) -> dict[str, Any]:
    from registry.models import Person, Unit

    parent = session.get(Unit, unit.parent_id).code if unit.parent_id else None
    lead = session.get(Person, unit.lead_id).ref if unit.lead_id else None
    return snapshots.unit(unit, parent=parent, lead=lead)


def _unit_name(name: str | None) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise ValidationError("unit.empty_name")
    problem = limits.too_long(text, "unit", "name")
    if problem is not None:
        raise limits.named("name", problem)
    return text


def add_unit(uow: UnitOfWork, *, code: str, name: str, kind: str, parent: str | None = None,
             policy: dict[str, int] | None = None) -> Unit:
    from sqlmodel import func, select

    from registry.models import Unit

    session = uow.session
    code = code.strip()
    if not CODE_RE.match(code):
        raise ValidationError("unit.bad_code", code=code)
    _unit_name(name)
    if session.exec(select(Unit).where(func.lower(Unit.code) == code.lower())).first():
        raise Conflict("unit.exists", code=code)
    parent_unit = get_unit(session, parent) if parent else None
    unit = Unit(code=code, name=_unit_name(name), kind=check_kind(kind),
                parent_id=parent_unit.id if parent_unit else None,
                policy=json.dumps(policy) if policy else None)
    session.add(unit)
    session.flush()
    uow.log.record("unit.added", f"unit:{unit.code}", before=None, after=_snapshot(session, unit))
    return unit


def update_unit(uow: UnitOfWork, code: str, *, name: str | None = None, kind: str | None = None,
                parent: str | None = None, lead: str | None = None, policy: dict[str, int] | None = None) -> Unit:
    from registry.services.lookup import get_person

    session = uow.session
    unit = get_unit(session, code)
    # Read the row again under a row lock (PostgreSQL; SQLite admits one writer anyway): a
    # concurrent update waits, so the merged policy and the logged snapshot are the row written.
    session.refresh(unit, with_for_update=True)
    before = _snapshot(session, unit)
    if name is not None:
        unit.name = _unit_name(name)
    if kind is not None:
        unit.kind = check_kind(kind)
    if parent is not None:
        parent_unit = get_unit(session, parent)
        walker = parent_unit
        while walker is not None:
            if walker.id == unit.id:
                raise ValidationError("unit.cycle", code=unit.code, parent=parent_unit.code)
            walker = session.get(type(unit), walker.parent_id) if walker.parent_id else None
        unit.parent_id = parent_unit.id
    if lead is not None:
        unit.lead_id = get_person(session, lead).id
    if policy:
        merged = json.loads(unit.policy) if unit.policy else {}
        merged.update(policy)
        unit.policy = json.dumps(merged, sort_keys=True)
    session.add(unit)
    session.flush()
    after = _snapshot(session, unit)
    if after != before:
        uow.log.record("unit.updated", f"unit:{unit.code}", before=before, after=after)
    return unit


def tree(session: Session) -> list[tuple[Unit, int]]:
    """Every unit with its depth, depth-first, children sorted by code."""
    from sqlmodel import select

    from registry.models import Unit

    units = session.exec(select(Unit)).all()
    children: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in units}
    for u in units:
        children.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    out: list[tuple[Unit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for u in sorted(children.get(parent_id, []), key=lambda x: x.code.lower()):
            out.append((u, depth))
            walk(u.id, depth + 1)

    walk(None, 0)
    return out


def policy_of(all_units: dict[int, Unit], unit_id: int | None, defaults: dict[str, int]) -> dict[str, int]:
    """:func:`effective_policy` over units already loaded (id -> unit): for listings of many."""
    values = dict(defaults)
    chain: list[dict[str, int]] = []
    current = all_units.get(unit_id) if unit_id else None
    seen: set[int] = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.policy:
            chain.append(json.loads(current.policy))
        current = all_units.get(current.parent_id) if current.parent_id else None
    for policy in reversed(chain):
        values.update(policy)
    return values


def find(uow: UnitOfWork, *, code: str) -> Unit:
    """The unit with this code (any case), or :class:`NotFound` with a sentence naming it."""
    return get_unit(uow.session, code)


def shown(uow: UnitOfWork, *, unit: Unit, policy: bool = False) -> dict[str, Any]:
    """One unit as ``show`` prints it; with ``policy`` also the policy it is held to."""
    row = public(uow.session, unit)
    row.pop("depth", None)
    if policy:
        row["effective_policy"] = effective_policy(uow.session, unit.id)
    return row


def listing(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every unit as a public dict with its depth in the tree, depth-first."""
    return [public(uow.session, unit, depth) for unit, depth in tree(uow.session)]


def policies(session: Session) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """Every unit's effective policy (id -> values) and the organisation's, from one read of each.

    For pages and listings over many units: one request reads the tree once, never a unit at a time.
    """
    from sqlmodel import select

    from registry.models import Unit

    all_units = {u.id: u for u in session.exec(select(Unit))}
    defaults = {key: config.get(session, key) for key in config.POLICY_KEYS}
    return {uid: policy_of(all_units, uid, defaults) for uid in all_units}, defaults


def notice_days(session: Session) -> tuple[dict[int, int], int]:
    """Each unit's notice window in days (its own policy, else inherited), and the organisation's."""
    by_unit, defaults = policies(session)
    return {uid: policy["notice_days"] for uid, policy in by_unit.items()}, defaults["notice_days"]


def effective_policy(session: Session, unit_id: int | None) -> dict[str, int]:
    """The policy values for a unit: its own, else its parents', else the organisation's."""
    from registry.models import Unit

    values = {key: config.get(session, key) for key in config.POLICY_KEYS}
    chain: list[dict[str, int]] = []
    current = session.get(Unit, unit_id) if unit_id else None
    while current is not None:
        if current.policy:
            chain.append(json.loads(current.policy))
        current = session.get(Unit, current.parent_id) if current.parent_id else None
    for policy in reversed(chain):
        values.update(policy)
    return values


def public(session: Session, unit: Unit, depth: int = 0) -> dict[str, Any]:
    from registry.models import Person, Unit

    parent = session.get(Unit, unit.parent_id) if unit.parent_id else None
    lead = session.get(Person, unit.lead_id) if unit.lead_id else None
    return {
        "id": unit.id,
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": parent.code if parent else None,
        "lead": lead.employee_id if lead else None,
        "policy": json.loads(unit.policy) if unit.policy else {},
        "depth": depth,
    }
