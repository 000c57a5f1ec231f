"""The data a report shows, as plain frozen dataclasses; the renderers read nothing else.

Whoever builds a report fills these from the store; the renderers never touch a database. Values
are codes (``'active'``, ``'high'``, ``'official'``), never translated text: each renderer turns them
into words in the report's language. Summary counts are derived here, not passed in, so every
format shows the same numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain

from registry import evidence

# Most severe last, as in the audit; the renderers list severities from critical down.
SEVERITIES = ("info", "low", "medium", "high", "critical")
ACCOUNT_KINDS = ("official", "work", "group")
PILLARS = ("profilering", "communicatie", "curriculum")
ACCOUNT_STATUSES = ("active", "suspended", "archived")
CUSTODIAN_STATUSES = ("active", "leaving", "left", "unknown")
# The evidence to tick, as declared once in registry.evidence (the report's stable codes).
CHECKLIST_KEYS = tuple(item.report_code for item in evidence.ITEMS)
RECEIVER_REASONS = ("backup_custodian", "unit_lead", "unit_colleague", "none_available")
OFFBOARDING_ROLES = ("custodian", "backup_custodian")


def severity_rank(severity: str) -> int:
    """Position of a severity from least to most severe; unknown ones sort as most severe."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        return len(SEVERITIES)


def receiver_reason_key(reason: str) -> str:
    """The code of a receiver reason, accepting the spelled-out form ('backup custodian')."""
    return reason.strip().lower().replace(" ", "_").replace("-", "_")


@dataclass(frozen=True, slots=True)
class FindingRef:
    """An audit finding as listed against one account in the ownership report."""

    rule: str
    severity: str
    message: str
    fingerprint: str
    waived: bool


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One registered account; ``vault_ref_set`` says whether a reference exists, never what it is."""

    id: int
    platform: str
    handle: str
    display_name: str | None
    url: str | None
    kind: str
    purpose: str | None
    status: str
    unit_code: str
    custodian: str | None
    custodian_status: str | None
    backup_custodian: str | None
    vault_ref_set: bool
    last_handover: date | None
    last_rotation: date | None
    last_verified: date | None
    findings: tuple[FindingRef, ...] = ()

    @property
    def open_findings(self) -> tuple[FindingRef, ...]:
        return tuple(f for f in self.findings if not f.waived)

    @property
    def name(self) -> str:
        """The account as users name it on the command line: ``platform:handle``."""
        return f"{self.platform}:{self.handle}"


@dataclass(frozen=True, slots=True)
class UnitSection:
    """One unit of the organisation tree with its own accounts (not those of its sub-units)."""

    code: str
    name: str
    kind: str
    depth: int
    path: tuple[str, ...]
    accounts: tuple[AccountRow, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitCount:
    """Accounts of one unit: its own, and with all its sub-units."""

    unit: UnitSection
    own: int
    total: int
    open_findings: int


@dataclass(frozen=True, slots=True)
class OwnershipReport:
    """Who holds which account, per unit, in tree order (depth-first)."""

    organisation: str
    as_of: datetime
    generated_at: datetime
    units: tuple[UnitSection, ...]
    overdue_series: tuple[tuple[date, int], ...] = ()
    lang: str = "en"

    def accounts(self):
        """Every account of the report, unit by unit."""
        return chain.from_iterable(unit.accounts for unit in self.units)

    @property
    def account_count(self) -> int:
        return sum(len(unit.accounts) for unit in self.units)

    def counts_by_unit(self) -> tuple[UnitCount, ...]:
        """Per unit in tree order: own accounts, accounts including sub-units, open findings."""
        totals = Counter()
        own = {}
        open_counts = {}
        for unit in self.units:
            n = len(unit.accounts)
            own[unit.code] = n
            open_counts[unit.code] = sum(len(a.open_findings) for a in unit.accounts)
            # A unit's accounts count for itself and every unit above it on its path.
            for code in unit.path or (unit.code,):
                totals[code] += n
            if unit.path and unit.path[-1] != unit.code:
                totals[unit.code] += n
        return tuple(
            UnitCount(unit, own[unit.code], totals[unit.code], open_counts[unit.code]) for unit in self.units
        )

    def counts_by_platform(self) -> dict[str, int]:
        """Accounts per platform, most accounts first, ties by name."""
        return _ranked(Counter(a.platform for a in self.accounts()))

    def counts_by_kind(self) -> dict[str, int]:
        """Accounts per kind, in the domain's order, then any other kind."""
        counts = Counter(a.kind for a in self.accounts())
        return _in_order(counts, ACCOUNT_KINDS)

    def counts_by_severity(self) -> dict[str, int]:
        """Open (not waived) findings per severity, most severe first, every severity present."""
        counts = Counter(f.severity for a in self.accounts() for f in a.findings if not f.waived)
        return _by_severity(counts)

    def waived_count(self) -> int:
        return sum(1 for a in self.accounts() for f in a.findings if f.waived)

    def unit_platform_matrix(self) -> tuple[tuple[str, ...], tuple[tuple[UnitSection, tuple[int, ...]], ...]]:
        """Platforms (most used first) and, per unit, its own accounts on each: the chart's data."""
        platforms = tuple(self.counts_by_platform())
        index = {p: i for i, p in enumerate(platforms)}
        rows = []
        for unit in self.units:
            cells = [0] * len(platforms)
            for account in unit.accounts:
                cells[index[account.platform]] += 1
            rows.append((unit, tuple(cells)))
        return platforms, tuple(rows)


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One finding of the audit, with its waiver if it has one."""

    rule: str
    severity: str
    clause: str
    subject: str
    message: str
    since: date | None
    fingerprint: str
    waived: bool
    waiver_reason: str | None = None
    waiver_until: date | None = None


@dataclass(frozen=True, slots=True)
class ControlCoverage:
    """One control of a framework: the rules that give evidence for it and their findings."""

    framework: str
    framework_name: str
    control: str
    title: str
    rules: tuple[str, ...]
    open: int
    waived: int


@dataclass(frozen=True, slots=True)
class FindingsReport:
    """The audit's findings at one moment, and which controls they are evidence for."""

    organisation: str
    as_of: datetime
    generated_at: datetime
    findings: tuple[FindingRow, ...]
    lang: str = "en"
    coverage: tuple[ControlCoverage, ...] = ()
    # Rule id → framework → control ids, for the findings listed.
    rule_controls: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def counts_by_severity(self) -> dict[str, int]:
        """Open (not waived) findings per severity, most severe first, every severity present."""
        return _by_severity(Counter(f.severity for f in self.findings if not f.waived))

    def counts_by_rule(self) -> dict[str, int]:
        """Open findings per rule id, in rule order."""
        counts = Counter(f.rule for f in self.findings if not f.waived)
        return dict(sorted(counts.items()))

    def waived_count(self) -> int:
        return sum(1 for f in self.findings if f.waived)


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One piece of handover evidence to tick: ``key`` is one of :data:`CHECKLIST_KEYS`."""

    key: str
    done: bool
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class OffboardingAccount:
    """An account a leaver holds, who should receive it, and its handover evidence."""

    account: str
    display_name: str | None
    role: str
    receiver: str | None
    receiver_reason: str
    items: tuple[ChecklistItem, ...]
    complete: bool


@dataclass(frozen=True, slots=True)
class OffboardingCase:
    """One leaver and the accounts they held when the case was opened."""

    person: str
    employee_id: str
    unit: str
    end_date: date
    opened_on: date
    accounts: tuple[OffboardingAccount, ...]
    closed: bool

    @property
    def open_accounts(self) -> int:
        return sum(1 for a in self.accounts if not a.complete)


@dataclass(frozen=True, slots=True)
class OffboardingReport:
    """Offboarding cases; with one case it is that leaver's printable checklist."""

    organisation: str
    as_of: datetime
    generated_at: datetime
    cases: tuple[OffboardingCase, ...]
    lang: str = "en"

    def counts(self) -> dict[str, int]:
        """Cases open and closed, and accounts still to hand over."""
        return {
            "cases": len(self.cases),
            "open_cases": sum(1 for c in self.cases if not c.closed),
            "closed_cases": sum(1 for c in self.cases if c.closed),
            "accounts": sum(len(c.accounts) for c in self.cases),
            "accounts_open": sum(c.open_accounts for c in self.cases),
        }


Report = OwnershipReport | FindingsReport | OffboardingReport


def _ranked(counts: Counter) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _in_order(counts: Counter, order: tuple[str, ...]) -> dict[str, int]:
    result = {key: counts.get(key, 0) for key in order}
    for key in sorted(set(counts) - set(order)):
        result[key] = counts[key]
    return result


def _by_severity(counts: Counter) -> dict[str, int]:
    ordered = _in_order(counts, SEVERITIES)
    return dict(sorted(ordered.items(), key=lambda item: -severity_rank(item[0])))
