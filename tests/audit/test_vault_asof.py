"""Vault imports in ``smreg audit --as-of``: each past audit is reproduced from the log exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

DATA = Path(__file__).resolve().parents[1] / "data" / "vaults"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def _audit(db: str, *args: str) -> dict:
    result = smreg(db, "audit", "--format", "json", "--rule", "SM711", "--rule", "SM712", "--rule", "SM713", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.json()


def test_an_audit_as_of_a_past_moment_sees_the_vault_as_it_was_imported_then(db, monkeypatch, tmp_path):
    taken = {}
    monkeypatch.setenv("SMREG_CLOCK", "2026-06-16T09:00:00+00:00")
    ok(db, "vault", "import", str(DATA / "bitwarden.json"))
    taken["2026-06-16T10:00:00+00:00"] = _audit(db)

    monkeypatch.setenv("SMREG_CLOCK", "2026-07-01T09:00:00+00:00")
    ok(db, "account", "add", "tiktok", "dezon.school", "--unit", "ZON", "--custodian", "1001", "--vault",
       "bitwarden://9b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3")
    moved = json.loads((DATA / "bitwarden.json").read_text())
    moved["items"][0]["organizationId"] = None  # the Instagram item went to someone's personal vault
    export = tmp_path / "later.json"
    export.write_text(json.dumps(moved))
    ok(db, "vault", "import", str(export))
    taken["2026-07-01T10:00:00+00:00"] = _audit(db)

    monkeypatch.setenv("SMREG_CLOCK", "2026-08-01T09:00:00+00:00")
    rules = {m: sorted((f["rule"], f["subject"]["handle"]) for f in t["findings"]) for m, t in taken.items()}
    assert rules == {"2026-06-16T10:00:00+00:00": [("SM711", "dezon.school")],
                     "2026-07-01T10:00:00+00:00": [("SM712", "de.zon.school")]}
    for moment, then in taken.items():
        assert _audit(db, "--as-of", moment)["findings"] == then["findings"], moment
    assert _audit(db, "--as-of", "2026-06-15")["findings"] == []
