"""``smreg vault import`` and ``smreg vault status``: every export format, on both backends.

The example files in ``tests/data/vaults`` are laid out as each password manager writes them, with a
secret planted in every secret field (password, TOTP seed, password history, notes, custom
fields); each secret starts with ``PLANTED``. None may reach the store, an output, a report or the
event log.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg, store_bytes

DATA = Path(__file__).resolve().parents[1] / "data" / "vaults"
PLANTED = b"PLANTED"

# file -> (format recognised, registered accounts found, unregistered social accounts, references followed)
EXAMPLES = {
    "1password.1pux": ("1password-1pux", ["x:VoorbeeldWest"], ["youtube:@VoorbeeldTV"], True),
    "1password-export.data": ("1password-1pux", ["x:VoorbeeldWest"], ["youtube:@VoorbeeldTV"], True),
    "1password-cli.json": ("1password-cli", ["x:VoorbeeldWest"], ["youtube:@VoorbeeldTV"], True),
    "bitwarden.json": ("bitwarden-json", ["instagram:de.zon.school"], ["tiktok:dezon.school"], True),
    "bitwarden-cli.json": ("bitwarden-cli", ["instagram:de.zon.school"], ["tiktok:dezon.school"], True),
    "bitwarden.csv": ("bitwarden-csv", ["instagram:de.zon.school"], ["tiktok:dezon.school"], False),
    "keepass.xml": ("keepass-xml", ["x:VoorbeeldWest"], ["pinterest:voorbeeldwest"], True),
    "keepassxc.csv": ("keepassxc-csv", ["x:VoorbeeldWest"], ["pinterest:voorbeeldwest"], True),
    "keeper.csv": ("keeper-csv", ["instagram:de.zon.school"], ["tiktok:dezon.school"], False),
    "keeper.json": ("keeper-json", ["instagram:de.zon.school"], ["tiktok:dezon.school"], True),
}


def _import(db: str, name: str, *args: str):
    return ok(db, "vault", "import", str(DATA / name), "--format", "json", *args).json()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_format_is_recognised_matched_and_keeps_no_secret(store_url, tmp_path, name):
    fmt, matched, unmatched, followed = EXAMPLES[name]
    small_registry(store_url)
    result = smreg(store_url, "vault", "import", str(DATA / name), "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = result.json()
    assert (summary["format"], summary["matched"], summary["references_checked"]) == (fmt, matched, followed)
    assert [u.split(" ")[0] for u in summary["unmatched"]] == unmatched
    outputs = [result.stdout, result.stderr]
    for command in (["vault", "status", "--format", "json"], ["audit", "--format", "json"],
                    ["audit", "--format", "sarif"], ["log", "show", "--format", "json"]):
        run = smreg(store_url, *command)
        outputs += [run.stdout, run.stderr]
    for report in ("ownership", "findings"):
        out = tmp_path / f"{report}.html"
        ok(store_url, "report", report, "--format", "html", "--out", str(out))
        outputs.append(out.read_text())
    for text in outputs:
        assert "PLANTED" not in text
    for data in store_bytes(store_url, tmp_path):
        assert PLANTED not in data


def test_the_same_export_again_changes_nothing(store_url):
    small_registry(store_url)
    _import(store_url, "bitwarden.json")
    before = ok(store_url, "log", "show", "--format", "json").json()
    again = _import(store_url, "bitwarden.json")
    assert again["unchanged"] is True
    assert ok(store_url, "log", "show", "--format", "json").json() == before
    [status] = ok(store_url, "vault", "status", "--format", "json").json()
    assert (status["vault"], status["items"], status["matched"], status["unmatched"]) == ("bitwarden", 3, 1, 1)
    assert (status["references"], status["references_missing"]) == (1, 0)


def test_a_dry_run_shows_what_it_finds_and_writes_nothing(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    summary = _import(db, "keeper.json", "--dry-run")
    assert summary["dry_run"] is True and summary["matched"] == ["instagram:de.zon.school"]
    assert ok(db, "vault", "status", "--format", "json").json() == []


def test_a_reference_that_finds_no_item_is_listed(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    ok(db, "account", "update", "instagram:de.zon.school", "--vault", "bitwarden://00000000-0000-4000-8000-00000000abcd")
    result = ok(db, "vault", "import", str(DATA / "bitwarden.json"))
    assert "Registered accounts whose vault reference points to no item of this export:" in result.stdout
    assert "  instagram:de.zon.school" in result.stdout


def test_a_bad_export_lists_every_bad_item_and_imports_nothing(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    data = json.loads((DATA / "bitwarden.json").read_text())
    data["items"][0]["creationDate"] = "gisteren"
    data["items"][1]["id"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = smreg(db, "vault", "import", str(bad))
    assert result.exit_code == 3
    assert "line 1: creationDate: 'gisteren' is not a date" in result.stderr
    assert "line 2: id: the item has no id" in result.stderr
    assert "PLANTED" not in result.stderr + result.stdout
    assert ok(db, "vault", "status", "--format", "json").json() == []


def test_a_keeper_row_with_too_few_cells_is_named_by_its_line(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    bad = tmp_path / "keeper.csv"
    bad.write_text((DATA / "keeper.csv").read_text() + "Social,Short,row\n" * 2, encoding="utf-8")
    result = smreg(db, "vault", "import", str(bad), "--from", "keeper-csv")
    assert result.exit_code == 3
    assert "line 4: *: 3 cells where at least 6 are expected" in result.stderr
    assert "line 5: *" in result.stderr


def test_an_encrypted_or_unknown_file_is_refused_with_a_sentence(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    encrypted = tmp_path / "enc.json"
    encrypted.write_text('{"encrypted": true, "passwordProtected": true, "data": "2.PLANTED"}')
    result = smreg(db, "vault", "import", str(encrypted), "--from", "bitwarden-json")
    assert result.exit_code == 3 and "encrypted export" in result.stderr
    other = tmp_path / "other.txt"
    other.write_text("hello\n")
    result = smreg(db, "vault", "import", str(other))
    assert result.exit_code == 3 and "--from" in result.stderr
    result = smreg(db, "vault", "import", str(other), "--from", "lastpass")
    assert result.exit_code == 2 and "is not a vault format" in result.stderr


def test_status_in_dutch_writes_dates_the_dutch_way(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    _import(db, "keepass.xml")
    table = ok(db, "vault", "status", lang="nl").stdout
    assert "geïmporteerd op" in table and "15-06-2026 10:00" in table
