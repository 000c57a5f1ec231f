"""Signing in and out: a password form, or the user an authenticating proxy names."""

from __future__ import annotations

from starlette.routing import Route

from cli.web import texts  # noqa: F401 - registers the shared texts
from cli.web.core import LOGIN_COOKIE, SESSION_COOKIE, Page, new_login_token, page
from registry import i18n


def _safe_next(target: str | None) -> str:
    # Only a path on this site: never an address elsewhere (open redirect).
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@page(public=True)
def login_form(p: Page):
    if p.user is not None:
        return p.redirect(_safe_next(p.query.get("next")))
    token = p.request.cookies.get(LOGIN_COOKIE) or new_login_token()
    p.cookies.append((LOGIN_COOKIE, token, 3600))
    notice = i18n.t("web.login.signed_out") if p.query.get("out") == "1" else None
    return p.render("login.html.j2", token=token, next=_safe_next(p.query.get("next")), problem=None, notice=notice, name="")


@page(public=True)
def login(p: Page):
    from registry.services import users

    name = p.form.get("name", "")
    with p.uow() as uow:
        try:
            identity = users.authenticate(uow, name=name, password=p.form.get("password", ""), address=p.client)
        except users.LoginRefused as refused:
            uow.commit()  # the failure counts, so the next try waits
            token = p.request.cookies.get(LOGIN_COOKIE, "")
            status = 429 if refused.wait else 401
            return p.render("login.html.j2", status=status, token=token, next=_safe_next(p.form.get("next")),
                            problem=str(refused), notice=None, name=name)
        opened = users.open_session(uow, user=identity)
        uow.commit()
    p.cookies.append((SESSION_COOKIE, opened.token, users.SESSION_HOURS * 3600))
    p.cookies.append((LOGIN_COOKIE, "", 0))
    return p.redirect(_safe_next(p.form.get("next")))


@page()
def logout(p: Page):
    from registry.services import users

    with p.uow() as uow:
        users.close_session(uow, token=p.request.cookies.get(SESSION_COOKIE, ""))
        uow.commit()
    p.cookies.append((SESSION_COOKIE, "", 0))
    return p.redirect("/login?out=1")


ROUTES = [
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]
