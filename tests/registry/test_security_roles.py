"""PostgreSQL roles: the event table refuses rewrites, auditors read, IT and HR write their own part."""

from __future__ import annotations

import secrets

import pytest
from helpers import ok, small_registry, smreg
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from registry import settings as smreg_settings
from registry.db import Store


@pytest.fixture
def pg_store(pg_url):
    small_registry(pg_url)
    ok(pg_url, "db", "roles")
    engine = create_engine(smreg_settings.database_url(pg_url))
    yield pg_url, engine
    engine.dispose()


def _refused(engine, sql: str, *, role: str | None = None, params: dict | None = None) -> str:
    """Run ``sql`` (as ``role``) and return the database's refusal; fails if it was allowed."""
    with engine.connect() as conn:
        if role:
            conn.execute(text(f"SET ROLE {role}"))
        try:
            conn.execute(text(sql), params or {})
        except DBAPIError as exc:
            conn.rollback()
            return str(exc.orig)
        conn.rollback()
    pytest.fail(f"allowed: {sql} as {role or 'owner'}")


def _allowed(engine, sql: str, *, role: str, params: dict | None = None) -> None:
    with engine.connect() as conn:
        conn.execute(text(f"SET ROLE {role}"))
        conn.execute(text(sql), params or {})
        conn.rollback()


def test_the_event_table_refuses_update_delete_and_truncate_even_for_its_owner(pg_store):
    url, engine = pg_store
    for sql in ("UPDATE event SET action = 'account.removed' WHERE seq = 3", "DELETE FROM event WHERE seq = 3",
                "DELETE FROM event WHERE seq < 0", "TRUNCATE event"):
        assert "append-only" in _refused(engine, sql)
    assert "intact" in ok(url, "log", "verify").stdout
    ok(url, "account", "add", "x", "NaDeRollen", "--unit", "WEST", "--custodian", "1001", "--vault", "op://Social/R/password")
    assert "intact" in ok(url, "log", "verify").stdout


def test_the_auditor_role_reads_everything_and_writes_nothing(pg_store):
    _url, engine = pg_store
    with engine.connect() as conn:
        conn.execute(text("SET ROLE smreg_auditor"))
        assert conn.execute(text("SELECT count(*) FROM account")).scalar() == 2
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 3
        assert conn.execute(text("SELECT count(*) FROM event")).scalar() > 0
    for sql in ("INSERT INTO unit (code, name, kind) VALUES ('NEW', 'Nieuw', 'school')",
                "UPDATE account SET display_name = 'x'", "UPDATE person SET name = 'x'", "DELETE FROM person_key",
                "INSERT INTO event (seq, at, action, subject, body, hash) VALUES (999, 'a', 'b', 'c', '{}', 'h')",
                "UPDATE setting SET value = '5' WHERE key = 'notice_days'"):
        assert "permission denied" in _refused(engine, sql, role="smreg_auditor")


def test_the_it_role_changes_accounts_but_not_people(pg_store):
    _url, engine = pg_store
    _allowed(engine, "UPDATE account SET display_name = 'West' WHERE handle = 'VoorbeeldWest'", role="smreg_it")
    _allowed(engine, "INSERT INTO event (seq, at, action, subject, body, hash) VALUES (999, 'a', 'b', 'c', '{}', 'h')", role="smreg_it")
    for sql in ("UPDATE person SET name = 'Iemand Anders'", "INSERT INTO person (ref, employee_id, name, version) VALUES ('r', 'e', 'n', 1)",
                "DELETE FROM person_key", "UPDATE handover SET mfa_reset = true", "UPDATE offboarding_case SET closed_on = NULL"):
        assert "permission denied" in _refused(engine, sql, role="smreg_it")


def test_the_hr_role_changes_people_and_on_accounts_only_what_a_handover_moves(pg_store):
    _url, engine = pg_store
    _allowed(engine, "UPDATE person SET function = 'Directeur' WHERE employee_id = '1001'", role="smreg_hr")
    _allowed(engine, "UPDATE account SET custodian_id = backup_custodian_id, version = version + 1, rotated_on = '2026-06-01' "
                     "WHERE handle = 'VoorbeeldWest'", role="smreg_hr")
    for sql in ("UPDATE account SET vault_ref = NULL", "UPDATE account SET handle = 'x'",
                "INSERT INTO account (platform, handle, handle_key, unit_id, kind, status, version) VALUES ('x', 'a', 'a', 1, 'work', 'active', 1)"):
        assert "permission denied" in _refused(engine, sql, role="smreg_hr")


def test_people_with_a_role_run_their_own_commands_and_are_refused_the_others(pg_store):
    url, engine = pg_store
    store = Store(smreg_settings.resolve(url))
    database = store.engine.url.database
    logins = {role: f"smreg_test_{role.split('_')[1]}_{secrets.token_hex(3)}" for role in ("smreg_it", "smreg_hr")}
    with engine.begin() as conn:
        for role, login in logins.items():
            conn.execute(text(f"CREATE ROLE {login} LOGIN IN ROLE {role}"))
    as_it = f"postgresql+psycopg://{logins['smreg_it']}@127.0.0.1:5432/{database}"
    as_hr = f"postgresql+psycopg://{logins['smreg_hr']}@127.0.0.1:5432/{database}"
    try:
        ok(as_it, "account", "add", "instagram", "nieuw.account", "--unit", "ZON", "--custodian", "1003",
           "--vault", "bitwarden://0e0f6f0a-8f8b-4f39-9d3c-0c1f2b3a4d5e")
        refused = smreg(as_it, "person", "add", "1010", "--name", "Nieuwe Collega")
        assert refused.exit_code == 3 and "cannot be written" in refused.stderr
        ok(as_hr, "person", "add", "1010", "--name", "Nieuwe Collega", "--unit", "ZON")
        refused = smreg(as_hr, "account", "update", "x:VoorbeeldWest", "--vault", "op://Social/Anders/password")
        assert refused.exit_code == 3 and "cannot be written" in refused.stderr
        assert "intact" in ok(url, "log", "verify").stdout
    finally:
        from registry import db

        for login_url in (as_it, as_hr):
            leftover = db._engines.pop(smreg_settings.database_url(login_url), None)
            if leftover is not None:
                leftover.dispose()
        with engine.begin() as conn:
            for login in logins.values():
                conn.execute(text(f"DROP OWNED BY {login}"))
                conn.execute(text(f"DROP ROLE {login}"))


def test_roles_can_be_set_up_again_and_printed_for_a_dba(pg_store):
    url, engine = pg_store
    ok(url, "db", "roles")
    printed = ok(url, "db", "roles", "--print").stdout
    assert "CREATE TRIGGER smreg_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON event" in printed
    assert "GRANT INSERT ON TABLE event TO smreg_it, smreg_hr" in printed
    assert "GRANT USAGE, SELECT ON SEQUENCE \"account_id_seq\" TO smreg_it" in printed
    with engine.connect() as conn:
        triggers = conn.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = 'smreg_event_append_only'")).scalar()
    assert triggers == 1


def test_printing_the_roles_changes_nothing(pg_url):
    small_registry(pg_url)
    printed = ok(pg_url, "db", "roles", "--print").stdout
    assert "smreg_auditor" in printed and printed.rstrip().endswith(";")
    engine = create_engine(smreg_settings.database_url(pg_url))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = 'smreg_event_append_only'")).scalar() == 0
            conn.execute(text("UPDATE event SET action = action WHERE seq = 1"))
    finally:
        engine.dispose()


def test_on_sqlite_roles_are_explained_as_a_postgresql_feature(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    for args in (("db", "roles"), ("db", "roles", "--print")):
        result = smreg(db, *args)
        assert result.exit_code == 3 and "PostgreSQL feature" in result.stderr
