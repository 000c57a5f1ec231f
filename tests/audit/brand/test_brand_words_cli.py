"""What a reader sees of the brand scan: reasons and fields in their language (codes in machine
output), and a username-search tool's hits marked unverified; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

DATA = Path(__file__).resolve().parents[2] / "data" / "observed"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def _observed(tmp_path: Path) -> Path:
    path = tmp_path / "observed.csv"
    path.write_text("platform,handle,display_name\ninstagram,v00rbeeld_fans,\nx,lotte_smit,Voorbeeld ouders\n",
                    encoding="utf-8")
    return path


def test_a_dutch_scan_table_shows_reasons_and_fields_in_dutch_and_json_keeps_the_codes(db, tmp_path):
    path = _observed(tmp_path)
    table = smreg(db, "scan", str(path), lang="nl")
    assert table.exit_code == 1
    first, second = [line for line in table.stdout.splitlines() if "verdacht" in line]
    assert "gebruikersnaam" in first and "scheidingsteken, voor- of achtervoegsel, leetspeak" in first
    assert "weergavenaam" in second and "exact, scheidingsteken, voor- of achtervoegsel" in second
    assert "affix" not in table.stdout and "display_name" not in table.stdout
    english = smreg(db, "scan", str(path)).stdout
    assert "separator, affix, leet" in english and "display name" in english
    rows = smreg(db, "scan", str(path), "--format", "json", lang="nl").json()["results"]
    assert [(r["field"], r["reasons"]) for r in rows] == [("handle", ["separator", "affix", "leet"]),
                                                         ("display_name", ["exact", "separator", "affix"])]


def test_dutch_findings_name_the_reasons_in_dutch_and_json_keeps_the_codes(db, tmp_path):
    ok(db, "observe", "import", str(_observed(tmp_path)))
    found = smreg(db, "audit", "--format", "json", lang="nl").json()["findings"]
    sm601 = [f for f in found if f["rule"] == "SM601"]
    assert [f["message"] for f in sm601] == [
        "De gebruikersnaam gebruikt de merknaam 'Voorbeeld' (scheidingsteken, voor- of achtervoegsel, leetspeak) en "
        "het account is niet geregistreerd.",
        "De weergavenaam gebruikt de merknaam 'Voorbeeld' (exact, scheidingsteken, voor- of achtervoegsel) en het "
        "account is niet geregistreerd.",
    ]
    assert [f["details"]["reasons"] for f in sm601] == [["separator", "affix", "leet"], ["exact", "separator", "affix"]]
    sarif = json.loads(smreg(db, "audit", "--format", "sarif", lang="nl").stdout)
    assert "leetspeak" not in json.dumps([r.get("properties") for r in sarif["runs"][0]["results"]])


def test_a_username_search_tools_hit_is_unverified_in_its_findings_until_a_reviewer_confirms_it(db):
    ok(db, "observe", "import", str(DATA / "sherlock.csv"))
    copy = next(f for f in smreg(db, "audit", "--format", "json").json()["findings"] if f["rule"] == "SM603")
    assert copy["subject"]["handle"] == "voorbeeldwest" and copy["details"]["unverified"] is True
    assert copy["message"].endswith("Unverified: a username-search tool reported it, and no reviewer has confirmed "
                                    "that the account exists.")
    dutch = next(f for f in smreg(db, "audit", "--format", "json", lang="nl").json()["findings"] if f["rule"] == "SM603")
    assert "Onbevestigd: een zoekprogramma voor gebruikersnamen meldde het" in dutch["message"]
    ok(db, "observe", "review", "instagram:voorbeeldwest", "--state", "confirmed", "--note", "checked by hand")
    confirmed = next(f for f in smreg(db, "audit", "--format", "json").json()["findings"] if f["rule"] == "SM603")
    assert confirmed["details"]["unverified"] is False and "Unverified" not in confirmed["message"]


def test_a_scan_of_a_username_search_tools_export_marks_its_suspects_unverified(db, tmp_path):
    rows = smreg(db, "scan", str(DATA / "sherlock.csv"), "--format", "json").json()["results"]
    assert [(r["handle"], r["verdict"], r.get("unverified")) for r in rows] == [
        ("voorbeeldwest", "suspect", True), ("voorbeeldwest", "official", None)]
    table = smreg(db, "scan", str(DATA / "sherlock.csv"), lang="nl").stdout
    assert "verdacht (onbevestigd)" in table and "officieel (onbevestigd)" not in table
    monitored = smreg(db, "scan", str(_observed(tmp_path)), "--format", "json").json()["results"]
    assert all("unverified" not in r for r in monitored)
