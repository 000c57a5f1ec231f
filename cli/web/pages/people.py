"""People: their status and the accounts each holds; HR records a departure."""

from __future__ import annotations

from starlette.routing import Route

from cli.web.core import Missing, Page, number, page
from registry import i18n

STATUSES = ("active", "leaving", "left", "erased")

i18n.register(
    {
        "web.people.title": ("People", "Personen"),
        "web.people.search": ("Employee id, name, e-mail or function", "Personeelsnummer, naam, e-mail of functie"),
        "web.people.held": ("Accounts held", "Beheerde accounts"),
        "web.people.leave": ("Record the departure", "Vertrek vastleggen"),
        "web.people.last_day": ("Last working day", "Laatste werkdag"),
        "web.people.left_saved": ("The departure is recorded; the offboarding case is open.",
                                  "Het vertrek is vastgelegd; het vertrekdossier is geopend."),
        "web.people.checklist": ("Offboarding checklist", "Vertrekchecklist"),
        "web.offboarding.role": ("role", "rol"),
        "web.role.custodian": ("custodian", "beheerder"),
        "web.role.backup_custodian": ("backup custodian", "reservebeheerder"),
    }
)


@page()
def listing(p: Page):
    from registry import clock
    from registry.services import views

    q = p.query
    with p.store.reader() as reader, p.uow(write=False) as uow:
        found = views.search_people(reader, uow, today=clock.today(), text=q.get("q", ""), unit=q.get("unit", ""),
                                    status=q.get("status", ""), page=number(q.get("page_no")))
        units, _ = views.units_and_platforms(uow)
    return p.render("people.html.j2", found=found, units=units, statuses=STATUSES, q=q)


def _person_page(p: Page, employee_id: str, *, notice=None, problem=None, status=200):
    from registry import clock
    from registry.errors import NotFound
    from registry.services import people, views

    with p.uow(write=False) as uow:
        try:
            person = people.find(uow, employee_id=employee_id)
        except NotFound:
            raise Missing() from None
        shown = people.shown(uow, person=person, on=clock.today())
        held = views.held_accounts(uow, person_id=person.id)
    return p.render("person.html.j2", status=status, person=shown, held=held, notice=notice, problem=problem)


@page()
def show(p: Page):
    notice = i18n.t("web.people.left_saved") if p.query.get("done") == "1" else None
    return _person_page(p, p.request.path_params["employee_id"], notice=notice)


@page(permission="people")
def leave(p: Page):
    from registry.errors import RegistryError
    from registry.io.dates import parse_date
    from registry.services import people

    employee_id = p.request.path_params["employee_id"]
    try:
        with p.uow() as uow:
            people.leave(uow, employee_id, parse_date(p.form.get("on", "")))
            uow.commit()
    except RegistryError as exc:
        return _person_page(p, employee_id, problem=str(exc), status=400)
    return p.redirect(f"/people/{employee_id}?done=1")


ROUTES = [
    Route("/people", listing, methods=["GET"]),
    Route("/people/{employee_id}", show, methods=["GET"]),
    Route("/people/{employee_id}/leave", leave, methods=["POST"]),
]
