"""A backup custodian must be someone other than the custodian, in ``account add``, ``account
update`` (either column changed) and ``account import`` (a row problem); on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

SENTENCE = "De reservebeheerder moet iemand anders zijn dan de beheerder."


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    """x:VoorbeeldWest: custodian 1002, backup custodian 1001."""
    return small_registry_copy(request.param, request, tmp_path)


def _holders(db: str) -> tuple[str, str]:
    shown = ok(db, "account", "show", "x:VoorbeeldWest", "--format", "json").json()
    return shown["custodian"], shown["backup_custodian"]


def test_an_update_making_the_backup_custodian_the_custodian_is_refused_either_way(db):
    events = len(ok(db, "log", "show", "--format", "json").json())
    for option, value in (("--backup-custodian", "1002"), ("--custodian", "1001")):
        refused = smreg(db, "account", "update", "x:VoorbeeldWest", option, value, lang="nl")
        assert refused.exit_code == 3 and SENTENCE in refused.stderr and refused.stderr.count("\n") == 1
    english = smreg(db, "account", "update", "x:VoorbeeldWest", "--backup-custodian", "1002")
    assert english.exit_code == 3 and "The backup custodian must be someone other than the custodian." in english.stderr
    assert _holders(db) == ("1002", "1001")
    assert len(ok(db, "log", "show", "--format", "json").json()) == events
    # Both changed together to two different people is fine.
    ok(db, "account", "update", "x:VoorbeeldWest", "--custodian", "1001", "--backup-custodian", "1003")
    assert _holders(db) == ("1001", "1003")


def test_an_account_added_with_the_same_person_twice_is_refused(db):
    refused = smreg(db, "account", "add", "tiktok", "zonklas", "--unit", "ZON", "--custodian", "1003",
                    "--backup-custodian", "1003", "--vault", "op://Social/tt/password", lang="nl")
    assert refused.exit_code == 3 and SENTENCE in refused.stderr


def test_an_import_row_with_the_same_person_twice_is_a_row_problem_and_nothing_is_imported(db, tmp_path):
    rows = tmp_path / "accounts.csv"
    rows.write_text("platform,handle,unit,custodian,backup_custodian,vault_ref\n"
                    "tiktok,zonklas,ZON,1003,1001,op://Social/tt/password\n"
                    "youtube,@zonklas,ZON,1003,1003,op://Social/yt/password\n", encoding="utf-8")
    refused = smreg(db, "account", "import", str(rows), lang="nl")
    assert refused.exit_code == 3 and f"regel 3: backup_custodian: {SENTENCE}" in refused.stderr
    listed = ok(db, "account", "list", "--format", "json").json()
    assert {a["handle"] for a in listed} == {"VoorbeeldWest", "de.zon.school"}
