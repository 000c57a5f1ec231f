"""Handovers: an account passes from one person to another, with evidence (P-I.7b, P-I.7c).

A handover names the account, who gave it, who receives it and the date. Its evidence is what
the organisation did to take the account back from the person who gave it; which items apply
and which of them make a handover complete depends on the account (:mod:`registry.evidence`:
an account with a password needs credentials rotated, recovery contact moved, second factor
reset, sessions signed out and vault sharing updated; a group needs its admin rights moved and
the leaver removed as admin).

Evidence may arrive step by step: a later call for the same account and the same receiver adds
to the same handover. The receiver becomes the custodian at once (a backup custodian who
receives the account stops being backup), so the account is never without a current holder;
until the evidence is complete the audit keeps pointing at the handover (SM702, SM704).

Every handover writes the account through :func:`accounts.write_versioned`, even when only
evidence changes: two people recording handovers of one account at the same time never
overwrite each other silently; the second one is told to look again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import evidence as _evidence
from registry import i18n, snapshots
from registry.domain import AccountStatus
from registry.errors import Conflict, ValidationError
from registry.io.dates import format_date
from registry.services import accounts, offboarding
from registry.services.lookup import get_person
from registry.wording import command_arg, person_named

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork
    from registry.models import Account, Handover, Person

# The roles a handover moves; the evidence items are declared once in :mod:`registry.evidence`.
ROLES = ("custodian", "backup_custodian")
Evidence = _evidence.Evidence

i18n.register(
    {
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
            "The credentials were rotated on {rotated}, before the handover on {on}; only a rotation on or after the handover locks the previous holder out. If the handover happened earlier, give its date with `--on`; otherwise rotate them again and record that date.",
            "Het wachtwoord is gewijzigd op {rotated}, vóór de overdracht op {on}; alleen een wijziging op of na de overdracht sluit de vorige beheerder buiten. Is de overdracht eerder gebeurd, geef die datum dan met `--on`; wijzig het anders opnieuw en leg die datum vast.",
        ),
        "handover.rotated_future": (
            "The rotation date {rotated} lies in the future. Record a rotation once it is done, with the day it was done.",
            "De wijzigingsdatum {rotated} ligt in de toekomst. Leg een wachtwoordwijziging vast als ze gedaan is, met de dag waarop.",
        ),
        "handover.backup_taken": (
            "{account} now has no backup custodian: {receiver} was its backup custodian and is now its custodian; name a new one with `smreg account update {arg} --backup-custodian ID`.",
            "{account} heeft nu geen reservebeheerder: {receiver} was de reservebeheerder en is nu de beheerder; wijs een nieuwe aan met `smreg account update {arg} --backup-custodian PERSONEELSNR`.",
        ),
        "handover.replaced": (
            "This replaces the handover of {account} to {previous} of {on}, which had recorded: {items}; record that evidence again for {receiver}.",
            "Dit vervangt de overdracht van {account} aan {previous} van {on}, waarin was vastgelegd: {items}; leg dat bewijs opnieuw vast voor {receiver}.",
        ),
        "handover.not_applicable": (
            "{items}: does not apply to {ref}; for this account record: {allowed}.",
            "{items}: geldt niet voor {ref}; leg voor dit account vast: {allowed}.",
        ),
    }
)


def missing_items(handover: Any, kind: str | None = None, platform: str | None = None) -> tuple[str, ...]:
    """The required evidence items a handover of an account of this kind still lacks."""
    return _evidence.missing(handover, kind, platform)


def is_complete(handover: Any, kind: str | None = None, platform: str | None = None) -> bool:
    return not missing_items(handover, kind, platform)


item_names = _evidence.names


@dataclass(frozen=True)
class HandoverResult:
    """What one ``record_handover`` call did."""

    handover: Handover
    account: Account
    receiver: Person
    created: bool
    missing: tuple[str, ...]
    closed_cases: tuple[int, ...]
    warnings: tuple[str, ...] = ()
    giver: str | None = None  # the employee id of the person who gave the account
    giver_named: str | None = None  # "Sanne de Wit (10234)", or the id alone once the data is erased
    receiver_named: str = ""

    @property
    def label(self) -> str:
        return f"{self.account.platform}:{self.account.handle}"


def record_handover(uow: UnitOfWork, account_ref: str, receiver_id: str, *, today: date, on: date | None = None,
                    evidence: Any = None, expected_version: int | None = None) -> HandoverResult:
    """Record a handover of ``account_ref`` to ``receiver_id``, or add evidence to the one in progress.

    ``evidence`` is an :class:`Evidence` or a mapping of item keys to values (a web page ticking
    one item sends ``{"mfa_reset": True}``). ``on`` defaults to today for a new handover and
    leaves the date of one in progress alone. Raises ``StaleData`` when someone else changed the
    account since it was read (``expected_version``: the version the caller showed).
    """
    from sqlmodel import select

    from registry.models import Handover, Unit

    given = _given(evidence)
    session = uow.session
    account = accounts.find_account(session, account_ref)
    read_version = account.version if expected_version is None else expected_version
    if account.status == AccountStatus.archived.value:
        raise ValidationError("handover.archived", ref=account_ref)
    applicable = {item.key for item in _evidence.items_for(account.kind, account.platform)}
    foreign = [key for key in given if key not in applicable]
    if foreign:
        raise ValidationError("handover.not_applicable", ref=account_ref, items=_evidence.names(foreign),
                              allowed=_evidence.names([i.key for i in _evidence.items_for(account.kind, account.platform)]))
    receiver = get_person(session, receiver_id)
    if receiver.erased_on is not None or (receiver.end_date is not None and receiver.end_date < today):
        raise ValidationError("handover.receiver_gone", id=receiver_id)
    if on is not None and on > today:
        raise ValidationError("handover.future", on=format_date(on))
    for key in _evidence.DATED & given.keys():
        if given[key] > today:
            raise ValidationError("handover.rotated_future", rotated=format_date(given[key]))
    before_account = accounts.snapshot(session, account)
    latest = session.exec(
        select(Handover).where(Handover.account_id == account.id).order_by(Handover.id.desc()).limit(1)
    ).first()
    # The receiver still holds the account from that handover: the call adds to it.
    continuing = latest is not None and latest.to_person_id == receiver.id and receiver.id in (
        account.custodian_id, account.backup_custodian_id)
    notes: list[str] = []
    if continuing:
        handover, created = latest, False
        before_handover = _snapshot(session, handover, account)
        if on is not None:
            handover.handed_on = on
    else:
        role, giver = _giver(session, account)
        if giver == receiver.id:
            raise Conflict("handover.same_person", id=receiver_id, ref=account_ref)
        unit = session.get(Unit, account.unit_id)
        notes.extend(_replacing(session, latest, account, account_ref, receiver, giver, role))
        if receiver.id == account.backup_custodian_id:
            reason = "backup_custodian"
            if role == "custodian":
                notes.append(i18n.t("handover.backup_taken", account=account_ref, receiver=person_named(receiver),
                                    arg=command_arg(account_ref)))
        elif unit is not None and unit.lead_id == receiver.id:
            reason = "unit_lead"
        else:
            reason = "unit_colleague"
        handover = Handover(account_id=account.id, from_person_id=giver, to_person_id=receiver.id,
                            handed_on=on or today, role=role, receiver_reason=reason, recorded_by=uow.actor[:200])
        created, before_handover = True, None
        _move_custody(account, role, receiver.id)
    rotated = given.get("rotated_on")
    if rotated is not None and rotated < handover.handed_on:
        raise ValidationError("handover.rotated_before", rotated=format_date(rotated), on=format_date(handover.handed_on))
    for key, value in given.items():
        setattr(handover, key, value)
    if rotated is not None and (account.rotated_on is None or rotated > account.rotated_on):
        account.rotated_on = rotated
    accounts.write_versioned(uow, account, read_version, account_ref)
    if not created:
        handover.version += 1
    session.add(handover)
    session.flush()
    after_account = accounts.snapshot(session, account)
    if after_account != before_account:
        uow.log.record("account.handed_over", accounts.subject(account), before=before_account, after=after_account)
    after_handover = _snapshot(session, handover, account)
    if after_handover != before_handover:
        uow.log.record("handover.recorded" if created else "handover.updated", f"handover:{handover.id}",
                       before=before_handover, after=after_handover)
    people = {handover.from_person_id, receiver.id, *offboarding.case_people(session, account.id)}
    open_before = _open_cases(session, people)
    warnings = offboarding.sync(uow, person_ids=people, today=today)
    closed = tuple(sorted(open_before - _open_cases(session, people)))
    from registry.models import Person

    giver = session.get(Person, handover.from_person_id) if handover.from_person_id else None
    return HandoverResult(handover, account, receiver, created, missing_items(handover, account.kind, account.platform),
                          closed, (*notes, *warnings), giver.employee_id if giver else None,
                          person_named(giver) if giver else None, person_named(receiver))


def _replacing(session: Session, latest: Handover | None, account: Account, account_ref: str,
               receiver: Person, giver: int | None, role: str) -> list[str]:
    """A sentence naming the evidence of the previous handover from the same person that this one, to
    someone else, takes the place of (the checklist then counts only the new one)."""
    from registry.models import Person

    if latest is None or latest.to_person_id == receiver.id or (latest.from_person_id, latest.role) != (giver, role):
        return []
    recorded = [item.key for item in _evidence.items_for(account.kind, account.platform) if getattr(latest, item.key)]
    if not recorded or is_complete(latest, account.kind, account.platform):
        return []
    return [i18n.t("handover.replaced", account=account_ref, previous=person_named(session.get(Person, latest.to_person_id)),
                   on=format_date(latest.handed_on), items=_evidence.names(recorded), receiver=person_named(receiver))]


def _given(value: Any) -> dict[str, Any]:
    """The items given, as a mapping of key to value; unknown keys are a programming error."""
    if value is None:
        return {}
    items = dict(value) if not hasattr(value, "as_dict") else value.as_dict()
    unknown = set(items) - set(_evidence.KEYS)
    if unknown:
        raise TypeError(f"unknown evidence items: {sorted(unknown)}")
    return {key: v for key, v in items.items() if v}


def _open_cases(session: Session, people: set[int | None]) -> set[int]:
    from sqlmodel import select

    from registry.models import OffboardingCase

    ids = [p for p in people if p is not None]
    return set(session.exec(select(OffboardingCase.id).where(
        OffboardingCase.person_id.in_(ids), OffboardingCase.closed_on.is_(None))).all()) if ids else set()


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


def _snapshot(session: Session, handover: Handover, account: Account) -> dict[str, Any]:
    from registry.models import Person

    giver = session.get(Person, handover.from_person_id) if handover.from_person_id else None
    receiver = session.get(Person, handover.to_person_id)
    snap = snapshots.handover(handover, account_subject=f"account:{handover.account_id}",
                              from_ref=giver.ref if giver else None, to_ref=receiver.ref)
    snap.update(role=handover.role, receiver_reason=handover.receiver_reason, complete=is_complete(handover, account.kind, account.platform))
    return snap


def has_open_handovers(session: Session, person_id: int) -> bool:
    """Whether the person still holds accounts, or has an open offboarding case with accounts not yet
    completely handed over (such a person's data must not be erased)."""
    from sqlmodel import or_, select

    from registry.models import Account

    held = session.exec(
        select(Account.id).where(
            or_(Account.custodian_id == person_id, Account.backup_custodian_id == person_id),
            Account.status != AccountStatus.archived.value,
        ).limit(1)
    ).first()
    if held is not None:
        return True
    return bool(offboarding.pending_entries_for_person(session, person_id))
