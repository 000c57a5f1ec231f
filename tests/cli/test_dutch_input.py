"""What tables show in Dutch may be typed back: codes and their words in either language, any case."""

from __future__ import annotations

import json

import pytest
from helpers import ok, small_registry, smreg


def test_a_unit_kind_is_taken_as_its_dutch_word(tmp_path):
    db = str(tmp_path / "units.db")
    ok(db, "init", "--org", "Stichting Voorbeeld", "--brand", "Voorbeeld")
    ok(db, "unit", "add", "ORG", "--name", "Stichting", "--kind", "Organisatie")
    ok(db, "unit", "add", "STAF", "--name", "Stafbureau", "--kind", "bureau", "--parent", "ORG")
    units = {u["code"]: u["kind"] for u in json.loads(ok(db, "unit", "list", "--format", "json").stdout)}
    assert units == {"ORG": "organisation", "STAF": "office"}
    refused = smreg(db, "unit", "add", "X", "--name", "X", "--kind", "kantoor", lang="nl")
    assert refused.exit_code == 3
    assert "Gebruik een van: organisatie, sector, school, bureau." in refused.stderr


def test_a_person_status_filter_takes_the_word_the_table_shows(tmp_path):
    db = str(tmp_path / "people.db")
    small_registry(db)
    ok(db, "person", "update", "1003", "--end", "2026-06-01")
    by_code = ok(db, "person", "list", "--status", "left", "--format", "json").stdout
    for word in ("vertrokken", "Vertrokken", "uit dienst"):
        assert ok(db, "person", "list", "--status", word, "--format", "json").stdout == by_code
    assert [p["employee_id"] for p in json.loads(by_code)] == ["1003"]
    refused = smreg(db, "person", "list", "--status", "weg", lang="nl")
    assert refused.exit_code == 3 and "actief, vertrekt, vertrokken, gewist" in refused.stderr


@pytest.mark.parametrize(("word", "exit_code"), [("kritiek", 0), ("KRITIEK", 0), ("critical", 0), ("Hoog", 1),
                                                  ("high", 1), ("laag", 1), ("middel", 1)])
def test_fail_on_takes_the_severity_in_either_language(tmp_path, word, exit_code):
    db = str(tmp_path / "audit.db")
    small_registry(db)
    ok(db, "person", "leave", "1002", "--on", "2026-06-01")  # SM702 on x:VoorbeeldWest, of high severity
    assert '"severity": "high"' in smreg(db, "audit", "--format", "json").stdout
    assert smreg(db, "audit", "--fail-on", word).exit_code == exit_code


def test_fail_on_refuses_another_word_listing_the_dutch_ones(tmp_path):
    db = str(tmp_path / "refused.db")
    small_registry(db)
    refused = smreg(db, "audit", "--fail-on", "ernstig", lang="nl")
    assert refused.exit_code == 2
    assert "'ernstig' is geen geldige keuze; kies uit info, laag, middel, hoog, kritiek." in refused.stderr


def test_an_observed_review_takes_the_dutch_state_and_says_it_in_dutch(tmp_path):
    db = str(tmp_path / "observed.db")
    small_registry(db)
    observed = tmp_path / "observed.csv"
    observed.write_text("platform,handle,display_name\ninstagram,voorbeeld_fans,Voorbeeld fans\n", encoding="utf-8")
    ok(db, "observe", "import", str(observed))
    said = ok(db, "observe", "review", "instagram:voorbeeld_fans", "--state", "Bevestigd", lang="nl")
    assert "heeft nu de status ‘bevestigd’" in said.stdout + said.stderr
    listed = json.loads(ok(db, "observe", "list", "--state", "bevestigd", "--format", "json").stdout)
    assert [(o["handle"], o["state"]) for o in listed] == [("voorbeeld_fans", "confirmed")]
    refused = smreg(db, "observe", "review", "instagram:voorbeeld_fans", "--state", "klaar", lang="nl")
    assert refused.exit_code == 3
    assert "bevestigd, afgewezen, verwijdering aangevraagd, opgelost" in refused.stderr


def test_an_account_kind_refused_lists_the_dutch_words(tmp_path):
    db = str(tmp_path / "kinds.db")
    small_registry(db)
    refused = smreg(db, "account", "update", "x:VoorbeeldWest", "--kind", "zakelijk", lang="nl")
    assert refused.exit_code == 3 and "officieel, werk, groep" in refused.stderr


def test_a_group_is_registered_without_a_vault_reference_and_a_work_account_is_not(tmp_path):
    db = str(tmp_path / "group.db")
    small_registry(db)
    ok(db, "account", "add", "whatsapp", "Ouders groep 8 De Zon", "--unit", "ZON", "--custodian", "1001",
       "--kind", "groep")
    findings = json.loads(ok(db, "audit", "--format", "json").stdout)["findings"]
    assert not any(f["rule"] == "SM705" for f in findings)
    refused = smreg(db, "account", "add", "x", "ZonWerk", "--unit", "ZON", "--custodian", "1001", lang="nl")
    assert refused.exit_code == 3 and "kluisverwijzing: verplicht voor een nieuw account." in refused.stderr
    rows = tmp_path / "groups.csv"
    rows.write_text("platform;gebruikersnaam;eenheid;beheerder;soort\nwhatsapp;Klas 5b;ZON;1001;groep\n"
                    "x;ZonTwee;ZON;1001;werk\n", encoding="utf-8")
    imported = smreg(db, "account", "import", str(rows), lang="nl")
    assert imported.exit_code == 3
    assert "regel 3: kluisverwijzing" in imported.stderr and "regel 2" not in imported.stderr
