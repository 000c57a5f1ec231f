"""Waivers: one finding of one rule for one subject, accepted until a date, with a reason.

A waiver is keyed by the finding's fingerprint, which stays the same from run to run. Waiving
the same finding again replaces the waiver (a new reason, a later or earlier date); every
waiver is an event, so an audit "as of" a past moment sees the waivers of that moment. A waiver
counts up to and including its date and stops counting the day after.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import i18n
from registry.errors import StaleData, ValidationError

if TYPE_CHECKING:
    from registry.db import UnitOfWork
    from registry.models import Waiver

FINGERPRINT_RE = re.compile(r"^[0-9a-f]{8,32}$")

i18n.register(
    {
        "waiver.no_reason": (
            "A waiver needs a reason: say why the finding is accepted for now (--reason).",
            "Een vrijstelling heeft een reden nodig: zeg waarom de bevinding voorlopig wordt geaccepteerd (--reason).",
        ),
        "waiver.until_past": (
            "The waiver would end on {until}, before today ({today}); give a date from today on.",
            "De vrijstelling zou eindigen op {until}, vóór vandaag ({today}); geef een datum vanaf vandaag.",
        ),
        "waiver.changed_since_read": (
            "The finding {fingerprint} was waived by someone else while you were working on it. Nothing was saved; look at its waiver again (`smreg audit --explain {fingerprint}`) and retry.",
            "De bevinding {fingerprint} kreeg een vrijstelling van iemand anders terwijl u ermee bezig was. Er is niets opgeslagen; bekijk de vrijstelling opnieuw (`smreg audit --explain {fingerprint}`) en probeer het nog eens.",
        ),
        "waiver.bad_fingerprint": (
            "'{value}' is not a finding's fingerprint; copy it from `smreg audit` (a code of 16 letters and digits).",
            "'{value}' is geen vingerafdruk van een bevinding; neem hem over uit `smreg audit` (een code van 16 letters en cijfers).",
        ),
    }
)


def check_fingerprint(value: str) -> str:
    text = (value or "").strip().lower()
    if not FINGERPRINT_RE.match(text):
        raise ValidationError("waiver.bad_fingerprint", value=value[:40])
    return text


def set_waiver(uow: UnitOfWork, *, fingerprint: str, rule: str, subject: str, reason: str, until: date,
               today: date) -> Waiver:
    """Waive the finding with ``fingerprint`` (of ``rule`` about ``subject``, a log subject) until ``until``."""
    from sqlmodel import select

    from registry.models import Waiver

    fingerprint = check_fingerprint(fingerprint)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("waiver.no_reason")
    if until < today:
        raise ValidationError("waiver.until_past", until=until, today=today)
    from sqlalchemy.exc import IntegrityError

    from registry.db import bump_version

    session = uow.session
    waiver = session.exec(select(Waiver).where(Waiver.fingerprint == fingerprint)).first()
    before = snapshot(waiver) if waiver is not None else None
    stale = StaleData("waiver.changed_since_read", fingerprint=fingerprint)
    if waiver is None:
        waiver = Waiver(fingerprint=fingerprint, rule=rule, subject=subject, reason=reason, until=until,
                        waived_by=uow.actor[:200], waived_on=today)
        session.add(waiver)
        try:
            session.flush()
        except IntegrityError:  # waived by another writer meanwhile: its fingerprint is taken
            raise stale from None
    else:
        read_version = waiver.version
        waiver.rule, waiver.subject, waiver.reason, waiver.until = rule, subject, reason, until
        waiver.waived_by, waiver.waived_on = uow.actor[:200], today
        session.add(waiver)
        session.flush()
        # The log's snapshot is taken after the version check, from the values this transaction writes.
        if not bump_version(session, waiver, read_version):
            raise stale
    uow.log.record("waiver.set", f"waiver:{fingerprint}", before=before, after=snapshot(waiver))
    return waiver


def snapshot(waiver: Waiver) -> dict[str, Any]:
    return {
        "fingerprint": waiver.fingerprint,
        "rule": waiver.rule,
        "subject": waiver.subject,
        "reason": waiver.reason,
        "until": waiver.until,
        "by": waiver.waived_by,
        "on": waiver.waived_on,
    }
