"""An audit as of a day before the registry existed is refused in one sentence, on every face that
audits (``smreg audit``, the findings and ownership reports, the evidence pack), never reported as
a clean registry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

# The template registry is built at the suite's fixed moment, 2026-06-15 10:00 UTC.
BEFORE = "2026-06-14"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    """The small registry, with signing keys so that a signed report would be written."""
    from audit.signing import generate_keypair

    generate_keypair(Path(os.environ["SMREG_SIGNING_DIR"]))
    return small_registry_copy(request.param, request, tmp_path)


def test_an_audit_as_of_a_day_before_the_registry_existed_is_refused_in_one_sentence(db):
    refused = smreg(db, "audit", "--as-of", "14-06-2026", lang="nl")
    assert refused.exit_code == 3 and refused.stdout == ""
    assert refused.stderr.strip() == ("Fout: Op 14-06-2026 bestond de registratie nog niet (aangemaakt op 15-06-2026); "
                                      "er valt niets te toetsen.")
    english = smreg(db, "audit", "--as-of", BEFORE, "--format", "json")
    assert english.exit_code == 3 and english.stdout == ""
    assert "On 2026-06-14 the registry did not exist yet (created on 2026-06-15); there is nothing to audit." in english.stderr


def test_a_moment_earlier_on_the_day_the_registry_was_made_is_refused_and_a_later_one_is_audited(db):
    assert smreg(db, "audit", "--as-of", "2026-06-15T09:00:00Z").exit_code == 3
    assert smreg(db, "audit", "--as-of", "2026-06-15").exit_code in (0, 1)


@pytest.mark.parametrize("kind", ["findings", "ownership"])
def test_a_report_as_of_a_day_before_the_registry_existed_is_refused_and_nothing_is_written(db, kind, tmp_path):
    out = tmp_path / f"{kind}.json"
    refused = smreg(db, "report", kind, "--as-of", BEFORE, "--format", "json", "--out", str(out), "--sign")
    assert refused.exit_code == 3 and "did not exist yet" in refused.stderr
    assert not out.exists() and not out.with_name(out.name + ".sig").exists()
    ok(db, "report", kind, "--as-of", "2026-06-15", "--format", "json", "--out", str(out), "--sign")
    assert out.with_name(out.name + ".sig").exists()


def test_an_evidence_pack_for_a_period_ending_before_the_registry_existed_is_refused(db, tmp_path):
    out = tmp_path / "pack.zip"
    refused = smreg(db, "report", "evidence", "--from", "2026-04-01", "--to", "2026-05-31", "--out", str(out))
    assert refused.exit_code == 3 and "On 2026-05-31 the registry did not exist yet" in refused.stderr
    assert not out.exists()
    ok(db, "report", "evidence", "--from", "2026-04-01", "--to", "2026-06-30", "--out", str(out))
