"""Signing in to a real ``smreg serve``: failed tries slow down per client address as well as per user name."""

from __future__ import annotations

import httpx

PASSWORD = "a long test password"  # the web users of tests/web/conftest.py


def _try(server, name: str, password: str, address: str) -> int:
    with httpx.Client(base_url=server.url, headers={"X-Forwarded-For": address}) as http:
        http.get("/login")
        token = http.cookies.get("smreg_login")  # a Secure cookie, which httpx keeps to https
        form = {"csrf": token, "name": name, "password": password, "next": "/"}
        return http.post("/login", data=form, headers={"cookie": f"smreg_login={token}"}).status_code


def test_guessing_many_user_names_from_one_address_slows_that_address_and_no_other(server):
    # The proxy on 127.0.0.1 names the browser's address; each name below is tried once.
    statuses = [_try(server, f"guess{n}", "wrong password!", "203.0.113.7") for n in range(10)]
    assert statuses == [401] * 9 + [429]
    assert _try(server, "hr", PASSWORD, "203.0.113.7") == 429     # even the right password must wait
    assert _try(server, "hr", PASSWORD, "198.51.100.4") == 303    # another address signs in
