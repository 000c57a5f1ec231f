"""The current-state tables against the event log: a replay that names every row that disagrees.

The log is the record; the tables are derived from it. Every service writes a row and logs its
``after`` snapshot in the same transaction, so the newest snapshot of each subject must equal the
snapshot of the row as it is now. :func:`check` rebuilds those snapshots from the tables with the
services' own snapshot functions and compares them field by field with the newest ``after`` of
each subject. It finds what ``log verify``'s hash chain cannot: a row changed, inserted or
removed with SQL behind smreg's back (a waiver nobody granted, a custodian swapped, an end date
removed), and a protected column that holds plain text instead of a ciphertext.

Fields a snapshot of an older smreg did not have are not compared. A person's personal data is
compared when the key is at hand (it is sealed in the log); without the key the rest still is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from registry import i18n
from registry.errors import IntegrityError

if TYPE_CHECKING:
    from registry.db import Store

i18n.register(
    {
        "check.changed": (
            "{subject}: the table does not match the event log in {fields}.",
            "{subject}: de tabel wijkt af van het gebeurtenissenlogboek in {fields}.",
        ),
        "check.not_logged": (
            "{subject}: the row is in the table but not in the event log.",
            "{subject}: de rij staat in de tabel maar niet in het gebeurtenissenlogboek.",
        ),
        "check.missing": (
            "{subject}: the event log holds it, but its row is gone from the table.",
            "{subject}: het gebeurtenissenlogboek bevat het, maar de rij ontbreekt in de tabel.",
        ),
        "check.removed": (
            "{subject}: the event log says it was removed, but its row is still in the table.",
            "{subject}: volgens het gebeurtenissenlogboek is het verwijderd, maar de rij staat nog in de tabel.",
        ),
        "check.plain": (
            "{subject}: the table holds plain text in {fields}, where smreg stores only ciphertext.",
            "{subject}: de tabel bevat leesbare tekst in {fields}, waar smreg alleen versleutelde tekst opslaat.",
        ),
        "check.failed_one": (
            "The store's tables disagree with its event log in 1 place; they were changed outside smreg. Restore the store from a backup and investigate.",
            "De tabellen van de registratie wijken op 1 plaats af van het gebeurtenissenlogboek; ze zijn buiten smreg om gewijzigd. Zet een back-up van de registratie terug en zoek uit wat er gebeurde.",
        ),
        "check.failed": (
            "The store's tables disagree with its event log in {count} places; they were changed outside smreg. Restore the store from a backup and investigate.",
            "De tabellen van de registratie wijken op {count} plaatsen af van het gebeurtenissenlogboek; ze zijn buiten smreg om gewijzigd. Zet een back-up van de registratie terug en zoek uit wat er gebeurde.",
        ),
        "check.audit_refused": (
            "The audit was not run: its findings would rest on rows changed outside smreg. Restore the store, or add --no-check to audit it as it is.",
            "De audit is niet uitgevoerd: de bevindingen zouden steunen op rijen die buiten smreg om zijn gewijzigd. Zet de registratie terug, of voeg --no-check toe om haar te auditen zoals ze is.",
        ),
        "check.ok": (
            "The tables agree with the event log ({count} records compared).",
            "De tabellen komen overeen met het gebeurtenissenlogboek ({count} records vergeleken).",
        ),
    }
)

# The kinds of subject compared, each a table with one row per subject.
KINDS = ("account", "person", "unit", "handover", "waiver", "observed", "logo", "brand", "setting")
PROTECTED = ("vault_ref", "recovery_contact", "notes")


@dataclass(frozen=True)
class Disagreement:
    """One subject whose row does not match the log: what kind, and which fields."""

    subject: str
    problem: str  # changed, not_logged, missing, removed, plain
    fields: tuple[str, ...] = ()

    def message(self) -> str:
        return i18n.t(f"check.{self.problem}", subject=self.subject, fields=", ".join(self.fields))


@dataclass(frozen=True)
class Check:
    compared: int
    disagreements: tuple[Disagreement, ...]

    @property
    def ok(self) -> bool:
        return not self.disagreements

    def raise_if_failed(self) -> None:
        """The integrity error (exit 4) that a failed check is; its ``lines`` name every row."""
        if self.ok:
            return
        count = len(self.disagreements)
        error = IntegrityError("check.failed_one" if count == 1 else "check.failed", count=count)
        error.lines = [d.message() for d in self.disagreements]
        raise error


def require(store: Store) -> None:
    """Refuse (exit 4, naming every row) to report on tables that disagree with the log."""
    result = check(store)
    if not result.ok:
        try:
            result.raise_if_failed()
        except IntegrityError as error:
            error.lines.append(i18n.t("check.audit_refused"))
            raise


def _normal(value: Any) -> Any:
    """A snapshot as the log holds it (dates as text, sets as lists)."""
    from registry.events import canonical

    return json.loads(canonical(value))


def logged(store: Store) -> dict[str, dict[str, Any] | None]:
    """The newest snapshot of every compared subject (None where it was removed)."""

    import orjson
    from sqlalchemy import text

    likes = " OR ".join(f"subject LIKE '{kind}:%'" for kind in KINDS)
    found: dict[str, dict[str, Any] | None] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT subject, body FROM event WHERE seq IN"
            f" (SELECT max(seq) FROM event WHERE ({likes}) AND body LIKE '%\"after\":%' GROUP BY subject)")).all()
    loads = orjson.loads
    for subject, body in rows:
        data = loads(body)["data"]
        if "after" in data:
            found[subject] = data["after"]
    return found


def current(store: Store) -> tuple[dict[str, Any], list[Disagreement], dict[str, tuple[dict[str, Any], str | None]]]:
    """Snapshots of every row as the services would log them now; plain-text protected values;
    and each person's personal data (the fields the log seals)."""
    from sqlmodel import Session, select

    from registry import models, snapshots
    from registry.services import brand, config, handovers, observed, units, waivers

    rows: dict[str, Any] = {}  # accounts and people, already in the log's form
    small: dict[str, Any] = {}  # the other kinds, normalised below
    plain: list[Disagreement] = []
    pii: dict[str, dict[str, Any]] = {}
    person_keys: dict[str, str] = {}
    with store.engine.connect() as conn:
        unit_code = dict(conn.exec_driver_sql("SELECT id, code FROM unit").all())
        person_ref = dict(conn.exec_driver_sql("SELECT id, ref FROM person").all())
        columns = ("id", "platform", "handle", "handle_key", "display_name", "url", "platform_id", "unit_id", "kind",
                   "purpose", "custodian_id", "backup_custodian_id", "vault_ref", "vault_scheme", "recovery_contact",
                   "recovery_domain", "rotated_on", "verified_on", "status", "created_on", "notes")
        for values in conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM account").all():
            row = dict(zip(columns, values, strict=True))
            subject = f"account:{row['id']}"
            rows[subject] = snapshots.account(row, unit=unit_code.get(row["unit_id"]),
                                              custodian=person_ref.get(row["custodian_id"]),
                                              backup=person_ref.get(row["backup_custodian_id"]))
            bare = tuple(c for c in PROTECTED if row[c] and not row[c].startswith("enc1:"))
            if bare:
                plain.append(Disagreement(subject, "plain", bare))
        for ref, wrapped in conn.exec_driver_sql("SELECT ref, key FROM person_key").all():
            if wrapped and not wrapped.startswith("enc1:"):
                plain.append(Disagreement(f"person:{ref}", "plain", ("key",)))
            else:
                person_keys[ref] = wrapped
        person_columns = ("id", "ref", "unit_id", "start_date", "end_date", "erased_on", *snapshots.PII_FIELDS)
        iso = snapshots._iso
        for values in conn.exec_driver_sql(f"SELECT {', '.join(person_columns)} FROM person").all():
            row = dict(zip(person_columns, values, strict=True))
            subject = f"person:{row['ref']}"
            rows[subject] = {"id": row["id"], "ref": row["ref"], "unit": unit_code.get(row["unit_id"]),
                             "start_date": iso(row["start_date"]), "end_date": iso(row["end_date"]),
                             "erased_on": iso(row["erased_on"])}
            if row["erased_on"] is None:
                pii[row["ref"]] = ({f: row[f] for f in snapshots.PII_FIELDS}, person_keys.get(row["ref"]))
    with Session(store.engine) as session:
        for unit in session.exec(select(models.Unit)):
            small[f"unit:{unit.code}"] = units._snapshot(session, unit)
        for handover in session.exec(select(models.Handover)):
            account = session.get(models.Account, handover.account_id)
            small[f"handover:{handover.id}"] = handovers._snapshot(session, handover, account)
        for waiver in session.exec(select(models.Waiver)):
            small[f"waiver:{waiver.fingerprint}"] = waivers.snapshot(waiver)
        for obs in session.exec(select(models.ObservedAccount)):
            small[observed.subject(obs)] = observed.snapshot(obs)
        for logo in session.exec(select(models.BrandLogo)):
            small[f"logo:{logo.id}"] = brand.snapshot(logo)
        for term in session.exec(select(models.BrandTerm)):
            small[config._brand_subject(term.term)] = {"term": term.term}
        for setting in session.exec(select(models.Setting)):
            if setting.key in config.DEFAULTS:
                small[f"setting:{setting.key}"] = json.loads(setting.value)
    rows.update({subject: _normal(snapshot) for subject, snapshot in small.items()})
    return rows, plain, pii


def check(store: Store) -> Check:
    """Compare every row with the newest snapshot the log holds of it."""
    from registry.services.config import DEFAULTS

    log = logged(store)
    tables, problems, pii = current(store)
    found = list(problems)
    problems.clear()
    keys = None
    if store.cipher.available and any(after and after.get("pii") for after in log.values() if isinstance(after, dict)):
        keys = store.cipher
    for subject in set(log) | set(tables):
        after, row = log.get(subject, ...), tables.get(subject, ...)
        if after == row and (keys is None or not subject.startswith("person:")):
            continue
        kind, _, name = subject.partition(":")
        if kind == "setting" and name not in DEFAULTS:
            continue  # smreg's own bookkeeping (the key check value), not a setting anyone sets
        if after is ...:
            if kind == "setting" and row == _normal(DEFAULTS.get(name)):
                continue  # a setting at its default needs no event
            found.append(Disagreement(subject, "not_logged"))
        elif row is ...:
            if after is not None and not (kind == "setting" and after == _normal(DEFAULTS.get(name))):
                found.append(Disagreement(subject, "missing"))
        elif after is None:
            found.append(Disagreement(subject, "removed"))
        elif isinstance(after, dict) and isinstance(row, dict):
            fields = tuple(sorted(k for k in after.keys() & row.keys() if after[k] != row[k]))
            if kind == "person" and keys is not None:
                fields += _pii_differs(keys, after, *pii.get(after.get("ref"), (None, None)))
            if fields:
                found.append(Disagreement(subject, "changed", fields))
        elif after != row:
            found.append(Disagreement(subject, "changed", ("value",)))
    found.sort(key=lambda d: _order(d.subject))
    return Check(compared=len(tables), disagreements=tuple(found))


def _order(subject: str) -> tuple[int, str, int, str]:
    kind, _, name = subject.partition(":")
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind, int(name) if name.isdigit() else 0, name)


def _pii_differs(cipher, after: dict[str, Any], current: dict[str, Any] | None, wrapped: str | None) -> tuple[str, ...]:
    """The personal-data fields that differ from the sealed ones."""
    if current is None or not wrapped or not after.get("pii"):
        return ()
    from registry import crypto

    sealed = json.loads(crypto.unseal(cipher.decrypt(wrapped).encode(), after["pii"]))
    return tuple(f for f in sorted(current) if sealed.get(f) != current[f])
