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
        return conn.execute(text("SELECT seq, at, action, subject, body, hash, origin, result FROM event ORDER BY seq")).all()


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
    column = data.draw(st.sampled_from(["at", "action", "subject", "body", "hash", "origin", "result"]), label="column")
    seq = rows[index][0]
    original = rows[index][["seq", "at", "action", "subject", "body", "hash", "origin", "result"].index(column)]
    position = data.draw(st.integers(0, len(original) - 1), label="position")
    replacement = data.draw(st.characters(codec="utf-8", exclude_characters=original[position]), label="char")
    changed = original[:position] + replacement + original[position + 1:]
    with store.engine.begin() as conn:
        conn.execute(text(f"UPDATE event SET {column} = :v WHERE seq = :s"), {"v": changed, "s": seq})
    try:
        with pytest.raises(IntegrityError) as caught:
            events.verify(store)
        assert caught.value.params["seq"] == seq
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
        conn.execute(text("UPDATE event SET body = replace(body, 'Sector West', 'Sector Oost') WHERE seq = 6"))
    result = smreg(logged_store, "log", "verify")
    assert result.exit_code == 4
    assert "entry 6" in result.stderr
    result = smreg(logged_store, "log", "verify", lang="nl")
    assert "regel 6" in result.stderr


def test_the_hashed_record_is_the_whole_event_as_json(logged_store):
    import json

    store = Store(smreg_settings.resolve(logged_store))
    previous = events.GENESIS
    for seq, at, action, subject, body, digest, origin, result in _rows(store):
        record = events.make_record(seq, at, action, subject, body, origin, result)
        parsed = json.loads(record)
        assert (parsed["seq"], parsed["at"], parsed["action"], parsed["subject"]) == (seq, at, action, subject)
        assert parsed["body"] == json.loads(body)
        assert (parsed["origin"], parsed["result"]) == ({"kind": "cli"}, "done")
        assert events.chain(previous, record) == digest
        previous = digest


def test_verification_split_over_workers_finds_the_same_first_break(logged_store):
    store = Store(smreg_settings.resolve(logged_store))
    whole = events.verify(store, workers=1)
    assert events.verify(store, workers=3) == whole
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE event SET action = 'unit.removed' WHERE seq = 9"))
        conn.execute(text("UPDATE event SET subject = 'unit:X' WHERE seq = 12"))
    for workers in (1, 2, 3):
        with pytest.raises(IntegrityError) as caught:
            events.verify(store, workers=workers)
        assert caught.value.params == {"seq": 9}


def test_the_log_on_postgresql_verifies_too(pg_url):
    small_registry(pg_url)
    assert "intact" in ok(pg_url, "log", "verify").stdout


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_SCALARS = (
    st.none() | st.booleans() | st.integers() | _TEXT
    | st.dates() | st.datetimes(timezones=st.none() | st.just(__import__("datetime").UTC))
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(_TEXT, inner, max_size=5)
    | st.frozensets(_TEXT, max_size=4),
    max_leaves=25,
)


def _standard(value):
    import json

    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=events._default)


@settings(max_examples=300, deadline=None)
@given(value=_VALUES)
def test_the_fast_canonical_form_is_the_standard_librarys(value):
    # Bodies written before and after the fast encoder are in one form: the same bytes.
    assert events.canonical({"actor": "it", "data": value}) == _standard({"actor": "it", "data": value})


@pytest.mark.parametrize("value", [{1: "int key"}, {"big": 2**70}, {"lone": "\ud800"}])
def test_values_the_fast_encoder_refuses_are_written_the_standard_way(value):
    assert events.canonical(value) == _standard(value)
