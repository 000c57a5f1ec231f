"""A small, readable registry in memory for the rule tests: units ORG > WEST > ZON, three people.

Rule tests build a :class:`~audit.state.RegistryState` by hand and assert the exact findings of one
rule on it: ``kit.findings("SM702", state)`` gives ``(subject, severity, since)`` tuples in the
audit's order. The audit on a real store (both backends) is tested in ``tests/audit``.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from audit.engine import evaluate
from audit.rules import get
from audit.state import (
    AccountFacts,
    HandoverFacts,
    ObservedFacts,
    PersonFacts,
    RegistryState,
    UnitFacts,
    VaultEntryFacts,
    VaultFacts,
    WaiverFacts,
)
from registry.evidence import ITEMS

ON = date(2026, 6, 15)

UNITS = (
    UnitFacts("ORG", None, "lead", {}),
    UnitFacts("WEST", "ORG", None, {}),
    UnitFacts("ZON", "WEST", None, {}),
)


def person(ref: str, employee_id: str, *, end: date | None = None, unit: str = "ZON", erased: bool = False,
           id: int | None = None) -> PersonFacts:
    return PersonFacts(ref=ref, id=id or int(employee_id[-2:]), employee_id=None if erased else employee_id,
                       unit=unit, end_date=end, erased=erased)


PEOPLE = (person("sanne", "1001"), person("pieter", "1002"), person("kees", "1003"), person("lead", "1009", unit="ORG"))


def account(id: int, handle: str, *, custodian: str | None = "sanne", backup: str | None = None, kind: str = "work",
            unit: str = "ZON", platform: str = "x", vault_set: bool = True, vault_scheme: str | None = "1password",
            recovery: str | None = "voorbeeld.nl", rotated: date | None = date(2026, 1, 10),
            verified: date | None = date(2026, 3, 1), status: str = "active",
            created: date | None = date(2024, 9, 1)) -> AccountFacts:
    return AccountFacts(id=id, platform=platform, handle=handle, display_name=None, unit=unit, kind=kind,
                        custodian=custodian, backup=backup, vault_set=vault_set, vault_scheme=vault_scheme,
                        recovery_domain=recovery, rotated_on=rotated, verified_on=verified, status=status,
                        created_on=created)


def handover(id: int, account_id: int, giver: str | None, receiver: str, handed_on: date, *,
             rotated_on: date | None = None, complete: bool = False, role: str = "custodian", **flags: bool) -> HandoverFacts:
    """A handover; ``complete`` ticks every required item (of every kind), ``flags`` set single ones."""
    values = {item.key: True for item in ITEMS if item.required and not item.dated} if complete else {}
    values.update(flags)
    if complete and rotated_on is None:
        rotated_on = handed_on
    if rotated_on is not None:
        values["rotated_on"] = rotated_on
    return HandoverFacts(id=id, account_id=account_id, giver=giver, receiver=receiver, handed_on=handed_on, role=role,
                         evidence={key: value for key, value in values.items() if value})


def crowd() -> RegistryState:
    """Many accounts in every state a handover rule meets, those to skip before those to report.

    People: ``gone`` (1008) left on 2026-05-01, ``gone2`` (1005) on 2026-06-01, ``soon`` (1007)
    leaves on 2026-06-30 (inside the notice window), ``later`` (1006) on 2026-09-30 (beyond it).
    Account ids and handover ids are in the order listed, so a rule that stopped at the first
    account it skips would miss every later one. The rule tests assert their findings on it.
    """
    people = (*PEOPLE, person("gone", "1008", end=date(2026, 5, 1)), person("gone2", "1005", end=date(2026, 6, 1)),
              person("soon", "1007", end=date(2026, 6, 30)), person("later", "1006", end=date(2026, 9, 30)))
    left_on = date(2026, 5, 1)
    accounts = [
        account(1, "Archived", custodian="kees", status="archived"),           # handed over, then archived
        account(2, "Suspended", custodian="gone", status="suspended"),
        account(3, "HandedDone", custodian="kees", rotated=date(2026, 5, 2)),  # complete, rotated after
        account(4, "LeftHeld", custodian="gone"),                              # SM702: still held by a leaver
        account(5, "Ouders groep 5", custodian="kees", kind="group", platform="whatsapp", rotated=None),
        account(6, "Incomplete", custodian="kees", rotated=date(2026, 5, 3)),   # SM702: evidence missing
        account(7, "Stale", custodian="sanne", rotated=date(2026, 5, 20)),      # SM704: rotated before
        account(8, "Soon", custodian="soon"),                                  # SM703
        account(9, "Later", custodian="later"),                                # beyond the notice window
        account(10, "ArchivedSoon", custodian="soon", status="archived"),
        account(11, "LeftHeld2", custodian="gone2"),                           # SM702, high
        account(12, "Soon2", custodian="soon", backup="sanne"),                # SM703
        account(13, "Never", custodian="kees", rotated=None),                  # SM704: never rotated
        account(14, "BackupOnly", custodian="sanne", backup="soon"),           # a leaving backup: no rule
        account(15, "BackupLater", custodian="kees"),  # SM702 (custodian's handover incomplete) and SM704
        account(16, "LeftAgain", custodian="gone2"),   # the receiver left too: SM702 names gone2; SM704
    ]
    handovers = [
        handover(1, 1, "gone", "kees", left_on, mfa_reset=True),
        handover(2, 3, "gone", "kees", left_on, complete=True),
        handover(3, 5, "gone", "kees", left_on, admin_moved=True),
        handover(4, 6, "gone", "kees", left_on, rotated_on=date(2026, 5, 3), mfa_reset=True),
        handover(5, 7, "pieter", "sanne", date(2026, 6, 1), complete=True),
        handover(6, 13, "sanne", "kees", date(2026, 6, 5)),
        handover(7, 15, "gone", "kees", left_on, mfa_reset=True),
        handover(8, 15, "sanne", "pieter", date(2026, 6, 10), role="backup_custodian", complete=True),
        handover(9, 16, "gone", "gone2", date(2026, 4, 20), mfa_reset=True),
    ]
    return state(people=people, accounts=accounts, handovers=handovers)


def waiver(fingerprint: str, rule: str, until: date, reason: str = "agreed with the board") -> WaiverFacts:
    return WaiverFacts(fingerprint, rule, "account:1", reason, until, "auditor")


def observed(id: int, handle: str, *, platform: str = "x", display_name: str | None = None,
             platform_id: str | None = None, avatar_hash: str | None = None, first_seen: date | None = date(2026, 6, 1),
             state: str = "new") -> ObservedFacts:
    from registry.platforms import same_key

    return ObservedFacts(id=id, platform=platform, handle=handle, handle_key=same_key(platform, handle),
                         display_name=display_name, platform_id=platform_id, avatar=None, avatar_hash=avatar_hash,
                         first_seen=first_seen, state=state)


def entry(title: str, *, item: str | None = None, platform: str | None = "x", handle: str | None = None,
          account: int | None = None, by: str | None = None, shared: bool | None = True,
          changed: date | None = None, folder: str | None = "Social") -> VaultEntryFacts:
    """An item of a vault import; ``by`` says how it was matched to ``account``."""
    from registry.platforms import same_key

    key = same_key(platform, handle) if platform and handle else None
    return VaultEntryFacts(item, title, folder, platform, handle, key, account, by or ("reference" if account else None),
                           shared, changed)


def vault(name: str = "bitwarden", *entries: VaultEntryFacts, manager: str | None = None,
          imported: date = date(2026, 6, 1), checked=(), found=None, references: bool = True) -> VaultFacts:
    """A vault import; ``found`` (the accounts whose reference named an item) defaults to the entries matched
    by reference."""
    if found is None:
        found = [e.account_id for e in entries if e.matched_by == "reference"]
    return VaultFacts(name, manager or name, imported, references, list(entries), frozenset(checked), frozenset(found))


def state(*, on: date = ON, accounts=(), people=PEOPLE, handovers=(), units=UNITS, settings=None,
          waivers=(), observed=(), brand_terms=("Voorbeeld",), logo_hashes=(), vaults=()) -> RegistryState:
    return RegistryState(on=on, settings={"domains": ["voorbeeld.nl"], **(settings or {})}, units=units,
                         people=people, accounts=accounts, handovers=handovers, waivers=waivers, observed=observed,
                         brand_terms=brand_terms, logo_hashes=logo_hashes, vaults=vaults)


def run(rule_id: str, registry: RegistryState):
    return evaluate(registry, [get(rule_id)])


def findings(rule_id: str, registry: RegistryState) -> list[tuple[str, str, str | None]]:
    """(subject, severity, since) of every finding of one rule, in the audit's order."""
    return [(f.subject.label, f.severity.value, f.since.isoformat() if f.since else None) for f in run(rule_id, registry)]


@pytest.fixture
def kit() -> SimpleNamespace:
    return SimpleNamespace(ON=ON, UNITS=UNITS, PEOPLE=PEOPLE, person=person, account=account, handover=handover,
                           waiver=waiver, state=state, run=run, findings=findings, observed=observed,
                           vault=vault, entry=entry, crowd=crowd)
