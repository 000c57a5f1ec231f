"""JSON: the report's data for other tools, stable and described by ``docs/reports/*.schema.json``.

Values are codes (``"left"``, ``"high"``), never translated words, and dates are ISO 8601, so the
output does not change with the report's language except for the ``lang`` field. Keys keep a
fixed order; version 1 only ever gains optional fields.
"""

from __future__ import annotations

import json
from datetime import date
from typing import assert_never

from audit.reports.model import (
    AccountRow,
    FindingsReport,
    OffboardingCase,
    OffboardingReport,
    OwnershipReport,
    Report,
    receiver_reason_key,
)
from audit.reports.texts import check_language

FORMAT_VERSION = 1


def render(report: Report) -> bytes:
    """The report as indented UTF-8 JSON ending in a newline."""
    check_language(report.lang)
    if isinstance(report, OwnershipReport):
        body = _ownership(report)
    elif isinstance(report, FindingsReport):
        body = _findings(report)
    elif isinstance(report, OffboardingReport):
        body = _offboarding(report)
    else:
        assert_never(report)
    return dumps(body)


def dumps(body: object, default=None) -> bytes:
    """Indented UTF-8 JSON ending in a newline, exactly as ``json.dumps(body, ensure_ascii=False,
    indent=2)`` writes it for the values reports hold (text, integers, shares and medians; orjson would
    write a float beyond 1e16 without its "+"), but by orjson: 100,000 accounts take a tenth of the time."""
    import orjson

    try:
        return orjson.dumps(body, default=default, option=orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME) + b"\n"
    except TypeError:  # what orjson refuses (an integer beyond 64 bits, a lone surrogate) the standard library writes
        return (json.dumps(body, ensure_ascii=False, indent=2, default=default) + "\n").encode("utf-8")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _head(kind: str, report: Report) -> dict:
    return {
        "report": kind,
        "version": FORMAT_VERSION,
        "organisation": report.organisation,
        "as_of": report.as_of.isoformat(),
        "generated_at": report.generated_at.isoformat(),
        "lang": report.lang,
    }


def _account(a: AccountRow) -> dict:
    return {
        "id": a.id,
        "platform": a.platform,
        "handle": a.handle,
        "display_name": a.display_name,
        "url": a.url,
        "kind": a.kind,
        "purpose": a.purpose,
        "status": a.status,
        "unit": a.unit_code,
        "custodian": a.custodian,
        "custodian_status": a.custodian_status,
        "backup_custodian": a.backup_custodian,
        "vault_ref_set": a.vault_ref_set,
        "last_handover": _day(a.last_handover),
        "last_rotation": _day(a.last_rotation),
        "last_verified": _day(a.last_verified),
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "fingerprint": f.fingerprint,
                "waived": f.waived,
            }
            for f in a.findings
        ],
    }


def _ownership(report: OwnershipReport) -> dict:
    body = _head("ownership", report)
    body["summary"] = {
        "accounts": report.account_count,
        "by_unit": [
            {"unit": c.unit.code, "own": c.own, "total": c.total, "open_findings": c.open_findings}
            for c in report.counts_by_unit()
        ],
        "by_platform": report.counts_by_platform(),
        "by_kind": report.counts_by_kind(),
        "by_severity": report.counts_by_severity(),
        "waived": report.waived_count(),
    }
    body["overdue_series"] = [{"date": _day(day), "count": n} for day, n in report.overdue_series]
    body["units"] = [
        {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "depth": u.depth,
            "path": list(u.path),
            "accounts": [_account(a) for a in u.accounts],
        }
        for u in report.units
    ]
    return body


def _findings(report: FindingsReport) -> dict:
    body = _head("findings", report)
    body["summary"] = {
        "by_severity": report.counts_by_severity(),
        "by_rule": report.counts_by_rule(),
        "waived": report.waived_count(),
    }
    body["findings"] = [
        {
            "rule": f.rule,
            "severity": f.severity,
            "clause": f.clause,
            "subject": f.subject,
            "message": f.message,
            "since": _day(f.since),
            "fingerprint": f.fingerprint,
            "waived": f.waived,
            "waiver": (
                {"reason": f.waiver_reason, "until": _day(f.waiver_until)}
                if f.waived or f.waiver_reason or f.waiver_until
                else None
            ),
            "controls": {fw: list(ids) for fw, ids in report.rule_controls.get(f.rule, {}).items()},
        }
        for f in report.findings
    ]
    body["control_coverage"] = [
        {"framework": c.framework, "control": c.control, "rules": list(c.rules), "open": c.open, "waived": c.waived}
        for c in report.coverage
    ]
    return body


def _case(c: OffboardingCase) -> dict:
    return {
        "person": c.person,
        "employee_id": c.employee_id,
        "unit": c.unit,
        "end_date": _day(c.end_date),
        "opened_on": _day(c.opened_on),
        "closed": c.closed,
        "accounts": [
            {
                "account": a.account,
                "display_name": a.display_name,
                "role": a.role,
                "receiver": a.receiver,
                "receiver_reason": receiver_reason_key(a.receiver_reason),
                "complete": a.complete,
                "items": [{"key": i.key, "done": i.done, "done_on": _day(i.done_on)} for i in a.items],
            }
            for a in c.accounts
        ],
    }


def _offboarding(report: OffboardingReport) -> dict:
    body = _head("offboarding", report)
    body["summary"] = report.counts()
    body["cases"] = [_case(c) for c in report.cases]
    return body
