"""Dutch tables show words and dd-mm-jjjj dates; JSON and CSV keep the stable codes and ISO dates."""

from __future__ import annotations

import json

from helpers import ok, small_registry, smreg


def test_dutch_tables_show_words_for_codes_and_day_month_year_dates(tmp_path):
    db = str(tmp_path / "nl.db")
    small_registry(db)
    ok(db, "person", "update", "1003", "--end", "2026-06-01")
    accounts = ok(db, "account", "list", lang="nl").stdout
    assert "officieel" in accounts and "werk" in accounts and "actief" in accounts
    assert "official" not in accounts
    people = ok(db, "person", "list", lang="nl").stdout
    assert "01-06-2026" in people and "vertrokken" in people and "2026-06-01" not in people
    units = ok(db, "unit", "list", lang="nl").stdout
    assert "organisatie" in units and "school" in units
    english = ok(db, "person", "list").stdout
    assert "2026-06-01" in english and "left" in english


def test_json_and_csv_keep_the_codes_and_iso_dates_in_dutch_too(tmp_path):
    db = str(tmp_path / "codes.db")
    small_registry(db)
    ok(db, "person", "update", "1003", "--end", "2026-06-01")
    people = json.loads(ok(db, "person", "list", "--format", "json", lang="nl").stdout)
    assert {p["employee_id"]: (p["status"], p["end_date"]) for p in people}["1003"] == ("left", "2026-06-01")
    accounts = json.loads(ok(db, "account", "list", "--format", "json", lang="nl").stdout)
    assert {a["kind"] for a in accounts} == {"official", "work"}
    csv_text = ok(db, "account", "list", "--format", "csv", lang="nl").stdout
    assert "official" in csv_text and "officieel" not in csv_text


def test_a_dutch_message_gives_its_date_as_day_month_year(tmp_path):
    db = str(tmp_path / "msg.db")
    small_registry(db)
    ok(db, "person", "leave", "1002", "--on", "2026-06-01")
    shown = smreg(db, "audit", "--format", "table", lang="nl")
    assert "01-06-2026" in shown.stdout and "2026-06-01" not in shown.stdout


def test_log_show_puts_each_change_on_its_own_line_in_a_table(tmp_path):
    db = str(tmp_path / "log.db")
    small_registry(db)
    table = ok(db, "log", "show", "--subject", "x:VoorbeeldWest").stdout.splitlines()
    added = next(i for i, line in enumerate(table) if "account.added" in line)
    assert table[added].rstrip().endswith(table[added].split()[-1]) and ";" not in table[added]
    assert any(line.strip().startswith("handle=VoorbeeldWest") for line in table[added:added + 25])
    as_json = json.loads(ok(db, "log", "show", "--subject", "x:VoorbeeldWest", "--format", "json").stdout)
    assert "; " in as_json[0]["changes"]


def test_findings_and_the_log_name_people_by_name_and_employee_id(tmp_path):
    db = str(tmp_path / "names.db")
    small_registry(db)
    ok(db, "person", "leave", "1002", "--on", "2026-06-01")
    report = smreg(db, "audit", "--format", "json")
    messages = [f["message"] for f in report.json()["findings"] if f["rule"] == "SM702"]
    assert messages == ["The custodian (Pieter van Leeuwen, 1002) left on 2026-06-01 and the account has not been "
                        "handed over."]
    logged = ok(db, "log", "show", "--subject", "1002", lang="nl").stdout
    assert "Pieter van Leeuwen (1002)" in logged and "person:" not in logged
    entries = json.loads(ok(db, "log", "show", "--subject", "1002", "--format", "json").stdout)
    assert entries[0]["subject"].startswith("person:") and entries[0]["about"] == "Pieter van Leeuwen (1002)"
