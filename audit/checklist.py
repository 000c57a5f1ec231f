"""One leaver's offboarding checklist as a report (``smreg offboard``).

The registry gathers the case (:func:`registry.services.checklists.checklist`); this module turns
it into an :class:`~audit.reports.model.OffboardingReport` with that one case, which the report
renderers print in Markdown, HTML or JSON, in Dutch or English.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from audit.reports.model import (
    ChecklistItem,
    OffboardingAccount,
    OffboardingCase,
    OffboardingReport,
)

if TYPE_CHECKING:
    from registry.services.checklists import CaseChecklist, ChecklistEntry

def _items(entry: ChecklistEntry) -> tuple[ChecklistItem, ...]:
    """The evidence items that apply to the account, each ticked when its handover records it."""
    handover = entry.handover
    items = []
    for item in entry.items:
        value = getattr(handover, item.key) if handover is not None else None
        items.append(ChecklistItem(key=item.report_code, done=bool(value), done_on=value if item.dated else None))
    return tuple(items)


def report(checklist: CaseChecklist, *, organisation: str, lang: str, now: datetime) -> OffboardingReport:
    """The printable checklist of one leaver."""
    accounts = tuple(
        OffboardingAccount(account=entry.account, display_name=entry.display_name, role=entry.role,
                           receiver=entry.receiver, receiver_reason=entry.receiver_reason, items=_items(entry),
                           complete=entry.done)
        for entry in checklist.entries
    )
    case = OffboardingCase(person=checklist.person, employee_id=checklist.employee_id, unit=checklist.unit,
                           end_date=checklist.end_date, opened_on=checklist.opened_on, accounts=accounts,
                           closed=checklist.closed)
    return OffboardingReport(organisation=organisation, as_of=now, generated_at=now, cases=(case,), lang=lang)
