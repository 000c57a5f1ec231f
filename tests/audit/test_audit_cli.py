"""``smreg audit`` and ``smreg waive`` on SQLite and PostgreSQL: the JSON contract, formats, exit codes, waivers."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import ok, smreg
from schemas import check_sarif
from template_store import BACKENDS, small_registry_copy

from audit.model import fingerprint
from audit.rules import all_rules
from cli.audit_cmds import CSV_COLUMNS


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    """The small registry with findings of three rules: a leaver's account, a private recovery mailbox, never verified."""
    url = small_registry_copy(request.param, request, tmp_path)
    ok(url, "person", "leave", "1002", "--on", "2026-05-01")
    ok(url, "account", "add", "youtube", "@zonklas", "--unit", "ZON", "--custodian", "1003", "--vault",
       "op://Social/zonklas/password", "--recovery-contact", "juf@gmail.com", "--created-on", "2024-01-01")
    return url


def _audit(db: str, *args: str, code: int = 1, **kw):
    result = smreg(db, "audit", *args, **kw)
    assert result.exit_code == code, result.stderr
    return result


def test_the_json_output_is_exactly_the_documented_contract(db):
    report = _audit(db, "--format", "json").json()
    assert report == {
        "as_of": "2026-06-15",
        "summary": {"critical": 1, "high": 0, "medium": 1, "low": 1, "info": 0, "waived": 0},
        "findings": [
            {"rule": "SM702", "severity": "critical", "clause": "P-I.7b",
             "subject": {"type": "account", "platform": "x", "handle": "VoorbeeldWest", "id": 1},
             "message": "The custodian (Pieter van Leeuwen, 1002) left on 2026-05-01 and the account has not been handed over.",
             "since": "2026-05-02", "fingerprint": fingerprint("SM702", "account:1"), "waived": False,
             "details": {"custodian": "1002", "handover": None, "missing": [], "end_date": "2026-05-01",
                         "days_since_end": 45},
             "controls": {"iso27001": ["A.5.11", "A.6.5", "A.5.18"], "bio2": ["5.16.01"]}},
            {"rule": "SM706", "severity": "medium", "clause": "P-I.7a",
             "subject": {"type": "account", "platform": "youtube", "handle": "@zonklas", "id": 3},
             "message": "The recovery e-mail address is in gmail.com, which is not one of the organisation's domains.",
             "since": "2024-01-01", "fingerprint": fingerprint("SM706", "account:3"), "waived": False,
             "details": {"recovery_domain": "gmail.com"}, "controls": {"iso27001": ["A.5.17", "A.6.5"]}},
            {"rule": "SM710", "severity": "low", "clause": "P-I.7a",
             "subject": {"type": "account", "platform": "youtube", "handle": "@zonklas", "id": 3},
             "message": "Never verified since it was created on 2024-01-01; a confirmation was due by 2025-01-01.",
             "since": "2025-01-02", "fingerprint": fingerprint("SM710", "account:3"), "waived": False,
             "details": {"verified_on": None, "due": "2025-01-01", "verify_months": 12},
             "controls": {"iso27001": ["A.5.18", "A.5.9"], "bio2": ["5.18.02", "5.09.01"]}},
        ],
    }
    assert list(report["summary"]) == ["critical", "high", "medium", "low", "info", "waived"]


def test_the_exit_code_follows_fail_on_and_rule_selects_rules(db):
    _audit(db, "--format", "json", "--fail-on", "critical", code=1)
    only = _audit(db, "--format", "json", "--rule", "sm706", "--rule", "SM710", code=0).json()
    assert [f["rule"] for f in only["findings"]] == ["SM706", "SM710"]
    _audit(db, "--format", "json", "--rule", "SM706", "--fail-on", "medium", code=1)
    unknown = _audit(db, "--rule", "SM799", code=2)
    assert "There is no rule 'SM799'" in unknown.stderr and "SM702" in unknown.stderr


def test_the_table_lists_fingerprints_and_the_summary_goes_to_stderr_in_either_language(db):
    english = _audit(db)
    lines = english.stdout.splitlines()
    assert lines[0].split() == ["severity", "rule", "subject", "since", "fingerprint", "waiver", "finding"]
    assert lines[2].startswith("critical  SM702  x:VoorbeeldWest")
    assert fingerprint("SM702", "account:1") in lines[2]
    assert english.stderr.strip() == "Audit as of 2026-06-15: 1 critical, 0 high, 1 medium, 1 low, 0 info; 0 waived."
    dutch = _audit(db, lang="nl")
    assert dutch.stdout.splitlines()[0].split()[:2] == ["ernst", "regel"]
    assert "kritiek  SM702" in dutch.stdout and "02-05-2026" in dutch.stdout
    assert "is op 01-05-2026 vertrokken" in dutch.stdout


def test_csv_has_one_row_per_finding_with_the_subject_spelled_out(db):
    rows = list(csv.reader(io.StringIO(_audit(db, "--format", "csv").stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r[0], r[1], r[4], r[5], r[7], r[11]) for r in rows[1:]] == [
        ("SM702", "critical", "x", "VoorbeeldWest", "1", "false"),
        # A cell that begins with @ is written so that a spreadsheet shows it as text.
        ("SM706", "medium", "youtube", "'@zonklas", "3", "false"),
        ("SM710", "low", "youtube", "'@zonklas", "3", "false"),
    ]
    assert json.loads(rows[1][14])["end_date"] == "2026-05-01"


def _check_sarif(doc: dict) -> None:
    """Valid against the official SARIF 2.1.0 schema, and indexed as consumers rely on."""
    check_sarif(doc)
    assert doc["$schema"].endswith("sarif-schema-2.1.0.json")
    run = doc["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    for result in run["results"]:
        assert result["ruleId"] in ids and ids[result["ruleIndex"]] == result["ruleId"]


def test_sarif_describes_each_rule_from_its_own_text_and_marks_waived_results_as_suppressed(db):
    fp = fingerprint("SM706", "account:3")
    ok(db, "waive", fp, "--reason", "Moving to social@ this month", "--until", "2026-06-30")
    doc = json.loads(_audit(db, "--format", "sarif").stdout)
    _check_sarif(doc)
    driver = doc["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [r.id for r in all_rules()]
    sm702 = next(r for r in driver["rules"] if r["id"] == "SM702")
    assert sm702["shortDescription"]["text"] == "Custodian left without a complete handover"
    assert sm702["help"]["markdown"].startswith("# SM702")
    results = {r["ruleId"]: r for r in doc["runs"][0]["results"]}
    assert results["SM702"]["level"] == "error" and results["SM710"]["level"] == "note"
    assert results["SM702"]["locations"][0]["logicalLocations"][0]["name"] == "x:VoorbeeldWest"
    assert results["SM702"]["partialFingerprints"] == {"smreg/v1": fingerprint("SM702", "account:1")}
    assert results["SM706"]["suppressions"][0]["justification"].startswith("Moving to social@ this month")
    assert "suppressions" not in results["SM702"]
    # Each rule names the controls it gives evidence for, as a property and as tags.
    assert sm702["properties"]["controls"] == {"iso27001": ["A.5.11", "A.6.5", "A.5.18"], "bio2": ["5.16.01"]}
    assert sm702["properties"]["tags"] == ["P-I.7b", "ISO/IEC 27001:2022 A.5.11", "ISO/IEC 27001:2022 A.6.5",
                                           "ISO/IEC 27001:2022 A.5.18", "BIO2 5.16.01"]


def test_the_sarif_schema_check_refuses_what_the_standard_does_not_allow(db):
    from jsonschema import ValidationError

    doc = json.loads(_audit(db, "--format", "sarif").stdout)
    for change in (lambda d: d["runs"][0]["results"][0].update(level="fatal"),
                   lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
                   lambda d: d.update(version="2.0")):
        broken = json.loads(json.dumps(doc))
        change(broken)
        with pytest.raises(ValidationError):
            check_sarif(broken)


def test_an_organisation_maps_rules_to_its_own_framework_and_every_output_shows_it(db, monkeypatch):
    monkeypatch.setenv("SMREG_CLOCK", "2026-06-20T09:00:00+00:00")
    ok(db, "config", "set", "controls.ibp.sm702", "IBP-3.2, IBP-3.4")
    ok(db, "config", "set", "controls.bio2.SM702", "")
    shown = {row["key"]: row["value"] for row in ok(db, "config", "show", "--format", "json").json()}
    assert shown["controls.ibp.SM702"] == ["IBP-3.2", "IBP-3.4"] and shown["controls.bio2.SM702"] == []
    finding = _audit(db, "--format", "json").json()["findings"][0]
    assert finding["rule"] == "SM702"
    assert finding["controls"] == {"iso27001": ["A.5.11", "A.6.5", "A.5.18"], "ibp": ["IBP-3.2", "IBP-3.4"]}
    doc = json.loads(_audit(db, "--format", "sarif").stdout)
    check_sarif(doc)
    sm702 = next(r for r in doc["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "SM702")
    assert "IBP IBP-3.2" in sm702["properties"]["tags"] and "BIO2 5.16.01" not in sm702["properties"]["tags"]
    explained = ok(db, "audit", "--explain", "SM702").stdout
    assert "| Controls | ISO/IEC 27001:2022 A.5.11, A.6.5, A.5.18; IBP IBP-3.2, IBP-3.4 |" in explained
    # The mapping is part of the recorded history: an audit as of a day before shows the declared one.
    earlier = _audit(db, "--format", "json", "--as-of", "2026-06-16").json()["findings"]
    assert next(f for f in earlier if f["rule"] == "SM702")["controls"]["bio2"] == ["5.16.01"]
    bad = smreg(db, "config", "set", "controls.ibp", "IBP-1")
    assert bad.exit_code == 3 and "controls.FRAMEWORK.RULE" in bad.stderr


def test_a_waiver_counts_through_its_last_day_and_then_the_finding_fails_the_run_again(db, monkeypatch):
    fp = fingerprint("SM702", "account:1")
    done = ok(db, "waive", fp, "--reason", "Handover planned with HR", "--until", "2026-06-30")
    assert done.stdout.strip() == "Waived SM702 for x:VoorbeeldWest until 2026-06-30."
    report = _audit(db, "--format", "json", code=0).json()
    assert report["summary"] == {"critical": 0, "high": 0, "medium": 1, "low": 1, "info": 0, "waived": 1}
    [waived] = [f for f in report["findings"] if f["rule"] == "SM702"]
    assert waived["waived"] is True
    assert waived["waiver"] == {"reason": "Handover planned with HR", "until": "2026-06-30", "by": "tester"}
    assert "waived until 2026-06-30" in _audit(db, code=0).stdout
    monkeypatch.setenv("SMREG_CLOCK", "2026-06-30T23:00:00+00:00")
    _audit(db, "--format", "json", code=0)
    monkeypatch.setenv("SMREG_CLOCK", "2026-07-01T08:00:00+00:00")
    report = _audit(db, "--format", "json", code=1).json()
    assert report["summary"]["waived"] == 0 and report["findings"][0]["waived"] is False
    log = ok(db, "log", "show", "--format", "json").json()
    assert [e["action"] for e in log if e["subject"] == f"waiver:{fp}"] == ["waiver.set"]


def test_waivers_that_cannot_be_right_are_refused(db):
    fp = fingerprint("SM702", "account:1")
    cases = {
        ("0123456789abcdef", "--reason", "x", "--until", "2026-07-01"): "No finding of today's audit",
        ("not-a-print", "--reason", "x", "--until", "2026-07-01"): "is not a finding's fingerprint",
        (fp, "--reason", "  ", "--until", "2026-07-01"): "A waiver needs a reason",
        (fp, "--reason", "late", "--until", "2026-06-14"): "before today",
    }
    for args, message in cases.items():
        result = smreg(db, "waive", *args)
        assert result.exit_code == 3 and message in result.stderr, (args, result.stderr)
    assert _audit(db, "--format", "json").json()["summary"]["waived"] == 0


def test_fingerprints_stay_the_same_when_severity_dates_and_messages_change(db, monkeypatch):
    later = _audit(db, "--format", "json").json()["findings"][0]
    monkeypatch.setenv("SMREG_CLOCK", "2026-05-20T10:00:00+00:00")
    earlier = _audit(db, "--format", "json", "--rule", "SM702").json()["findings"][0]
    assert (earlier["severity"], later["severity"]) == ("high", "critical")
    assert earlier["fingerprint"] == later["fingerprint"]
    dutch = _audit(db, "--format", "json", "--rule", "SM702", lang="nl").json()["findings"][0]
    assert dutch["message"] != earlier["message"] and dutch["fingerprint"] == earlier["fingerprint"]


def test_explain_prints_a_rule_in_either_language_without_a_store(tmp_path):
    english = ok(str(tmp_path / "none.db"), "audit", "--explain", "sm704").stdout
    assert english.startswith("# SM704 · Credentials not rotated after the latest handover")
    assert "## How to fix" in english and "P-I.7c" in english
    assert "| Controls | ISO/IEC 27001:2022 A.5.17, A.6.5; BIO2 5.16.01 |" in english
    dutch = ok(str(tmp_path / "none.db"), "audit", "--explain", "SM704", lang="nl").stdout
    assert "## Oplossen" in dutch and "Wachtwoord niet gewijzigd" in dutch
    assert smreg(str(tmp_path / "none.db"), "audit", "--explain", "SM000").exit_code == 2


def test_an_empty_registry_has_no_findings_and_exits_zero(tmp_path):
    db = str(tmp_path / "empty.db")
    ok(db, "init")
    result = _audit(db, code=0)
    assert result.stdout == "" and "No findings." in result.stderr
    assert _audit(db, "--format", "json", code=0).json()["findings"] == []


def test_the_demo_records_handovers_shows_a_checklist_and_runs_the_audit(tmp_path, monkeypatch):
    result = ok(str(tmp_path / "unused.db"), "demo", "--dir", str(tmp_path / "demo"))
    assert "Offboarding checklist of" in result.stdout
    assert "2 of 5 required evidence items recorded" in result.stdout
    assert "Audit (`smreg audit`): 1 critical, 8 high, 3 medium" in result.stdout
    # the password manager's listing holds a work account nobody registered
    assert "1 for accounts nobody registered:\n  SM711  instagram:lindewijs.ouderraad (Instagram Ouderraad)" in result.stdout
    assert "SM702  critical  x:LindewijsWest" in result.stdout
    assert "7 suspects in 12 observed accounts" in result.stdout
    assert "SM603  x:L1ndewijsNL" in result.stdout and "x:Lindewijs\\u200bWest" in result.stdout
    assert "lindenhof_bakkerij" not in result.stdout.split("Kept for review")[0]
    monkeypatch.setenv("SMREG_KEY_FILE", str(tmp_path / "demo" / "key"))
    db = str(tmp_path / "demo" / "demo.db")
    report = _audit(db, "--format", "json").json()
    assert report["summary"]["critical"] == 1
    rules = [f["rule"] for f in report["findings"]]
    # Copies of a handle that is just the brand (mastodon:lindewijs@…) are brand use, SM601.
    assert (rules.count("SM603"), rules.count("SM601"), rules.count("SM707"), rules.count("SM708")) == (4, 2, 1, 1)
    assert (rules.count("SM711"), rules.count("SM712"), rules.count("SM713")) == (1, 0, 0)
    assert [f["subject"]["handle"] for f in report["findings"] if f["rule"] in ("SM707", "SM708")] == [
        "@torenklas_2", "LindewijsNL"]
    log = ok(db, "log", "show", "--format", "json").json()
    assert [e["action"] for e in log].count("handover.recorded") == 2
    assert [e["action"] for e in log].count("case.closed") >= 2  # the finished handover, and a leaver with nothing
    report_path = tmp_path / "demo" / "ownership-report.html"
    assert f"Signed ownership report (55 accounts): {report_path}" in result.stdout
    public = tmp_path / "demo" / "signing_key.pub.pem"
    assert "The signature is valid" in ok(db, "verify", str(report_path), "--public-key", str(public)).stdout
    dutch = ok(db, "verify", str(report_path), "--public-key", str(public), lang="nl").stdout
    assert re.search(r"; peildatum \d\d-\d\d-\d{4} \d\d:\d\d UTC;", dutch), dutch


def test_a_finding_about_a_person_names_them_by_employee_id_in_the_documented_shape():
    from datetime import date

    from audit.model import Finding, Severity, Subject

    subject = Subject.person("0f3a", 7, "1002")
    finding = Finding("SM799", Severity.low, "P-I.7a", subject, "…", date(2026, 6, 1), fingerprint("SM799", subject.key))
    assert finding.as_json()["subject"] == {"type": "person", "employee_id": "1002", "id": 7}
    assert (subject.label, subject.key) == ("1002", "person:0f3a")
    assert finding.fingerprint == fingerprint("SM799", "person:0f3a")


def test_fail_on_and_the_report_options_are_the_librarys_own_enums():
    import inspect

    from audit.model import Severity
    from audit.reports import ReportFormat, ReportKind
    from cli import audit_cmds, reports

    def annotation(function, name):
        return inspect.signature(function).parameters[name].annotation

    assert annotation(audit_cmds.audit, "fail_on") is Severity
    assert annotation(reports.report, "kind") is ReportKind
    assert annotation(reports.report, "fmt") is ReportFormat
