"""`smreg report period`: a scripted quarter on a fixed clock, every figure checked, reproduced from the log."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import ok, small_registry, smreg


def at(monkeypatch, moment: str) -> None:
    monkeypatch.setenv("SMREG_CLOCK", f"{moment}T10:00:00+00:00")


@pytest.fixture
def quarter(store_url, monkeypatch) -> str:
    """Q3 2026: one leaver hands over three days late, one leaves with an account still open,
    an account is registered and archived, a waiver is granted and runs out."""
    db = store_url
    at(monkeypatch, "2026-06-01")
    small_registry(db)  # x:VoorbeeldWest (1002, vault), instagram:de.zon.school (1001, vault)
    ok(db, "account", "add", "youtube", "@zonklas", "--unit", "ZON", "--custodian", "1003",
       "--vault", "op://Social/zonklas/password")
    at(monkeypatch, "2026-06-10")
    ok(db, "attest", "instagram:de.zon.school", "--on", "2026-06-10")
    at(monkeypatch, "2026-07-05")
    ok(db, "person", "leave", "1002", "--on", "2026-07-31")
    at(monkeypatch, "2026-07-20")
    ok(db, "account", "add", "tiktok", "dezon.school", "--unit", "ZON", "--custodian", "1001",
       "--vault", "op://Social/tiktok/password")
    at(monkeypatch, "2026-08-03")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--on", "2026-08-03", "--rotated-on", "2026-08-03",
       "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated")
    at(monkeypatch, "2026-08-10")
    ok(db, "person", "leave", "1003", "--on", "2026-09-15")
    at(monkeypatch, "2026-09-01")
    ok(db, "account", "archive", "tiktok:dezon.school")
    finding = next(f for f in smreg(db, "audit", "--format", "json").json()["findings"] if f["rule"] == "SM703")
    ok(db, "waive", finding["fingerprint"], "--reason", "Checked in the autumn round", "--until", "2026-09-20")
    # Changes after the quarter must not change its figures.
    at(monkeypatch, "2026-10-15")
    ok(db, "handover", "youtube:@zonklas", "--to", "1001", "--on", "2026-10-15", "--rotated-on", "2026-10-15",
       "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated")
    ok(db, "attest", "x:VoorbeeldWest", "--on", "2026-10-15")
    return db


def test_every_figure_of_a_scripted_quarter(quarter):
    data = ok(quarter, "report", "period", "--quarter", "2026Q3", "--format", "json").json()
    assert (data["from"], data["to"]) == ("2026-07-01", "2026-09-30")
    leavers = data["leavers"]
    assert leavers["count"] == 2 and leavers["accounts"] == 2
    assert leavers["handed_over_by_end_date"] == 0 and leavers["share_handed_over_by_end_date"] == 0
    assert leavers["days_to_complete_handover"] == {"median": 3, "p90": 3, "worst": 3}
    assert [(p["employee_id"], p["unit"], p["end_date"], p["accounts"], p["days_to_complete_handover"],
             p["open_at_period_end"]) for p in leavers["people"]] == [
        ("1002", "WEST", "2026-07-31", ["x:VoorbeeldWest"], [3], 0),
        ("1003", "ZON", "2026-09-15", ["youtube:@zonklas"], [], 1),
    ]
    assert leavers["per_unit"] == {
        "WEST": {"accounts": 1, "handed_by_end_date": 0, "leavers": 1, "median": 3, "p90": 3, "worst": 3},
        "ZON": {"accounts": 1, "handed_by_end_date": 0, "leavers": 1, "median": None, "p90": None, "worst": None},
    }
    assert data["accounts"] == {"registered": 1, "archived": 1, "renamed": 0}
    assert data["vault_coverage"] == {"start": {"count": 3, "of": 3, "share": 1.0},
                                      "end": {"count": 3, "of": 3, "share": 1.0}}
    assert data["attestations"] == {"count": 1, "of": 3, "share": 0.3333}
    assert data["brand_misuse"] == {"found": 0, "confirmed": 0, "removal_requested": 0, "resolved": 0,
                                    "days_to_resolution": {"median": None, "p90": None, "worst": None}}
    assert data["waivers"] == {"granted": 1, "expired": 1}
    assert data["months"] == [
        {"month": "2026-07", "leavers": 1, "registered": 1, "archived": 0, "handovers_completed": 0},
        {"month": "2026-08", "leavers": 0, "registered": 0, "archived": 0, "handovers_completed": 1},
        {"month": "2026-09", "leavers": 1, "registered": 0, "archived": 1, "handovers_completed": 0},
    ]
    assert data["controls"]["period.leavers"] == {"iso27001": ["A.5.11", "A.6.5"], "bio2": ["5.16.01"]}
    same = ok(quarter, "report", "period", "--from", "2026-07-01", "--to", "2026-09-30", "--format", "json").json()
    assert same == data


def test_the_period_report_in_every_format_and_both_languages(quarter, tmp_path):
    rows = list(csv.reader(io.StringIO(ok(quarter, "report", "period", "--quarter", "2026Q3", "--format", "csv").stdout)))
    assert rows[0] == ["section", "figure", "value"]
    assert ["waivers", "granted", "1"] in rows and ["accounts", "archived", "1"] in rows
    html = ok(quarter, "report", "period", "--quarter", "2026Q3", lang="nl").stdout
    assert "Cijfers van 01-07-2026 tot en met 30-09-2026" in html and "Vertrekkers en hun accounts" in html
    assert "Bewijs voor: ISO/IEC 27001:2022 A.5.11, A.6.5; BIO2 5.16.01" in html and "<svg" in html
    assert "33,3 %" in html  # the attestation share, written the Dutch way
    english = ok(quarter, "report", "period", "--quarter", "2026Q3", "--format", "md").stdout
    assert "## Leavers and their accounts" in english and "| share handed over by the end date | 0.0 % |" in english
    out = tmp_path / "q3.xlsx"
    ok(quarter, "report", "period", "--quarter", "2026Q3", "--format", "xlsx", "--out", str(out))
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    values = {row[3]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["granted"] == 1 and values["registered"] == 1


def test_a_period_that_cannot_be_read_says_what_to_give(tmp_path):
    db = str(tmp_path / "p.db")
    ok(db, "init")
    for args in (("--quarter", "2026Q5"), ("--from", "2026-07-01"), ("--from", "2026-09-30", "--to", "2026-07-01")):
        result = smreg(db, "report", "period", *args)
        assert result.exit_code == 2 and "--" in result.stderr and "Traceback" not in result.stderr, args


def test_the_evidence_pack_holds_the_quarter_and_verifies_offline(quarter, tmp_path):
    import hashlib
    import subprocess
    import zipfile

    pack = tmp_path / "pack.zip"
    done = ok(quarter, "report", "evidence", "--quarter", "2026Q3", "--out", str(pack), "--sign")
    assert "Wrote the evidence pack" in done.stderr
    with zipfile.ZipFile(pack) as archive:
        names = set(archive.namelist())
        assert {"ownership.html", "ownership.json", "findings.json", "period.json", "offboarding/cases.json",
                "attestations.json", "waivers.json", "rules.json", "log/head.json", "log/entries.jsonl",
                "manifest.json", "manifest.sig", "signing_key.pub.pem"} <= names
        period = json.loads(archive.read("period.json"))
        assert period["leavers"]["count"] == 2
        rules = {r["id"]: r for r in json.loads(archive.read("rules.json"))}
        assert rules["SM702"]["controls"]["iso27001"] == ["A.5.11", "A.6.5", "A.5.18"]
        entries = [json.loads(line) for line in archive.read("log/entries.jsonl").splitlines()]
        assert entries and all("2026-07-01" <= e["at"][:10] <= "2026-09-30" for e in entries)
        assert all(json.loads(e["origin"])["kind"] == "cli" and e["result"] == "done" for e in entries)
        cases = json.loads(archive.read("offboarding/cases.json"))
        assert sorted(c["end_date"] for c in cases["cases"]) == ["2026-07-31", "2026-09-15"]
        assert any(h.get("handed_on") == "2026-08-03" for h in cases["handovers"])
        archive.extractall(tmp_path / "pack")
    assert "The evidence pack is intact" in ok(quarter, "verify", str(pack)).stdout

    # The steps of docs/reports/README.md, with only openssl and the standard library.
    folder = tmp_path / "pack"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    for item in manifest["files"]:
        assert hashlib.sha256((folder / item["name"]).read_bytes()).hexdigest() == item["sha256"], item["name"]
    public = tmp_path / "auditor.pem"
    ok(quarter, "key", "export-public", "--out", str(public))
    checked = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(public), "-rawin",
                              "-in", str(folder / "manifest.json"), "-sigfile", str(folder / "manifest.sig")],
                             capture_output=True, text=True)
    assert checked.returncode == 0 and "Signature Verified Successfully" in checked.stdout
    # The same with Python's cryptography.
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    load_pem_public_key(public.read_bytes()).verify((folder / "manifest.sig").read_bytes(),
                                                    (folder / "manifest.json").read_bytes())

    # A changed file, or a changed manifest, is caught: by smreg verify (exit 4) and by openssl.
    (folder / "manifest.json").write_bytes((folder / "manifest.json").read_bytes().replace(b"2026-09-30", b"2026-09-29"))
    refused = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(public), "-rawin",
                              "-in", str(folder / "manifest.json"), "-sigfile", str(folder / "manifest.sig")],
                             capture_output=True, text=True)
    assert refused.returncode != 0
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b'"count": 2', b'"count": 1') if name == "period.json" else data)
    result = smreg(quarter, "verify", str(tampered))
    assert result.exit_code == 4 and "period.json" in result.stderr


def test_the_retention_report_lists_who_is_due_for_erasure_and_when(tmp_path, monkeypatch):
    db = str(tmp_path / "r.db")
    at(monkeypatch, "2024-01-10")
    small_registry(db)
    ok(db, "person", "leave", "1003", "--on", "2024-02-29")
    at(monkeypatch, "2026-03-05")
    ok(db, "person", "leave", "1002", "--on", "2026-03-01")
    data = ok(db, "report", "retention", "--format", "json").json()
    assert data["retention_years"] == 2
    assert [(p["employee_id"], p["end_date"], p["due_on"], p["due"]) for p in data["people"]] == [
        ("1003", "2024-02-29", "2026-03-01", True),
        ("1002", "2026-03-01", "2028-03-02", False),
    ]
    ok(db, "config", "set", "retention_years", "7")
    data = ok(db, "report", "retention", "--format", "json").json()
    assert [p["due_on"] for p in data["people"]] == ["2031-03-01", "2033-03-02"]
    html = ok(db, "report", "retention", lang="nl").stdout
    assert "Te wissen vanaf" in html and "01-03-2031" in html and "Kees Jansen" in html
