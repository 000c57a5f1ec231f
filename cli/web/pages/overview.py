"""The overview: accounts by unit and platform, open findings, leavers, overdue handovers, reviews waiting."""

from __future__ import annotations

from starlette.routing import Route

from cli.web.core import Page, page
from registry import i18n

i18n.register(
    {
        "web.overview.title": ("Overview", "Overzicht"),
        "web.overview.accounts": ("Accounts by unit and platform", "Accounts per eenheid en platform"),
        "web.overview.findings": ("Open findings by severity", "Open bevindingen per ernst"),
        "web.overview.leavers": ("Leaving in the coming 30 days", "Vertrekt in de komende 30 dagen"),
        "web.overview.overdue": ("Overdue handovers", "Achterstallige overdrachten"),
        "web.overview.waiting": ("Observed accounts waiting for review", "Gevonden accounts die op beoordeling wachten"),
        "web.overview.total": ("total", "totaal"),
        "web.overview.waived": ("waived", "vrijgesteld"),
        "web.overview.to_review": ("Review them", "Beoordeel ze"),
        "web.col.unit": ("unit", "eenheid"),
        "web.col.end_date": ("last day", "laatste werkdag"),
        "web.col.person": ("person", "persoon"),
        "web.col.progress": ("handed over", "overgedragen"),
        "web.progress": ("{done} of {total}", "{done} van {total}"),
    }
)


@page()
def overview(p: Page):
    from audit import live
    from registry import clock
    from registry.services import views

    today = clock.today()
    with p.store.reader() as reader, p.uow(write=False) as uow:
        data = views.overview(reader, uow, today=today)
    summary = live.today(p.store).summary()
    return p.render("overview.html.j2", data=data, summary=summary)


ROUTES = [Route("/", overview, methods=["GET"])]
