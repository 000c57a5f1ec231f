"""What the event log keeps of each record: a snapshot after every change.

Snapshots hold everything the audit needs to evaluate the registry "as of" a past moment, and
nothing secret: a vault reference becomes its scheme, a recovery contact its domain, notes a
flag. People are named by their random ``ref``; their personal data is sealed per person.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from registry import crypto, evidence

if TYPE_CHECKING:
    from registry.models import Account, Handover, Person, Unit

PII_FIELDS = ("employee_id", "name", "email", "function")


def _iso(value: Any) -> Any:
    # Dates as the log will hold them anyway (ISO text), so encoding needs no fallback per value.
    return value.isoformat() if value is not None and not isinstance(value, str) else value


def account(acc: Account | dict[str, Any], *, unit: str, custodian: str | None, backup: str | None) -> dict[str, Any]:
    """An account's snapshot, from the table row or from the column values of a bulk import."""
    get = acc.get if isinstance(acc, dict) else acc.__getattribute__
    return {
        "id": get("id"),
        "platform": get("platform"),
        "handle": get("handle"),
        "key": get("handle_key"),
        "display_name": get("display_name"),
        "url": get("url"),
        "platform_id": get("platform_id"),
        "unit": unit,
        "kind": get("kind"),
        "purpose": get("purpose"),
        "custodian": custodian,
        "backup_custodian": backup,
        "vault_scheme": get("vault_scheme"),
        "vault_set": bool(get("vault_ref")),
        "recovery_domain": get("recovery_domain"),
        "rotated_on": _iso(get("rotated_on")),
        "verified_on": _iso(get("verified_on")),
        "status": get("status"),
        "created_on": _iso(get("created_on")),
        "notes_set": bool(get("notes")),
    }


def unit(u: Unit, *, parent: str | None, lead: str | None) -> dict[str, Any]:
    return {
        "id": u.id,
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "parent": parent,
        "lead": lead,
        "policy": json.loads(u.policy) if u.policy else None,
    }


def handover(h: Handover, *, account_subject: str, from_ref: str | None, to_ref: str) -> dict[str, Any]:
    return {
        "id": h.id,
        "account": account_subject,
        "from": from_ref,
        "to": to_ref,
        "handed_on": h.handed_on,
        **{key: getattr(h, key) for key in evidence.KEYS},
    }


class PersonKeys:
    """Per-person data keys, wrapped with the store's key, cached for one unit of work.

    ``uow`` is the unit of work (``registry.db``, which builds on this module): its session and cipher.
    """

    def __init__(self, uow) -> None:
        self.uow = uow
        self._cache: dict[str, bytes | None] = {}
        self._new: dict[str, bytes] = {}

    def get(self, ref: str, *, create: bool) -> bytes | None:
        if ref in self._cache:
            return self._cache[ref]
        from sqlalchemy import select

        from registry.models import PersonKey

        wrapped = self.uow.session.execute(select(PersonKey.key).where(PersonKey.ref == ref)).scalar()
        key = self.uow.cipher.decrypt(wrapped).encode() if wrapped else None
        if key is None and create:
            key = crypto.new_data_key()
            self._new[ref] = key
        self._cache[ref] = key
        return key

    def create(self, ref: str) -> bytes:
        """A new key for a person who is new in this unit of work (no lookup)."""
        key = crypto.new_data_key()
        self._new[ref] = self._cache[ref] = key
        return key

    def preload(self) -> None:
        """Load every person's key at once (imports touch thousands of people)."""
        from sqlalchemy import select

        from registry.models import PersonKey

        for ref, wrapped in self.uow.session.execute(select(PersonKey.ref, PersonKey.key)):
            self._cache[ref] = self.uow.cipher.decrypt(wrapped).encode()

    def flush(self) -> None:
        if not self._new:
            return
        from sqlalchemy import insert

        from registry.models import PersonKey

        rows = [{"ref": ref, "key": self.uow.cipher.encrypt(key.decode())} for ref, key in self._new.items()]
        for start in range(0, len(rows), 5000):
            self.uow.session.execute(insert(PersonKey), rows[start : start + 5000])
        self._new.clear()


def person(p: Person, *, unit: str | None, keys: PersonKeys) -> dict[str, Any]:
    key = keys.get(p.ref, create=True)
    pii = {field: getattr(p, field) for field in PII_FIELDS}
    sealed = crypto.seal(key, json.dumps(pii, ensure_ascii=False, sort_keys=True)) if p.erased_on is None else None
    return {
        "id": p.id,
        "ref": p.ref,
        "unit": unit,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "erased_on": p.erased_on,
        "pii": sealed,
    }


def open_pii(snapshot: dict[str, Any] | None, keys: PersonKeys) -> dict[str, Any] | None:
    """The personal data in a person snapshot, or None once the person was erased."""
    if not snapshot or not snapshot.get("pii"):
        return None
    key = keys.get(snapshot["ref"], create=False)
    if key is None:
        return None
    return json.loads(crypto.unseal(key, snapshot["pii"]))
