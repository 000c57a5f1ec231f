"""The HTML ownership and findings reports, byte for byte: a faster renderer must write exactly the same page.

The expected pages in ``tests/data/reports/`` were written by the straightforward renderer; any
change to what the report says or how it is marked up shows here as a difference, on a store
scripted through the commands (both backends) and on the hand-made report with hostile names.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg

from audit.reports import ReportFormat, render

EXPECTED = Path(__file__).resolve().parents[2] / "data" / "reports"
SCRIPT = "<script>alert(1)</script>"
RLO = "Aloysius\u202eevil.exe\u202c"


def same_bytes(name: str, actual: bytes) -> None:
    path = EXPECTED / name
    if os.environ.get("SMREG_WRITE_EXPECTED") == "1":  # to record a deliberate change of the page
        path.write_bytes(actual)
    expected = path.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(expected.decode().splitlines(), actual.decode().splitlines(), lineterm="", n=1)
        pytest.fail(f"{name} differs:\n" + "\n".join(list(diff)[:40]))


def at(monkeypatch, moment: str) -> None:
    monkeypatch.setenv("SMREG_CLOCK", f"{moment}T10:00:00+00:00")


@pytest.fixture
def scripted(store_url, monkeypatch) -> str:
    """A registry with a leaver, a late and a partial handover, a waiver, a missing vault
    reference, a suspended and an archived account, and names that try to be markup."""
    db = store_url
    at(monkeypatch, "2026-03-02")
    small_registry(db)
    ok(db, "person", "add", "1004", "--name", SCRIPT, "--unit", "WEST")
    ok(db, "account", "add", "youtube", "@zonklas", "--unit", "ZON", "--custodian", "1003",
       "--vault", "op://Social/zonklas/password", "--display-name", RLO)
    ok(db, "account", "add", "tiktok", "dezon.school", "--unit", "ZON", "--custodian", "1004",
       "--vault", "op://Social/tiktok/password", "--kind", "official", "--purpose", "profilering")
    ok(db, "account", "add", "facebook", "sectorwest", "--unit", "WEST", "--custodian", "1002",
       "--vault", "op://Social/fb/password", "--display-name", SCRIPT)
    ok(db, "account", "add", "linkedin", "company/voorbeeld", "--unit", "ORG", "--custodian", "1001",
       "--vault", "op://Social/li/password", "--kind", "official")
    at(monkeypatch, "2026-05-04")
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    ok(db, "person", "leave", "1003", "--on", "2026-05-29")
    at(monkeypatch, "2026-07-03")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--on", "2026-07-03", "--rotated-on", "2026-07-03",
       "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated")
    ok(db, "handover", "youtube:@zonklas", "--to", "1001", "--on", "2026-07-03", "--rotated-on", "2026-07-03")
    ok(db, "account", "update", "tiktok:dezon.school", "--status", "suspended")
    ok(db, "account", "archive", "linkedin:company/voorbeeld")
    at(monkeypatch, "2026-09-14")
    ok(db, "attest", "instagram:de.zon.school", "--on", "2026-09-14")
    findings = smreg(db, "audit", "--format", "json").json()["findings"]
    finding = next(f for f in findings if "youtube" in str(f["subject"]))
    ok(db, "waive", finding["fingerprint"], "--reason", SCRIPT, "--until", "2027-01-31")
    at(monkeypatch, "2026-11-24")
    return db


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_ownership_page_of_a_scripted_store_is_byte_for_byte_the_same(scripted, lang):
    same_bytes(f"ownership-store.{lang}.html", ok(scripted, "report", "ownership", lang=lang).stdout.encode())
    same_bytes(f"ownership-store-asof.{lang}.html",
               ok(scripted, "report", "ownership", "--as-of", "2026-07-01", lang=lang).stdout.encode())


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_findings_page_of_a_scripted_store_is_byte_for_byte_the_same(scripted, lang):
    same_bytes(f"findings-store.{lang}.html", ok(scripted, "report", "findings", lang=lang).stdout.encode())


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_hand_made_findings_reports_render_byte_for_byte_the_same(build, lang):
    from benchmarks.reports import synthetic_findings_report

    same_bytes(f"findings-hostile.{lang}.html", render(build.findings(lang), ReportFormat.HTML))
    same_bytes(f"findings-synthetic.{lang}.html", render(synthetic_findings_report(300, lang=lang), ReportFormat.HTML))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_hand_made_ownership_reports_render_byte_for_byte_the_same(build, lang):
    from benchmarks.reports import synthetic_ownership_report

    same_bytes(f"ownership-hostile.{lang}.html", render(build.ownership(lang), ReportFormat.HTML))
    same_bytes(f"ownership-synthetic.{lang}.html",
               render(synthetic_ownership_report(400, units=9, lang=lang), ReportFormat.HTML))
