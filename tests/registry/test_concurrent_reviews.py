"""Waivers and observed-account reviews on PostgreSQL: of two writers of the same row, the second is told.

Each race holds the first writer's transaction open until the second is waiting for the row, then
commits it: the second writer finds the version moved on and is refused as changed by someone
else (never a silent last-writer-wins), and the log's replay equals the tables afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from helpers import ok, small_registry
from sqlalchemy import text

from registry import settings as smreg_settings
from registry.db import Store
from registry.errors import StaleData
from registry.services import observed, waivers

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 6, 15)


def _waiting_for_a_lock(store: Store, *, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    with store.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                        " AND wait_event_type = 'Lock'")).scalar()
            conn.rollback()
            if waiting:
                return
            time.sleep(0.05)
    pytest.fail("the second writer never waited for the first")


def _race(store: Store, first, second) -> Exception | None:
    """``first`` writes and holds its transaction open; ``second`` starts and waits for the row;
    then ``first`` commits. Returns what ``second`` raised (None if it went through)."""
    outcome: list[Exception | None] = []

    def run_second() -> None:
        try:
            with store.unit_of_work(actor="second") as uow:
                second(uow)
                uow.commit()
            outcome.append(None)
        except Exception as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    with store.unit_of_work(actor="first") as uow:
        first(uow)
        thread = threading.Thread(target=run_second)
        thread.start()
        _waiting_for_a_lock(store)
        uow.commit()
    thread.join(timeout=60)
    return outcome[0]


def _tables_agree_with_the_log(db: str) -> None:
    assert "The tables agree with the event log" in ok(db, "log", "verify").stderr


@pytest.fixture
def pg_store(pg_url, tmp_path):
    small_registry(pg_url)
    store = Store(smreg_settings.resolve(pg_url))
    found = {"fingerprint": "0123456789abcdef", "rule": "SM704", "subject": "account:1"}
    with store.unit_of_work(actor="tester") as uow:
        waivers.set_waiver(uow, **found, reason="Rotation booked", until=date(2026, 9, 15), today=TODAY)
        uow.commit()
    file = tmp_path / "seen.csv"
    file.write_text("platform,handle,display_name\nx,VoorbeeIdWest,Voorbeeld West\n")
    ok(pg_url, "observe", "import", str(file))
    return pg_url, store, found


@pytest.mark.postgres
def test_of_two_waivers_of_the_same_finding_at_once_the_second_is_refused(pg_store):
    db, store, found = pg_store

    def waive(reason: str, until: date):
        return lambda uow: waivers.set_waiver(uow, fingerprint=found["fingerprint"], rule=found["rule"],
                                              subject=found["subject"], reason=reason, until=until, today=TODAY)

    refused = _race(store, waive("Booked for July", date(2026, 7, 31)), waive("Booked for August", date(2026, 8, 31)))
    assert isinstance(refused, StaleData) and refused.key == "waiver.changed_since_read", refused
    assert "waived by someone else" in str(refused)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT reason, version FROM waiver WHERE fingerprint = :f"),
                            {"f": found["fingerprint"]}).one() == ("Booked for July", 2)
    _tables_agree_with_the_log(db)


@pytest.mark.postgres
def test_of_two_first_waivers_of_a_finding_at_once_the_second_is_refused(pg_store):
    db, store, _found = pg_store

    def waive(reason: str):
        return lambda uow: waivers.set_waiver(uow, fingerprint="00112233445566ff", rule="SM702", subject="account:1",
                                              reason=reason, until=date(2026, 7, 31), today=TODAY)

    refused = _race(store, waive("first"), waive("second"))
    assert isinstance(refused, StaleData) and refused.key == "waiver.changed_since_read", refused
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT reason FROM waiver WHERE fingerprint = '00112233445566ff'")).scalar() == "first"
    _tables_agree_with_the_log(db)


@pytest.mark.postgres
def test_of_two_reviews_of_the_same_observed_account_at_once_the_second_is_refused(pg_store):
    db, store, _found = pg_store

    def review(state: str):
        return lambda uow: observed.review(uow, "x:VoorbeeIdWest", state=state, note=f"{state} by hand", today=TODAY)

    refused = _race(store, review("dismissed"), review("confirmed"))
    assert isinstance(refused, StaleData) and refused.key == "observed.changed_since_read", refused
    listed = ok(db, "observe", "list", "--format", "json").json()
    assert [(o["state"], o["note"]) for o in listed] == [("dismissed", "dismissed by hand")]
    _tables_agree_with_the_log(db)


@pytest.mark.postgres
def test_an_import_that_renames_an_account_under_review_is_refused_rather_than_undo_the_review(pg_store, tmp_path):
    db, store, _found = pg_store
    file = tmp_path / "renamed.csv"
    file.write_text("platform,handle,display_name\nx,VoorbeeIdWest,Voorbeeld West Officieel\n")
    with store.unit_of_work(actor="reviewer") as uow:
        observed.review(uow, "x:VoorbeeIdWest", state="dismissed", note="our own test account", today=TODAY)
        env = {**os.environ, "SMREG_DATABASE_URL": db}
        importer = subprocess.Popen([sys.executable, "-c", "from cli.app import run; run()", "observe", "import", str(file)],
                                    cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _waiting_for_a_lock(store)
        uow.commit()
    _out, err = importer.communicate(timeout=60)
    assert importer.returncode == 3, err
    assert "was changed by someone else (a review or an import)" in err
    listed = ok(db, "observe", "list", "--format", "json").json()
    assert [(o["state"], o["display_name"]) for o in listed] == [("dismissed", "Voorbeeld West")]
    _tables_agree_with_the_log(db)
