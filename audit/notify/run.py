"""``smreg notify``: plan, compose, send (or write, or only list), and record each message as it goes.

The run holds the ``notify`` lock, so two runs never overlap. Each message's items are recorded in
a transaction of their own right after the mail server took the message: if the server fails
half-way, what went out stays recorded and the next run sends only the rest, never a message twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.notify.compose import Composed, compose
from audit.notify.plan import CaseSummary, Recipient, plan

if TYPE_CHECKING:
    from audit.notify.mail import MailFailed
    from registry.db import Store


@dataclass(frozen=True)
class Planned:
    recipient: Recipient
    lang: str
    message: Composed


@dataclass
class Outcome:
    planned: list[Planned]
    delivered: list[Planned] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    failure: MailFailed | None = None

    @property
    def left(self) -> int:
        return len(self.planned) - len(self.delivered)


def language(settings: dict[str, Any]) -> str:
    """The recipients' language: the setting, else Dutch for an organisation with a .nl domain, else English."""
    chosen = str(settings.get("notify.language") or "").lower()
    if chosen in ("nl", "en"):
        return chosen
    return "nl" if any(str(d).lower().endswith(".nl") for d in settings.get("domains") or ()) else "en"


def prepare(store: Store, *, actor: str, now: datetime) -> tuple[list[Planned], dict[str, Any]]:
    """Who gets which message now (nothing is sent or recorded)."""
    from audit import engine
    from audit.checklist import report
    from audit.reports import ReportFormat, render
    from registry.services import checklists as case_lists
    from registry.services import config, notifications
    from registry.services.handovers import missing_items

    state = engine.state_at(store)
    result = engine.result_of(state)
    with store.unit_of_work(actor=actor, write=False) as uow:
        settings = config.all_settings(uow.session)
        lang = language(settings)
        organisation = str(settings.get("organisation") or "")
        contacts = notifications.contacts(uow.session)
        sent = notifications.sent(uow.session)
        cases, checklists = [], {}
        for case_id, employee_id in notifications.open_case_people(uow.session):
            checklist = case_lists.checklist(uow.session, employee_id, today=state.on)
            # The printable checklist reads the handovers' evidence, so it is built while they are loaded.
            checklists[employee_id] = report(checklist, organisation=organisation, lang=lang, now=now)
            lacking = tuple((e.account, e.receiver, missing_items(e.handover) if e.handover else ())
                            for e in checklist.entries if not e.done)
            if lacking:
                cases.append(CaseSummary(case_id=case_id, person=checklist.person, employee_id=employee_id,
                                         unit=checklist.unit, end_date=checklist.end_date,
                                         done=sum(e.done for e in checklist.entries), total=len(checklist.entries),
                                         lacking=lacking))
    web = str(settings.get("web.url") or "")
    recipients = plan(result=result, state=state, contacts=contacts, cases=cases, sent=sent, settings=settings,
                      now=now, checklists=None if web else checklists)
    planned = []
    for recipient in recipients:
        files = {eid: render(checklist, ReportFormat.HTML) for eid, checklist in recipient.attach.items()}
        planned.append(Planned(recipient, lang, compose(recipient, lang=lang, organisation=organisation,
                                                        web_url=web, attachments=files)))
    return planned, settings


def run(store: Store, *, actor: str, now: datetime, dry_run: bool = False, out_dir: Path | None = None) -> Outcome:
    """Send (or write to ``out_dir``) every due message; with ``dry_run`` only say what would go."""
    from audit.notify import mail
    from registry.services import locks, notifications

    with locks.exclusive(store, "notify"):
        planned, settings = prepare(store, actor=actor, now=now)
        outcome = Outcome(planned)
        if dry_run or not planned:
            return outcome
        transport = None if out_dir is not None else mail.Transport(settings)
        sender = transport.sender if transport else str(settings.get("smtp.from") or "smreg@localhost")
        try:
            for index, item in enumerate(planned, start=1):
                msg = mail.message(item.message, sender=sender, to=item.recipient.address,
                                   name=item.recipient.name, now=now)
                try:
                    if transport is None:
                        outcome.written.append(mail.write_eml(msg, out_dir, index))
                    else:
                        transport.send(msg)
                except mail.MailFailed as failure:
                    outcome.failure = failure
                    break
                with store.unit_of_work(actor=actor) as uow:
                    notifications.mark_sent(uow, recipient=item.recipient.key, at=now,
                                            items=[(i.topic, i.key, i.state) for i in item.recipient.items])
                    uow.commit()
                outcome.delivered.append(item)
        finally:
            if transport is not None:
                transport.close()
        return outcome
