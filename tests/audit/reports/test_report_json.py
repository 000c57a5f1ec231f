"""The JSON report matches its documented schema in docs/reports and speaks in codes, not words."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import ValidationError
from schemas import check, report_schema

from audit.reports import ReportFormat, render


def load(report) -> dict:
    data = render(report, ReportFormat.JSON)
    assert data.endswith(b"\n")
    return json.loads(data)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("kind", ["ownership", "findings", "offboarding"])
def test_each_report_matches_its_documented_schema(build, kind, lang):
    report = {"ownership": build.ownership, "findings": build.findings, "offboarding": build.offboarding}[kind](lang)
    body = load(report)
    check(body, report_schema(kind))
    assert body["report"] == kind and body["version"] == 1


def test_the_schema_refuses_an_undocumented_field_a_wrong_code_and_a_bad_date(ownership):
    schema = report_schema("ownership")
    for change in (
        lambda body: body["units"][0]["accounts"][0].update(vault_ref="op://Social/x/password"),
        lambda body: body["units"][0]["accounts"][0].update(status="gearchiveerd"),
        lambda body: body.update(as_of="24-11-2026 23:59"),
    ):
        body = load(ownership)
        change(body)
        with pytest.raises(ValidationError):
            check(body, schema)


def test_json_values_are_codes_and_do_not_change_with_the_language(ownership, ownership_nl):
    english, dutch = load(ownership), load(ownership_nl)
    assert english.pop("lang") == "en" and dutch.pop("lang") == "nl"
    assert english == dutch
    west = english["units"][1]["accounts"][0]
    assert west["custodian_status"] == "left"
    assert west["findings"][0] == {
        "rule": "SM702",
        "severity": "critical",
        "message": "custodian left, no handover",
        "fingerprint": "fp-702",
        "waived": False,
    }
    assert west["last_handover"] == "2025-09-01"


def test_the_ownership_summary_is_in_the_json(ownership):
    summary = load(ownership)["summary"]
    assert summary["accounts"] == 4
    assert summary["by_unit"][0] == {"unit": "ALO", "own": 1, "total": 4, "open_findings": 0}
    assert summary["by_severity"] == {"critical": 1, "high": 2, "medium": 0, "low": 0, "info": 0}
    assert summary["waived"] == 1


def test_user_text_is_kept_exactly_in_json(ownership, build):
    accounts = [a for u in load(ownership)["units"] for a in u["accounts"]]
    assert [a["display_name"] for a in accounts] == [None, build.SCRIPT, build.FORMULA, build.RLO]


def test_the_offboarding_json_uses_receiver_reason_codes(checklist):
    account = load(checklist)["cases"][0]["accounts"][0]
    assert account["receiver_reason"] == "backup_custodian"  # given as "backup custodian"
    assert account["items"][0] == {"key": "rotated", "done": True, "done_on": "2026-11-20"}


def test_the_signature_schema_describes_what_signing_writes(tmp_path):
    from datetime import UTC

    from audit import signing

    keys = signing.generate_keypair(tmp_path / "signer")
    report = tmp_path / "r.json"
    report.write_text("{}")
    sig = signing.sign_file(
        report, keys.private_key_path, as_of="2026-11-24", log_head=(3, "ab" * 32), now=datetime(2026, 11, 25, tzinfo=UTC)
    )
    check(json.loads(sig.read_text("utf-8")), report_schema("signature"))


# What reports hold: text, integers (some beyond 64 bits, to reach the fallback), shares and medians.
_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text()
            | st.floats(min_value=0, max_value=1e6).map(lambda x: round(x, 4)))
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON)
def test_report_json_is_written_exactly_as_the_standard_library_writes_it(value):

    from audit.reports.to_json import dumps

    assert dumps(value) == (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
