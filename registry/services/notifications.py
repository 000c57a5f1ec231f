"""What ``smreg notify`` needs from the store: addresses, open cases, and what was sent when.

Sending is recorded per recipient, topic and item (a finding's fingerprint, an offboarding case),
with a short hash of what was said about the item. An item is due again when it is new, when what
the message would say about it changed, or when the reminder interval has passed since it was last
sent. Each message's items are recorded in a transaction of their own right after the mail server
accepted it, so a run that fails half-way keeps what it sent and the next run sends only the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from registry import clock

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork


@dataclass(frozen=True)
class Contact:
    """A person who may receive a notification (only those not erased, with an e-mail address)."""

    ref: str
    employee_id: str
    name: str
    email: str | None
    unit: str | None


def contacts(session: Session) -> dict[str, Contact]:
    """Everyone not erased, by their log reference."""
    from sqlmodel import select

    from registry.models import Person, Unit

    units = {u.id: u.code for u in session.exec(select(Unit))}
    return {p.ref: Contact(ref=p.ref, employee_id=p.employee_id or "", name=p.name or p.employee_id or "",
                           email=p.email or None, unit=units.get(p.unit_id))
            for p in session.exec(select(Person).where(Person.erased_on.is_(None)))}


def open_case_people(session: Session) -> list[tuple[int, str]]:
    """(case id, employee id) of every open offboarding case, by end date."""
    from sqlmodel import select

    from registry.models import OffboardingCase, Person

    rows = session.exec(
        select(OffboardingCase.id, Person.employee_id).join(Person, Person.id == OffboardingCase.person_id)
        .where(OffboardingCase.closed_on.is_(None), Person.erased_on.is_(None))
        .order_by(OffboardingCase.end_date, OffboardingCase.id)
    ).all()
    return [(case_id, employee_id) for case_id, employee_id in rows if employee_id]


@dataclass(frozen=True)
class Sent:
    state: str
    sent_at: datetime


def sent(session: Session) -> dict[tuple[str, str, str], Sent]:
    """What was sent, by (recipient, topic, item)."""
    from sqlmodel import select

    from registry.models import Notification

    return {(n.recipient, n.topic, n.item): Sent(n.state, datetime.fromisoformat(n.sent_at.replace("Z", "+00:00")))
            for n in session.exec(select(Notification))}


def is_due(previous: Sent | None, state: str, *, now: datetime, remind_after_days: int | None) -> bool:
    """New, changed, or (where reminders apply) last sent at least the interval ago."""
    if previous is None or previous.state != state:
        return True
    if remind_after_days is None:
        return False
    return now - previous.sent_at >= timedelta(days=remind_after_days)


def mark_sent(uow: UnitOfWork, *, recipient: str, items: list[tuple[str, str, str]], at: datetime | None = None) -> None:
    """Record that ``recipient`` was sent these (topic, item, state)."""
    from sqlmodel import select

    from registry.models import Notification

    stamp = clock.stamp(at)
    existing = {(n.topic, n.item): n for n in uow.session.exec(select(Notification).where(Notification.recipient == recipient))}
    for topic, item, state in items:
        row = existing.get((topic, item))
        if row is None:
            uow.session.add(Notification(recipient=recipient, topic=topic, item=item, state=state, sent_at=stamp))
        else:
            row.state, row.sent_at = state, stamp
            uow.session.add(row)


def today() -> date:
    return clock.today()
