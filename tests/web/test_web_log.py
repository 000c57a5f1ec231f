"""Without a browser: every web change is logged with the web user as actor and the origin web and
the client's address, and a forbidden request or a refused secret is logged as refused.

Plain HTTP requests (urllib) against the real ``smreg serve`` process of ``conftest.py``.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from helpers import ok

# The web tests' own conftest (the name "conftest" is the suite's): its users and server process.
_spec = importlib.util.spec_from_file_location("web_conftest", Path(__file__).with_name("conftest.py"))
web = sys.modules.setdefault("web_conftest", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(web)
PASSWORD = web.PASSWORD

SECRET = "Winter2026!Zon"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Client:
    """One browser-less visitor: its cookies (sent by hand: they are Secure) and extra headers."""

    url: str
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.url + path, data=data, headers=dict(self.headers))
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = _OPENER.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")

    def csrf(self, path: str) -> str:
        return re.search(r'name="csrf" value="([^"]+)"', self.request(path)[1]).group(1)


def sign_in(url: str, name: str, **headers: str) -> Client:
    client = Client(url, headers=headers)
    token = client.csrf("/login")
    status, _ = client.request("/login", {"csrf": token, "next": "/", "name": name, "password": PASSWORD})
    assert status == 303 and client.cookies.get("smreg_session"), status
    return client


def _log(db: str) -> list[dict]:
    return ok(db, "log", "show", "--format", "json").json()


def test_web_changes_name_the_web_user_and_client_and_refusals_are_logged(server):
    it = sign_in(server.url, "it")
    count = len(_log(server.db))
    status, _ = it.request("/accounts/1/archive", {"csrf": it.csrf("/accounts/1")})
    assert status == 303
    done = _log(server.db)[count:]  # the account, and the leaver's case it leaves
    assert "account:1" in {e["subject"] for e in done}
    assert {(e["actor"], e["result"], tuple(sorted(e["origin"].items()))) for e in done} == {
        ("it", "done", (("client", "127.0.0.1"), ("kind", "web")))
    }

    auditor = sign_in(server.url, "auditor")
    count = len(_log(server.db))
    status, _ = auditor.request("/accounts/2/archive", {"csrf": auditor.csrf("/accounts/2")})
    assert status == 403
    entries = _log(server.db)
    assert len(entries) == count + 1
    refused = entries[-1]
    assert (
        refused["actor"],
        refused["action"],
        refused["subject"],
        refused["result"],
        refused["origin"],
    ) == ("auditor", "web.post", "web:/accounts/2/archive", "refused", {"kind": "web", "client": "127.0.0.1"})
    assert "reason=forbidden" in refused["changes"]
    about = ok(server.db, "log", "show", "--subject", "web:/accounts/2/archive", "--format", "json").json()
    assert [e["seq"] for e in about] == [refused["seq"]]
    assert [
        a["status"] for a in ok(server.db, "account", "list", "--format", "json").json() if a["id"] == 2
    ] == ["active"]

    status, _ = it.request("/accounts/2/archive", {"csrf": "forged"})
    assert status == 403 and "reason=csrf" in _log(server.db)[-1]["changes"]

    form = {
        "csrf": it.csrf("/accounts/new"),
        "platform": "x",
        "handle": "ZonNieuws",
        "unit": "ZON",
        "custodian": "1001",
        "vault_ref": SECRET,
    }
    status, body = it.request("/accounts/new", form)
    assert status == 400 and SECRET not in body
    secret = _log(server.db)[-1]
    assert (secret["action"], secret["subject"], secret["result"], secret["origin"]["kind"]) == (
        "web.post",
        "web:/accounts/new",
        "refused",
        "web",
    )
    assert "reason=secret" in secret["changes"] and SECRET not in str(_log(server.db))
    assert "intact" in ok(server.db, "log", "verify").stdout


def test_nobody_signed_in_fills_the_log_with_refusals(server):
    count = len(_log(server.db))
    anonymous = Client(server.url)
    anonymous.csrf("/login")
    status, _ = anonymous.request("/login", {"csrf": "forged", "name": "it", "password": PASSWORD})
    assert status == 403 and len(_log(server.db)) == count


def test_behind_the_proxy_on_this_host_the_client_is_the_address_the_proxy_added(server):
    # The proxy appends the address it saw; what a client wrote in front of it is not believed.
    it = sign_in(server.url, "it", **{"X-Forwarded-For": "198.51.100.66, 203.0.113.9"})
    it.request("/accounts/1/archive", {"csrf": it.csrf("/accounts/1")})
    assert _log(server.db)[-1]["origin"] == {"kind": "web", "client": "203.0.113.9"}
