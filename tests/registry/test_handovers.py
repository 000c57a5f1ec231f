"""Offboarding cases and handovers, on SQLite and PostgreSQL: evidence step by step, custody, races."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ok, smreg
from sqlalchemy import text
from template_store import BACKENDS, small_registry_copy

from registry import settings as smreg_settings
from registry.db import Store

ALL_EVIDENCE = ("--rotated-on", "2026-06-15", "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated")


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    """The small registry (see helpers.small_registry) on each backend."""
    return small_registry_copy(request.param, request, tmp_path)


def _rows(db: str, sql: str, **params) -> list[tuple]:
    store = Store(smreg_settings.resolve(db))
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def _account(db: str, ref: str) -> dict:
    return ok(db, "account", "show", ref, "--format", "json").json()


def _checklist(db: str, employee_id: str) -> dict:
    return ok(db, "offboard", employee_id, "--format", "json").json()["cases"][0]


def _open_handovers(db: str, employee_id: str) -> bool:
    from registry.services import handovers, people

    store = Store(smreg_settings.resolve(db))
    with store.unit_of_work(actor="test", write=False) as uow:
        return handovers.has_open_handovers(uow.session, people.get_person(uow.session, employee_id).id)


def test_a_departure_opens_a_case_with_every_account_the_person_holds_in_either_role(db):
    ok(db, "person", "leave", "1001", "--on", "2026-06-30")
    case = _checklist(db, "1001")
    assert (case["employee_id"], case["end_date"], case["closed"]) == ("1001", "2026-06-30", False)
    accounts = {a["account"]: a for a in case["accounts"]}
    assert {name: a["role"] for name, a in accounts.items()} == {
        "instagram:de.zon.school": "custodian", "x:VoorbeeldWest": "backup_custodian"}
    # Nobody is backup of the Instagram account and ZON has no lead: a colleague in the unit.
    assert accounts["instagram:de.zon.school"]["receiver"] == "Kees Jansen (1003)"
    assert accounts["instagram:de.zon.school"]["receiver_reason"] == "unit_colleague"
    assert [i["key"] for i in accounts["x:VoorbeeldWest"]["items"]] == [
        "rotated", "recovery_moved", "mfa_reset", "sessions_revoked", "vault_updated", "integrations_reconnected",
        "identity_confirmed"]
    assert not any(i["done"] for a in case["accounts"] for i in a["items"])


def test_the_suggested_receiver_is_the_backup_then_the_unit_lead_then_nobody(db):
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    [entry] = _checklist(db, "1002")["accounts"]
    assert (entry["receiver"], entry["receiver_reason"]) == ("Sanne de Wit (1001)", "backup_custodian")
    ok(db, "person", "leave", "1001", "--on", "2026-06-20")  # the backup leaves first
    ok(db, "unit", "update", "WEST", "--lead", "1003")
    [entry] = _checklist(db, "1002")["accounts"]
    assert (entry["receiver"], entry["receiver_reason"]) == ("Kees Jansen (1003)", "unit_lead")
    ok(db, "person", "leave", "1003", "--on", "2026-06-21")
    [entry] = _checklist(db, "1002")["accounts"]
    assert (entry["receiver"], entry["receiver_reason"]) == (None, "none_available")


def test_evidence_recorded_in_several_calls_completes_one_handover_and_closes_the_case(db):
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    first = ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--rotated-on", "2026-06-15", "--mfa-reset")
    assert "from Pieter van Leeuwen (1002) to Sanne de Wit (1001) on 2026-06-15" in first.stdout
    assert "Still needed for a complete handover: recovery contact moved, sessions signed out, vault sharing updated." in first.stdout
    assert _open_handovers(db, "1002")
    second = ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--recovery-moved", "--sessions-revoked")
    assert "Added to the handover" in second.stdout
    last = ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--vault-updated", "--identity-confirmed")
    assert "The handover is complete." in last.stdout and "the case is closed" in last.stdout
    handovers = _rows(db, "SELECT from_person_id, to_person_id, handed_on, rotated_on, recovery_moved, mfa_reset,"
                                 " sessions_revoked, vault_updated, integrations_reconnected, identity_confirmed, role,"
                                 " receiver_reason, version FROM handover")
    assert len(handovers) == 1
    row = handovers[0]
    assert [bool(v) for v in row[4:10]] == [True, True, True, True, False, True]
    assert (row[10], row[11], row[12]) == ("custodian", "backup_custodian", 3)
    assert str(row[3]) == "2026-06-15"
    case = _checklist(db, "1002")
    assert case["closed"] is True and case["accounts"][0]["complete"] is True
    assert not _open_handovers(db, "1002")
    actions = [e["action"] for e in ok(db, "log", "show", "--format", "json").json()]
    # Only the first call changed the account itself; the others added evidence.
    assert actions[-5:] == ["account.handed_over", "handover.recorded", "handover.updated", "handover.updated",
                            "case.closed"]


def test_the_receiver_becomes_custodian_a_backup_receiving_stops_being_backup_and_rotation_is_kept(db):
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--on", "2026-06-10", "--rotated-on", "2026-06-12")
    account = _account(db, "x:VoorbeeldWest")
    assert (account["custodian"], account["backup_custodian"], account["rotated_on"]) == ("1001", None, "2026-06-12")


def test_a_leaving_backup_custodian_is_replaced_and_the_custodian_keeps_the_account(db):
    ok(db, "person", "leave", "1001", "--on", "2026-06-30")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1003", *ALL_EVIDENCE)
    account = _account(db, "x:VoorbeeldWest")
    assert (account["custodian"], account["backup_custodian"]) == ("1002", "1003")
    assert _rows(db, "SELECT p.employee_id, h.role FROM handover h JOIN person p ON p.id = h.from_person_id") == [
        ("1001", "backup_custodian")]
    # Still open: 1001 holds the Instagram account as custodian.
    assert _open_handovers(db, "1001")
    ok(db, "handover", "instagram:de.zon.school", "--to", "1003", *ALL_EVIDENCE)
    assert not _open_handovers(db, "1001")
    assert _checklist(db, "1001")["closed"] is True


def test_handovers_that_cannot_be_right_are_refused_and_change_nothing(db):
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    ok(db, "person", "leave", "1003", "--on", "2026-06-01")
    cases = {
        ("--to", "1003"): "no longer employed",
        ("--to", "1002"): "already holds x:VoorbeeldWest",
        ("--to", "1001", "--on", "2026-06-16"): "lies in the future",
        ("--to", "1001", "--on", "2026-06-14", "--rotated-on", "2026-06-13"): "before the handover on 2026-06-14",
        ("--to", "9999"): "no person with employee id '9999'",
    }
    for args, message in cases.items():
        result = smreg(db, "handover", "x:VoorbeeldWest", *args)
        assert result.exit_code == 3, args
        assert message in result.stderr, (args, result.stderr)
    assert _rows(db, "SELECT count(*) FROM handover") == [(0,)]
    assert _account(db, "x:VoorbeeldWest")["custodian"] == "1002"
    dutch = smreg(db, "handover", "x:VoorbeeldWest", "--to", "1003", lang="nl")
    assert dutch.exit_code == 3 and "niet meer in dienst" in dutch.stderr


def test_clearing_the_end_date_closes_the_case_and_someone_holding_nothing_has_a_closed_case_at_once(db):
    ok(db, "person", "update", "1002", "--end", "2026-07-31")
    assert _checklist(db, "1002")["closed"] is False
    ok(db, "person", "update", "1002", "--clear-end")
    assert _rows(db, "SELECT count(*) FROM offboarding_case WHERE closed_on IS NULL") == [(0,)]
    assert _checklist(db, "1002")["closed"] is True
    ok(db, "person", "add", "1004", "--name", "Eva Smit", "--unit", "ZON", "--end", "2026-06-20")
    case = _checklist(db, "1004")
    assert (case["closed"], case["accounts"]) == (True, [])
    assert not _open_handovers(db, "1004")


def test_an_account_archived_during_offboarding_counts_as_done(db):
    ok(db, "person", "leave", "1001", "--on", "2026-06-30")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1003", *ALL_EVIDENCE)
    ok(db, "account", "archive", "instagram:de.zon.school")
    assert not _open_handovers(db, "1001")
    assert _checklist(db, "1001")["closed"] is True


def test_someone_without_an_end_date_has_no_checklist(db):
    result = smreg(db, "offboard", "1003")
    assert result.exit_code == 3 and "has no end date" in result.stderr


def test_the_checklist_prints_as_markdown_and_html_in_dutch_and_english(db):
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--rotated-on", "2026-06-15")
    markdown = ok(db, "offboard", "1002").stdout
    assert markdown.startswith("# Offboarding checklist: Pieter van Leeuwen")
    assert "- [x] Password changed by the organisation — done on 2026-06-15" in markdown
    assert "- [ ] Second factor (MFA) reset" in markdown
    dutch = ok(db, "offboard", "1002", "--format", "html", lang="nl").stdout
    assert dutch.startswith("<!DOCTYPE html>") and 'lang="nl"' in dutch and "Tweede factor (MFA)" in dutch


def _race(url: str, receiver: str, barrier, results) -> None:
    """One racer: read the account, wait until the other has read it too, then write."""
    from helpers import smreg as run

    from registry import db
    from registry.services import accounts

    db._engines.clear()  # never share the parent's pooled connections
    original = accounts.write_versioned

    def after_both_read(*args, **kwargs):
        barrier.wait(timeout=30)
        return original(*args, **kwargs)

    accounts.write_versioned = after_both_read
    result = run(url, "handover", "x:VoorbeeldWest", "--to", receiver, "--rotated-on", "2026-06-15")
    results.put((receiver, result.exit_code, result.stderr))


@pytest.mark.postgres
def test_two_handovers_of_one_account_racing_on_postgresql_never_overwrite_each_other(request, tmp_path):
    pg_url = small_registry_copy("postgresql", request, tmp_path)
    ok(pg_url, "person", "leave", "1002", "--on", "2026-06-30")
    from registry import db

    for engine in db._engines.values():
        engine.dispose()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    racers = [context.Process(target=_race, args=(pg_url, receiver, barrier, results)) for receiver in ("1001", "1003")]
    for racer in racers:
        racer.start()
    outcome = sorted((results.get(timeout=60) for _ in racers), key=lambda r: r[1])
    for racer in racers:
        racer.join(timeout=30)
    (winner, won, _), (_, lost, message) = outcome
    assert (won, lost) == (0, 3)
    assert "was changed by someone else while you were working on it" in message
    assert _account(pg_url, "x:VoorbeeldWest")["custodian"] == winner
    assert _rows(pg_url, "SELECT p.employee_id FROM handover h JOIN person p ON p.id = h.to_person_id") == [(winner,)]
    actions = [e["action"] for e in ok(pg_url, "log", "show", "--format", "json").json()]
    assert actions.count("handover.recorded") == 1 and actions.count("account.handed_over") == 1


def test_two_handover_commands_run_at_once_either_queue_or_one_is_told_to_retry(db):
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    command = [str(Path(sys.executable).with_name("smreg")), "--db", db, "handover", "x:VoorbeeldWest",
               "--rotated-on", "2026-06-15", "--to"]
    env = {**os.environ, "SMREG_LANG": "en"}
    procs = {r: subprocess.Popen([*command, r], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for r in ("1001", "1003")}
    codes = {r: (p.wait(timeout=60), p.stderr.read()) for r, p in procs.items()}
    recorded = _rows(db, "SELECT p.employee_id FROM handover h JOIN person p ON p.id = h.to_person_id ORDER BY h.id")
    custodian = _account(db, "x:VoorbeeldWest")["custodian"]
    if all(code == 0 for code, _ in codes.values()):
        # Both applied, one after the other: the last one recorded holds the account.
        assert len(recorded) == 2 and custodian == recorded[-1][0]
    else:
        [(loser, (code, message))] = [(r, c) for r, c in codes.items() if c[0] != 0]
        assert code == 3 and "changed by someone else" in message
        assert recorded == [(custodian,)] and custodian != loser


def test_archiving_the_last_account_of_a_case_closes_it(tmp_path):
    from helpers import ok, small_registry

    db = str(tmp_path / "arch.db")
    small_registry(db)
    ok(db, "person", "leave", "1001", "--on", "2026-06-30")
    ok(db, "account", "archive", "instagram:de.zon.school")
    log = ok(db, "log", "show", "--format", "json").json()
    assert "case.closed" not in [e["action"] for e in log]  # x:VoorbeeldWest (backup role) still open
    ok(db, "account", "archive", "x:VoorbeeldWest")
    log = ok(db, "log", "show", "--format", "json").json()
    assert [e["action"] for e in log][-1] == "case.closed"
