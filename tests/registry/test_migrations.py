"""Migrations: from empty to head on both backends, models and migrations agree, newer stores refused."""

from __future__ import annotations

from helpers import ok, smreg
from sqlalchemy import text

from registry import db as smreg_db
from registry import settings
from registry.db import Store
from registry.migrations import script_head


def test_the_code_knows_the_migrations_head():
    assert script_head() == smreg_db.HEAD_REVISION
    assert smreg_db.KNOWN_REVISIONS[-1] == smreg_db.HEAD_REVISION


def test_migrations_run_from_empty_to_head_and_match_the_models(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import registry.models  # noqa: F401

    store = Store(settings.resolve(store_url))
    assert store.revision() is None
    store.upgrade()
    assert store.revision() == smreg_db.HEAD_REVISION
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_db_upgrade_on_a_current_store_changes_nothing(store_url):
    ok(store_url, "init")
    assert smreg_db.HEAD_REVISION in ok(store_url, "db", "upgrade").stdout


def test_a_store_from_a_newer_smreg_is_refused_without_change(store_url):
    ok(store_url, "init")
    store = Store(settings.resolve(store_url))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    result = smreg(store_url, "account", "list")
    assert result.exit_code == 3
    assert "newer version of smreg" in result.stderr
    result = smreg(store_url, "db", "upgrade")
    assert result.exit_code == 3
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"


def test_sqlite_stores_run_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    db = str(tmp_path / "p.db")
    ok(db, "init")
    store = Store(settings.resolve(db))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
