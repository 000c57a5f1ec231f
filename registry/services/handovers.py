"""Handovers: an account passes from one person to another, with evidence (P-I.7b, P-I.7c).

A handover names the account, who gave it, who receives it and the date. Its evidence is what
the organisation did to take the account back from the person who gave it: credentials rotated
(a date), recovery contact moved to an organisational address, second factor reset, sessions
signed out, vault sharing updated. Those five make a handover complete (PRODUCT.md §2). Two
more checklist items, integrations re-connected in the organisation's name and handle and
display name confirmed unchanged, are recorded and shown but not required.

Evidence may arrive step by step: a later call for the same account and the same receiver adds
to the same handover. The receiver becomes the custodian at once (a backup custodian who
receives the account stops being backup), so the account is never without a current holder;
until the evidence is complete the audit keeps pointing at the handover (SM702, SM704).

Every handover writes the account through :func:`accounts.write_versioned`, even when only
evidence changes: two people recording handovers of one account at the same time never
overwrite each other silently; the second one is told to look again.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import i18n, snapshots
from registry.domain import AccountStatus
from registry.errors import Conflict, ValidationError

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork
    from registry.models import Account, Handover, Person

# The evidence a complete handover needs, and the two items recorded only for the checklist.
REQUIRED = ("rotated_on", "recovery_moved", "mfa_reset", "sessions_revoked", "vault_updated")
OPTIONAL = ("integrations_reconnected", "identity_confirmed")
ITEMS = REQUIRED + OPTIONAL
ROLES = ("custodian", "backup_custodian")

i18n.register(
    {
        "handover.item.rotated_on": ("credentials rotated", "wachtwoord gewijzigd"),
        "handover.item.recovery_moved": ("recovery contact moved", "herstelcontact verplaatst"),
        "handover.item.mfa_reset": ("second factor reset", "tweede factor opnieuw ingesteld"),
        "handover.item.sessions_revoked": ("sessions signed out", "sessies afgemeld"),
        "handover.item.vault_updated": ("vault sharing updated", "delen in de kluis bijgewerkt"),
        "handover.item.integrations_reconnected": ("integrations re-connected", "koppelingen opnieuw gekoppeld"),
        "handover.item.identity_confirmed": ("handle and name confirmed", "gebruikersnaam en naam bevestigd"),
        "handover.archived": (
            "Account {ref} is archived; there is nothing to hand over.",
            "Account {ref} is gearchiveerd; er valt niets over te dragen.",
        ),
        "handover.receiver_gone": (
            "{id} is no longer employed and cannot receive an account; choose a current member of staff.",
            "{id} is niet meer in dienst en kan geen account ontvangen; kies een huidige medewerker.",
        ),
        "handover.same_person": (
            "{id} already holds {ref}; name the person who takes it over.",
            "{id} beheert {ref} al; noem de persoon die het overneemt.",
        ),
        "handover.future": (
            "The handover date {on} lies in the future. Record a handover on the day it happens.",
            "De overdrachtsdatum {on} ligt in de toekomst. Leg een overdracht vast op de dag dat hij plaatsvindt.",
        ),
        "handover.rotated_before": (
            "The credentials were rotated on {rotated}, before the handover on {on}; only a rotation on or after the handover locks the previous holder out. Rotate them again and record that date.",
            "Het wachtwoord is gewijzigd op {rotated}, vóór de overdracht op {on}; alleen een wijziging op of na de overdracht sluit de vorige beheerder buiten. Wijzig het opnieuw en leg die datum vast.",
        ),
    }
)


@dataclass(frozen=True)
class Evidence:
    """The evidence given with one ``smreg handover`` call; False / None means not (yet) given."""

    rotated_on: date | None = None
    recovery_moved: bool = False
    mfa_reset: bool = False
    sessions_revoked: bool = False
    vault_updated: bool = False
    integrations_reconnected: bool = False
    identity_confirmed: bool = False

    def given(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


def missing_items(handover: Any) -> tuple[str, ...]:
    """The required evidence items a handover (a row or any object with the fields) still lacks."""
    return tuple(item for item in REQUIRED if not getattr(handover, item))


def is_complete(handover: Any) -> bool:
    return not missing_items(handover)


def item_names(items: tuple[str, ...] | list[str]) -> str:
    """Evidence items in words, in the current language."""
    return ", ".join(i18n.t(f"handover.item.{item}") for item in items)


@dataclass(frozen=True)
class HandoverResult:
    """What one ``record_handover`` call did."""

    handover: Handover
    account: Account
    receiver: Person
    created: bool
    missing: tuple[str, ...]
    closed_cases: tuple[int, ...]


def record_handover(uow: UnitOfWork, account_ref: str, receiver_id: str, *, today: date, on: date | None = None,
                    evidence: Evidence = Evidence(), expected_version: int | None = None) -> HandoverResult:
    """Record a handover of ``account_ref`` to ``receiver_id``, or add evidence to the one in progress.

    ``on`` defaults to today for a new handover and leaves the date of one in progress alone.
    Raises ``StaleData`` when someone else changed the account since it was read.
    """
    from sqlmodel import select

    from registry.models import Handover, Unit
    from registry.services import accounts, offboarding, people

    session = uow.session
    account = accounts.find_account(session, account_ref)
    read_version = account.version if expected_version is None else expected_version
    if account.status == AccountStatus.archived.value:
        raise ValidationError("handover.archived", ref=account_ref)
    receiver = people.get_person(session, receiver_id)
    if receiver.erased_on is not None or (receiver.end_date is not None and receiver.end_date < today):
        raise ValidationError("handover.receiver_gone", id=receiver_id)
    if on is not None and on > today:
        raise ValidationError("handover.future", on=on)
    before_account = accounts.snapshot(session, account)
    latest = session.exec(
        select(Handover).where(Handover.account_id == account.id).order_by(Handover.id.desc()).limit(1)
    ).first()
    # The receiver still holds the account from that handover: the call adds to it.
    continuing = latest is not None and latest.to_person_id == receiver.id and receiver.id in (
        account.custodian_id, account.backup_custodian_id)
    if continuing:
        handover, created = latest, False
        before_handover = _snapshot(session, handover)
        if on is not None:
            handover.handed_on = on
    else:
        role, giver = _giver(session, account)
        if giver == receiver.id:
            raise Conflict("handover.same_person", id=receiver_id, ref=account_ref)
        unit = session.get(Unit, account.unit_id)
        if receiver.id == account.backup_custodian_id:
            reason = "backup_custodian"
        elif unit is not None and unit.lead_id == receiver.id:
            reason = "unit_lead"
        else:
            reason = "unit_colleague"
        handover = Handover(account_id=account.id, from_person_id=giver, to_person_id=receiver.id,
                            handed_on=on or today, role=role, receiver_reason=reason, recorded_by=uow.actor[:200])
        created, before_handover = True, None
        _move_custody(account, role, receiver.id)
    if evidence.rotated_on is not None and evidence.rotated_on < handover.handed_on:
        raise ValidationError("handover.rotated_before", rotated=evidence.rotated_on, on=handover.handed_on)
    for item in evidence.given():
        setattr(handover, item, getattr(evidence, item))
    if evidence.rotated_on is not None and (account.rotated_on is None or evidence.rotated_on > account.rotated_on):
        account.rotated_on = evidence.rotated_on
    accounts.write_versioned(uow, account, read_version, account_ref)
    if not created:
        handover.version += 1
    session.add(handover)
    session.flush()
    after_account = accounts.snapshot(session, account)
    if after_account != before_account:
        uow.log.record("account.handed_over", accounts.subject(account), before=before_account, after=after_account)
    after_handover = _snapshot(session, handover)
    if after_handover != before_handover:
        uow.log.record("handover.recorded" if created else "handover.updated", f"handover:{handover.id}",
                       before=before_handover, after=after_handover)
    closed = offboarding.refresh_cases(uow, account.id, today=today)
    return HandoverResult(handover, account, receiver, created, missing_items(handover), tuple(closed))


def _move_custody(account: Account, role: str, receiver: int) -> None:
    if role == "custodian":
        account.custodian_id = receiver
        if account.backup_custodian_id == receiver:
            account.backup_custodian_id = None
    else:
        # A leaving backup custodian is replaced; the custodian taking it over needs no backup role.
        account.backup_custodian_id = None if receiver == account.custodian_id else receiver


def _giver(session: Session, account: Account) -> tuple[str, int | None]:
    """Which role the handover moves, and from whom: an open offboarding case decides, else the custodian."""
    from registry.services import offboarding

    pending = offboarding.pending_entries_for_account(session, account.id)
    for person_id, role in pending:
        if role == "custodian" and person_id == account.custodian_id:
            return role, person_id
    for person_id, role in pending:
        if role == "backup_custodian" and person_id == account.backup_custodian_id:
            return role, person_id
    if pending:
        # The leaver no longer holds the account (it was reassigned without a handover): the
        # evidence still has to be recorded against them.
        person_id, role = pending[0]
        return role, person_id
    return "custodian", account.custodian_id


def _snapshot(session: Session, handover: Handover) -> dict[str, Any]:
    from registry.models import Person

    giver = session.get(Person, handover.from_person_id) if handover.from_person_id else None
    receiver = session.get(Person, handover.to_person_id)
    snap = snapshots.handover(handover, account_subject=f"account:{handover.account_id}",
                              from_ref=giver.ref if giver else None, to_ref=receiver.ref)
    snap.update(role=handover.role, receiver_reason=handover.receiver_reason, complete=is_complete(handover))
    return snap


def has_open_handovers(session: Session, person_id: int) -> bool:
    """Whether the person still holds accounts, or has an open offboarding case with accounts not yet
    completely handed over (such a person's data must not be erased)."""
    from sqlmodel import or_, select

    from registry.models import Account
    from registry.services import offboarding

    held = session.exec(
        select(Account.id).where(
            or_(Account.custodian_id == person_id, Account.backup_custodian_id == person_id),
            Account.status != AccountStatus.archived.value,
        ).limit(1)
    ).first()
    if held is not None:
        return True
    return bool(offboarding.pending_entries_for_person(session, person_id))
