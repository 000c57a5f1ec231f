"""Time in the log cannot be backdated: SMREG_CLOCK counts only in tests, PostgreSQL stamps events
with the server's clock, a time before the newest entry is refused, and ``log verify`` checks
that times never decrease."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers import ok, small_registry, smreg
from sqlalchemy import text

from registry import events
from registry import settings as smreg_settings
from registry.db import Store


def _newest_at(db: str) -> str:
    store = Store(smreg_settings.resolve(db))
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT at FROM event ORDER BY seq DESC LIMIT 1")).scalar()


def test_smreg_clock_is_ignored_outside_the_test_suite(tmp_path, monkeypatch):
    db = str(tmp_path / "s.db")
    small_registry(db)
    monkeypatch.delenv("SMREG_TEST_CLOCK")
    monkeypatch.setenv("SMREG_CLOCK", "2030-01-01T00:00:00+00:00")
    before = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    ok(db, "unit", "add", "OOST", "--name", "Sector Oost", "--kind", "sector", "--parent", "ORG")
    assert before <= _newest_at(db) < "2030"


def test_an_event_dated_before_the_newest_entry_is_refused_and_nothing_is_written(store_url, monkeypatch):
    small_registry(store_url)
    count = len(ok(store_url, "log", "show", "--format", "json").json())
    monkeypatch.setenv("SMREG_CLOCK", "2026-06-01T10:00:00+00:00")  # before the registry was built
    result = smreg(store_url, "unit", "add", "OOST", "--name", "Sector Oost", "--kind", "sector", "--parent", "ORG")
    assert result.exit_code == 4 and "behind the newest entry of the event log" in result.stderr
    assert len(ok(store_url, "log", "show", "--format", "json").json()) == count


def test_on_postgresql_events_carry_the_servers_time(pg_url, monkeypatch):
    small_registry(pg_url)
    monkeypatch.delenv("SMREG_TEST_CLOCK")
    ok(pg_url, "unit", "add", "OOST", "--name", "Sector Oost", "--kind", "sector", "--parent", "ORG")
    store = Store(smreg_settings.resolve(pg_url))
    with store.engine.connect() as conn:
        server = conn.execute(text("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')")).scalar()
    written = _newest_at(pg_url)
    assert written[:13] == server[:13] or abs(datetime.fromisoformat(written[:19]) - datetime.fromisoformat(server)).total_seconds() < 120


def test_log_verify_names_an_entry_dated_before_the_one_before_it(store_url):
    small_registry(store_url)
    store = Store(smreg_settings.resolve(store_url))
    seq, previous = events.head(store)
    # A well-chained entry whose time goes back: only the time check can tell.
    body = events.make_body("mallory", {"after": {"code": "X"}})
    at = "2026-01-01T00:00:00.000000Z"
    digest = events.chain(previous, events.make_record(seq + 1, at, "unit.added", "unit:X", body))
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO event (seq, at, action, subject, body, hash) VALUES (:s, :a, 'unit.added', 'unit:X', :b, :h)"),
                     {"s": seq + 1, "a": at, "b": body, "h": digest})
    result = smreg(store_url, "log", "verify")
    assert result.exit_code == 4 and f"went back at entry {seq + 1}" in result.stderr
