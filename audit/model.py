"""What the audit produces: severities, the subject of a finding, findings and their waivers.

A finding's fingerprint is a short SHA-256 of the rule id and the identity of its subject (the
account's id, a person's random ref): it stays the same from run to run whatever the message,
the dates or the severity say, so a waiver keeps applying to "this rule about this account".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from audit.severity import SEVERITIES_DESC, SEVERITY_TEXTS, Severity  # noqa: F401 - its own module, for `smreg --help`


def fingerprint(rule: str, subject_key: str) -> str:
    """Stable across runs: the rule and who or what it is about, nothing else."""
    return hashlib.sha256(f"{rule}|{subject_key}".encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Subject:
    """What a finding is about: an account, an observed account, or a person.

    ``key`` is the subject as the event log names it (``account:12``, ``person:<ref>``); it makes
    the fingerprint and is never shown. ``label`` is how a user names it on the command line:
    ``x:Handle``, or a person's employee id.
    """

    type: str
    key: str
    id: int | None
    label: str
    platform: str | None = None
    handle: str | None = None
    employee_id: str | None = None

    @classmethod
    def account(cls, id: int, platform: str, handle: str) -> Subject:
        return cls("account", f"account:{id}", id, f"{platform}:{handle}", platform, handle)

    @classmethod
    def observed(cls, id: int, platform: str, handle: str) -> Subject:
        """An account seen in the wild (``smreg observe list``), not one of the registry's."""
        return cls("observed", f"observed:{id}", id, f"{platform}:{handle}", platform, handle)

    @classmethod
    def vault_item(cls, vault: str, item: str, platform: str, handle: str) -> Subject:
        """An item of an imported password-manager vault (``smreg vault status``), by its vault and id."""
        return cls("vault_item", f"vault:{vault}:{item}", None, f"{platform}:{handle}", platform, handle)

    @classmethod
    def person(cls, ref: str, id: int | None, employee_id: str | None) -> Subject:
        return cls("person", f"person:{ref}", id, employee_id or "?", employee_id=employee_id)

    def as_json(self) -> dict[str, Any]:
        if self.type in ("account", "observed"):
            return {"type": self.type, "platform": self.platform, "handle": self.handle, "id": self.id}
        if self.type == "vault_item":
            vault, _, item = self.key.removeprefix("vault:").partition(":")
            return {"type": self.type, "platform": self.platform, "handle": self.handle, "id": None, "vault": vault,
                    "item": item}
        return {"type": "person", "employee_id": self.employee_id, "id": self.id}


@dataclass(frozen=True, slots=True)
class Waiver:
    """Why a finding is accepted for now, until when, and who decided."""

    reason: str
    until: date
    by: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict about one subject."""

    rule: str
    severity: Severity
    clause: str
    subject: Subject
    message: str
    since: date | None
    fingerprint: str
    details: dict[str, Any] = field(default_factory=dict)
    waiver: Waiver | None = None

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def as_json(self, subject: dict[str, Any] | None = None) -> dict[str, Any]:
        """The finding as ``smreg audit --format json`` prints it (PRODUCT.md §4); ``subject`` may
        pass the subject's JSON when the caller already has it."""
        data = {
            "rule": self.rule,
            "severity": self.severity.value,
            "clause": self.clause,
            "subject": subject if subject is not None else self.subject.as_json(),
            "message": self.message,
            "since": self.since.isoformat() if self.since else None,
            "fingerprint": self.fingerprint,
            "waived": self.waiver is not None,
            "details": self.details,
        }
        if self.waiver is not None:
            data["waiver"] = {"reason": self.waiver.reason, "until": self.waiver.until.isoformat(), "by": self.waiver.by}
        return data
