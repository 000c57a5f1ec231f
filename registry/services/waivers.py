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
from registry.errors import ValidationError

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
    session = uow.session
    waiver = session.exec(select(Waiver).where(Waiver.fingerprint == fingerprint)).first()
    before = snapshot(waiver) if waiver is not None else None
    if waiver is None:
        waiver = Waiver(fingerprint=fingerprint, rule=rule, subject=subject, reason=reason, until=until,
                        waived_by=uow.actor[:200], waived_on=today)
    else:
        waiver.rule, waiver.subject, waiver.reason, waiver.until = rule, subject, reason, until
        waiver.waived_by, waiver.waived_on = uow.actor[:200], today
    session.add(waiver)
    session.flush()
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
