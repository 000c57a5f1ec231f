"""The registry through the command line, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

from helpers import ok, small_registry, smreg


def test_a_new_store_holds_the_organisation_its_brand_terms_and_domains(store_url):
    ok(store_url, "init", "--org", "Stichting Voorbeeld", "--brand", "Voorbeeld", "--brand", "SV", "--domain", "Voorbeeld.NL")
    terms = ok(store_url, "brand", "term", "list", "--format", "json").json()
    assert terms == [{"term": "SV"}, {"term": "Voorbeeld"}]
    log = ok(store_url, "log", "show", "--format", "json").json()
    assert [e["action"] for e in log] == ["setting.set", "setting.set", "brand.term_added", "brand.term_added", "store.created"]
    assert "voorbeeld.nl" in log[1]["changes"]


def test_init_refuses_to_overwrite_an_existing_store(store_url):
    ok(store_url, "init", "--org", "A")
    result = smreg(store_url, "init", "--org", "B")
    assert result.exit_code == 3
    assert "already exists" in result.stderr


def test_commands_on_a_missing_store_say_how_to_create_one(tmp_path):
    result = smreg(str(tmp_path / "nothing.db"), "account", "list")
    assert result.exit_code == 3
    assert "smreg init" in result.stderr
    assert "Traceback" not in result.stderr


def test_units_form_a_tree_listed_depth_first(store_url):
    small_registry(store_url)
    units = ok(store_url, "unit", "list", "--format", "json").json()
    assert [(u["code"], u["depth"], u["parent"]) for u in units] == [("ORG", 0, None), ("WEST", 1, "ORG"), ("ZON", 2, "WEST")]
    table = ok(store_url, "unit", "list").stdout
    assert "    ZON" in table


def test_a_unit_cannot_be_placed_below_itself(store_url):
    small_registry(store_url)
    result = smreg(store_url, "unit", "update", "ORG", "--parent", "ZON")
    assert result.exit_code == 3
    assert "loop" in result.stderr


def test_unit_policy_is_inherited_down_the_tree(store_url):
    small_registry(store_url)
    ok(store_url, "unit", "update", "WEST", "--policy", "notice_days=60")
    shown = ok(store_url, "unit", "show", "ZON", "--format", "json").json()
    assert shown["effective_policy"]["notice_days"] == 60
    assert shown["effective_policy"]["verify_months"] == 12


def test_accounts_list_as_json_csv_and_table_with_the_file_field_names(store_url):
    small_registry(store_url)
    rows = ok(store_url, "account", "list", "--format", "json").json()
    assert [(r["platform"], r["handle"]) for r in rows] == [("instagram", "de.zon.school"), ("x", "VoorbeeldWest")]
    x = rows[1]
    assert x["url"] == "https://x.com/VoorbeeldWest"
    assert x["custodian"] == "1002" and x["backup_custodian"] == "1001"
    assert x["vault_ref"] == "set" and x["vault_scheme"] == "1password"
    assert x["recovery_contact"] == "…@voorbeeld.nl"
    csv_text = ok(store_url, "account", "list", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,platform,handle,display_name,url")
    assert "VoorbeeldWest" in ok(store_url, "account", "list").stdout


def test_an_empty_json_listing_is_an_empty_array(store_url):
    ok(store_url, "init")
    assert ok(store_url, "account", "list", "--format", "json").stdout.strip() == "[]"
    assert ok(store_url, "person", "list", "--format", "json").stdout.strip() == "[]"


def test_the_same_handle_in_another_case_is_refused_as_a_duplicate(store_url):
    small_registry(store_url)
    result = smreg(store_url, "account", "add", "twitter", "@voorbeeldwest", "--unit", "WEST", "--custodian", "1001",
                   "--vault", "op://Social/x/password")
    assert result.exit_code == 3
    assert "already registered" in result.stderr


def test_an_archived_handle_may_be_registered_again(store_url):
    small_registry(store_url)
    ok(store_url, "account", "archive", "x:VoorbeeldWest")
    ok(store_url, "account", "add", "x", "voorbeeldwest", "--unit", "WEST", "--custodian", "1001",
       "--vault", "op://Social/x/password")
    everything = ok(store_url, "account", "list", "--archived", "--format", "json").json()
    assert sorted(r["status"] for r in everything if r["platform"] == "x") == ["active", "archived"]


def test_an_invalid_handle_gets_the_platforms_rule(store_url):
    small_registry(store_url)
    result = smreg(store_url, "account", "add", "x", "voorbeeld-west", "--unit", "WEST", "--custodian", "1001",
                   "--vault", "op://Social/x/password")
    assert result.exit_code == 3
    assert "letters, digits or underscores" in result.stderr


def test_an_account_is_shown_by_platform_and_handle_or_by_id(store_url):
    small_registry(store_url)
    by_handle = ok(store_url, "account", "show", "x:voorbeeldWEST", "--format", "json").json()
    by_id = ok(store_url, "account", "show", str(by_handle["id"]), "--format", "json").json()
    assert by_handle == by_id
    revealed = ok(store_url, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json").json()
    assert revealed["vault_ref"] == "op://Social/VoorbeeldWest/password"
    assert revealed["recovery_contact"] == "social@voorbeeld.nl"


def test_updating_an_account_is_logged_without_the_protected_values(store_url):
    small_registry(store_url)
    ok(store_url, "account", "update", "x:VoorbeeldWest", "--vault", "vault://kv/social/west#password",
       "--display-name", "Voorbeeld West")
    shown = ok(store_url, "account", "show", "x:VoorbeeldWest", "--format", "json").json()
    assert shown["vault_scheme"] == "hashicorp" and shown["display_name"] == "Voorbeeld West"
    log = ok(store_url, "log", "show", "--subject", "x:VoorbeeldWest", "--format", "json").json()
    assert [e["action"] for e in log] == ["account.added", "account.updated"]
    assert "vault_ref" in log[1]["changes"] and "kv/social" not in log[1]["changes"]


def test_people_are_listed_with_their_status_on_the_day(store_url):
    small_registry(store_url)
    ok(store_url, "person", "leave", "1003", "--on", "2026-06-01")
    ok(store_url, "person", "update", "1002", "--end", "01-07-2026")
    people = {p["employee_id"]: p for p in ok(store_url, "person", "list", "--format", "json").json()}
    assert people["1001"]["status"] == "active"
    assert people["1002"]["status"] == "leaving"
    assert people["1003"]["status"] == "left"
    assert people["1002"]["end_date"] == "2026-07-01"
    left = ok(store_url, "person", "list", "--status", "left", "--format", "json").json()
    assert [p["employee_id"] for p in left] == ["1003"]


def test_someone_who_left_cannot_become_custodian(store_url):
    small_registry(store_url)
    ok(store_url, "person", "leave", "1003", "--on", "2026-06-01")
    result = smreg(store_url, "account", "update", "x:VoorbeeldWest", "--custodian", "1003")
    assert result.exit_code == 3
    assert "has left" in result.stderr


def test_person_show_lists_the_accounts_they_hold(store_url):
    small_registry(store_url)
    shown = ok(store_url, "person", "show", "1001", "--format", "json").json()
    assert shown["accounts"] == ["instagram:de.zon.school", "x:VoorbeeldWest (backup)"]


def test_messages_speak_dutch_when_asked(store_url):
    small_registry(store_url)
    result = smreg(store_url, "account", "show", "x:Onbekend", lang="nl")
    assert result.exit_code == 3
    assert result.stderr.startswith("Fout: Er is geen account 'x:Onbekend'")
    table = ok(store_url, "person", "list", lang="nl").stdout
    assert "personeelsnr" in table and "in dienst" in table


def test_a_bad_date_is_a_clear_error_not_a_traceback(store_url):
    small_registry(store_url)
    result = smreg(store_url, "person", "leave", "1003", "--on", "31-02-2026")
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr and "31-02-2026" in result.stderr


def test_a_usage_error_exits_2(store_url):
    result = smreg(store_url, "account", "add", "x")
    assert result.exit_code == 2


def test_log_verify_reports_the_head(store_url):
    small_registry(store_url)
    out = ok(store_url, "log", "verify").stdout
    count = len(ok(store_url, "log", "show", "--format", "json").json())
    assert f"{count} entries" in out


def test_person_snapshots_in_the_log_hold_no_readable_personal_data(store_url):
    small_registry(store_url)
    from registry import events, settings
    from registry.db import Store

    store = Store(settings.resolve(store_url))
    records = [e for e in events.entries(store) if e.subject.startswith("person:")]
    assert records
    for entry in records:
        text = json.dumps(entry.data)
        assert "Sanne" not in text and "Pieter" not in text and "1001" not in text


def test_a_new_sqlite_store_is_readable_by_its_owner_only(tmp_path):
    import stat

    db = tmp_path / "private.db"
    ok(str(db), "init")
    ok(str(db), "unit", "add", "ORG", "--name", "Org", "--kind", "organisation")
    for path in tmp_path.glob("private.db*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
