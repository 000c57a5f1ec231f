"""The hash-chained event log: any single change to any logged row is detected."""

from __future__ import annotations

import pytest
from helpers import ok, small_registry, smreg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from registry import events
from registry import settings as smreg_settings
from registry.db import Store
from registry.errors import IntegrityError


@pytest.fixture
def logged_store(tmp_path):
    db = str(tmp_path / "log.db")
    small_registry(db)
    return db


def _rows(store: Store):
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT seq, at, action, subject, record, hash FROM event ORDER BY seq")).all()


def test_an_untouched_log_verifies_with_its_head(logged_store):
    store = Store(smreg_settings.resolve(logged_store))
    result = events.verify(store)
    rows = _rows(store)
    assert result.count == len(rows) and result.head_seq == rows[-1][0] and result.head_hash == rows[-1][5]
    assert events.head(store) == (rows[-1][0], rows[-1][5])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_change_to_any_logged_row_is_detected(logged_store, data):
    store = Store(smreg_settings.resolve(logged_store))
    rows = _rows(store)
    index = data.draw(st.integers(0, len(rows) - 1), label="row")
    column = data.draw(st.sampled_from(["at", "action", "subject", "record", "hash"]), label="column")
    seq = rows[index][0]
    original = rows[index][["seq", "at", "action", "subject", "record", "hash"].index(column)]
    position = data.draw(st.integers(0, len(original) - 1), label="position")
    replacement = data.draw(st.characters(codec="utf-8", exclude_characters=original[position]), label="char")
    changed = original[:position] + replacement + original[position + 1:]
    with store.engine.begin() as conn:
        conn.execute(text(f"UPDATE event SET {column} = :v WHERE seq = :s"), {"v": changed, "s": seq})
    try:
        with pytest.raises(IntegrityError) as caught:
            events.verify(store)
        # Changing a row's own hash shows up at that row (or, for the hash, the next one checks it).
        assert caught.value.params["seq"] in (seq, seq + 1)
    finally:
        with store.engine.begin() as conn:
            conn.execute(text(f"UPDATE event SET {column} = :v WHERE seq = :s"), {"v": original, "s": seq})


def test_a_deleted_entry_is_named(logged_store):
    store = Store(smreg_settings.resolve(logged_store))
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM event WHERE seq = 3"))
    with pytest.raises(IntegrityError) as caught:
        events.verify(store)
    assert caught.value.key == "log.broken_gap" and caught.value.params == {"seq": 4, "expected": 3}


def test_log_verify_exits_4_naming_the_first_broken_entry(logged_store):
    store = Store(smreg_settings.resolve(logged_store))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE event SET record = replace(record, 'Sector West', 'Sector Oost') WHERE seq = 6"))
    result = smreg(logged_store, "log", "verify")
    assert result.exit_code == 4
    assert "entry 6" in result.stderr
    result = smreg(logged_store, "log", "verify", lang="nl")
    assert "regel 6" in result.stderr


def test_records_begin_with_their_own_sequence_time_action_and_subject(logged_store):
    store = Store(smreg_settings.resolve(logged_store))
    for seq, at, action, subject, record, _ in _rows(store):
        assert record.startswith(events.prefix(seq, at, action, subject))


def test_the_log_on_postgresql_verifies_too(pg_url):
    small_registry(pg_url)
    assert "intact" in ok(pg_url, "log", "verify").stdout
