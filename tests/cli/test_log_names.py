"""`log show` names people and accounts in an entry's changes while they are not erased."""

from __future__ import annotations

from helpers import ok, small_registry


def test_a_custodian_change_names_both_people_and_the_subject_names_the_account(tmp_path):
    db = str(tmp_path / "names.db")
    small_registry(db)
    ok(db, "account", "update", "x:VoorbeeldWest", "--custodian", "1003")
    entries = ok(db, "log", "show", "--subject", "x:VoorbeeldWest", "--format", "json").json()
    changed = next(e for e in entries if e["action"] == "account.updated")
    assert "custodian: Pieter van Leeuwen (1002) → Kees Jansen (1003)" in changed["changes"]
    added = next(e for e in entries if e["action"] == "account.added")
    assert "backup_custodian=Sanne de Wit (1001)" in added["changes"]
    assert changed["about"] == "x:VoorbeeldWest"


def test_an_erased_person_stays_a_reference(tmp_path):
    db = str(tmp_path / "erased.db")
    small_registry(db)
    ok(db, "person", "update", "1003", "--end", "2020-01-01")
    ok(db, "person", "erase", "1003", "--yes")
    entries = ok(db, "log", "show", "--format", "json").json()
    assert not any("Kees Jansen" in e["changes"] for e in entries)
