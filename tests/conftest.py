"""Shared fixtures: real stores on SQLite and on the live PostgreSQL server, a fixed clock.

PostgreSQL tests use a throwaway database per test, created on the server at 127.0.0.1:5432
(``SMREG_TEST_PG`` overrides the admin URL). When ``CI`` is set, an unreachable server fails the
run, and a run in which no PostgreSQL test executed fails too.
"""

from __future__ import annotations

import os

os.environ["SMREG_LANG"] = "en"  # help texts are chosen when the CLI is imported
# The fixed clock from the start, so that stores built by module- and session-scoped fixtures
# record their events at the same moment as the tests that use them (times in the log never go back).
os.environ["SMREG_CLOCK"] = "2026-06-15T10:00:00+00:00"
os.environ["SMREG_TEST_CLOCK"] = "1"

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# No per-example deadline: CI machines are shared, and a slow example is not a failing one.
hypothesis_settings.register_profile("smreg", deadline=None)
hypothesis_settings.load_profile("smreg")

PG_ADMIN = os.environ.get("SMREG_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
_pg_ran = {"count": 0}


def _pg_admin_engine():
    from sqlalchemy import create_engine

    return create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_admin():
    engine = _pg_admin_engine()
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL at {PG_ADMIN} is unreachable ({type(exc).__name__}); start it (see DEVELOPERS.md).")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"smreg_test_{os.getpid()}_{secrets.token_hex(4)}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    yield url
    from registry import db

    engine = db._engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def no_raw_message_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command a test runs is checked: no output may look like a message key with its values."""
    from helpers import raw_key_line
    from typer.testing import CliRunner

    invoke = CliRunner.invoke

    def checked(self, *args, **kwargs):
        result = invoke(self, *args, **kwargs)
        line = raw_key_line(result.output)
        if line is not None:
            pytest.fail(f"a raw message key reached the user: {line!r}")
        return result

    monkeypatch.setattr(CliRunner, "invoke", checked)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every test gets its own key file, signing keys and a fixed clock; nothing touches $HOME."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("SMREG_KEY_FILE", str(tmp_path / "keys" / "key"))
    monkeypatch.setenv("SMREG_SIGNING_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("SMREG_CLOCK", "2026-06-15T10:00:00+00:00")
    monkeypatch.setenv("SMREG_TEST_CLOCK", "1")  # SMREG_CLOCK counts only in tests
    monkeypatch.setenv("SMREG_LANG", "en")
    monkeypatch.setenv("SMREG_ACTOR", "tester")
    # derived data (the brand scan's word list) is worth keeping across the tests of a run
    monkeypatch.setenv("SMREG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    for var in ("SMREG_DATABASE_URL", "SMREG_KEY"):
        monkeypatch.delenv(var, raising=False)
    from registry import i18n

    i18n.set_language("en")
    return tmp_path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path: Path) -> str:
    """A store address on each backend; the store itself is not created yet."""
    if request.param == "sqlite":
        return str(tmp_path / "smreg.db")
    return request.getfixturevalue("pg_url")


def pytest_runtest_logreport(report):
    # Runs where results are gathered (the controller, under xdist), so it sees every worker's tests.
    if report.when == "call" and report.passed and "postgres" in report.keywords:
        _pg_ran["count"] += 1


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput"):
        return  # a worker; the controller judges the whole run
    if os.environ.get("CI") and exitstatus == 0 and session.testscollected and _pg_ran["count"] == 0:
        session.exitstatus = 1
        print("\nCI: no PostgreSQL test ran; the PostgreSQL tests must run in CI.")
