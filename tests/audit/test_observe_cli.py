"""``smreg scan``, ``smreg observe`` and ``smreg brand logo`` on SQLite and PostgreSQL, and their audit findings."""

from __future__ import annotations

import json

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

HEADER = "platform,handle,display_name,url,platform_id,avatar,first_seen,source\n"
ROWS = (
    "x,VoorbeeldWe5t,,,,,2026-06-01,monitor\n"      # line 2: copy of the official x:VoorbeeldWest (SM603)
    "x,kees_jansen,Fans van Voorbeeld,,,,,melding\n"  # line 3: brand only in the display name (SM601, medium)
    "x,VoorbeeldWest,,,,,,monitor\n"                 # line 4: the registered account itself
    "instagram,juf.anna,Juf Anna,,,,,monitor\n"       # line 5: clear
)


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def _file(tmp_path, rows: str = ROWS, name: str = "observed.csv"):
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def _state(db: str) -> dict[str, dict]:
    return {row["handle"]: row for row in ok(db, "observe", "list", "--format", "json").json()}


def test_scan_prints_the_documented_json_in_input_order_and_exits_1_on_a_high_suspect(db, tmp_path):
    result = smreg(db, "scan", str(_file(tmp_path)), "--format", "json")
    assert result.exit_code == 1, result.stderr
    report = result.json()
    assert list(report) == ["results"]
    assert [r["row"] for r in report["results"]] == [1, 2, 3, 4]
    assert [r["line"] for r in report["results"]] == [2, 3, 4, 5]
    assert report["results"][0] == {
        "row": 1, "line": 2, "platform": "x", "handle": "VoorbeeldWe5t", "display_name": "", "verdict": "suspect", "score": 100,
        "term": "Voorbeeld", "field": "handle", "reasons": ["leet"], "resembles": "x:VoorbeeldWest", "rule": "SM603"}
    assert [r["verdict"] for r in report["results"]] == ["suspect", "suspect", "official", "clear"]
    assert report["results"][1]["field"] == "display_name" and report["results"][1]["rule"] == "SM601"
    only = smreg(db, "scan", str(_file(tmp_path)), "--format", "json", "--suspects-only").json()
    assert [r["row"] for r in only["results"]] == [1, 2]
    assert ok(db, "observe", "list", "--format", "json").json() == []  # a scan keeps nothing


def test_scan_exits_0_without_a_high_suspect_and_prints_only_suspects_in_a_table(db, tmp_path):
    path = _file(tmp_path, "x,kees_jansen,Fans van Voorbeeld,,,,,\ninstagram,juf.anna,Juf Anna,,,,,\n")
    table = ok(db, "scan", str(path), "--suspects-only")
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["row", "line", "verdict", "score"] and len(lines) == 3
    assert "kees_jansen" in lines[2] and "juf.anna" not in table.stdout
    assert ok(db, "scan", str(path), "--format", "csv").stdout.splitlines()[1].startswith("1,2,suspect,78,SM601,x,kees_jansen")
    empty = ok(db, "scan", str(_file(tmp_path, "", name="empty.csv")), "--format", "json")
    assert empty.json() == {"results": []}


def test_observe_import_keeps_the_rows_and_the_same_file_again_changes_nothing(db, tmp_path):
    path = _file(tmp_path)
    first = ok(db, "observe", "import", str(path), "--format", "json").json()
    assert (len(first["added"]), first["suspects"]) == (4, 2)
    events = len(ok(db, "log", "show", "--format", "json").json())
    again = ok(db, "observe", "import", str(path), "--format", "json").json()
    assert (again["added"], again["changed"], again["reopened"], again["unchanged"]) == ([], [], [], 4)
    assert len(ok(db, "log", "show", "--format", "json").json()) == events
    kept = _state(db)
    assert kept["VoorbeeldWe5t"]["rule"] == "SM603" and kept["VoorbeeldWe5t"]["first_seen"] == "2026-06-01"
    assert kept["VoorbeeldWest"]["verdict"] == "official" and kept["juf.anna"]["verdict"] == "clear"
    assert {row["state"] for row in kept.values()} == {"new"}


def test_a_dismissed_account_stays_dismissed_unless_its_handle_or_name_changes_and_a_resolved_one_reopens(db, tmp_path):
    ok(db, "observe", "import", str(_file(tmp_path)))
    ids = {h: r["id"] for h, r in _state(db).items()}
    ok(db, "observe", "review", str(ids["kees_jansen"]), "--state", "dismissed", "--note", "a fan, harmless")
    ok(db, "observe", "review", "x:VoorbeeldWe5t", "--state", "resolved", "--note", "removed by x")
    ok(db, "observe", "import", str(_file(tmp_path, "x,kees_jansen,Fans van Voorbeeld,,,,,melding\n", "same.csv")))
    assert _state(db)["kees_jansen"]["state"] == "dismissed"
    renamed = _file(tmp_path, "x,kees_jansen,Voorbeeld Officieel,,,,,melding\nx,VoorbeeldWe5t,,,,,,monitor\n", "b.csv")
    outcome = ok(db, "observe", "import", str(renamed), "--format", "json").json()
    assert sorted(outcome["reopened"]) == ["x:VoorbeeldWe5t", "x:kees_jansen"]
    kept = _state(db)
    assert kept["kees_jansen"]["state"] == "new" and "display name changed" in kept["kees_jansen"]["note"]
    assert kept["VoorbeeldWe5t"]["state"] == "new" and kept["VoorbeeldWe5t"]["note"].startswith("Reopened")
    log = ok(db, "log", "show", "--subject", f"observed:{ids['kees_jansen']}", "--format", "json").json()
    assert [e["action"] for e in log] == ["observed.added", "observed.reviewed", "observed.reopened"]


def test_a_review_needs_a_known_state_and_a_known_account(db, tmp_path):
    ok(db, "observe", "import", str(_file(tmp_path)))
    bad = smreg(db, "observe", "review", "1", "--state", "gone")
    assert bad.exit_code == 3
    assert "'gone' is not a review state. Use one of: confirmed, dismissed, removal requested, resolved." in bad.stderr
    missing = smreg(db, "observe", "review", "999", "--state", "confirmed")
    assert missing.exit_code == 3 and "There is no observed account '999'" in missing.stderr
    ok(db, "observe", "review", "1", "--state", "removal-requested", "--note", "reported to x")
    assert [r["handle"] for r in ok(db, "observe", "list", "--state", "removal-requested", "--format", "json").json()] == [
        "VoorbeeldWe5t"]


def test_a_file_with_bad_rows_is_refused_whole_with_every_bad_row_listed(db, tmp_path):
    path = _file(tmp_path, "x,fine_handle,,,,,,\n,no_platform,,,,,,\nmyspace,someone,,,,,,\nx,dated,,,,,31-31-2026,\n")
    result = smreg(db, "observe", "import", str(path))
    assert result.exit_code == 3
    assert "line 3: platform:" in result.stderr
    assert "line 4: platform: unknown platform 'myspace'" in result.stderr
    assert "line 5: first_seen:" in result.stderr
    assert ok(db, "observe", "list", "--format", "json").json() == []


def _images(tmp_path):
    from PIL import Image, ImageDraw

    logo = Image.new("RGB", (256, 256), "white")
    draw = ImageDraw.Draw(logo)
    draw.ellipse((30, 30, 226, 226), fill=(20, 80, 160))
    draw.rectangle((100, 60, 156, 200), fill=(250, 200, 0))
    logo.save(tmp_path / "logo.png")
    logo.resize((96, 96)).save(tmp_path / "copy.jpg", quality=70)
    other = Image.new("RGB", (128, 128), "white")
    ImageDraw.Draw(other).polygon([(0, 128), (64, 0), (128, 128)], fill=(200, 30, 30))
    ImageDraw.Draw(other).line((0, 0, 128, 64), fill=(0, 0, 0), width=9)
    other.save(tmp_path / "other.png")


def test_a_logo_is_kept_as_a_hash_and_an_avatar_showing_it_is_flagged_by_scan_and_audit(db, tmp_path):
    _images(tmp_path)
    added = ok(db, "brand", "logo", "add", str(tmp_path / "logo.png"))
    assert "Added logo 1 (logo.png)" in added.stderr
    logos = ok(db, "brand", "logo", "list", "--format", "json").json()
    assert [(row["id"], row["name"]) for row in logos] == [(1, "logo.png")]
    log = ok(db, "log", "show", "--subject", "logo:1", "--format", "json").json()
    assert [e["action"] for e in log] == ["brand.logo_added"]
    path = _file(tmp_path, "tiktok,juf_sanne_klas,,,,copy.jpg,2026-06-01,\ntiktok,meester_bob,,,,other.png,,\n")
    results = smreg(db, "scan", str(path), "--format", "json").json()["results"]
    assert [(r["verdict"], r["field"], r["rule"], r["reasons"]) for r in results] == [
        ("suspect", "avatar", "SM602", ["logo"]), ("clear", None, None, [])]
    ok(db, "observe", "import", str(path))
    audit = smreg(db, "audit", "--format", "json", "--rule", "SM602").json()
    assert [(f["subject"]["type"], f["subject"]["handle"]) for f in audit["findings"]] == [("observed", "juf_sanne_klas")]
    assert smreg(db, "brand", "logo", "add", str(tmp_path / "logo.png")).exit_code == 3
    assert smreg(db, "brand", "logo", "add", str(path)).exit_code == 3  # not an image


def test_an_audit_as_of_before_an_observe_import_has_no_brand_findings_and_after_it_has_them(db, tmp_path, monkeypatch):
    ok(db, "person", "leave", "1001", "--on", "2026-06-10")
    monkeypatch.setenv("SMREG_CLOCK", "2026-06-20T09:00:00+00:00")
    rows = ROWS + "instagram,de.zon.school2,,,,,2026-06-18,monitor\n"
    ok(db, "observe", "import", str(_file(tmp_path, rows)))
    monkeypatch.setenv("SMREG_CLOCK", "2026-06-25T09:00:00+00:00")
    ok(db, "brand", "term", "remove", "Voorbeeld")

    def rules(*args: str) -> list[tuple[str, str]]:
        report = json.loads(smreg(db, "audit", "--format", "json", *args).stdout)
        return sorted((f["rule"], f["subject"]["handle"]) for f in report["findings"] if f["rule"][:4] in ("SM60", "SM70")
                      and f["rule"] in ("SM601", "SM602", "SM603", "SM707", "SM708"))

    assert rules("--as-of", "2026-06-19") == []
    assert rules("--as-of", "2026-06-21") == [("SM601", "kees_jansen"), ("SM603", "VoorbeeldWe5t"),
                                              ("SM708", "de.zon.school2")]
    # after the term was removed, the display name no longer carries a brand term; the copy still copies
    assert rules() == [("SM603", "VoorbeeldWe5t"), ("SM708", "de.zon.school2")]
    assert rules("--as-of", "2026-06-21") == rules("--as-of", "2026-06-21T09:00:00+00:00")


def test_pasted_profile_pages_scan_and_import_as_the_profile_they_belong_to(db, tmp_path):
    path = _file(tmp_path, "x,https://x.com/VoorbeeldWest/status/1790000000000000001,,,,,,\n"
                           "x,,,https://x.com/V0orbeeld/media,,,,\n"
                           "instagram,@de.zon.school,,,,,,\n"
                           "tiktok,https://www.tiktok.com/@voorbeeld.fans/video/7300000000000000001,,,,,,\n")
    results = smreg(db, "scan", str(path), "--format", "json").json()["results"]
    assert [(r["handle"], r["verdict"]) for r in results] == [
        ("VoorbeeldWest", "official"), ("V0orbeeld", "suspect"), ("de.zon.school", "official"),
        ("voorbeeld.fans", "suspect")]
    ok(db, "observe", "import", str(path))
    assert sorted(_state(db)) == ["V0orbeeld", "VoorbeeldWest", "de.zon.school", "voorbeeld.fans"]


def test_a_link_that_names_no_profile_is_a_problem_of_its_row(db, tmp_path):
    path = _file(tmp_path, "instagram,https://www.instagram.com/p/C1abcDEFgh/,,,,,,\nx,kees,,,,,,\n")
    scanned = smreg(db, "scan", str(path))
    assert scanned.exit_code == 3 and "line 2" in scanned.stderr and "kees" in scanned.stdout
    imported = smreg(db, "observe", "import", str(path))
    assert imported.exit_code == 3 and "line 2: handle:" in imported.stderr
    assert "Instagram profile" in imported.stderr
    assert ok(db, "observe", "list", "--format", "json").json() == []


def test_observe_import_and_scan_take_a_column_map_and_import_a_dry_run(db, tmp_path):
    path = tmp_path / "monitor.csv"
    path.write_text("Netwerk,Gebruiker,Naam\nx,VoorbeeldWe5t,\ninstagram,juf.anna,Juf Anna\n", encoding="utf-8")
    refused = smreg(db, "scan", str(path))
    assert refused.exit_code == 3
    mapping = "Netwerk=platform,Gebruiker=handle,Naam=display_name"
    scanned = smreg(db, "scan", str(path), "--map", mapping, "--format", "json")
    assert [r["verdict"] for r in scanned.json()["results"]] == ["suspect", "clear"]
    dry = ok(db, "observe", "import", str(path), "--map", mapping, "--dry-run")
    assert "would add 2" in dry.stdout and "Nothing was kept" in dry.stdout
    assert ok(db, "observe", "list", "--format", "json").json() == []
    ok(db, "observe", "import", str(path), "--map", mapping)
    assert sorted(_state(db)) == ["VoorbeeldWe5t", "juf.anna"]


def test_an_avatar_that_may_not_be_read_is_a_problem_of_its_row_never_clear(db, tmp_path):
    import os

    folder = tmp_path / "export"
    folder.mkdir()
    os.mkfifo(folder / "pipe.png")  # opened, it would wait for a writer forever
    (folder / "big.png").write_bytes(b"\x89PNG" + b"\0" * (9 << 20))
    rows = ("x,kees_a,,,,../../../../etc/passwd,,\nx,kees_b,,,,pipe.png,,\nx,kees_c,,,,big.png,,\n"
            "x,kees_d,,,,missing.png,,\nx,kees_e,,,,,,\n")
    path = folder / "observed.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    for command in (["scan", str(path)], ["observe", "import", str(path)]):
        result = smreg(db, *command)
        assert result.exit_code == 3, (command, result.stderr)
        for line in (2, 3, 4):
            assert f"line {line}" in result.stderr, (command, line, result.stderr)
    imported = smreg(db, "observe", "import", str(path))
    assert "outside the observed file's folder" in imported.stderr and "not a regular file" in imported.stderr
    assert ok(db, "observe", "list", "--format", "json").json() == []


def test_an_avatar_in_an_allowed_folder_is_read(db, tmp_path):
    from PIL import Image

    images = tmp_path / "images"
    images.mkdir()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(images / "face.png")
    folder = tmp_path / "export"
    folder.mkdir()
    path = folder / "observed.csv"
    path.write_text(HEADER + f"x,kees_f,,,,{images / 'face.png'},,\n", encoding="utf-8")
    assert smreg(db, "observe", "import", str(path)).exit_code == 3
    ok(db, "observe", "import", str(path), "--avatars", str(images))
    assert "kees_f" in _state(db)
