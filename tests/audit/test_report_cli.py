"""`smreg report` and `smreg verify` against real stores."""

from __future__ import annotations

import json

from helpers import ok, small_registry, smreg


def test_an_ownership_report_lists_every_account_per_unit_with_its_findings(store_url, tmp_path):
    small_registry(store_url)
    ok(store_url, "person", "leave", "1002", "--on", "2026-05-01")
    out = tmp_path / "own.json"
    ok(store_url, "report", "ownership", "--format", "json", "--out", str(out))
    data = json.loads(out.read_text())
    text = json.dumps(data)
    assert "VoorbeeldWest" in text and "de.zon.school" in text
    assert "SM702" in text  # the custodian of x:VoorbeeldWest left without a handover
    assert "op://" not in text and "social@voorbeeld.nl" not in text


def test_a_unit_report_holds_that_unit_and_the_units_below_it(tmp_path):
    db = str(tmp_path / "u.db")
    small_registry(db)
    html = ok(db, "report", "ownership", "--unit", "ZON", "--format", "md").stdout
    assert "de.zon.school" in html and "VoorbeeldWest" not in html


def test_a_signed_report_verifies_and_any_change_exits_4(store_url, tmp_path):
    small_registry(store_url)
    out = tmp_path / "own.html"
    result = ok(store_url, "report", "ownership", "--out", str(out), "--sign")
    assert "Signed:" in result.stderr
    assert (tmp_path / "own.html.sig").exists()
    verified = ok(store_url, "verify", str(out))
    assert "The signature is valid" in verified.stdout
    head = ok(store_url, "log", "verify").stdout.split("the last is ", 1)[1].rstrip(".\n")
    assert head.startswith("number ") and head in verified.stdout
    public = tmp_path / "auditor.pem"
    ok(store_url, "key", "export-public", "--out", str(public))
    ok(store_url, "verify", str(out), "--public-key", str(public))
    data = bytearray(out.read_bytes())
    data[100] ^= 1
    out.write_bytes(bytes(data))
    failed = smreg(store_url, "verify", str(out), "--public-key", str(public))
    assert failed.exit_code == 4
    assert "changed" in failed.stderr


def test_verifying_a_report_that_does_not_exist_is_bad_input_and_says_which_file(tmp_path):
    db = str(tmp_path / "v.db")
    small_registry(db)
    missing = smreg(db, "verify", str(tmp_path / "missing.html"))
    assert missing.exit_code == 3
    assert "missing.html does not exist" in missing.stderr
    dutch = smreg(db, "verify", str(tmp_path / "missing.html"), lang="nl")
    assert dutch.exit_code == 3 and "bestaat niet" in dutch.stderr


def test_report_options_that_need_a_file_say_so(tmp_path):
    db = str(tmp_path / "o.db")
    small_registry(db)
    assert smreg(db, "report", "ownership", "--sign").exit_code == 2
    assert smreg(db, "report", "findings", "--format", "xlsx").exit_code == 2


def test_a_findings_report_as_of_an_earlier_day_shows_what_was_found_then(tmp_path, monkeypatch):
    db = str(tmp_path / "a.db")
    small_registry(db)
    monkeypatch.setenv("SMREG_CLOCK", "2026-07-01T10:00:00+00:00")
    ok(db, "person", "leave", "1002", "--on", "2026-06-20")
    monkeypatch.setenv("SMREG_CLOCK", "2026-07-02T10:00:00+00:00")
    now = ok(db, "report", "findings", "--format", "json").json()
    earlier = ok(db, "report", "findings", "--format", "json", "--as-of", "2026-06-16").json()
    rules_now = {f["rule"] for f in now["findings"]}
    rules_then = {f["rule"] for f in earlier["findings"]}
    assert "SM702" in rules_now and "SM702" not in rules_then


def test_report_texts_are_dutch_with_dutch_dates(tmp_path):
    db = str(tmp_path / "nl.db")
    small_registry(db)
    md = ok(db, "report", "ownership", "--format", "md", lang="nl").stdout
    assert md.startswith("# Eigenaarschapsrapport") and "Samenvatting" in md
    assert "15 juni 2026" in md


def test_the_offboarding_report_lists_every_open_case_with_its_checklist(store_url, tmp_path):
    small_registry(store_url)
    ok(store_url, "person", "leave", "1002", "--on", "2026-06-30")
    ok(store_url, "handover", "x:VoorbeeldWest", "--to", "1001", "--mfa-reset", "--sessions-revoked")
    data = ok(store_url, "report", "offboarding", "--format", "json").json()
    text = json.dumps(data)
    assert "1002" in text and "x:VoorbeeldWest" in text
    md = ok(store_url, "report", "offboarding", "--format", "md").stdout
    assert "- [x] Second factor (MFA) reset" in md and "- [ ] Password changed by the organisation" in md
    refused = smreg(store_url, "report", "offboarding", "--as-of", "2026-01-01")
    assert refused.exit_code == 2 and "as they stand now" in refused.stderr


def test_the_findings_report_names_each_findings_controls_and_covers_every_control(store_url, tmp_path):
    from schemas import check, report_schema

    small_registry(store_url)
    ok(store_url, "person", "leave", "1002", "--on", "2026-05-01")
    ok(store_url, "config", "set", "controls.ibp.SM702", "IBP-3.2")
    data = json.loads(ok(store_url, "report", "findings", "--format", "json").stdout)
    check(data, report_schema("findings"))
    sm702 = next(f for f in data["findings"] if f["rule"] == "SM702")
    assert sm702["controls"] == {"iso27001": ["A.5.11", "A.6.5", "A.5.18"], "bio2": ["5.16.01"], "ibp": ["IBP-3.2"]}
    coverage = {(c["framework"], c["control"]): c for c in data["control_coverage"]}
    open_702 = sum(1 for f in data["findings"] if f["rule"] == "SM702" and not f["waived"])
    assert coverage[("ibp", "IBP-3.2")] == {"framework": "ibp", "control": "IBP-3.2", "rules": ["SM702"],
                                            "open": open_702, "waived": 0}
    a511 = coverage[("iso27001", "A.5.11")]
    assert a511["rules"] == ["SM702", "SM703"]
    assert a511["open"] == sum(1 for f in data["findings"] if f["rule"] in ("SM702", "SM703") and not f["waived"])
    assert ("iso27001", "A.5.9") in coverage and ("bio2", "5.17.02") in coverage
    html = ok(store_url, "report", "findings", "--format", "html", lang="nl").stdout
    assert "Dekking van de normen" in html and "Retourneren van bedrijfsmiddelen" in html and "IBP-3.2" in html
