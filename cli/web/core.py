"""What every page shares: who is signed in, which language, CSRF, errors, headers.

Each page is a plain function of a :class:`Page` that calls registry and audit services and
returns a response; :func:`page` turns it into an endpoint. The endpoint reads the form, then
runs the function in a worker thread (the services are synchronous), after it has checked the
session, the role's permission and, for a POST, the form's CSRF token. A refused request is
answered by a 403 page, a missing thing by a 404 page and anything unexpected by a 500 page,
all in the user's language and none with a traceback or a value from the request.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from registry import i18n

log = logging.getLogger("smreg.web")

SESSION_COOKIE = "smreg_session"
LANG_COOKIE = "smreg_lang"
LOGIN_COOKIE = "smreg_login"
FORM_LIMIT = 64 * 1024          # an ordinary form
MAX_FIELDS = 200

i18n.register(
    {
        "web.error.403": ("You may not do this", "Dit mag u niet"),
        "web.error.403.text": (
            "Your role does not allow this, or the form had expired. Go back, reload the page and try again.",
            "Uw rol staat dit niet toe, of het formulier was verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.",
        ),
        "web.error.404": ("Page not found", "Pagina niet gevonden"),
        "web.error.404.text": ("There is no such page or record.", "Deze pagina of dit gegeven bestaat niet."),
        "web.error.413": ("File too large", "Bestand te groot"),
        "web.error.413.text": (
            "The file is larger than {limit} MB. Split it, or ask the administrator to raise the limit.",
            "Het bestand is groter dan {limit} MB. Splits het, of vraag de beheerder de grens te verhogen.",
        ),
        "web.error.500": ("Something went wrong", "Er ging iets mis"),
        "web.error.500.text": (
            "The server could not finish this request; nothing was changed. Try again; if it happens again, tell the administrator the time.",
            "De server kon dit verzoek niet afmaken; er is niets gewijzigd. Probeer het opnieuw; gebeurt het weer, geef de beheerder dan het tijdstip door.",
        ),
        "web.error.400": ("This could not be done", "Dit kon niet worden uitgevoerd"),
        "web.back_home": ("Back to the overview", "Terug naar het overzicht"),
    }
)


@dataclass(frozen=True)
class Config:
    """How ``smreg serve`` was started; the same in every worker process."""

    db: str | None = None
    trust_header: str | None = None
    secure_cookies: bool = True
    upload_limit: int = 20 * 1024 * 1024
    temp_dir: Path = field(default_factory=lambda: Path("."))
    language: str = "en"  # the server's own (--lang, SMREG_LANG, the locale): for a browser that names neither


class Refused(Exception):
    """The user may not do this (403)."""


class Missing(Exception):
    """No such page or record (404)."""


def choose_language(request: Request) -> str:
    """The switch's cookie, else the browser's preferred language among Dutch and English, else the
    language the server was started in."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in i18n.LANGUAGES:
        return chosen
    best, best_q = request.app.state.config.language, -1.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower()[:2]
        if code not in i18n.LANGUAGES:
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > best_q:
            best, best_q = code, q
    return best


@dataclass
class Page:
    """One request as a page function sees it."""

    request: Request
    config: Config
    store: Any
    lang: str
    user: Any = None            # registry.services.users.WebIdentity
    csrf: str = ""
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    cookies: list[tuple[str, str, int | None]] = field(default_factory=list)

    @property
    def query(self) -> dict[str, str]:
        return dict(self.request.query_params)

    @property
    def client(self) -> str:
        return self.request.client.host if self.request.client else "-"

    def may(self, permission: str) -> bool:
        return self.user is not None and self.user.may(permission)

    def need(self, permission: str) -> None:
        if not self.may(permission):
            raise Refused(permission)

    def uow(self, *, write: bool = True):
        """A unit of work whose events name the web user as actor (and the web as origin)."""
        return self.store.unit_of_work(actor=actor_for(self), write=write)

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        from cli.web.render import render

        body = render(template, page=self, **values)
        response = HTMLResponse(body, status_code=status)
        for name, value, max_age in self.cookies:
            set_cookie(response, self.config, name, value, max_age)
        return response

    def redirect(self, url: str) -> RedirectResponse:
        response = RedirectResponse(url, status_code=303)
        for name, value, max_age in self.cookies:
            set_cookie(response, self.config, name, value, max_age)
        return response


def actor_for(page: Page) -> str:
    """The event log's actor for a change made through the web."""
    return page.user.name if page.user is not None else "web"


def set_cookie(response: Response, config: Config, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", secure=config.secure_cookies, httponly=True,
                        samesite="strict")


def error_page(page_or_request, status: int, *, message: str | None = None, **params: Any) -> HTMLResponse:
    """An error page in the user's language: a title and one or two sentences, never a traceback."""
    from cli.web.render import render

    if isinstance(page_or_request, Page):
        page = page_or_request
    else:
        request = page_or_request
        page = Page(request=request, config=request.app.state.config, store=None, lang=choose_language(request))
    i18n.set_language(page.lang)
    key = f"web.error.{status}"
    text = message if message is not None else i18n.t(f"{key}.text", **params)
    body = render("error.html.j2", page=page, title=i18n.t(key), text=text)
    return HTMLResponse(body, status_code=status)


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def page(*, permission: str = "read", public: bool = False, upload: bool = False) -> Callable:
    """Make a page function an endpoint: sign-in, permission and CSRF checks, errors to pages."""

    def wrap(fn: Callable[[Page], Response]) -> Callable:
        async def endpoint(request: Request) -> Response:
            config: Config = request.app.state.config
            lang = choose_language(request)
            form: dict[str, str] = {}
            files: dict[str, tuple[str, bytes]] = {}
            if request.method == "POST":
                limit = config.upload_limit + FORM_LIMIT if upload else FORM_LIMIT
                length = request.headers.get("content-length")
                if length is None or not length.isdigit() or int(length) > limit:
                    probe = Page(request=request, config=config, store=None, lang=lang)
                    return error_page(probe, 413, limit=config.upload_limit // (1024 * 1024))
                parsed = await request.form(max_files=1 if upload else 0, max_fields=MAX_FIELDS,
                                            max_part_size=limit)
                for key, value in parsed.multi_items():
                    if isinstance(value, UploadFile):
                        files[key] = (value.filename or "", await value.read())
                        await value.close()
                    else:
                        form[key] = value
                await parsed.close()
            return await run_in_threadpool(_run, fn, request, config, lang, form, files, permission, public)

        endpoint.__name__ = fn.__name__
        endpoint.__doc__ = fn.__doc__
        return endpoint

    return wrap


def _run(fn, request: Request, config: Config, lang: str, form, files, permission: str, public: bool) -> Response:
    from registry import origin

    current = Page(request=request, config=config, store=request.app.state.store, lang=lang, form=form, files=files)
    # The request's events come from the web and its client (behind a proxy `serve` trusts,
    # uvicorn has taken the client from X-Forwarded-For); a refusal is logged as this request.
    with origin.origin_as(origin.Origin("web", client=request.client.host if request.client else None)), \
            origin.attempting(f"web.{request.method.lower()}", "web:" + quote(request.url.path)[:76]):
        return _answer(fn, current, request, lang, form, permission, public)


def _answer(fn, current: Page, request: Request, lang: str, form, permission: str, public: bool) -> Response:
    from registry.errors import NotFound, RegistryError

    i18n.set_language(lang)
    try:
        _sign_in(current)
        if current.user is None and not public:
            target = request.url.path
            return RedirectResponse("/login?next=" + quote(target, safe="/"), status_code=303)
        if current.user is not None and not current.user.may(permission):
            raise Refused(permission)
        if request.method == "POST":
            expected = current.csrf if current.user is not None else request.cookies.get(LOGIN_COOKIE, "")
            if not _same(form.get("csrf", ""), expected):
                raise Refused("csrf")
        return fn(current)
    except Refused as refused:
        if current.user is not None:  # an anonymous refusal is not the log's business (nor a way to fill it)
            from registry import origin

            reason = "csrf" if str(refused) == "csrf" else "forbidden"
            origin.record_refused(current.store, actor=actor_for(current), reason=reason, permission=str(refused))
        return error_page(current, 403)
    except (Missing, NotFound):
        return error_page(current, 404)
    except RegistryError as exc:
        return error_page(current, 400, message=str(exc))
    except Exception as exc:  # noqa: BLE001 - a page, never a traceback; the server log names the kind
        log.error("request failed: %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return error_page(current, 500)


def _sign_in(current: Page) -> None:
    """The session cookie's user, or the authenticating proxy's, or nobody."""
    from registry.services import users

    token = current.request.cookies.get(SESSION_COOKIE, "")
    proxied = current.request.headers.get(current.config.trust_header) if current.config.trust_header else None
    with current.store.unit_of_work(actor="web", write=False) as uow:
        active = users.session_for(uow, token=token) if token else None
    if active is not None and (proxied is None or proxied.strip() == active.user.name):
        current.user, current.csrf = active.user, active.csrf
        return
    if proxied:
        with current.store.unit_of_work(actor="web") as uow:
            identity = users.known_user(uow, name=proxied)
            if identity is None:
                return
            opened = users.open_session(uow, user=identity)
            uow.commit()
        current.user, current.csrf = identity, opened.csrf
        current.cookies.append((SESSION_COOKIE, opened.token, users.SESSION_HOURS * 3600))


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


def number(value: str | None, default: int = 1, *, low: int = 1, high: int = 10_000) -> int:
    try:
        return max(low, min(high, int(value or default)))
    except ValueError:
        return default
