"""Web users through the command line: roles, passwords hashed, sign-ins slowed down after failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy
from typer.testing import CliRunner

from cli.app import app

PASSWORD = "a long test password"


def _user(db: str, *args: str, password: str = PASSWORD):
    result = CliRunner().invoke(app, ["--db", db, "--lang", "en", "user", *args], input=f"{password}\n{password}\n",
                                catch_exceptions=False)
    return result


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path):
    return small_registry_copy(request.param, request, tmp_path)


def test_users_are_added_listed_and_removed_and_the_log_holds_no_password(db):
    assert _user(db, "add", "sanne", "--role", "hr").exit_code == 0
    assert _user(db, "add", "kees", "--role", "auditor").exit_code == 0
    listed = ok(db, "user", "list", "--format", "json").json()
    assert [(u["name"], u["role"], u["password"]) for u in listed] == [("kees", "auditor", True), ("sanne", "hr", True)]
    assert ok(db, "user", "remove", "kees").exit_code == 0
    assert [u["name"] for u in ok(db, "user", "list", "--format", "json").json()] == ["sanne"]
    log = ok(db, "log", "show", "--format", "json").stdout
    assert "user.added" in log and "user.removed" in log
    assert PASSWORD not in log and "argon2" not in log


def test_a_bad_role_a_short_password_and_a_duplicate_are_refused(db):
    result = _user(db, "add", "sanne", "--role", "boss")
    assert result.exit_code == 3 and "it, hr, auditor, admin" in result.stderr
    result = _user(db, "add", "sanne", "--role", "hr", password="short")
    assert result.exit_code == 3 and "at least 12 characters" in result.stderr
    assert _user(db, "add", "sanne", "--role", "hr").exit_code == 0
    assert _user(db, "add", "sanne", "--role", "it").exit_code == 3
    assert smreg(db, "user", "remove", "nobody").exit_code == 3


def test_passwords_are_stored_as_argon2_hashes_and_checked(db):
    from sqlmodel import select

    from registry import settings
    from registry.db import Store
    from registry.models import WebUser
    from registry.services import users

    _user(db, "add", "sanne", "--role", "hr")
    store = Store(settings.resolve(db))
    with store.unit_of_work(actor="t", write=False) as uow:
        (stored,) = uow.session.exec(select(WebUser)).all()
        assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    with store.unit_of_work(actor="t") as uow:
        assert users.authenticate(uow, name="sanne", password=PASSWORD).role == "hr"
    assert _user(db, "passwd", "sanne", password="another long password").exit_code == 0
    with store.unit_of_work(actor="t") as uow, pytest.raises(users.LoginRefused):
        users.authenticate(uow, name="sanne", password=PASSWORD)


def test_after_three_failed_sign_ins_the_next_try_must_wait_longer_each_time(db):
    from registry import clock, settings
    from registry.db import Store
    from registry.services import users

    _user(db, "add", "sanne", "--role", "hr")
    store = Store(settings.resolve(db))
    now = clock.now()
    waits = []
    for attempt in range(5):
        with store.unit_of_work(actor="t") as uow:
            with pytest.raises(users.LoginRefused) as refused:
                users.authenticate(uow, name="sanne", password="wrong password!", now=now + timedelta(hours=attempt))
            uow.commit()
        waits.append(refused.value.wait)
    assert waits == [0, 0, 2, 4, 8]
    with store.unit_of_work(actor="t") as uow, pytest.raises(users.LoginRefused) as refused:
        users.authenticate(uow, name="sanne", password=PASSWORD, now=now + timedelta(hours=4, seconds=1))
    assert refused.value.key == "user.login_wait"
    with store.unit_of_work(actor="t") as uow:
        assert users.authenticate(uow, name="sanne", password=PASSWORD, now=now + timedelta(hours=5)).name == "sanne"
        uow.commit()


def test_many_user_names_tried_from_one_address_slow_that_address_down_and_no_other(db):
    from sqlmodel import select

    from registry import clock, settings
    from registry.db import Store
    from registry.models import WebSignInAddress
    from registry.services import users

    _user(db, "add", "sanne", "--role", "hr")
    store = Store(settings.resolve(db))
    now = clock.now()

    def sign_in(name: str, password: str, address: str, seconds: float) -> str:
        with store.unit_of_work(actor="t") as uow:
            try:
                users.authenticate(uow, name=name, password=password, address=address, now=now + timedelta(seconds=seconds))
                outcome = "in"
            except users.LoginRefused as refused:
                outcome = f"wait {refused.wait}" if refused.wait else "refused"
            uow.commit()
        return outcome

    # Each name is tried once (no name reaches its own limit), and a wrong password counts too.
    tries = [sign_in(f"guess{n}", "wrong password!", "203.0.113.7", n) for n in range(9)]
    tries.append(sign_in("sanne", "wrong password!", "203.0.113.7", 9))
    assert tries == ["refused"] * 9 + ["wait 2"]
    assert sign_in("sanne", PASSWORD, "203.0.113.7", 10) == "wait 2"      # even the right password waits
    assert sign_in("sanne", PASSWORD, "198.51.100.4", 10) == "in"        # another address does not
    assert sign_in("guess10", "wrong password!", "203.0.113.7", 12) == "wait 4"
    with store.unit_of_work(actor="t", write=False) as uow:
        kept = [(row.address_hash, row.failures, row.last_failed, row.retry_after)
                for row in uow.session.exec(select(WebSignInAddress))]
    assert [row[1] for row in kept] == [11]
    assert "203.0.113.7" not in repr(kept)
    # Forgotten a quarter of an hour after the last failure: the count starts again.
    assert sign_in("guess11", "wrong password!", "203.0.113.7", 12 + 16 * 60) == "refused"
    assert sign_in("sanne", PASSWORD, "203.0.113.7", 13 + 16 * 60) == "in"


def test_a_session_token_is_stored_only_as_its_hash_and_expires(db):
    from sqlmodel import select

    from registry import clock, settings
    from registry.db import Store
    from registry.models import WebSession
    from registry.services import users

    _user(db, "add", "sanne", "--role", "hr")
    store = Store(settings.resolve(db))
    with store.unit_of_work(actor="t") as uow:
        identity = users.authenticate(uow, name="sanne", password=PASSWORD)
        opened = users.open_session(uow, user=identity)
        uow.commit()
    with store.unit_of_work(actor="t", write=False) as uow:
        (row,) = uow.session.exec(select(WebSession)).all()
        assert row.token_hash != opened.token and opened.token not in row.token_hash
        assert users.session_for(uow, token=opened.token).user.name == "sanne"
        later = clock.now() + timedelta(hours=users.SESSION_HOURS, seconds=1)
        assert users.session_for(uow, token=opened.token, now=later) is None
        assert users.session_for(uow, token="guess") is None


def test_every_role_may_read_and_only_the_admin_manages_users():
    from registry.services.users import PERMISSIONS, ROLES

    assert set(PERMISSIONS) == set(ROLES)
    assert all("read" in PERMISSIONS[role] for role in ROLES)
    assert [role for role in ROLES if "users" in PERMISSIONS[role]] == ["admin"]
    assert "handover" in PERMISSIONS["hr"] and "handover" not in PERMISSIONS["it"]
    assert "accounts" in PERMISSIONS["it"] and "accounts" not in PERMISSIONS["hr"]
    assert PERMISSIONS["auditor"] == {"read", "report"}
