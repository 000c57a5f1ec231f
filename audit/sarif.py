"""The audit as SARIF 2.1.0, for tools that collect findings from many sources.

Each rule is described from its own text (title, what it does, the full page as help); each
rule's properties name the controls it gives evidence for (also as tags, ``ISO/IEC 27001:2022
A.5.9``); each finding is a result at a logical location (the account or person it is about), with its
fingerprint as ``partialFingerprints`` so a consumer recognises it from run to run. A waived
finding carries an accepted external suppression with the waiver's reason.
"""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING, Any, assert_never

from audit.controls import as_json
from audit.model import Finding, Severity
from audit.rules.docs import page
from registry import i18n

if TYPE_CHECKING:
    from audit.changes import Changes
    from audit.engine import AuditResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "2.1.0"
FINGERPRINT_KEY = "smreg/v1"


def level(severity: Severity) -> str:
    """SARIF's result level for a severity."""
    match severity:
        case Severity.critical | Severity.high:
            return "error"
        case Severity.medium:
            return "warning"
        case Severity.low | Severity.info:
            return "note"
        case _:
            assert_never(severity)


def _version() -> str:
    try:
        return metadata.version("smreg")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0"


def document(result: AuditResult, changes: Changes | None = None) -> dict[str, Any]:
    """The SARIF log of one audit, in the current language.

    With ``changes`` (``smreg audit --since``) every result carries its ``baselineState`` as SARIF
    defines it: ``new`` or ``unchanged``, and the findings of the recorded run that are gone are
    added as results with ``absent``.
    """
    lang = i18n.get_language()
    rules = []
    index = {}
    for position, rule in enumerate(result.rules):
        text = rule.explained(lang)
        index[rule.id] = position
        rules.append({
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": text.title},
            "fullDescription": {"text": text.what},
            "help": {"text": f"{text.why}\n\n{text.fix}", "markdown": page(rule, lang)},
            "defaultConfiguration": {"level": level(rule.severity)},
            "properties": {"clause": rule.clause, "severity": rule.severity.value,
                           "controls": as_json(result.controls.of(rule.id)),
                           "tags": [rule.clause, *result.controls.tags(rule.id)]},
        })
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {"driver": {"name": "smreg", "version": _version(), "rules": rules}},
            "results": _results(result, index, changes),
            "properties": {"as_of": result.as_of, "summary": result.summary()}
                          | ({"baseline": changes.as_json()["since"]} if changes else {}),
        }],
    }


def _results(result: AuditResult, index: dict[str, int], changes: Changes | None) -> list[dict[str, Any]]:
    results = [_result(finding, index) for finding in result.findings]
    if changes is None:
        return results
    new = {f.fingerprint for f in changes.new}
    for item in results:
        item["baselineState"] = "new" if item["partialFingerprints"][FINGERPRINT_KEY] in new else "unchanged"
    for entry in changes.resolved:
        absent: dict[str, Any] = {
            "ruleId": entry["rule"],
            "level": level(Severity(entry["severity"])),
            "message": {"text": f"{entry['subject']}: {i18n.t('changes.resolved_since', run=changes.base.id)}"},
            "locations": [{"logicalLocations": [{"name": entry["subject"], "kind": "resource"}]}],
            "partialFingerprints": {FINGERPRINT_KEY: entry["fingerprint"]},
            "baselineState": "absent",
        }
        if entry["rule"] in index:
            absent["ruleIndex"] = index[entry["rule"]]
        results.append(absent)
    return results


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    subject = finding.subject
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": level(finding.severity),
        "message": {"text": f"{subject.label}: {finding.message}"},
        "locations": [{"logicalLocations": [{
            "name": subject.label,
            "fullyQualifiedName": f"{subject.type}:{subject.id}" if subject.id is not None else subject.label,
            "kind": "resource",
        }]}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {"severity": finding.severity.value, "clause": finding.clause,
                       "since": finding.since.isoformat() if finding.since else None,
                       "subject": subject.as_json(), "details": finding.details},
    }
    if finding.waiver is not None:
        result["suppressions"] = [{
            "kind": "external",
            "status": "accepted",
            "justification": f"{finding.waiver.reason} (until {finding.waiver.until.isoformat()}, {finding.waiver.by})",
        }]
    return result
