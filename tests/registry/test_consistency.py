"""``log verify`` replays the log against the tables: every SQL edit behind smreg's back is named.

The hash chain proves the log unchanged; the tables are derived from it. A row changed, inserted
or removed with SQL (a waiver nobody granted, a custodian swapped, an end date removed, a
password typed into ``vault_ref``) makes ``log verify`` exit 4 naming the row and field, and
``audit`` refuses to report on such a store unless ``--no-check`` is given.
"""

from __future__ import annotations

import pytest
from helpers import ok, smreg
from sqlalchemy import text
from template_store import BACKENDS, small_registry_copy

from registry import settings as smreg_settings
from registry.db import Store


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    db = small_registry_copy(request.param, request, tmp_path)
    # Something of every kind the check compares: a handover, a waiver, a unit policy, a setting,
    # a leaver, an archived account, a brand logo.
    ok(db, "person", "leave", "1003", "--on", "2026-07-31")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--on", "2026-06-14", "--mfa-reset")
    found = smreg(db, "audit", "--format", "json").json()["findings"]
    ok(db, "waive", found[0]["fingerprint"], "--reason", "Rotation booked", "--until", "2026-09-15")
    ok(db, "unit", "update", "WEST", "--policy", "notice_days=60")
    ok(db, "config", "set", "notice_days", "45")
    ok(db, "account", "add", "tiktok", "zon_school", "--unit", "ZON", "--custodian", "1001", "--vault",
       "op://Social/tiktok/password")
    ok(db, "account", "archive", "tiktok:zon_school")
    from registry import clock
    from registry.services import brand

    store = Store(smreg_settings.resolve(db))
    with store.unit_of_work(actor="tester") as uow:
        brand.add_logo(uow, "logo.png", "f0e1d2c3b4a59687" * 4, today=clock.today())
        uow.commit()
    # An offboarding case with a to-do row: 1002 leaves as backup custodian of account 2.
    ok(db, "account", "update", "instagram:de.zon.school", "--backup-custodian", "1002")
    ok(db, "person", "leave", "1002", "--on", "2026-08-31")
    return db


def _sql(db: str, statement: str) -> None:
    store = Store(smreg_settings.resolve(db))
    with store.engine.begin() as conn:
        conn.execute(text(statement))


def test_an_untouched_store_agrees_with_its_log(db):
    verified = ok(db, "log", "verify")
    assert "intact" in verified.stdout and "The tables agree with the event log" in verified.stderr
    assert ok(db, "audit", "--format", "json", "--fail-on", "critical").exit_code == 0


EDITS = {
    "hand-inserted waiver": (
        "INSERT INTO waiver (fingerprint, rule, subject, reason, until, waived_by, waived_on)"
        " VALUES ('0123456789abcdef', 'SM702', 'account:1', 'nobody asked', '2027-01-01', 'mallory', '2026-06-01')",
        "waiver:0123456789abcdef: the row is in the table but not in the event log"),
    "changed custodian": (
        "UPDATE account SET custodian_id = (SELECT id FROM person WHERE employee_id = '1003') WHERE handle = 'de.zon.school'",
        "account:2: the table does not match the event log in custodian"),
    "removed end date": (
        "UPDATE person SET end_date = NULL WHERE employee_id = '1003'",
        "does not match the event log in end_date"),
    "plain password in vault_ref": (
        "UPDATE account SET vault_ref = 'Zomer2026!' WHERE handle = 'de.zon.school'",
        "account:2: the table holds plain text in vault_ref"),
    "changed name": (
        "UPDATE person SET name = 'Iemand Anders' WHERE employee_id = '1001'",
        "does not match the event log in name"),
    "deleted account": (
        "DELETE FROM account WHERE handle = 'zon_school'",
        "account:3: the event log holds it, but its row is gone from the table"),
    "ticked handover evidence": (
        "UPDATE handover SET sessions_revoked = TRUE",
        "handover:1: the table does not match the event log in sessions_revoked"),
    "unit policy": (
        "UPDATE unit SET policy = NULL WHERE code = 'WEST'",
        "unit:WEST: the table does not match the event log in policy"),
    "setting": (
        "UPDATE setting SET value = '0' WHERE key = 'notice_days'",
        "setting:notice_days: the table does not match the event log in value"),
    "revived archived account": (
        "UPDATE account SET status = 'active' WHERE handle = 'zon_school'",
        "account:3: the table does not match the event log in status"),
    "removed logo": (
        "DELETE FROM brand_logo",
        "logo:1: the event log holds it, but its row is gone from the table"),
    "closed offboarding case": (
        "UPDATE offboarding_case SET closed_on = '2026-06-15' WHERE id = 2",
        "case:2: the table does not match the event log in closed_on"),
    "moved end date of a case": (
        "UPDATE offboarding_case SET end_date = '2027-07-31' WHERE id = 2",
        "case:2: the table does not match the event log in end_date"),
    "ticked off a to-do row": (
        "UPDATE case_account SET removed_on = '2026-06-15' WHERE account_id = 2",
        "case:2 account:2 (backup_custodian): the table does not match the event log in removed_on"),
    "deleted to-do row": (
        "DELETE FROM case_account WHERE account_id = 2",
        "case:2 account:2 (backup_custodian): the event log holds it, but its row is gone from the table"),
    "hand-inserted to-do row": (
        "INSERT INTO case_account (case_id, account_id, role) VALUES (2, 3, 'custodian')",
        "case:2 account:3 (custodian): the row is in the table but not in the event log"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_of_the_tables_behind_smregs_back_is_named_and_stops_the_audit(db, edit):
    statement, named = EDITS[edit]
    if "TRUE" in statement and "postgresql" not in db:
        statement = statement.replace("TRUE", "1")
    _sql(db, statement)
    result = smreg(db, "log", "verify")
    assert result.exit_code == 4, result.stderr
    assert "disagree with its event log in 1 place" in result.stderr, result.stderr
    assert named in result.stderr
    refused = smreg(db, "audit", "--format", "json")
    assert refused.exit_code == 4 and named in refused.stderr and refused.stdout == ""
    assert "--no-check" in refused.stderr
    forced = smreg(db, "audit", "--format", "json", "--no-check")
    assert forced.exit_code in (0, 1) and forced.json()["findings"] is not None


def test_the_check_speaks_dutch(db):
    _sql(db, "UPDATE account SET vault_ref = 'Zomer2026!' WHERE handle = 'de.zon.school'")
    result = smreg(db, "log", "verify", lang="nl")
    assert result.exit_code == 4
    assert "wijken op 1 plaats af van het gebeurtenissenlogboek" in result.stderr
    assert "account:2: de tabel bevat leesbare tekst in vault_ref" in result.stderr
    assert "Zomer2026!" not in result.stderr


def test_rotation_erasure_and_imports_keep_the_tables_in_step_with_the_log(db, tmp_path, monkeypatch):
    ok(db, "key", "rotate")
    file = tmp_path / "a.csv"
    file.write_text("platform,handle,display_name,unit,kind,purpose,custodian,backup_custodian,vault_ref,"
                    "recovery_contact,rotated_on,created_on\n"
                    "x,VoorbeeldZon,De Zon,ZON,official,communicatie,1001,,op://Social/Zon/password,info@voorbeeld.nl,,\n")
    ok(db, "account", "import", str(file))
    assert "The tables agree" in ok(db, "log", "verify").stderr



def test_the_check_reads_every_field_the_services_log_of_accounts_people_and_cases(db):
    from registry import consistency

    store = Store(smreg_settings.resolve(db))
    log = consistency.logged(store)
    # Nothing matches an empty log, so every row comes back in the form the check compares.
    tables = consistency.current(store, {})[0]
    kinds = {"account": 0, "person": 0, "case": 0}
    for subject, row in tables.items():
        kind = subject.partition(":")[0]
        if kind in kinds:
            kinds[kind] += 1
            # A case entry also names what it was about (an account and role, a reason to close).
            assert set(row) == set(log[subject]) - {"pii", "reason", "account", "role"}, subject
            if kind == "account":
                assert row == log[subject], subject  # an untouched store: every field as logged
    assert all(kinds.values()), kinds
    assert consistency.current(store, log)[3] == {s for s in tables if s.startswith("account:")}
