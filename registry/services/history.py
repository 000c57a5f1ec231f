"""Reading the event log back for people: what changed, about whom, in their language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry import events, i18n

if TYPE_CHECKING:
    from registry.db import Store


KNOWN_SUBJECTS = ("account:", "person:", "unit:", "case:", "setting:", "brand:", "observed:", "waiver:", "handover:",
                  "logo:", "store", "web:")


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


def _changes(data: dict[str, Any], pii: tuple[dict | None, dict | None], named: dict[str, str] | None = None) -> str:
    """One entry's changes as "key: before → after" and "key=value", people and accounts by name."""
    def shown(value: Any, key: str = "") -> Any:
        # a person's own ``ref`` stays a reference: their personal data is the sealed part below
        if isinstance(value, str) and named and key != "ref":
            return named.get(f"person:{value}") or named.get(value, value)
        return value

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
                    parts.append(f"{key}={shown(after.get(key), key)}")
            else:
                parts.append(f"{key}: {shown(before.get(key), key)} → {shown(after.get(key), key)}")
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
            parts.append(f"{key}={shown(value, key)}")
    return "; ".join(parts)


def _plain(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


i18n.register(
    {
        "value.result.done": ("done", "uitgevoerd"),
        "value.result.refused": ("refused", "geweigerd"),
        "value.origin.cli": ("command line", "opdrachtregel"),
        "value.origin.web": ("web", "web"),
        "value.origin.import": ("import", "import"),
        "value.origin.scheduled": ("scheduled", "gepland"),
        "value.origin.demo": ("demo", "demo"),
        "log.origin_via": ("via", "via"),
        "log.result_unknown": (
            "A result is done or refused, not '{result}'.",
            "Een resultaat is done (uitgevoerd) of refused (geweigerd), niet '{result}'.",
        ),
    }
)


def origin_text(origin: dict[str, str] | None) -> str:
    """An origin as a table shows it: "web 192.0.2.7", "import hr.csv sha256:1f3a…e2 via command line"."""
    from registry import labels

    if not origin:
        return ""
    parts = [str(labels.label("origin", origin.get("kind")))]
    if origin.get("file"):
        parts.append(origin["file"])
    if origin.get("sha256"):
        parts.append(f"sha256:{origin['sha256'][:12]}…")
    if origin.get("via"):
        parts += [i18n.t("log.origin_via"), str(labels.label("origin", origin["via"]))]
    if origin.get("client"):
        parts.append(origin["client"])
    return " ".join(parts)


def show(store: Store, *, subject: str | None = None, last: int | None = None,
         result: str | None = None) -> list[dict[str, Any]]:
    """The log's entries for people: who did what to what, from where, how it ended, and its hash."""
    from registry import snapshots
    from registry.errors import ValidationError

    if result is not None and result not in events.RESULTS:
        raise ValidationError("log.result_unknown", result=result[:20])
    wanted = resolve_subject(store, subject) if subject else None
    rows = []
    with store.unit_of_work(actor="", write=False) as uow:
        # Without the store's key, personal data stays sealed: shown as locked, never as erased.
        keys = snapshots.PersonKeys(uow) if uow.cipher.available else None
        named = _people_named(uow)
        for entry in events.entries(store, subject=wanted, limit=last, result=result):
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
                         "origin": entry.origin, "result": entry.result,
                         "changes": _changes(data, pii, named), "hash": entry.hash})
    return rows


def _people_named(uow) -> dict[str, str]:
    """``person:<ref>`` to "name (employee id)" for everyone not erased (the log itself names only
    refs), and ``account:<id>`` to its ``platform:handle``."""
    from sqlmodel import select

    from registry.models import Account, Person

    query = select(Person.ref, Person.name, Person.employee_id).where(Person.erased_on.is_(None))
    named = {f"person:{ref}": f"{name} ({employee_id})" if name else employee_id
             for ref, name, employee_id in uow.session.exec(query) if employee_id}
    named.update({f"account:{id_}": f"{platform}:{handle}"
                  for id_, platform, handle in uow.session.exec(select(Account.id, Account.platform, Account.handle))})
    return named
