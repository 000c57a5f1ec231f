"""The migration that counts failed sign-ins per client address, from the revision before it, on both backends."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from registry import settings
from registry.db import Store
from registry.migrations import alembic_config, run_upgrade


def _before() -> str:
    scripts = ScriptDirectory.from_config(alembic_config())
    (ours,) = [s for s in scripts.walk_revisions() if s.path.endswith("_sign_in_addresses.py")]
    return ours.down_revision


def test_a_store_from_before_the_address_count_keeps_its_users_and_gains_the_count(store_url):
    from registry import clock
    from registry.services import users

    before = _before()
    store = Store(settings.resolve(store_url))
    run_upgrade(store.engine, before)
    with store.engine.begin() as conn:
        assert "web_sign_in_address" not in inspect(conn).get_table_names()
        conn.execute(text("INSERT INTO web_user (name, role, password_hash, created_on, failed_logins) "
                          "VALUES ('sanne', 'hr', :hash, '2026-06-01', 0)"),
                     {"hash": users.hash_password("a long test password")})
    store.upgrade()
    assert store.revision() != before
    with store.engine.connect() as conn:
        assert "web_sign_in_address" in inspect(conn).get_table_names()
        assert [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))] != [before]
    now = clock.now()
    with store.unit_of_work(actor="t") as uow:
        assert users.authenticate(uow, name="sanne", password="a long test password", address="192.0.2.1",
                                  now=now).name == "sanne"
        for n in range(users.ADDRESS_FREE_FAILURES):
            try:
                users.authenticate(uow, name=f"guess{n}", password="wrong password!", address="192.0.2.1", now=now)
            except users.LoginRefused as refused:
                last = refused
        uow.commit()
    assert last.key == "user.login_wait"
