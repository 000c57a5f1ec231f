"""The migration that gives waivers and observed accounts a version, from the revision before it, on both backends."""

from __future__ import annotations

from datetime import date

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from registry import settings
from registry.db import Store
from registry.migrations import alembic_config, run_upgrade


def _before() -> str:
    scripts = ScriptDirectory.from_config(alembic_config())
    (ours,) = [s for s in scripts.walk_revisions() if s.path.endswith("_waiver_and_observed_versions.py")]
    return ours.down_revision


def test_waivers_and_observed_accounts_from_before_the_version_start_at_1_and_count_on(store_url):
    from registry.services import observed, waivers

    before = _before()
    store = Store(settings.resolve(store_url))
    run_upgrade(store.engine, before)
    with store.engine.begin() as conn:
        assert "version" not in {c["name"] for c in inspect(conn).get_columns("waiver")}
        conn.execute(text("INSERT INTO waiver (fingerprint, rule, subject, reason, until, waived_by, waived_on)"
                          " VALUES ('0123456789abcdef', 'SM704', 'account:1', 'booked', '2026-09-15', 'hr', '2026-06-01')"))
        conn.execute(text("INSERT INTO observed_account (platform, handle, handle_key, state, unverified)"
                          " VALUES ('x', 'VoorbeeIdWest', 'voorbeeidwest', 'new', false)"))
    store.upgrade()
    assert store.revision() != before
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM waiver")).scalar() == 1
        assert conn.execute(text("SELECT version FROM observed_account")).scalar() == 1
    with store.unit_of_work(actor="t") as uow:
        waivers.set_waiver(uow, fingerprint="0123456789abcdef", rule="SM704", subject="account:1", reason="rebooked",
                           until=date(2026, 10, 1), today=date(2026, 6, 15))
        observed.review(uow, "x:VoorbeeIdWest", state="dismissed", note=None, today=date(2026, 6, 15))
        uow.commit()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT reason, version FROM waiver")).one() == ("rebooked", 2)
        assert conn.execute(text("SELECT state, version FROM observed_account")).one() == ("dismissed", 2)
