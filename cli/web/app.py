"""The web application: routes, security headers, the language switch, error pages.

``create_app`` is what uvicorn runs in each worker process; it reads its settings from the
environment that ``smreg serve`` set (``SMREG_WEB_*``), so every worker serves the same store
the same way.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from cli.web.core import LANG_COOKIE, Config, error_page
from registry import i18n

# No script at all, nothing from elsewhere, no framing; forms post only back here.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Every response gets the strict headers and its server time; pages are never cached (they show personal data)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        static = scope["path"].startswith("/static/")
        started = time.perf_counter()

        async def sending(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers.extend(HEADERS)
                # How long smreg took, for the benchmarks and a browser's developer tools.
                headers.append((b"server-timing", f"app;dur={(time.perf_counter() - started) * 1000:.1f}".encode()))
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        return await self.app(scope, receive, sending)


class LanguageSwitch:
    """``?lang=nl`` or ``?lang=en`` on any page: remember the choice, show the same page again."""

    def __init__(self, app, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") == "GET" and b"lang=" in scope.get("query_string", b""):
            params = parse_qsl(scope["query_string"].decode("latin-1"))
            wanted = dict(params).get("lang", "")
            if wanted in ("nl", "en"):
                rest = urlencode([(k, v) for k, v in params if k != "lang"])
                location = scope["path"] + ("?" + rest if rest else "")
                cookie = f"{LANG_COOKIE}={wanted}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict"
                if self.secure:
                    cookie += "; Secure"
                await send({"type": "http.response.start", "status": 303,
                            "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode()),
                                        (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
        return await self.app(scope, receive, send)


def config_from_env() -> Config:
    return Config(
        db=os.environ.get("SMREG_DATABASE_URL") or None,
        trust_header=os.environ.get("SMREG_WEB_TRUST_HEADER") or None,
        secure_cookies=os.environ.get("SMREG_WEB_INSECURE_COOKIES") != "1",
        upload_limit=int(os.environ.get("SMREG_WEB_UPLOAD_MB", "20")) * 1024 * 1024,
        temp_dir=Path(os.environ.get("SMREG_WEB_TMP") or "."),
        language=os.environ.get("SMREG_WEB_LANG") if os.environ.get("SMREG_WEB_LANG") in i18n.LANGUAGES else "en",
    )


def routes() -> list:
    from cli.web.pages import accounts, audit, imports, login, offboarding, overview, people, reports, review

    found = []
    for module in (login, overview, accounts, people, offboarding, audit, review, imports, reports):
        found.extend(module.ROUTES)
    found.append(Mount("/static", app=StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"))
    return found


async def _http_error(request, exc: HTTPException):
    status = exc.status_code if exc.status_code in (403, 404) else 400
    return error_page(request, status)


async def _server_error(request, exc: Exception):
    return error_page(request, 500)


def create_app(config: Config | None = None) -> Starlette:
    import tempfile

    from cli.common import STATE, open_store

    config = config or config_from_env()
    # Uploaded files are spooled into the private folder only, never the system's temporary one.
    config.temp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    tempfile.tempdir = str(config.temp_dir)
    STATE.db = config.db
    app = Starlette(routes=routes(), exception_handlers={HTTPException: _http_error, 500: _server_error})
    app.state.config = config
    app.state.store = open_store()
    app.add_middleware(LanguageSwitch, secure=config.secure_cookies)
    app.add_middleware(SecurityHeaders)
    return app
