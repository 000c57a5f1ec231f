"""`smreg report period`: a scripted quarter on a fixed clock, every figure checked, reproduced from the log."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg
from schemas import check, report_schema


def at(monkeypatch, moment: str) -> None:
    monkeypatch.setenv("SMREG_CLOCK", f"{moment}T10:00:00+00:00")


VAULTS = Path(__file__).resolve().parents[2] / "data" / "vaults"
OBSERVED = "platform,handle,display_name,url,platform_id,avatar,first_seen,source\n"


def observed(tmp_path, name: str, rows: str) -> str:
    path = tmp_path / name
    path.write_text(OBSERVED + rows, encoding="utf-8")
    return str(path)


@pytest.fixture
def quarter(store_url, monkeypatch, tmp_path) -> str:
    """Q3 2026: one leaver hands over three days late, one leaves with an account still open; an
    account is registered, one renamed and one archived; a waiver is granted and runs out; two
    suspects are found, both confirmed and resolved, one after a removal request, besides one found
    before; the Instagram item sits in a personal vault at the start and is back in a shared one at the end."""
    db = store_url
    at(monkeypatch, "2026-06-01")
    small_registry(db)  # x:VoorbeeldWest (1002, vault), instagram:de.zon.school (1001, vault)
    ok(db, "account", "add", "youtube", "@zonklas", "--unit", "ZON", "--custodian", "1003",
       "--vault", "op://Social/zonklas/password")
    at(monkeypatch, "2026-06-05")
    personal = json.loads((VAULTS / "bitwarden.json").read_text("utf-8"))
    personal["items"][0]["organizationId"] = None  # the Instagram item in someone's personal vault
    (tmp_path / "personal.json").write_text(json.dumps(personal), encoding="utf-8")
    ok(db, "vault", "import", str(tmp_path / "personal.json"))
    at(monkeypatch, "2026-06-10")
    ok(db, "attest", "instagram:de.zon.school", "--on", "2026-06-10")
    at(monkeypatch, "2026-06-20")
    ok(db, "observe", "import", observed(tmp_path, "june.csv", "x,VoorbeeldWe5t,,,,,2026-06-01,monitor\n"
                                                                "instagram,juf.anna,Juf Anna,,,,,monitor\n"))
    at(monkeypatch, "2026-07-05")
    ok(db, "person", "leave", "1002", "--on", "2026-07-31")
    at(monkeypatch, "2026-07-08")
    ok(db, "observe", "import", observed(tmp_path, "july.csv", "x,Voorbeeld_Officieel,,,,,2026-07-08,monitor\n"
                                                                "instagram,voorbeeld.nl.official,,,,,2026-07-08,monitor\n"
                                                                "x,VoorbeeldWe5t,,,,,2026-06-01,monitor\n"))
    at(monkeypatch, "2026-07-20")
    ok(db, "account", "add", "tiktok", "dezon.school", "--unit", "ZON", "--custodian", "1001",
       "--vault", "op://Social/tiktok/password")
    at(monkeypatch, "2026-07-25")
    ok(db, "observe", "review", "x:VoorbeeldWe5t", "--state", "confirmed", "--note", "copies the official account")
    at(monkeypatch, "2026-08-03")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--on", "2026-08-03", "--rotated-on", "2026-08-03",
       "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated")
    at(monkeypatch, "2026-08-05")
    ok(db, "observe", "review", "x:Voorbeeld_Officieel", "--state", "confirmed", "--note", "not ours")
    at(monkeypatch, "2026-08-06")
    ok(db, "observe", "review", "x:Voorbeeld_Officieel", "--state", "removal-requested", "--note", "reported to x")
    at(monkeypatch, "2026-08-10")
    ok(db, "person", "leave", "1003", "--on", "2026-09-15")
    at(monkeypatch, "2026-08-12")
    ok(db, "account", "update", "instagram:de.zon.school", "--handle", "de.zon.basisschool")
    at(monkeypatch, "2026-08-20")
    ok(db, "vault", "import", str(VAULTS / "bitwarden.json"))  # the item is back in the shared collection
    at(monkeypatch, "2026-09-01")
    ok(db, "account", "archive", "tiktok:dezon.school")
    finding = next(f for f in smreg(db, "audit", "--format", "json").json()["findings"] if f["rule"] == "SM703")
    ok(db, "waive", finding["fingerprint"], "--reason", "Checked in the autumn round", "--until", "2026-09-20")
    at(monkeypatch, "2026-09-10")
    ok(db, "observe", "review", "x:VoorbeeldWe5t", "--state", "resolved", "--note", "removed by x")
    ok(db, "observe", "review", "x:Voorbeeld_Officieel", "--state", "resolved", "--note", "removed by x")
    # Changes after the quarter must not change its figures.
    at(monkeypatch, "2026-10-15")
    ok(db, "handover", "youtube:@zonklas", "--to", "1001", "--on", "2026-10-15", "--rotated-on", "2026-10-15",
       "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated")
    ok(db, "attest", "x:VoorbeeldWest", "--on", "2026-10-15")
    ok(db, "account", "update", "youtube:@zonklas", "--handle", "@zonklas2")
    ok(db, "observe", "review", "instagram:voorbeeld.nl.official", "--state", "resolved", "--note", "gone")
    ok(db, "observe", "import", observed(tmp_path, "october.csv", "x,VoorbeeldNieuws,,,,,2026-10-15,monitor\n"))
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
    assert data["accounts"] == {"registered": 1, "archived": 1, "renamed": 1}
    # At the start the Instagram reference leads to a personal vault item (SM712); at the end it holds.
    assert data["vault_coverage"] == {"start": {"count": 2, "of": 3, "share": 0.6667, "sm705": 0, "sm712": 1},
                                      "end": {"count": 3, "of": 3, "share": 1.0, "sm705": 0, "sm712": 0}}
    assert data["attestations"] == {"count": 1, "of": 3, "share": 0.3333}
    # Found in the quarter: the two July suspects (not June's, not October's, not the clear account);
    # resolved: June's after 101 days (first seen 1 June) and one of July's after 64.
    assert data["brand_misuse"] == {"found": 2, "confirmed": 2, "removal_requested": 1, "resolved": 2,
                                    "days_to_resolution": {"median": 82.5, "p90": 101, "worst": 101}}
    assert data["waivers"] == {"granted": 1, "expired": 1}
    zero = dict.fromkeys(("leavers", "registered", "archived", "renamed", "handovers_completed", "suspects_found",
                          "confirmed", "removal_requested", "resolved", "waivers_granted"), 0)
    assert data["months"] == [
        {"month": "2026-07", **zero, "leavers": 1, "registered": 1, "suspects_found": 2, "confirmed": 1},
        {"month": "2026-08", **zero, "renamed": 1, "handovers_completed": 1, "confirmed": 1, "removal_requested": 1},
        {"month": "2026-09", **zero, "leavers": 1, "archived": 1, "resolved": 2, "waivers_granted": 1},
    ]
    # The months add up to the quarter's figures.
    for figure, total in (("registered", 1), ("archived", 1), ("renamed", 1), ("suspects_found", 2),
                          ("confirmed", 2), ("removal_requested", 1), ("resolved", 2), ("waivers_granted", 1),
                          ("leavers", 2)):
        assert sum(m[figure] for m in data["months"]) == total, figure
    assert data["controls"]["period.leavers"] == {"iso27001": ["A.5.11", "A.6.5"], "bio2": ["5.16.01"]}
    same = ok(quarter, "report", "period", "--from", "2026-07-01", "--to", "2026-09-30", "--format", "json").json()
    assert same == data
    check(data, report_schema("period"))


def test_the_period_report_in_every_format_and_both_languages(quarter, tmp_path):
    rows = list(csv.reader(io.StringIO(ok(quarter, "report", "period", "--quarter", "2026Q3", "--format", "csv").stdout)))
    assert rows[0] == ["section", "figure", "value"]
    assert ["waivers", "granted", "1"] in rows and ["accounts", "archived", "1"] in rows
    assert ["accounts", "renamed", "1"] in rows and ["vault_coverage", "start.sm712", "1"] in rows
    months = {figure: value for section, figure, value in rows[1:] if section == "months"}
    assert months["2026-07.suspects_found"] == "2" and months["2026-08.removal_requested"] == "1"
    assert months["2026-09.resolved"] == "2" and months["2026-08.renamed"] == "1"

    html = ok(quarter, "report", "period", "--quarter", "2026Q3", lang="nl").stdout
    assert "Cijfers van 01-07-2026 tot en met 30-09-2026" in html and "Vertrekkers en hun accounts" in html
    assert "Bewijs voor: ISO/IEC 27001:2022 A.5.11, A.6.5; BIO2 5.16.01" in html
    assert "33,3 %" in html  # the attestation share, written the Dutch way
    assert "Dekking door de wachtwoordkluis (SM705, SM712)" in html
    # Every figure is named in words, none by its JSON code (per unit too).
    headings = re.findall(r'<th scope="row">(?:<bdi>)?([^<]*)', html)
    assert "WEST: accounts volledig overgedragen op de einddatum" in headings
    assert not [h for h in headings if "_" in h], headings
    charts = re.findall(r'<svg[^>]*id="(chart-[a-z]+)"[^>]*aria-label="([^"]+)"', html)
    assert charts == [("chart-leavers", "Vertrekkers en overdrachten per maand"),
                      ("chart-accounts", "Accounts per maand"), ("chart-brand", "Misbruik van de naam per maand")]
    brand = re.search(r'<svg[^>]*id="chart-brand".*?</svg>', html, flags=re.S).group()
    # One bar per month and figure, each with its figure as text and in its title, months the Dutch way.
    assert re.findall(r'data-month="([^"]+)"', brand) == ["07-2026", "08-2026", "09-2026"]
    assert "<title>07-2026 · Verdachte accounts gevonden: 2</title>" in brand
    assert "<title>09-2026 · Opgelost: 2</title>" in brand and brand.count('class="bar"') == 3 * 4
    assert 'id="chart-brand-table"' in html and "<script" not in html.lower()

    english = ok(quarter, "report", "period", "--quarter", "2026Q3").stdout
    assert "<title>2026-08 · Renamed: 1</title>" in english and "Accounts per month" in english
    markdown = ok(quarter, "report", "period", "--quarter", "2026Q3", "--format", "md").stdout
    assert "## Leavers and their accounts" in markdown and "| share handed over by the end date | 0.0 % |" in markdown
    assert "| 2026-07: suspects found | 2 |" in markdown

    out = tmp_path / "q3.xlsx"
    ok(quarter, "report", "period", "--quarter", "2026Q3", "--format", "xlsx", "--out", str(out), lang="nl")
    from openpyxl import load_workbook

    book = load_workbook(out)
    values = {row[3]: row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert values["granted"] == 1 and values["registered"] == 1 and values["renamed"] == 1
    assert values["found"] == 2 and values["end.sm712"] == 0 and values["start.sm712"] == 1
    table = book["Per maand"]
    header, *body = table.iter_rows(values_only=True)
    assert header[:3] == ("Maand", "Vertrekkers", "Geregistreerd") and "Verdachte accounts gevonden" in header
    assert [row[0].date() for row in body] == [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)]
    assert table["A2"].number_format == "mm-yyyy"
    column = header.index("Opgelost")
    assert [row[column] for row in body] == [0, 0, 2]


def test_a_period_that_cannot_be_read_says_what_to_give(tmp_path):
    db = str(tmp_path / "p.db")
    ok(db, "init")
    for args in (("--quarter", "2026Q5"), ("--from", "2026-07-01"), ("--from", "2026-09-30", "--to", "2026-07-01")):
        result = smreg(db, "report", "period", *args)
        assert result.exit_code == 2 and "--" in result.stderr and "Traceback" not in result.stderr, args


@pytest.mark.parametrize(("quarter_asked", "as_of"), [("2026Q3", "2026-09-30"), ("2026Q4", None)])
def test_each_file_of_the_evidence_pack_is_the_report_the_command_writes_on_its_own(quarter, tmp_path,
                                                                                     quarter_asked, as_of):
    """The pack works the registry out once for all its files; each must still be exactly the report
    of its own command: as of the end of a past quarter, or as the registry stands in one not over yet."""
    import zipfile

    pack = tmp_path / "pack.zip"
    ok(quarter, "report", "evidence", "--quarter", quarter_asked, "--out", str(pack), lang="nl")
    moment = ("--as-of", as_of) if as_of else ()
    with zipfile.ZipFile(pack) as archive:
        for name, args in (("ownership.html", ("ownership", *moment)),
                           ("ownership.json", ("ownership", *moment, "--format", "json")),
                           ("findings.html", ("findings", *moment)),
                           ("findings.json", ("findings", *moment, "--format", "json")),
                           ("period.html", ("period", "--quarter", quarter_asked)),
                           ("period.json", ("period", "--quarter", quarter_asked, "--format", "json"))):
            alone = ok(quarter, "report", *args, lang="nl").stdout
            assert archive.read(name).decode("utf-8") == alone, name


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
        assert {json.loads(e["origin"])["kind"] for e in entries} <= {"cli", "import"}
        assert {e["result"] for e in entries} == {"done"}
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


def test_a_quarter_may_be_written_as_dutch_writes_it():
    from audit.reports.period import period_of

    assert period_of(start=None, end=None, quarter="2026K3") == period_of(start=None, end=None, quarter="2026Q3")
    assert period_of(start=None, end=None, quarter="2026-k4")[1].isoformat() == "2026-12-31"
