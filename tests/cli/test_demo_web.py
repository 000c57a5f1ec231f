"""The demo ends with how to open it in the browser, and the users it names can sign in."""

from __future__ import annotations

import re

from helpers import ok


def test_the_demo_names_a_web_user_for_each_role_who_can_sign_in(tmp_path, monkeypatch):
    from registry import settings
    from registry.db import Store
    from registry.services import users

    result = ok(str(tmp_path / "unused.db"), "demo", "--dir", str(tmp_path / "demo"))
    tail = result.stdout.split("Open it in the browser", 1)[1]
    assert "smreg serve" in tail and "http://127.0.0.1:8765/" in tail
    named = re.findall(r"^\s+(\S+)\s+password (\S+)\s+\((\w+)\)$", tail, re.M)
    assert sorted(role for _, _, role in named) == sorted(users.ROLES)
    monkeypatch.setenv("SMREG_KEY_FILE", str(tmp_path / "demo" / "key"))
    store = Store(settings.resolve(str(tmp_path / "demo" / "demo.db")))
    for name, password, role in named:
        with store.unit_of_work(actor="t") as uow:
            assert users.authenticate(uow, name=name, password=password).role == role
