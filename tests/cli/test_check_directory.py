"""``smreg person check-directory``: a user directory held against HR, on both backends.

The registry: the small one (1001 Sanne with her work address, 1002 and 1003 without one) plus
the AFAS example (2001–2003, with work addresses), and 2003 left before today (2026-06-15).
The examples in ``tests/data/hr`` are an Entra ID "Download users" CSV (no employee ids: matched
by address) and a Google Workspace user CSV (matched by ``Employee ID``), whose password and
recovery columns carry planted values that must never be read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg

DATA = Path(__file__).resolve().parents[1] / "data" / "hr"


def _registry(db: str) -> None:
    small_registry(db)
    ok(db, "person", "import", str(DATA / "afas-getconnector.json"), "--partial")
    ok(db, "person", "leave", "2003", "--on", "2026-05-31")


def _found(result) -> list[tuple[str, str, str]]:
    return [(a["code"], a["employee_id"], a["account"]) for a in result.json()["needs_attention"]]


def test_entra_lists_the_employed_without_an_enabled_account_and_the_leaver_still_enabled(store_url):
    _registry(store_url)
    log = ok(store_url, "log", "show", "--format", "json").json()
    people = ok(store_url, "person", "list", "--format", "json").json()
    result = smreg(store_url, "person", "check-directory", str(DATA / "entra-users.csv"), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert "entra-users.csv: read as Microsoft Entra ID (Download users CSV)." in result.stderr
    assert _found(result) == [("missing", "1002", ""), ("missing", "1003", ""),
                              ("disabled", "2001", "j.devries@voorbeeld.nl"),
                              ("enabled_after_leaving", "2003", "k.thart@voorbeeld.nl")]
    summary = result.json()
    assert (summary["format"], summary["accounts"], summary["people"], summary["unmatched_accounts"]) == ("entra", 5, 6, 1)
    assert "1 accounts match nobody" in result.stderr and "Nothing was changed." in result.stderr
    # a directory never adds, changes or ends anyone
    assert ok(store_url, "log", "show", "--format", "json").json() == log
    assert ok(store_url, "person", "list", "--format", "json").json() == people


def test_google_matches_by_employee_id_and_never_reads_the_password_columns(store_url):
    _registry(store_url)
    result = smreg(store_url, "person", "check-directory", str(DATA / "google-users.csv"), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert "read as Google Workspace (user CSV)." in result.stderr
    assert _found(result) == [("disabled", "1002", "p.vanleeuwen@voorbeeld.nl"), ("missing", "2002", "")]
    table = smreg(store_url, "person", "check-directory", str(DATA / "google-users.csv"), "--debug")
    csv = smreg(store_url, "person", "check-directory", str(DATA / "google-users.csv"), "--format", "csv")
    assert csv.stdout.splitlines()[1].startswith("disabled,1002,Pieter van Leeuwen,p.vanleeuwen@voorbeeld.nl,")
    for run in (result, table, csv):
        assert "PLANTED" not in run.stdout + run.stderr


def test_a_directory_in_step_with_hr_needs_no_attention_and_exits_0(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    ok(db, "person", "update", "1002", "--email", "p.vanleeuwen@voorbeeld.nl")
    ok(db, "person", "update", "1003", "--email", "k.jansen@voorbeeld.nl")
    ok(db, "person", "add", "2009", "--name", "Nog Niet Begonnen", "--start", "2026-09-01")  # not started: not listed
    lines = (DATA / "google-users.csv").read_text().splitlines()
    (tmp_path / "dir.csv").write_text("\n".join(lines[:2] + [lines[2].replace("Suspended", "Active"), lines[3]]) + "\n")
    result = smreg(db, "person", "check-directory", str(tmp_path / "dir.csv"))
    assert result.exit_code == 0, result.stderr
    assert "3 directory accounts, 4 people in the registry: 0 need attention." in result.stderr


def test_the_table_is_dutch_under_lang_nl(tmp_path):
    db = str(tmp_path / "s.db")
    _registry(db)
    result = smreg(db, "person", "check-directory", str(DATA / "entra-users.csv"), lang="nl")
    assert result.exit_code == 1
    assert "gelezen als Microsoft Entra ID (CSV uit Gebruikers downloaden)." in result.stderr
    assert "aan na vertrek" in result.stdout and "volgens HR vertrokken op 31-05-2026" in result.stdout
    assert "geen account" in result.stdout and "account staat uit" in result.stdout


@pytest.mark.parametrize("change, expected", [
    (("True,NL", "Misschien,NL"), "line 2: accountEnabled: 'Misschien' does not say whether the account is enabled"),
    (("s.dewit@voorbeeld.nl,Sanne", ",Sanne"), "line 2: userPrincipalName: the row names no account"),
])
def test_a_bad_row_is_listed_by_its_own_header_and_nothing_is_compared(tmp_path, change, expected):
    db = str(tmp_path / "s.db")
    _registry(db)
    text = (DATA / "entra-users.csv").read_text().replace(*change, 1)
    (tmp_path / "bad.csv").write_text(text)
    result = smreg(db, "person", "check-directory", str(tmp_path / "bad.csv"))
    assert result.exit_code == 3
    assert expected in result.stderr
    assert "bad.csv has 1 bad row; nothing was compared." in result.stderr


def test_a_file_that_is_no_directory_export_is_refused_in_a_sentence(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    result = smreg(db, "person", "check-directory", str(DATA / "nmbrs.csv"))
    assert result.exit_code == 3
    assert "is not a user directory smreg recognises" in result.stderr and "entra, google" in result.stderr
    assert smreg(db, "person", "check-directory", str(DATA / "entra-users.csv"), "--from", "okta").exit_code == 2


def test_an_entra_export_with_employee_ids_matches_by_id_before_address(tmp_path):
    db = str(tmp_path / "s.db")
    _registry(db)
    # a Graph export adds employeeId: 1002 and 1003 have no work address in the registry, yet are found
    lines = (DATA / "entra-users.csv").read_text().splitlines()
    rows = [lines[0] + ",employeeId"] + [line + "," for line in lines[1:]]
    rows.append("p.vanleeuwen@voorbeeld.nl,Pieter van Leeuwen,,,,id6,Member,,,True,NL" + "," * 14 + ",1002")
    rows.append("k.jansen@voorbeeld.nl,Kees Jansen,,,,id7,Member,,,False,NL" + "," * 14 + ",1003")
    (tmp_path / "graph.csv").write_text("\n".join(rows) + "\n")
    result = smreg(db, "person", "check-directory", str(tmp_path / "graph.csv"), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert _found(result) == [("disabled", "1003", "k.jansen@voorbeeld.nl"),
                              ("disabled", "2001", "j.devries@voorbeeld.nl"),
                              ("enabled_after_leaving", "2003", "k.thart@voorbeeld.nl")]
