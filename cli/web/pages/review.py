"""Review of observed accounts: confirm, dismiss, request removal or resolve, with a note."""

from __future__ import annotations

from starlette.routing import Route

from cli.web.core import Page, number, page
from registry import i18n

PER_PAGE = 50

i18n.register(
    {
        "web.review.title": ("Review of observed accounts", "Gevonden accounts beoordelen"),
        "web.review.state": ("Review state", "Beoordeling"),
        "web.review.note": ("Note", "Notitie"),
        "web.review.decide": ("Record", "Vastleggen"),
        "web.review.saved": ("The review is recorded.", "De beoordeling is vastgelegd."),
        "web.review.verdict": ("scan", "scan"),
        "web.review.resembles": ("resembles", "lijkt op"),
        "review_state.new": ("new", "nieuw"),
        "review_state.confirmed": ("confirmed", "bevestigd"),
        "review_state.dismissed": ("dismissed", "afgewezen"),
        "review_state.removal-requested": ("removal requested", "verwijdering gevraagd"),
        "review_state.resolved": ("resolved", "opgelost"),
    }
)


def _states():
    from registry.services import observed

    return observed.STATES, observed.REVIEW_STATES


@page()
def listing(p: Page):
    from registry.services import observed

    states, review_states = _states()
    state = p.query.get("state") or None
    if state not in states:
        state = None
    with p.store.reader() as reader:
        rows = observed.listing(reader, state=state)
    number_ = number(p.query.get("page_no"))
    pages = max(1, -(-len(rows) // PER_PAGE))
    number_ = min(number_, pages)
    notice = i18n.t("web.review.saved") if p.query.get("done") == "1" else None
    return p.render("review.html.j2", rows=rows[(number_ - 1) * PER_PAGE: number_ * PER_PAGE], total=len(rows),
                    number=number_, pages=pages, states=states, review_states=review_states, state=state or "",
                    notice=notice)


@page(permission="observed")
def decide(p: Page):
    from registry import clock
    from registry.services import observed

    ref = str(number(p.request.path_params["observed_id"], 0, low=0, high=2**31))
    with p.uow() as uow:
        observed.review(uow, ref, state=p.form.get("state", ""), note=p.form.get("note"), today=clock.today())
        uow.commit()
    back = p.form.get("back_state", "")
    return p.redirect("/review?done=1" + (f"&state={back}" if back in _states()[0] else ""))


ROUTES = [
    Route("/review", listing, methods=["GET"]),
    Route("/review/{observed_id}", decide, methods=["POST"]),
]
