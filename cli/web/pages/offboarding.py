"""Offboarding: the queue of open cases, and a leaver's checklist where HR records each handover step."""

from __future__ import annotations

from urllib.parse import quote

from starlette.routing import Route

from cli.web.core import Page, number, page
from registry import i18n

i18n.register(
    {
        "web.offboarding.title": ("Offboarding", "Vertrek"),
        "web.offboarding.queue": ("Open cases by last working day", "Open dossiers op laatste werkdag"),
        "web.offboarding.checklist": ("Offboarding checklist of {person}", "Vertrekchecklist van {person}"),
        "web.offboarding.case": ("{id}, {unit}; last working day {end}", "{id}, {unit}; laatste werkdag {end}"),
        "web.offboarding.receiver": ("Receiver", "Ontvanger"),
        "web.offboarding.rotated_on": ("Rotated on", "Gewijzigd op"),
        "web.offboarding.tick": ("Tick: {item}", "Afvinken: {item}"),
        "web.offboarding.ticked": ("Recorded.", "Vastgelegd."),
        "web.offboarding.item_done": ("done", "gedaan"),
        "web.offboarding.item_open": ("to do", "te doen"),
        "web.offboarding.optional": ("(optional)", "(optioneel)"),
        "web.offboarding.account_done": ("handed over", "overgedragen"),
        "web.offboarding.items_done": ("{done} of {total} items", "{done} van {total} onderdelen"),
        "web.offboarding.closed": ("This case is closed: every account is handed over.", "Dit dossier is gesloten: alle accounts zijn overgedragen."),
        "web.offboarding.conflict": (
            "This checklist was changed by someone else while you had it open. Nothing was saved; reload the page and try again.",
            "Deze checklist is door iemand anders gewijzigd terwijl u hem open had. Er is niets opgeslagen; laad de pagina opnieuw en probeer het nog eens.",
        ),
        "web.offboarding.reload": ("Reload", "Opnieuw laden"),
        "web.offboarding.print": ("Print", "Afdrukken"),
        "web.offboarding.nobody": ("nobody available", "niemand beschikbaar"),
        "web.offboarding.overdue": ("overdue", "te laat"),
    }
)


@page()
def queue(p: Page):
    from registry import clock
    from registry.services import views

    with p.uow(write=False) as uow:
        cases = views.offboarding_queue(uow, today=clock.today())
    return p.render("offboarding.html.j2", cases=cases)


def _checklist(p: Page, employee_id: str, *, notice=None, problem=None, status=200):
    from registry import clock
    from registry.services import views

    with p.uow(write=False) as uow:
        case, rows = views.checklist_rows(uow, employee_id=employee_id, today=clock.today())
    return p.render("checklist.html.j2", status=status, case=case, rows=rows, notice=notice,
                    problem=problem, employee_id=employee_id, today=clock.today().isoformat())


@page()
def checklist(p: Page):
    notice = i18n.t("web.offboarding.ticked") if p.query.get("done") == "1" else None
    return _checklist(p, p.request.path_params["employee_id"], notice=notice)


@page(permission="handover")
def tick(p: Page):
    """One evidence item of one account: one handover step, refused if the page went stale."""
    from registry import clock, evidence
    from registry.errors import StaleData, ValidationError
    from registry.io.dates import parse_date
    from registry.services import handovers

    employee_id = p.request.path_params["employee_id"]
    item = p.form.get("item", "")
    if item not in evidence.BY_KEY:
        raise ValidationError("web.offboarding.bad_item")
    today = clock.today()
    given = parse_date(p.form.get("rotated_on") or today.isoformat()) if item in evidence.DATED else True
    account_id = number(p.form.get("account"), 0, low=0, high=2**31)
    try:
        with p.uow() as uow:
            handovers.record_handover(uow, str(account_id),
                                      p.form.get("receiver", ""), today=today, evidence={item: given},
                                      expected_version=number(p.form.get("version"), 0, low=0, high=2**31))
            uow.commit()
    except StaleData:
        return _checklist(p, employee_id, problem=i18n.t("web.offboarding.conflict"), status=409)
    return p.redirect(f"/offboarding/{quote(employee_id)}?done=1#account-{account_id}")


i18n.register({"web.offboarding.bad_item": ("There is no such checklist item.", "Dit onderdeel staat niet op de checklist.")})

ROUTES = [
    Route("/offboarding", queue, methods=["GET"]),
    Route("/offboarding/{employee_id}", checklist, methods=["GET"]),
    Route("/offboarding/{employee_id}/tick", tick, methods=["POST"]),
]
