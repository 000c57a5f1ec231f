"""The registry as the audit rules see it: one in-memory shape, filled from the tables or from the log.

:class:`RegistryState` holds plain facts: accounts, people, units with their policies, the
organisation's settings, handovers and waivers, and the day the rules evaluate on. It is filled

- from the current tables (:func:`from_tables`), a handful of plain SQL queries, for an audit of
  today or a forecast of a day to come; or
- from the event log (:func:`from_log`): the last ``after`` snapshot of every subject recorded at
  or before a moment, for an audit "as of" a past moment.

The rules run on the state and never on the store, so an audit reproduced from the log sees exactly
what the audit of that moment saw. Both loaders must therefore produce the same facts from the
same registry; ``tests/audit/test_asof.py`` holds them to it.

People are named in the log only by their random ``ref``; the employee id shown in findings is
looked up in the current table, so a person erased since shows as erased in an old audit too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from audit.model import Subject
from registry import evidence as registry_evidence
from registry.services import config

if TYPE_CHECKING:
    from registry.db import Reader

# The subjects of the log an audit reads back: everything the rules look at.
LOG_SUBJECTS = ("account:", "person:", "unit:", "setting:", "handover:", "waiver:", "observed:", "brand:", "logo:",
                "vault:")


@dataclass(slots=True)
class AccountFacts:
    id: int
    platform: str
    handle: str
    display_name: str | None
    unit: str | None
    kind: str
    custodian: str | None
    backup: str | None
    vault_set: bool
    vault_scheme: str | None
    recovery_domain: str | None
    rotated_on: date | None
    verified_on: date | None
    status: str
    created_on: date | None
    platform_id: str | None = None
    purpose: str | None = None


@dataclass(slots=True)
class PersonFacts:
    ref: str
    id: int | None
    employee_id: str | None
    unit: str | None
    end_date: date | None
    erased: bool
    name: str | None = None  # how findings name the person while they are not erased


@dataclass(slots=True)
class UnitFacts:
    code: str
    parent: str | None
    lead: str | None
    policy: dict[str, Any]


@dataclass(slots=True)
class HandoverFacts:
    """A handover and its evidence (``registry.evidence`` keys); which items count depends on the
    account, whose kind and platform the state fills in."""

    id: int
    account_id: int
    giver: str | None
    receiver: str | None
    handed_on: date
    role: str
    evidence: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    platform: str | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        return registry_evidence.missing(self.evidence, self.kind, self.platform)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(slots=True)
class ObservedFacts:
    """An account seen in the wild and its review state (the scan's verdict is recomputed by the rules)."""

    id: int
    platform: str
    handle: str
    handle_key: str
    display_name: str | None
    platform_id: str | None
    avatar: str | None
    avatar_hash: str | None
    first_seen: date | None
    state: str
    unverified: bool = False  # a username-search tool's hit no reviewer has confirmed yet

    @property
    def open(self) -> bool:
        """Still to act on: not dismissed by a reviewer and not resolved."""
        return self.state not in ("dismissed", "resolved")


@dataclass(slots=True)
class VaultEntryFacts:
    """An item of a vault import that is for a social-media account or belongs to a registered one."""

    item_id: str | None
    title: str
    folder: str | None
    platform: str | None
    handle: str | None
    key: str | None
    account_id: int | None
    matched_by: str | None  # reference | url | handle
    shared: bool | None
    changed_on: date | None  # the day the vault says the password last changed


@dataclass(slots=True)
class VaultFacts:
    """The latest import of one vault: its items of interest and the accounts whose reference was followed."""

    name: str
    manager: str
    imported_on: date
    references_checked: bool
    entries: list[VaultEntryFacts]
    checked: frozenset[int]  # accounts whose reference points into this vault's password manager
    found: frozenset[int] = frozenset()  # of those, the ones whose reference names an item of this import


@dataclass(slots=True)
class WaiverFacts:
    fingerprint: str
    rule: str
    subject: str
    reason: str
    until: date
    by: str


class RegistryState:
    """The facts one audit evaluates, and the day (``on``) it evaluates them on."""

    def __init__(self, *, on: date, moment: datetime | None = None, source: str = "memory",
                 settings: dict[str, Any] | None = None, units: Iterable[UnitFacts] = (),
                 people: Iterable[PersonFacts] = (), accounts: Iterable[AccountFacts] = (),
                 handovers: Iterable[HandoverFacts] = (), waivers: Iterable[WaiverFacts] = (),
                 observed: Iterable[ObservedFacts] = (), brand_terms: Iterable[str] = (),
                 logo_hashes: Iterable[str] = (), vaults: Iterable[VaultFacts] = ()) -> None:
        self.on = on
        self.moment = moment
        self.source = source
        self.settings = {**config.DEFAULTS, **(settings or {})}
        self.units = {u.code: u for u in units}
        self.people = {p.ref: p for p in people}
        self.accounts = sorted(accounts, key=lambda a: a.id)
        self.active = [a for a in self.accounts if a.status == "active"]
        self.active_by_id = {a.id: a for a in self.active}
        by_account: dict[int, list[HandoverFacts]] = {}
        known = {a.id: a for a in self.accounts}
        for h in sorted(handovers, key=lambda h: h.id):
            account = known.get(h.account_id)
            if account is not None:  # which evidence counts depends on the account
                h.kind, h.platform = account.kind, account.platform
            by_account.setdefault(h.account_id, []).append(h)
        self.handovers = by_account
        self.waivers = {w.fingerprint: w for w in waivers}
        self.observed = sorted(observed, key=lambda o: o.id)
        self.brand_terms = tuple(sorted(brand_terms, key=str.casefold))
        self.logo_hashes = tuple(logo_hashes)
        self.vaults = {v.name: v for v in sorted(vaults, key=lambda v: v.name)}
        self.cache: dict[str, Any] = {}  # what several rules derive from the same facts (brand scans)
        self._policies: dict[str | None, dict[str, Any]] = {}
        self._subjects: dict[int, Subject] = {}
        from registry import vault

        extra = {str(s).strip().lower() for s in self.settings.get("vault_schemes") or ()}
        self.known_schemes = frozenset(vault.known_schemes()) | extra
        self.domains = tuple(str(d).strip().lower() for d in self.settings.get("domains") or ())

    def policy(self, unit: str | None) -> dict[str, Any]:
        """The unit's policy values: its own, else inherited up the tree, else the organisation's."""
        cached = self._policies.get(unit)
        if cached is None:
            values = {key: self.settings[key] for key in config.POLICY_KEYS}
            chain, seen, code = [], set(), unit
            while code is not None and code in self.units and code not in seen:
                seen.add(code)
                chain.append(self.units[code].policy)
                code = self.units[code].parent
            for policy in reversed(chain):
                values.update({k: v for k, v in policy.items() if k in config.POLICY_KEYS})
            cached = self._policies[unit] = values
        return cached

    def account_subject(self, account: AccountFacts) -> Subject:
        """One subject per account, shared by the findings of every rule about it."""
        subject = self._subjects.get(account.id)
        if subject is None:
            subject = self._subjects[account.id] = Subject.account(account.id, account.platform, account.handle)
        return subject

    def latest_handover(self, account_id: int) -> HandoverFacts | None:
        found = self.handovers.get(account_id)
        return found[-1] if found else None

    def employee_id(self, ref: str | None) -> str | None:
        person = self.people.get(ref) if ref else None
        return person.employee_id if person else None

    def organisational(self, domain: str) -> bool:
        """Whether a mail domain is one of the organisation's, or below one."""
        return any(domain == d or domain.endswith("." + d) for d in self.domains)


class _Days(dict):
    """ISO text (SQLite, snapshots) or a date (PostgreSQL) to a date; a registry holds few distinct days."""

    def __missing__(self, value: Any) -> date | None:
        day = value if value is None or isinstance(value, date) else date.fromisoformat(str(value)[:10])
        self[value] = day
        return day


def from_tables(reader: Reader, *, on: date, moment: datetime | None = None) -> RegistryState:
    """The registry as it is now, to be evaluated on ``on`` (today, or a day to come)."""
    day = _Days().__getitem__
    settings = {}
    for key, value in reader.rows("SELECT key, value FROM setting"):
        if key in config.DEFAULTS or key.startswith(config.CONTROLS_PREFIX):
            settings[key] = json.loads(value)
    # Ids to codes and refs in Python: joining in SQL costs more than these lookups.
    unit_code = dict(reader.rows("SELECT id, code FROM unit"))
    person_rows = reader.rows("SELECT ref, id, employee_id, unit_id, end_date, erased_on, name FROM person")
    person_ref = {pid: ref for ref, pid, *_ in person_rows}
    units = [
        UnitFacts(code, unit_code.get(parent), person_ref.get(lead), json.loads(policy) if policy else {})
        for code, parent, lead, policy in reader.rows("SELECT code, parent_id, lead_id, policy FROM unit")
    ]
    people = [
        PersonFacts(ref, pid, emp, unit_code.get(unit), day(end), erased is not None, name)
        for ref, pid, emp, unit, end, erased, name in person_rows
    ]
    ref, code = person_ref.get, unit_code.get
    accounts = [
        AccountFacts(aid, platform, handle, display, code(unit), kind, ref(cust), ref(back), bool(vault_set), scheme,
                     domain, day(rotated), day(verified), status, day(created), pid, purpose)
        for (aid, platform, handle, display, unit, kind, cust, back, vault_set, scheme, domain, rotated, verified,
             status, created, pid, purpose) in reader.rows(
            "SELECT id, platform, handle, display_name, unit_id, kind, custodian_id, backup_custodian_id,"
            " CASE WHEN vault_ref IS NULL OR vault_ref = '' THEN 0 ELSE 1 END, vault_scheme, recovery_domain,"
            " rotated_on, verified_on, status, created_on, platform_id, purpose FROM account WHERE status != 'archived'")
    ]
    keys = registry_evidence.KEYS
    handovers = [
        HandoverFacts(hid, aid, ref(giver), ref(receiver), day(handed), role, _evidence(keys, values, day))
        for hid, aid, giver, receiver, handed, role, *values in reader.rows(
            "SELECT id, account_id, from_person_id, to_person_id, handed_on, role, " + ", ".join(keys) + " FROM handover")
    ]
    waivers = [
        WaiverFacts(fp, rule, subject, reason, day(until), by)
        for fp, rule, subject, reason, until, by in reader.rows(
            "SELECT fingerprint, rule, subject, reason, until, waived_by FROM waiver")
    ]
    observed = [
        ObservedFacts(oid, platform, handle, key, display, pid, avatar, avatar_hash, day(first), state, bool(unverified))
        for oid, platform, handle, key, display, pid, avatar, avatar_hash, first, state, unverified in reader.rows(
            "SELECT id, platform, handle, handle_key, display_name, platform_id, avatar, avatar_hash, first_seen, state,"
            " unverified FROM observed_account")
    ]
    terms = [term for (term,) in reader.rows("SELECT term FROM brand_term")]
    logos = [logo for (logo,) in reader.rows("SELECT hash FROM brand_logo ORDER BY id")]
    return RegistryState(on=on, moment=moment, source="tables", settings=settings, units=units, people=people,
                         accounts=accounts, handovers=handovers, waivers=waivers, observed=observed,
                         brand_terms=terms, logo_hashes=logos, vaults=_vaults_from_tables(reader, day))


def _vaults_from_tables(reader: Reader, day: Any) -> list[VaultFacts]:
    """The latest import of every vault, with the items the rules look at."""
    latest = reader.rows(
        "SELECT id, vault, manager, imported_at, references_checked FROM vault_import"
        " WHERE id IN (SELECT max(id) FROM vault_import GROUP BY vault)")
    vaults = []
    for import_id, name, manager, at, checked in latest:
        entries = [
            VaultEntryFacts(item, title, folder, platform, handle, key, aid, how,
                            None if shared is None else bool(shared), day(changed))
            for item, title, folder, platform, handle, key, aid, how, shared, changed in reader.rows(
                "SELECT item_id, title, folder, platform, handle, handle_key, account_id, matched_by, shared,"
                " password_changed_on FROM vault_item WHERE import_id = :i"
                " AND (platform IS NOT NULL OR account_id IS NOT NULL) ORDER BY id", {"i": import_id})
        ]
        followed = reader.rows("SELECT account_id, found FROM vault_reference WHERE import_id = :i", {"i": import_id})
        vaults.append(VaultFacts(name, manager, day(at), bool(checked), entries,
                                 frozenset(aid for aid, _ in followed), frozenset(aid for aid, ok in followed if ok)))
    return vaults


def _evidence(keys: tuple[str, ...], values: list[Any], day) -> dict[str, Any]:
    """The evidence items given, as the rules read them: dated ones as dates, the rest as True."""
    dated = registry_evidence.DATED
    return {key: (day(value) if key in dated else True) for key, value in zip(keys, values, strict=True) if value}


def from_log(reader: Reader, *, moment: datetime) -> RegistryState:
    """The registry as it was recorded at ``moment``, evaluated on that moment's day (UTC)."""
    from registry import clock

    params: dict[str, object] = {"at": clock.stamp(moment), "after": '%"data":{"after":%'}
    likes = []
    for prefix in LOG_SUBJECTS:
        name = "subject_" + prefix.rstrip(":")  # parameter names are letters and underscores only
        params[name] = prefix + "%"
        likes.append(f"subject LIKE :{name}")
    # The newest event per subject that carries an ``after`` snapshot (keys are sorted in the
    # canonical body, so "after" is the first key of "data" when present).
    rows = reader.rows(
        "SELECT subject, body FROM event WHERE seq IN (SELECT max(seq) FROM event"
        f" WHERE at <= :at AND ({' OR '.join(likes)}) AND body LIKE :after GROUP BY subject)",
        params,
    )
    employee_ids = dict(reader.rows("SELECT ref, employee_id FROM person"))
    names = dict(reader.rows("SELECT ref, name FROM person WHERE erased_on IS NULL"))
    day = _Days().__getitem__
    settings: dict[str, Any] = {}
    units, people, accounts, handovers, waivers, observed, terms = [], [], [], [], [], [], []
    logos: dict[int, str] = {}
    vaults: list[VaultFacts] = []
    # Decode only the "after" snapshot, not the "before" beside it: half the work on every body.
    decode, marker = json.JSONDecoder().raw_decode, '"data":{"after":'
    for subject, body in rows:
        start = body.find(marker)
        if start < 0:
            continue
        after = decode(body, start + len(marker))[0]
        kind, _, name = subject.partition(":")
        if kind == "setting":
            if (name in config.DEFAULTS or name.startswith(config.CONTROLS_PREFIX)) and after is not None:
                settings[name] = after
            continue
        if after is None:
            continue  # the subject was removed
        if kind == "account":
            if after["status"] == "archived":
                continue
            accounts.append(AccountFacts(
                after["id"], after["platform"], after["handle"], after.get("display_name"), after.get("unit"),
                after["kind"], after.get("custodian"), after.get("backup_custodian"), bool(after.get("vault_set")),
                after.get("vault_scheme"), after.get("recovery_domain"), day(after.get("rotated_on")),
                day(after.get("verified_on")), after["status"], day(after.get("created_on")), after.get("platform_id"),
                after.get("purpose")))
        elif kind == "person":
            people.append(PersonFacts(after["ref"], after.get("id"), employee_ids.get(after["ref"]), after.get("unit"),
                                      day(after.get("end_date")), after.get("erased_on") is not None,
                                      names.get(after["ref"])))
        elif kind == "unit":
            units.append(UnitFacts(after["code"], after.get("parent"), after.get("lead"), after.get("policy") or {}))
        elif kind == "handover":
            handovers.append(HandoverFacts(
                after["id"], int(after["account"].partition(":")[2]), after.get("from"), after.get("to"),
                day(after["handed_on"]), after.get("role") or "custodian",
                _evidence(registry_evidence.KEYS, [after.get(key) for key in registry_evidence.KEYS], day)))
        elif kind == "waiver":
            waivers.append(WaiverFacts(after["fingerprint"], after["rule"], after["subject"], after["reason"],
                                       day(after["until"]), after.get("by") or ""))
        elif kind == "observed":
            observed.append(ObservedFacts(
                after["id"], after["platform"], after["handle"], after["key"], after.get("display_name"),
                after.get("platform_id"), after.get("avatar"), after.get("avatar_hash"), day(after.get("first_seen")),
                after["state"], bool(after.get("unverified"))))
        elif kind == "brand":
            terms.append(after["term"])
        elif kind == "logo":
            logos[after["id"]] = after["hash"]
        elif kind == "vault":
            entries = [VaultEntryFacts(item, title, folder, platform, handle, key, aid, how, shared, day(changed))
                       for item, title, folder, platform, handle, key, aid, how, shared, changed in after["entries"]]
            found = after.get("found")
            if found is None:  # written before imports recorded it: the items matched by reference
                found = [e.account_id for e in entries if e.matched_by == "reference"]
            vaults.append(VaultFacts(after["vault"], after["manager"], day(after["imported_at"]),
                                     bool(after["references_checked"]), entries, frozenset(after["checked"]),
                                     frozenset(found)))
    return RegistryState(on=moment.date(), moment=moment, source="log", settings=settings, units=units,
                         people=people, accounts=accounts, handovers=handovers, waivers=waivers, observed=observed,
                         brand_terms=terms, logo_hashes=[logos[i] for i in sorted(logos)], vaults=vaults)
