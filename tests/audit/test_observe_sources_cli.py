"""``smreg observe import`` and ``smreg scan`` of tool exports, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

DATA = Path(__file__).resolve().parents[1] / "data" / "observed"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def _listed(db: str) -> dict[str, dict]:
    return {f"{r['platform']}:{r['handle']}": r for r in ok(db, "observe", "list", "--format", "json").json()}


def test_a_sherlock_export_is_kept_with_its_source_and_unverified_until_confirmed(db):
    result = ok(db, "observe", "import", str(DATA / "sherlock.csv"), "--format", "json")
    outcome = result.json()
    assert outcome["added"] == ["instagram:voorbeeldwest", "x:voorbeeldwest"]
    assert outcome["skipped"] == [{"line": 5, "column": "url_user", "reason": "https://www.github.com/voorbeeldwest "
                                   "is on a platform smreg does not know; the row was skipped"}]
    assert "line 5: url_user: https://www.github.com/voorbeeldwest" in result.stderr
    listed = _listed(db)
    assert {k: (v["source"], v["unverified"]) for k, v in listed.items()} == {
        "instagram:voorbeeldwest": ("sherlock: sherlock.csv", True), "x:voorbeeldwest": ("sherlock: sherlock.csv", True)}
    ok(db, "observe", "review", "instagram:voorbeeldwest", "--state", "confirmed", "--note", "checked by hand")
    assert _listed(db)["instagram:voorbeeldwest"]["unverified"] is False
    # importing it again changes nothing, and the reviewer's confirmation stays
    again = ok(db, "observe", "import", str(DATA / "sherlock.csv"), "--format", "json").json()
    assert (again["added"], again["changed"], again["unchanged"]) == ([], [], 2)
    assert _listed(db)["instagram:voorbeeldwest"]["unverified"] is False


def test_a_monitoring_export_is_verified_and_dated_by_its_mentions(db):
    ok(db, "observe", "import", str(DATA / "meltwater.csv"))
    listed = _listed(db)
    assert {k: (v["first_seen"], v["unverified"]) for k, v in listed.items()} == {
        "x:voorbeeld_actueel": ("2026-06-03", False), "facebook:voorbeeld.ouders": ("2026-06-04", False)}


def test_a_scan_reads_tool_exports_and_the_xlsx_formulas_as_text(db):
    result = smreg(db, "scan", str(DATA / "sherlock.xlsx"), "--format", "json")
    assert result.exit_code == 1  # a lookalike of the official x:VoorbeeldWest on Instagram
    rows = [(r["row"], r["line"], r["platform"], r["handle"], r["verdict"]) for r in result.json()["results"]]
    assert rows == [(1, 2, "instagram", "voorbeeldwest", "suspect"), (2, 3, "x", "voorbeeldwest", "official")]
    assert "github.com/voorbeeldwest" in result.stderr
    assert ok(db, "observe", "list", "--format", "json").json() == []


def test_from_names_the_tool_when_the_header_does_not(db, tmp_path):
    trimmed = tmp_path / "hits.csv"  # the columns a user kept of maigret's export: not recognised by themselves
    trimmed.write_text("name,url_user,exists\nInstagram,https://www.instagram.com/voorbeeld_fans,Claimed\n"
                       "Reddit,https://www.reddit.com/user/voorbeeld_fans,Available\n", encoding="utf-8")
    assert smreg(db, "observe", "import", str(trimmed)).exit_code == 3
    ok(db, "observe", "import", str(trimmed), "--from", "maigret")
    assert list(_listed(db)) == ["instagram:voorbeeld_fans"]
    wrong = smreg(db, "observe", "import", str(trimmed), "--from", "spiderfoot")
    assert wrong.exit_code == 2 and "is not an observed-accounts format" in wrong.stderr
