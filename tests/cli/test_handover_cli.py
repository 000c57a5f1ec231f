"""`smreg handover` and `smreg attest` as a user types them, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def _group(db: str) -> None:
    ok(db, "account", "add", "whatsapp", "Ouders groep 5", "--unit", "ZON", "--custodian", "1001", "--kind", "group",
       "--vault", "op://Social/Ouders/password")


def test_a_rotation_before_the_handover_date_is_refused_with_the_real_fix(db):
    result = smreg(db, "handover", "x:VoorbeeldWest", "--to", "1003", "--rotated-on", "2026-06-10")
    assert result.exit_code == 3
    assert "before the handover on 2026-06-15" in result.stderr
    assert "give its date with `--on`" in result.stderr
    assert result.stderr.count("\n") == 1
    # Nothing was recorded: the account is still Pieter's.
    assert ok(db, "account", "show", "x:VoorbeeldWest", "--format", "json").json()["custodian"] == "1002"
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1003", "--on", "2026-06-10", "--rotated-on", "2026-06-10")


def test_a_rotation_in_the_future_is_refused(db):
    result = smreg(db, "handover", "x:VoorbeeldWest", "--to", "1003", "--rotated-on", "2026-06-16")
    assert result.exit_code == 3
    assert "The rotation date 2026-06-16 lies in the future." in result.stderr
    dutch = smreg(db, "handover", "x:VoorbeeldWest", "--to", "1003", "--rotated-on", "2026-06-16", lang="nl")
    assert "De wijzigingsdatum 16-06-2026 ligt in de toekomst." in dutch.stderr


def test_a_group_is_handed_over_by_moving_its_admin_rights(db):
    _group(db)
    ok(db, "person", "leave", "1001", "--on", "2026-06-30")
    [entry] = [a for a in ok(db, "offboard", "1001", "--format", "json").json()["cases"][0]["accounts"]
               if a["account"].startswith("whatsapp:")]
    assert [i["key"] for i in entry["items"]] == ["admin_moved", "leaver_removed", "identity_confirmed"]
    first = ok(db, "handover", entry["account"], "--to", "1003", "--admin-moved")
    assert "Still needed for a complete handover: leaver removed as admin." in first.stdout
    second = ok(db, "handover", entry["account"], "--to", "1003", "--leaver-removed")
    assert "The handover is complete." in second.stdout
    # A group has no password of its own: no SM704 for it, and no SM702/SM703 once handed over.
    findings = smreg(db, "audit", "--format", "json").json()["findings"]
    assert not [f for f in findings if f["subject"]["platform"] == "whatsapp"]


def test_password_evidence_does_not_apply_to_a_group(db):
    _group(db)
    result = smreg(db, "handover", "whatsapp:Ouders groep 5", "--to", "1003", "--mfa-reset")
    assert result.exit_code == 3
    assert "second factor reset: does not apply to whatsapp:Ouders groep 5" in result.stderr
    assert "admin rights moved, leaver removed as admin" in result.stderr
    result = smreg(db, "handover", "x:VoorbeeldWest", "--to", "1003", "--admin-moved")
    assert result.exit_code == 3


def test_a_half_done_group_handover_after_the_end_date_is_sm702(db):
    _group(db)
    ok(db, "person", "leave", "1001", "--on", "2026-06-01")
    ok(db, "handover", "whatsapp:Ouders groep 5", "--to", "1003", "--admin-moved")
    findings = [f for f in smreg(db, "audit", "--format", "json").json()["findings"]
                if f["subject"]["platform"] == "whatsapp"]
    assert [(f["rule"], f["details"]["missing"]) for f in findings] == [("SM702", ["leaver_removed"])]


def test_attest_says_what_it_recorded(db):
    result = ok(db, "attest", "x:VoorbeeldWest", "--on", "2026-06-14")
    assert result.stdout == "Recorded that x:VoorbeeldWest was confirmed correct on 2026-06-14; custodian: 1002.\n"
    dutch = ok(db, "attest", "x:VoorbeeldWest", lang="nl")
    assert dutch.stdout == "Vastgelegd dat x:VoorbeeldWest op 15-06-2026 als juist is bevestigd; beheerder: 1002.\n"
    assert ok(db, "account", "show", "x:VoorbeeldWest", "--format", "json").json()["verified_on"] == "2026-06-15"


def test_attest_refuses_a_day_to_come(db):
    result = smreg(db, "attest", "x:VoorbeeldWest", "--on", "2026-07-01")
    assert result.exit_code == 3
    assert "lies in the future" in result.stderr
