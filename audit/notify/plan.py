"""Who must hear what: the items of today's audit and the open offboarding cases, by recipient.

Four topics, each for the people who act on it:

- ``leaver``: an account whose custodian leaves within the notice window or has left without a
  complete handover (SM703, SM702), to that custodian and to the lead of the account's unit (the
  nearest lead up the tree);
- ``offboarding``: every open offboarding case and what it still lacks, to HR (``notify.hr``);
- ``attestation``: an account not verified in the last 12 months (SM710), to its custodian;
- ``suspect``: an outside account using the name, the logo or a registered account's likeness
  (SM601, SM602, SM603, SM708), to the communications officer (``notify.comms``).

An item is due when it is new, when what would be said about it changed, or — for every topic but
``suspect``, which is news once — when the reminder interval has passed since it was sent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.engine import AuditResult
    from audit.model import Finding
    from audit.state import RegistryState
    from registry.services.notifications import Contact, Sent

TOPICS = ("leaver", "offboarding", "attestation", "suspect")
LEAVER_RULES = ("SM702", "SM703")
ATTESTATION_RULES = ("SM710",)
SUSPECT_RULES = ("SM601", "SM602", "SM603", "SM708")
# Topics whose items are sent again after the reminder interval while they stay open.
REMINDED = frozenset(("leaver", "offboarding", "attestation"))


@dataclass(frozen=True)
class Item:
    """One thing a recipient must act on, with what the message says about it."""

    topic: str
    key: str
    facts: dict[str, Any]

    @property
    def state(self) -> str:
        return hashlib.sha256(json.dumps(self.facts, sort_keys=True, default=str).encode()).hexdigest()[:16]


@dataclass
class Recipient:
    """One person or configured address and everything due for them."""

    key: str
    address: str
    name: str | None
    items: list[Item] = field(default_factory=list)
    attach: dict[str, Any] = field(default_factory=dict)  # employee id -> that leaver's checklist


@dataclass(frozen=True)
class CaseSummary:
    """An open offboarding case as HR's digest shows it."""

    case_id: int
    person: str
    employee_id: str
    unit: str
    end_date: date
    done: int
    total: int
    lacking: tuple[tuple[str, str | None, tuple[str, ...]], ...]  # (account, receiver, missing item keys)


def leads(state: RegistryState, unit: str | None) -> str | None:
    """The lead of the unit, else of the nearest unit above it that has one (a person's ref)."""
    seen: set[str] = set()
    while unit is not None and unit in state.units and unit not in seen:
        seen.add(unit)
        if state.units[unit].lead:
            return state.units[unit].lead
        unit = state.units[unit].parent
    return None


def plan(*, result: AuditResult, state: RegistryState, contacts: dict[str, Contact], cases: list[CaseSummary],
         sent: dict[tuple[str, str, str], Sent], settings: dict[str, Any], now: datetime,
         checklists: dict[str, Any] | None = None) -> list[Recipient]:
    """Every recipient with at least one due item, each item once per recipient."""
    remind = int(settings.get("notify.reminder_days") or 0) or None
    accounts = {a.id: a for a in state.accounts}
    recipients: dict[str, Recipient] = {}

    from registry.services.notifications import is_due

    def give(ref_or_setting: str, address: str | None, name: str | None, item: Item) -> Recipient | None:
        if not address:
            return None
        previous = sent.get((ref_or_setting, item.topic, item.key))
        if not is_due(previous, item.state, now=now, remind_after_days=remind if item.topic in REMINDED else None):
            return None
        recipient = recipients.setdefault(ref_or_setting, Recipient(ref_or_setting, address, name))
        if all(existing.key != item.key or existing.topic != item.topic for existing in recipient.items):
            recipient.items.append(item)
        return recipient

    def person(ref: str | None, item: Item) -> Recipient | None:
        contact = contacts.get(ref) if ref else None
        return give(f"person:{ref}", contact.email, contact.name, item) if contact is not None else None

    for finding in result.findings:
        if finding.waiver is not None:
            continue
        if finding.rule in LEAVER_RULES or finding.rule in ATTESTATION_RULES:
            account = accounts.get(finding.subject.id)
            if account is None:
                continue
            if finding.rule in LEAVER_RULES:
                item = Item("leaver", finding.fingerprint, _leaver_facts(finding, account, state, contacts))
                leaver = item.facts["employee_id"]
                for ref in (account.custodian, leads(state, account.unit)):
                    recipient = person(ref, item)
                    if recipient is not None and leaver and checklists is not None:
                        recipient.attach.setdefault(leaver, checklists.get(leaver))
            else:
                person(account.custodian, Item("attestation", finding.fingerprint, _attestation_facts(finding, account)))
        elif finding.rule in SUSPECT_RULES:
            item = Item("suspect", finding.fingerprint, _suspect_facts(finding))
            for address in _addresses(settings.get("notify.comms")):
                give("setting:notify.comms", address, None, item)
    for case in cases:
        item = Item("offboarding", f"case:{case.case_id}", _case_facts(case))
        for address in _addresses(settings.get("notify.hr")):
            give("setting:notify.hr", address, None, item)
    for recipient in recipients.values():
        recipient.attach = {k: v for k, v in recipient.attach.items() if v is not None}
    return [recipients[k] for k in sorted(recipients, key=lambda k: (k.startswith("setting:"), recipients[k].address))]


def _addresses(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _leaver_facts(finding: Finding, account, state: RegistryState, contacts: dict[str, Contact]) -> dict[str, Any]:
    custodian = contacts.get(account.custodian) if account.custodian else None
    details = finding.details
    return {"rule": finding.rule, "severity": finding.severity.value, "account": finding.subject.label,
            "account_id": account.id, "display_name": account.display_name,
            "custodian": custodian.name if custodian else None,
            "employee_id": custodian.employee_id if custodian else state.employee_id(account.custodian),
            "end_date": details.get("end_date"), "missing": list(details.get("missing") or []),
            "handover": bool(details.get("handover"))}


def _attestation_facts(finding: Finding, account) -> dict[str, Any]:
    return {"rule": finding.rule, "account": finding.subject.label, "account_id": account.id,
            "display_name": account.display_name, "verified_on": finding.details.get("verified_on"),
            "due": finding.details.get("due")}


def _suspect_facts(finding: Finding) -> dict[str, Any]:
    details = finding.details
    return {"rule": finding.rule, "severity": finding.severity.value, "observed": finding.subject.label,
            "display_name": details.get("display_name"), "reasons": list(details.get("reasons") or []),
            "term": details.get("term"), "resembles": details.get("resembles")}


def _case_facts(case: CaseSummary) -> dict[str, Any]:
    return {"person": case.person, "employee_id": case.employee_id, "unit": case.unit,
            "end_date": case.end_date.isoformat(), "done": case.done, "total": case.total,
            "lacking": [list(entry[:2]) + [list(entry[2])] for entry in case.lacking]}
