"""The JSON report matches its documented schema in docs/reports and speaks in codes, not words."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from audit.reports import ReportFormat, render

SCHEMAS = Path(__file__).resolve().parents[3] / "docs" / "reports"


def load(report) -> dict:
    data = render(report, ReportFormat.JSON)
    assert data.endswith(b"\n")
    return json.loads(data)


def check(value, schema: dict, where: str = "$") -> None:
    """The part of JSON Schema the documents use: type, const, enum, properties, items, oneOf, format, pattern."""
    if "oneOf" in schema:
        passed = 0
        for option in schema["oneOf"]:
            try:
                check(value, option, where)
                passed += 1
            except AssertionError:
                pass
        assert passed == 1, f"{where}: {value!r} matches {passed} of oneOf"
        return
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r}"
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        python = {
            "string": str,
            "integer": int,
            "boolean": bool,
            "object": dict,
            "array": list,
            "null": type(None),
        }
        ok = any(
            isinstance(value, python[k]) and not (k == "integer" and isinstance(value, bool)) for k in kinds
        )
        assert ok, f"{where}: {value!r} is not {kinds}"
    if isinstance(value, str):
        if schema.get("format") == "date":
            date.fromisoformat(value)
        if schema.get("format") == "date-time":
            datetime.fromisoformat(value)
        if "pattern" in schema:
            assert re.search(schema["pattern"], value), where
    if isinstance(value, int) and "minimum" in schema:
        assert value >= schema["minimum"], where
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            assert name in value, f"{where}: missing {name}"
        for name, item in value.items():
            if name in properties:
                check(item, properties[name], f"{where}.{name}")
            else:
                extra = schema.get("additionalProperties", True)
                assert extra is not False, f"{where}: undocumented field {name}"
                if isinstance(extra, dict):
                    check(item, extra, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], f"{where}[{i}]")


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("kind", ["ownership", "findings", "offboarding"])
def test_each_report_matches_its_documented_schema(build, kind, lang):
    report = {"ownership": build.ownership, "findings": build.findings, "offboarding": build.offboarding}[kind](lang)
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text("utf-8"))
    body = load(report)
    check(body, schema)
    assert body["report"] == kind and body["version"] == 1


def test_the_schema_checker_notices_an_undocumented_field(ownership):
    schema = json.loads((SCHEMAS / "ownership.schema.json").read_text("utf-8"))
    body = load(ownership)
    body["units"][0]["accounts"][0]["vault_ref"] = "op://Social/x/password"
    with pytest.raises(AssertionError):
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
    schema = json.loads((SCHEMAS / "signature.schema.json").read_text("utf-8"))
    check(json.loads(sig.read_text("utf-8")), schema)
