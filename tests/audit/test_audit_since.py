"""``smreg audit --record`` and ``--since``: what is new, resolved and still open, exactly, on both backends."""

from __future__ import annotations

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

from audit.model import fingerprint

LATER = {"SMREG_CLOCK": "2026-06-25T10:00:00+00:00"}


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    """A leaver's account (SM702) and an account never verified (SM710), recorded as audit 1."""
    url = small_registry_copy(request.param, request, tmp_path)
    ok(url, "person", "leave", "1002", "--on", "2026-05-01")
    ok(url, "account", "add", "youtube", "@zonklas", "--unit", "ZON", "--custodian", "1003", "--vault",
       "op://Social/zonklas/password", "--created-on", "2024-01-01")
    first = smreg(url, "audit", "--record")
    assert first.exit_code == 1 and "Recorded this audit as audit 1." in first.stderr
    return url


def _since(db: str, *args: str, env=LATER):
    return smreg(db, "audit", "--since", *args, env=env)


def test_since_last_lists_new_resolved_and_still_open_findings_by_fingerprint(db):
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--on", "2026-06-20", "--rotated-on", "2026-06-20",
       "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated", env=LATER)
    ok(db, "account", "add", "tiktok", "zonklas", "--unit", "ZON", "--custodian", "1003", "--vault",
       "op://Social/tt/password", "--recovery-contact", "juf@gmail.com", env=LATER)
    report = _since(db, "last", "--format", "json").json()
    assert report["since"]["run"] == 1
    # The backup custodian took the official account over, so it has no backup now (SM709).
    assert {f["fingerprint"] for f in report["new"]} == {fingerprint("SM706", "account:4"), fingerprint("SM709", "account:1")}
    assert [(e["rule"], e["fingerprint"]) for e in report["resolved"]] == [("SM702", fingerprint("SM702", "account:1"))]
    still = report["still_open"]
    assert [(s["rule"], s["subject"]["handle"]) for s in still] == [("SM710", "@zonklas")]
    # Open since the rule's own date (due by 2025-01-01, so open from 2025-01-02), counted to the audit's day.
    assert still[0]["open_since"] == "2025-01-02" and still[0]["open_days"] == 539
    assert report["summary"] == {"new": 2, "resolved": 1, "still_open": 1, "expiring_waivers": 0}


def test_a_finding_first_recorded_later_than_its_rule_date_counts_from_the_earlier_of_both(db):
    second = smreg(db, "audit", "--since", "last", "--record", "--format", "json", env=LATER)
    assert "Recorded this audit as audit 2." in second.stderr
    third = _since(db, "2", "--format", "json", env={"SMREG_CLOCK": "2026-07-05T10:00:00+00:00"}).json()
    assert third["since"]["run"] == 2
    assert {s["rule"]: s["open_since"] for s in third["still_open"]} == {"SM702": "2026-05-02", "SM710": "2025-01-02"}


def test_sarif_marks_each_result_new_unchanged_or_absent(db):
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--on", "2026-06-20", "--rotated-on", "2026-06-20",
       "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated", env=LATER)
    ok(db, "account", "add", "tiktok", "zonklas", "--unit", "ZON", "--custodian", "1003", "--vault",
       "op://Social/tt/password", "--recovery-contact", "juf@gmail.com", env=LATER)
    sarif = _since(db, "last", "--format", "sarif").json()
    states = {(r["ruleId"], r["baselineState"]) for r in sarif["runs"][0]["results"]}
    assert states == {("SM706", "new"), ("SM709", "new"), ("SM710", "unchanged"), ("SM702", "absent")}
    absent = next(r for r in sarif["runs"][0]["results"] if r["baselineState"] == "absent")
    assert absent["partialFingerprints"]["smreg/v1"] == fingerprint("SM702", "account:1")


def test_a_waiver_that_ends_within_two_weeks_is_listed(db):
    ok(db, "waive", fingerprint("SM710", "account:3"), "--reason", "checked by phone", "--until", "2026-07-01", env=LATER)
    report = _since(db, "last", "--format", "json").json()
    assert [f["rule"] for f in report["expiring_waivers"]] == ["SM710"]
    assert report["expiring_waivers"][0]["waiver"]["until"] == "2026-07-01"


def test_since_a_date_takes_the_newest_run_recorded_on_or_before_that_day(db):
    smreg(db, "audit", "--record", env=LATER)
    assert _since(db, "2026-06-15", "--format", "json").json()["since"]["run"] == 1
    assert _since(db, "2026-06-30", "--format", "json").json()["since"]["run"] == 2
    early = _since(db, "2026-06-01")
    assert early.exit_code == 3 and "No audit was recorded on or before 2026-06-01" in early.stderr


def test_the_table_names_each_section_and_the_dutch_one_uses_dutch_dates(db):
    table = _since(db, "last")
    assert "Still open" in table.stdout and "Compared with audit 1" in table.stderr
    dutch = smreg(db, "audit", "--since", "last", lang="nl", env=LATER)
    assert "Nog open" in dutch.stdout and "02-01-2025" in dutch.stdout
    assert "Vergeleken met audit 1 (vastgelegd 15-06-2026, per 15-06-2026)" in dutch.stderr


def test_unknown_runs_and_unreadable_references_get_a_sentence(db):
    missing = _since(db, "9")
    assert missing.exit_code == 3 and "There is no recorded audit number 9." in missing.stderr
    bad = _since(db, "vorige week")
    assert bad.exit_code == 2 and "Give `last`, a date" in bad.stderr


def test_the_runs_are_listed_and_a_store_without_runs_says_what_to_do(db, tmp_path):
    runs = ok(db, "audit", "--runs", "--format", "json").json()
    assert [(r["run"], r["as_of"], r["findings"]) for r in runs] == [(1, "2026-06-15", 2)]
    empty = str(tmp_path / "empty.db")
    ok(empty, "init", "--org", "Leeg")
    none = smreg(empty, "audit", "--since", "last")
    assert none.exit_code == 3 and "Run `smreg audit --record` first." in none.stderr


def test_a_run_record_keeps_no_message_text(db):
    from registry import settings
    from registry.db import Store

    store = Store(settings.resolve(db))
    with store.unit_of_work(actor="t", write=False) as uow:
        from registry.services import audit_runs

        run = audit_runs.latest(uow.session)
    assert run is not None
    assert all("message" not in entry for entry in run.findings)
    assert {entry["rule"] for entry in run.findings} == {"SM702", "SM710"}


@pytest.fixture(params=BACKENDS)
def unrecorded(request, tmp_path) -> str:
    """A registry with a leaver's account (SM702) on which no audit was recorded yet."""
    url = small_registry_copy(request.param, request, tmp_path)
    ok(url, "person", "leave", "1002", "--on", "2026-05-01")
    return url


def test_the_first_recorded_audit_with_since_last_records_it_and_says_there_is_nothing_to_compare_yet(unrecorded):
    first = smreg(unrecorded, "audit", "--record", "--since", "last", "--format", "json", lang="nl")
    assert first.exit_code == 1  # findings, as any audit exits
    assert first.stderr.strip() == ("Deze audit is vastgelegd als audit 1, de eerste vastgelegde audit; "
                                    "er is nog niets om mee te vergelijken.")
    assert fingerprint("SM702", "account:1") in {f["fingerprint"] for f in first.json()["findings"]}
    assert [run["run"] for run in ok(unrecorded, "audit", "--runs", "--format", "json").json()] == [1]
    second = _since(unrecorded, "last", "--record", "--format", "json")
    assert second.json()["since"]["run"] == 1 and second.json()["summary"]["new"] == 0
    assert "Recorded this audit as audit 2." in second.stderr


def test_since_last_without_record_on_a_store_with_no_recorded_audit_is_refused_and_records_nothing(unrecorded):
    refused = smreg(unrecorded, "audit", "--since", "last")
    assert refused.exit_code == 3 and "No audit has been recorded yet" in refused.stderr
    assert ok(unrecorded, "audit", "--runs", "--format", "json").json() == []
