"""Erasure after the retention period: refused too early, and then gone for good, log intact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg
from sqlalchemy import text

from registry import settings as smreg_settings
from registry.db import Store
from registry.services.erasure import earliest_erasure

LEAVER = "HR-90417"
TRACES = [b"Zwartbroek", b"HR-90417", b"Gymdocent", b"w.zwartbroek@voorbeeld.nl"]


def _leaver(db: str, *, left_on: str = "2023-07-31") -> str:
    """A leaver whose name changed once (so an older version of the row existed); returns their ref."""
    small_registry(db)
    ok(db, "person", "add", LEAVER, "--name", "Wilhelmina Zwartbroek", "--unit", "ZON",
       "--email", "w.zwartbroek@voorbeeld.nl", "--function", "Gymdocent", "--start", "2015-08-01")
    ok(db, "person", "update", LEAVER, "--name", "Wilhelmina Zwartbroek-Ettema")
    ok(db, "person", "leave", LEAVER, "--on", left_on)
    return _one(db, "SELECT ref FROM person WHERE employee_id = :e", e=LEAVER)


def _one(db: str, sql: str, **params):
    store = Store(smreg_settings.resolve(db))
    with store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def _store_bytes(db: str) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in Path(db).parent.glob(Path(db).name + "*")}


def test_current_staff_cannot_be_erased(store_url):
    small_registry(store_url)
    ok(store_url, "person", "leave", "1003", "--on", "2026-09-30")  # leaving, not yet left
    for employee_id in ("1002", "1003"):
        result = smreg(store_url, "person", "erase", employee_id, "--yes")
        assert result.exit_code == 3 and "still employed" in result.stderr
    assert _one(store_url, "SELECT count(*) FROM person WHERE erased_on IS NOT NULL") == 0


def test_someone_who_left_within_the_retention_period_is_refused_until_it_has_passed(store_url, monkeypatch):
    _leaver(store_url, left_on="2025-01-31")
    refused = smreg(store_url, "person", "erase", LEAVER, "--yes")
    assert refused.exit_code == 3
    assert "less than the retention period of 2 years" in refused.stderr and "from 2027-02-01" in refused.stderr
    dutch = smreg(store_url, "person", "erase", LEAVER, "--yes", lang="nl")
    assert dutch.exit_code == 3 and "bewaartermijn" in dutch.stderr
    monkeypatch.setenv("SMREG_CLOCK", "2027-01-31T23:00:00+00:00")
    assert smreg(store_url, "person", "erase", LEAVER, "--yes").exit_code == 3  # exactly two years: not more
    ok(store_url, "config", "set", "retention_years", "1")
    ok(store_url, "person", "erase", LEAVER, "--yes")
    assert _one(store_url, "SELECT count(*) FROM person WHERE erased_on IS NOT NULL") == 1


def test_someone_who_still_holds_an_account_or_has_open_handovers_is_refused(store_url):
    small_registry(store_url)
    ok(store_url, "person", "leave", "1002", "--on", "2020-01-31")  # custodian of x:VoorbeeldWest
    holds = smreg(store_url, "person", "erase", "1002", "--yes")
    assert holds.exit_code == 3 and "still holds 1 account as" in holds.stderr
    ok(store_url, "person", "leave", "1001", "--on", "2020-01-31")
    # One account is handed over with evidence still missing, the other taken away: nothing
    # held, but a handover is open.
    ok(store_url, "handover", "instagram:de.zon.school", "--to", "1003", "--mfa-reset")
    ok(store_url, "account", "update", "x:VoorbeeldWest", "--backup-custodian", "")
    open_ = smreg(store_url, "person", "erase", "1001", "--yes")
    assert open_.exit_code == 3 and "handovers that are not complete" in open_.stderr
    assert _one(store_url, "SELECT count(*) FROM person_key") == 3


def test_someone_who_is_still_a_units_lead_is_refused_until_a_new_lead_is_chosen(store_url):
    _leaver(store_url)
    ok(store_url, "unit", "update", "ZON", "--lead", LEAVER)
    refused = smreg(store_url, "person", "erase", LEAVER, "--yes")
    assert refused.exit_code == 3 and "still the lead of unit ZON" in refused.stderr
    ok(store_url, "unit", "update", "ZON", "--lead", "1001")
    ok(store_url, "person", "erase", LEAVER, "--yes")


def test_erasure_shreds_the_key_blanks_the_row_and_the_log_still_verifies(store_url):
    ref = _leaver(store_url)
    assert "Zwartbroek" in ok(store_url, "log", "show", "--subject", LEAVER, "--format", "json").stdout
    result = ok(store_url, "person", "erase", LEAVER, "--yes")
    assert f"Person {ref} was erased on 2026-06-15" in result.stderr
    assert _one(store_url, "SELECT count(*) FROM person_key WHERE ref = :r", r=ref) == 0
    store = Store(smreg_settings.resolve(store_url))
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT employee_id, name, email, function, unit_id, start_date, end_date, erased_on "
                                "FROM person WHERE ref = :r"), {"r": ref}).one()
    assert row[:4] == (None, None, None, None)
    assert row[4] is not None and str(row[5]) == "2015-08-01" and str(row[6]) == "2023-07-31" and str(row[7]) == "2026-06-15"
    assert "intact" in ok(store_url, "log", "verify").stdout
    history = ok(store_url, "log", "show", "--subject", f"person:{ref}", "--format", "json").json()
    assert [e["action"] for e in history][-1] == "person.erased"
    assert any("«erased»" in e["changes"] for e in history if e["action"] == "person.added")
    everything = ok(store_url, "log", "show", "--format", "json").stdout
    assert "Zwartbroek" not in everything and "Gymdocent" not in everything and LEAVER not in everything
    listed = ok(store_url, "person", "list", "--format", "json").json()
    assert [p["status"] for p in listed if p["employee_id"] is None] == ["erased"]
    again = smreg(store_url, "person", "erase", LEAVER, "--yes")
    assert again.exit_code == 3 and "no person" in again.stderr


def test_after_erasure_the_erased_values_are_nowhere_in_the_sqlite_files(tmp_path):
    db = str(tmp_path / "s.db")
    ref = _leaver(db)
    assert any(b"Zwartbroek" in data for data in _store_bytes(db).values())
    result = ok(db, "person", "erase", LEAVER, "--yes")
    assert "Warning" not in result.stderr
    files = _store_bytes(db)
    assert "s.db" in files and files.get("s.db-wal", b"") == b""
    for name, data in files.items():
        for trace in TRACES:
            assert trace not in data, (name, trace)
    # Asking again by ref cleans the files again and says the person was erased already.
    again = ok(db, "person", "erase", ref, "--yes")
    assert "already erased" in again.stderr


def test_erasure_asks_for_confirmation_and_a_script_must_say_yes(tmp_path):
    db = str(tmp_path / "s.db")
    _leaver(db)
    result = smreg(db, "person", "erase", LEAVER)
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert _one(db, "SELECT count(*) FROM person WHERE erased_on IS NOT NULL") == 0


def test_on_postgresql_erasure_by_hr_says_the_database_owner_must_vacuum_the_old_row_versions(pg_url):
    import secrets

    _leaver(pg_url)
    ok(pg_url, "db", "roles")
    store = Store(smreg_settings.resolve(pg_url))
    login = f"smreg_test_hr_{secrets.token_hex(3)}"
    with store.engine.begin() as conn:
        owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'person'")).scalar_one()
        conn.execute(text(f"CREATE ROLE {login} LOGIN IN ROLE smreg_hr"))
    as_hr = f"postgresql+psycopg://{login}@127.0.0.1:5432/{store.engine.url.database}"
    try:
        result = ok(as_hr, "person", "erase", LEAVER, "--yes")
        assert f"until the database owner ({owner}) runs VACUUM FULL person, person_key" in result.stderr
        assert "the HR role cannot" in result.stderr
        dutch = ok(as_hr, "person", "erase", _one(pg_url, "SELECT ref FROM person WHERE erased_on IS NOT NULL"),
                   "--yes", lang="nl")
        assert f"tot de eigenaar van de database ({owner}) VACUUM FULL" in dutch.stderr
        # What the notice says is so: the HR role's VACUUM FULL leaves the table alone.
        with store.engine.connect() as conn:
            conn.execute(text(f"SET ROLE {login}"))
            conn.commit()
            conn.execution_options(isolation_level="AUTOCOMMIT")
            notices = []
            raw = conn.connection.dbapi_connection
            raw.add_notice_handler(lambda diagnostic: notices.append(diagnostic.message_primary))
            conn.exec_driver_sql("VACUUM FULL person")
            assert any("skipping" in notice and "person" in notice for notice in notices), notices
            conn.exec_driver_sql("RESET ROLE")
    finally:
        from registry import db

        leftover = db._engines.pop(smreg_settings.database_url(as_hr), None)
        if leftover is not None:
            leftover.dispose()
        with store.engine.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {login}"))
            conn.execute(text(f"DROP ROLE {login}"))


@pytest.mark.parametrize(
    ("left", "years", "earliest"),
    [(date(2023, 7, 31), 2, date(2025, 8, 1)), (date(2024, 2, 29), 2, date(2026, 3, 1)), (date(2024, 12, 31), 0, date(2025, 1, 1))],
)
def test_the_first_day_of_erasure_is_the_day_after_the_retention_period(left, years, earliest):
    assert earliest_erasure(left, years) == earliest
