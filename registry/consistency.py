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
KINDS = ("account", "person", "unit", "case", "handover", "waiver", "observed", "logo", "brand", "setting")
PROTECTED = ("vault_ref", "recovery_contact", "notes")
# An account's snapshot (registry.snapshots.account), in the order the query below reads it.
ACCOUNT_KEYS = (
    "id",
    "platform",
    "handle",
    "key",
    "display_name",
    "url",
    "platform_id",
    "unit",
    "kind",
    "purpose",
    "custodian",
    "backup_custodian",
    "vault_scheme",
    "vault_set",
    "recovery_domain",
    "rotated_on",
    "verified_on",
    "status",
    "created_on",
    "notes_set",
)


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


def require(store: Store, result: Check | None = None) -> None:
    """Refuse (exit 4, naming every row) to report on tables that disagree with the log."""
    result = check(store) if result is None else result
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


def _fetch(conn: Any, sql: str) -> list[tuple[Any, ...]]:
    """Every row of a query straight from the driver: the check reads each table once, in bulk,
    and SQLAlchemy's per-row result layer would cost more than the comparison itself."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _day(conn: Any, column: str) -> str:
    """A date column as the log's ISO text (SQLite keeps it as that text already)."""
    return column if conn.dialect.name == "sqlite" else f"to_char({column}, 'YYYY-MM-DD')"


def _set(column: str) -> str:
    return f"(COALESCE({column}, '') <> '')"


def logged(store: Store) -> dict[str, dict[str, Any] | None]:
    """The newest snapshot of every compared subject (None where it was removed).

    One grouped pass over the log picks each subject's newest entry; the few subjects whose
    newest entry records no snapshot (a vault reference shown, say) get the newest one that does.
    """
    import orjson
    from sqlalchemy import bindparam, text

    kinds = set(KINDS)
    found: dict[str, dict[str, Any] | None] = {}
    older: list[str] = []
    loads = orjson.loads
    with store.engine.connect() as conn:
        compared = " OR ".join(f"subject LIKE '{kind}:%'" for kind in KINDS)  # constants, no user text
        for subject, body in _fetch(
            conn, f"SELECT subject, body FROM event WHERE seq IN (SELECT max(seq) FROM event WHERE {compared}"
                  " GROUP BY subject)"
        ):
            if subject.partition(":")[0] not in kinds:
                continue
            data = loads(body)["data"] if '"after":' in body else {}
            if "after" in data:
                found[subject] = data["after"]
            else:
                older.append(subject)
        query = text(
            "SELECT subject, body FROM event WHERE seq IN (SELECT max(seq) FROM event"
            " WHERE subject IN :subjects AND body LIKE '%\"after\":%' GROUP BY subject)"
        ).bindparams(bindparam("subjects", expanding=True))
        for start in range(0, len(older), 5000):
            for subject, body in conn.execute(query, {"subjects": older[start : start + 5000]}):
                data = loads(body)["data"]
                if "after" in data:
                    found[subject] = data["after"]
    return found


def _accounts(conn: Any, log: dict[str, Any], rows: dict[str, Any]) -> tuple[set[str], list[Disagreement]]:
    """Every account compared as it is read; returns the accounts that match their newest snapshot,
    and the plain protected values. Only a row that does not match is kept (in ``rows``, in the
    form of ``registry.snapshots.account``) for the field-by-field comparison."""
    day = _day
    matched: set[str] = set()
    keys = ACCOUNT_KEYS
    for r in _fetch(
        conn,
        f"SELECT a.id, a.platform, a.handle, a.handle_key, a.display_name, a.url, a.platform_id, u.code, a.kind,"
        f" a.purpose, c.ref, b.ref, a.vault_scheme, {_set('a.vault_ref')}, a.recovery_domain,"
        f" {day(conn, 'a.rotated_on')}, {day(conn, 'a.verified_on')}, a.status, {day(conn, 'a.created_on')},"
        f" {_set('a.notes')} FROM account a LEFT JOIN unit u ON u.id = a.unit_id"
        f" LEFT JOIN person c ON c.id = a.custodian_id LEFT JOIN person b ON b.id = a.backup_custodian_id",
    ):
        subject = f"account:{r[0]}"
        after = log.get(subject)
        # The row already has the snapshot's form (codes and refs joined in, flags and dates as the
        # log writes them), so a matching account costs one tuple comparison.
        if type(after) is dict and tuple(map(after.get, keys)) == r:
            matched.add(subject)
        else:
            rows[subject] = dict(zip(keys, (*r[:13], bool(r[13]), *r[14:19], bool(r[19])), strict=True))
    bare = " OR ".join(f"({_set(c)} AND {c} NOT LIKE 'enc1:%')" for c in PROTECTED)
    plain = []
    for r in _fetch(conn, f"SELECT id, {', '.join(PROTECTED)} FROM account WHERE {bare}"):
        fields = tuple(
            c for c, value in zip(PROTECTED, r[1:], strict=True) if value and not value.startswith("enc1:")
        )
        plain.append(Disagreement(f"account:{r[0]}", "plain", fields))
    return matched, plain


def _people(
    conn: Any, unit_code: dict[int, str], rows: dict[str, Any]
) -> tuple[list[Disagreement], dict[str, tuple[dict[str, Any], str | None]]]:
    """Every person's snapshot but the sealed part; plain data keys; and each person's personal data."""
    from registry import snapshots

    plain: list[Disagreement] = []
    person_keys: dict[str, str] = {}
    for ref, wrapped in _fetch(conn, "SELECT ref, key FROM person_key"):
        if wrapped and not wrapped.startswith("enc1:"):
            plain.append(Disagreement(f"person:{ref}", "plain", ("key",)))
        else:
            person_keys[ref] = wrapped
    pii: dict[str, tuple[dict[str, Any], str | None]] = {}
    fields = snapshots.PII_FIELDS
    day = _day
    for r in _fetch(
        conn,
        f"SELECT id, ref, unit_id, {day(conn, 'start_date')}, {day(conn, 'end_date')},"
        f" {day(conn, 'erased_on')}, {', '.join(fields)} FROM person",
    ):
        rows[f"person:{r[1]}"] = {
            "id": r[0],
            "ref": r[1],
            "unit": unit_code.get(r[2]),
            "start_date": r[3],
            "end_date": r[4],
            "erased_on": r[5],
        }
        if r[5] is None:
            pii[r[1]] = (dict(zip(fields, r[6:], strict=True)), person_keys.get(r[1]))
    return plain, pii


def current(
    store: Store, log: dict[str, Any]
) -> tuple[dict[str, Any], list[Disagreement], dict[str, tuple[dict[str, Any], str | None]], set[str]]:
    """Snapshots of every row as the services would log them now (an account only if it does not
    match ``log``, the newest snapshots); plain-text protected values; each person's personal data
    (the fields the log seals); and the accounts that match the log."""
    from sqlmodel import Session, select

    from registry import models
    from registry.services import brand, config, handovers, observed, units, waivers

    rows: dict[str, Any] = {}  # accounts and people, already in the log's form
    small: dict[str, Any] = {}  # the other kinds, normalised below
    with store.engine.connect() as conn:
        unit_code = dict(_fetch(conn, "SELECT id, code FROM unit"))
        person_ref = dict(_fetch(conn, "SELECT id, ref FROM person"))
        matched, plain = _accounts(conn, log, rows)
        plain_keys, pii = _people(conn, unit_code, rows)
        plain += plain_keys
        for case_id, person_id, end_date, opened_on, closed_on in _fetch(
            conn,
            f"SELECT id, person_id, {_day(conn, 'end_date')}, {_day(conn, 'opened_on')},"
            f" {_day(conn, 'closed_on')} FROM offboarding_case",
        ):
            rows[f"case:{case_id}"] = {
                "id": case_id,
                "person": person_ref.get(person_id),
                "end_date": end_date,
                "opened_on": opened_on,
                "closed_on": closed_on,
            }
    with Session(store.engine) as session:
        for unit in session.exec(select(models.Unit)):
            small[f"unit:{unit.code}"] = units._snapshot(session, unit)
        given = list(session.exec(select(models.Handover)))
        # Load the accounts and people the handovers name at once; their snapshots then find them
        # in the session instead of asking the database one row at a time.
        held = _load(session, models.Account, {h.account_id for h in given})
        _load(session, models.Person, {p for h in given for p in (h.from_person_id, h.to_person_id) if p})
        for handover in given:
            small[f"handover:{handover.id}"] = handovers._snapshot(
                session, handover, held[handover.account_id]
            )
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
    return rows, plain, pii, matched


def _load(session: Any, model: Any, ids: set[int]) -> dict[int, Any]:
    from sqlmodel import select

    loaded: dict[int, Any] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 5000):
        for row in session.exec(select(model).where(model.id.in_(ordered[start : start + 5000]))):
            loaded[row.id] = row
    return loaded


def check(store: Store) -> Check:
    """Compare every row with the newest snapshot the log holds of it."""
    import gc

    # Hundreds of thousands of small dicts, none of them in a cycle: collecting them over and
    # over would cost more than building them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(store)
    finally:
        if collecting:
            gc.enable()


def _check(store: Store) -> Check:
    from registry.services.config import DEFAULTS

    log = logged(store)
    tables, problems, pii, matched = current(store, log)
    found = list(problems)
    found += _case_entries(store)
    # A person's personal data is sealed in the log; it is compared apart from the rest.
    sealed = {
        subject: after.pop("pii", None)
        for subject, after in log.items()
        if subject.startswith("person:") and isinstance(after, dict)
    }
    keys = store.cipher if store.cipher.available and any(sealed.values()) else None
    missing = object()
    for subject, row in tables.items():
        after = log.get(subject, missing)
        if after == row and not (keys is not None and sealed.get(subject)):
            continue
        found += _disagrees(subject, after, row, missing, DEFAULTS, keys, sealed, pii)
    for subject in log.keys() - tables.keys() - matched:
        found += _disagrees(subject, log[subject], missing, missing, DEFAULTS, keys, sealed, pii)
    found.sort(key=lambda d: _order(d.subject))
    return Check(compared=len(tables) + len(matched), disagreements=tuple(found))


def _disagrees(
    subject: str,
    after: Any,
    row: Any,
    missing: object,
    defaults: dict[str, Any],
    keys: Any,
    sealed: dict[str, str | None],
    pii: dict[str, tuple[dict[str, Any], str | None]],
) -> list[Disagreement]:
    """How one subject's row and newest snapshot disagree (nothing if they do not)."""
    kind, _, name = subject.partition(":")
    if kind == "setting" and name not in defaults:
        return []  # smreg's own bookkeeping (the key check value), not a setting anyone sets
    if after is missing:
        if kind == "setting" and row == _normal(defaults.get(name)):
            return []  # a setting at its default needs no event
        return [Disagreement(subject, "not_logged")]
    if row is missing:
        if after is not None and not (kind == "setting" and after == _normal(defaults.get(name))):
            return [Disagreement(subject, "missing")]
        return []
    if after is None:
        return [Disagreement(subject, "removed")]
    if isinstance(after, dict) and isinstance(row, dict):
        fields = tuple(sorted(k for k in after.keys() & row.keys() if after[k] != row[k]))
        if kind == "person" and keys is not None:
            fields += _pii_differs(keys, sealed.get(subject), *pii.get(name, (None, None)))
        return [Disagreement(subject, "changed", fields)] if fields else []
    return [Disagreement(subject, "changed", ("value",))] if after != row else []


def _case_entries(store: Store) -> list[Disagreement]:
    """Each offboarding case's to-do rows (an account and the role it is held in) against the
    replay of the case's ``account_added``/``account_removed`` entries."""
    import orjson

    replayed: dict[tuple[int, int, str], bool] = {}  # (case, account, role) -> still on the to-do list
    with store.engine.connect() as conn:
        for subject, action, body in _fetch(
            conn, "SELECT subject, action, body FROM event WHERE subject LIKE 'case:%' ORDER BY seq"
        ):
            if action in ("case.account_added", "case.account_removed"):
                after = orjson.loads(body)["data"]["after"]
                replayed[(int(subject[5:]), after["account"], after["role"])] = action == "case.account_added"
        table = {
            (case, account, role): removed is None
            for case, account, role, removed in _fetch(
                conn, "SELECT case_id, account_id, role, removed_on FROM case_account"
            )
        }
    found = []
    for key in replayed.keys() | table.keys():
        logged_open, table_open = replayed.get(key), table.get(key)
        if logged_open == table_open:
            continue
        subject = f"case:{key[0]} account:{key[1]} ({key[2]})"
        if logged_open is None:
            found.append(Disagreement(subject, "not_logged"))
        elif table_open is None:
            found.append(Disagreement(subject, "missing"))
        else:
            found.append(Disagreement(subject, "changed", ("removed_on",)))
    return found


def _order(subject: str) -> tuple[int, str, int, str]:
    kind, _, name = subject.partition(":")
    number = name.partition(" ")[0]
    return (
        KINDS.index(kind) if kind in KINDS else len(KINDS),
        kind,
        int(number) if number.isdigit() else 0,
        name,
    )


def _pii_differs(
    cipher, token: str | None, current: dict[str, Any] | None, wrapped: str | None
) -> tuple[str, ...]:
    """The personal-data fields that differ from the sealed ones."""
    if current is None or not wrapped or not token:
        return ()
    import orjson

    from registry import crypto

    sealed = orjson.loads(crypto.unseal(cipher.decrypt(wrapped).encode(), token))
    return tuple(f for f in sorted(current) if sealed.get(f) != current[f])
