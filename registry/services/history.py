"""Reading the event log back for people: what changed, about whom, in their language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry import events, i18n

if TYPE_CHECKING:
    from registry.db import Store


KNOWN_SUBJECTS = ("account:", "person:", "unit:", "case:", "setting:", "brand:", "observed:", "waiver:", "handover:",
                  "logo:", "store")


def resolve_subject(store: Store, text: str) -> str:
    """Turn what a user types (x:Handle, an account id, an employee id, a unit code) into a log subject."""
    from registry.errors import NotFound
    from registry.services import accounts, people, units

    with store.unit_of_work(actor="", write=False) as uow:
        session = uow.session
        if text.startswith(KNOWN_SUBJECTS):
            return text
        if ":" in text:
            return accounts.subject(accounts.find_account(session, text))
        for finder, subject in (
            (lambda: people.get_person(session, text), lambda p: f"person:{p.ref}"),
            (lambda: units.get_unit(session, text), lambda u: f"unit:{u.code}"),
        ):
            try:
                return subject(finder())
            except NotFound:
                continue
        if text.isdigit():
            return accounts.subject(accounts.find_account(session, text))
    raise NotFound("log.subject_unknown", subject=text)


i18n.register(
    {
        "log.subject_unknown": (
            "Nothing in the store answers to '{subject}'. Name an account (x:Handle or id), an employee id or a unit code.",
            "Niets in de registratie heet '{subject}'. Noem een account (x:Naam of nummer), een personeelsnummer of een eenheidscode.",
        ),
    }
)


def _changes(data: dict[str, Any], pii: tuple[dict | None, dict | None]) -> str:
    before = data.get("before")
    after = data.get("after")
    if not isinstance(before, dict | None) or not isinstance(after, dict | None):
        return f"{_plain(before)} → {_plain(after)}"
    before, after = before or {}, after or {}
    parts = []
    for key in sorted(set(before) | set(after)):
        if key in ("pii", "id"):
            continue
        if before.get(key) != after.get(key):
            if not before:
                if after.get(key) not in (None, False, ""):
                    parts.append(f"{key}={after.get(key)}")
            else:
                parts.append(f"{key}: {before.get(key)} → {after.get(key)}")
    old, new = pii
    if old != new:
        erased = i18n.t("log.erased")
        old, new = old or {}, new or {}
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                parts.append(f"{key}: {old.get(key, '') or ''} → {new.get(key, erased) or ''}" if old else f"{key}={new.get(key)}")
    if "protected_changed" in data and data["protected_changed"]:
        parts.append(", ".join(f"{c}: ••• → •••" for c in data["protected_changed"]))
    for key, value in data.items():
        if key not in ("before", "after", "protected_changed"):
            parts.append(f"{key}={value}")
    return "; ".join(parts)


def _plain(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def show(store: Store, *, subject: str | None = None, last: int | None = None) -> list[dict[str, Any]]:
    from registry import snapshots

    wanted = resolve_subject(store, subject) if subject else None
    rows = []
    with store.unit_of_work(actor="", write=False) as uow:
        # Without the store's key, personal data stays sealed: shown as locked, never as erased.
        keys = snapshots.PersonKeys(uow) if uow.cipher.available else None
        named = _people_named(uow)
        for entry in events.entries(store, subject=wanted, limit=last):
            data = entry.data
            pii = (None, None)
            if entry.subject.startswith("person:") and keys is None:
                if (data.get("after") or {}).get("pii"):
                    pii = (None, {"name": i18n.t("key.locked")})
            elif entry.subject.startswith("person:"):
                pii = (snapshots.open_pii(data.get("before"), keys) if keys is not None else None,
                       snapshots.open_pii(data.get("after"), keys))
                if data.get("after") and data["after"].get("pii") and pii[1] is None:
                    pii = (pii[0], {"name": i18n.t("log.erased")})
            rows.append({"seq": entry.seq, "at": entry.at, "actor": entry.actor, "action": entry.action,
                         "subject": entry.subject, "about": named.get(entry.subject, entry.subject),
                         "changes": _changes(data, pii), "hash": entry.hash})
    return rows


def _people_named(uow) -> dict[str, str]:
    """``person:<ref>`` to "name (employee id)" for everyone not erased: the log itself names only refs."""
    from sqlmodel import select

    from registry.models import Person

    query = select(Person.ref, Person.name, Person.employee_id).where(Person.erased_on.is_(None))
    return {f"person:{ref}": f"{name} ({employee_id})" if name else employee_id
            for ref, name, employee_id in uow.session.exec(query) if employee_id}
