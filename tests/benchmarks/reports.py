"""Synthetic reports of any size, for the browser tests and the benchmarks; timings of rendering and signing.

:func:`time_renders` times only the rendering (no store), :func:`time_signing` signing and
verifying a large file. The data is fictional and deterministic: the same ``n`` and ``seed``
always give the same report.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from audit.reports import ReportFormat, render
from audit.reports.model import (
    CHECKLIST_KEYS,
    AccountRow,
    ChecklistItem,
    FindingRef,
    FindingRow,
    FindingsReport,
    OffboardingAccount,
    OffboardingCase,
    OffboardingReport,
    OwnershipReport,
    UnitSection,
)

AS_OF = datetime(2026, 11, 24, 23, 59, 59, tzinfo=UTC)
GENERATED_AT = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)

_PLATFORMS = ("x", "instagram", "facebook", "linkedin", "youtube", "tiktok", "threads", "mastodon", "whatsapp")
_KINDS = ("work", "work", "work", "official", "group")
_PILLARS = ("profilering", "communicatie", "curriculum")
_STATUSES = ("active", "active", "active", "active", "leaving", "left", "unknown")
_FIRST = ("Sanne", "Pieter", "Fatima", "Kees", "Anouk", "Mohamed", "Lotte", "Daan", "Zoë", "Bram")
_LAST = ("de Wit", "van Leeuwen", "El Amrani", "Jansen", "Bakker", "Visser", "Smit", "de Vries", "Yılmaz")
_RULES = (("SM702", "high"), ("SM703", "medium"), ("SM704", "high"), ("SM709", "low"), ("SM710", "low"))


def _units(count: int) -> list[tuple[str, str, str, int, tuple[str, ...]]]:
    """An organisation, four sectors and schools under them: (code, name, kind, depth, path)."""
    units = [("ORG", "Stichting Voorbeeld", "organisation", 0, ("ORG",))]
    sectors = [f"S{i}" for i in range(1, 5)]
    schools = max(count - 1 - len(sectors), 0)
    for i, sector in enumerate(sectors):
        units.append((sector, f"Sector {i + 1}", "sector", 1, ("ORG", sector)))
        for j in range(i, schools, len(sectors)):
            code = f"SCH{j + 1:03d}"
            units.append((code, f"Basisschool {j + 1}", "school", 2, ("ORG", sector, code)))
    return units


def synthetic_ownership_report(n: int, *, units: int = 60, lang: str = "en", seed: int = 7,
                               platforms: tuple[str, ...] = _PLATFORMS) -> OwnershipReport:
    """An ownership report of ``n`` accounts spread over ``units`` units in a three-level tree."""
    rng = random.Random(seed)
    tree = _units(units)
    buckets: list[list[AccountRow]] = [[] for _ in tree]
    for i in range(n):
        slot = rng.randrange(len(tree))
        code = tree[slot][0]
        platform = platforms[i % len(platforms)]
        status = rng.choice(_STATUSES)
        findings: list[FindingRef] = []
        if status in ("left", "unknown") or rng.random() < 0.1:
            rule, severity = rng.choice(_RULES)
            findings.append(FindingRef(rule, severity, f"{rule} on account {i}", f"{i:016x}", rng.random() < 0.1))
        handover = AS_OF.date() - timedelta(days=rng.randrange(30, 900)) if rng.random() < 0.6 else None
        buckets[slot].append(
            AccountRow(
                id=i + 1,
                platform=platform,
                handle=f"{code.lower()}_account{i}",
                display_name=f"{tree[slot][1]} {platform} {i}",
                url=f"https://example.org/{code.lower()}_account{i}",
                kind=rng.choice(_KINDS),
                purpose=rng.choice(_PILLARS),
                status="active" if rng.random() < 0.95 else "suspended",
                unit_code=code,
                custodian=None if status == "unknown" else f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                custodian_status=status,
                backup_custodian=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.5 else None,
                vault_ref_set=rng.random() < 0.9,
                last_handover=handover,
                last_rotation=handover + timedelta(days=2) if handover and rng.random() < 0.7 else None,
                last_verified=AS_OF.date() - timedelta(days=rng.randrange(0, 500)),
                findings=tuple(findings),
            )
        )
    sections = tuple(
        UnitSection(code, name, kind, depth, path, tuple(bucket))
        for (code, name, kind, depth, path), bucket in zip(tree, buckets, strict=True)
    )
    series = tuple((date(2025 + (m + 11) // 12, (m + 10) % 12 + 1, 1), (m * 7) % 23 + m) for m in range(12))
    return OwnershipReport("Stichting Voorbeeld", AS_OF, GENERATED_AT, sections, series, lang)


def synthetic_findings_report(n: int, *, lang: str = "en", seed: int = 7) -> FindingsReport:
    """A findings report of ``n`` findings, a tenth of them waived."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rule, severity = rng.choice(_RULES)
        waived = rng.random() < 0.1
        rows.append(
            FindingRow(
                rule=rule,
                severity=severity,
                clause="P-I.7b" if rule in ("SM702", "SM703") else "P-I.7a",
                subject=f"x:account{i}",
                message=f"{rule} on account {i}",
                since=AS_OF.date() - timedelta(days=rng.randrange(1, 400)),
                fingerprint=f"{i:016x}",
                waived=waived,
                waiver_reason="agreed with the board" if waived else None,
                waiver_until=date(2027, 6, 30) if waived else None,
            )
        )
    return FindingsReport("Stichting Voorbeeld", AS_OF, GENERATED_AT, tuple(rows), lang)


def synthetic_offboarding_report(cases: int, *, accounts: int = 3, lang: str = "en", seed: int = 7) -> OffboardingReport:
    """An offboarding report of ``cases`` leavers holding ``accounts`` accounts each."""
    rng = random.Random(seed)
    result = []
    for c in range(cases):
        held = []
        for a in range(accounts):
            items = tuple(
                ChecklistItem(key, done, date(2026, 11, 20) if done else None)
                for key in CHECKLIST_KEYS
                for done in (rng.random() < 0.5,)
            )
            backup = rng.random() < 0.6
            held.append(
                OffboardingAccount(
                    account=f"x:leaver{c}_{a}",
                    display_name=f"Leaver {c} account {a}",
                    role="custodian" if a else "backup_custodian",
                    receiver=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if backup else None,
                    receiver_reason="backup_custodian" if backup else "none_available",
                    items=items,
                    complete=all(i.done for i in items),
                )
            )
        result.append(
            OffboardingCase(
                person=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                employee_id=str(10000 + c),
                unit=f"SCH{c + 1:03d}",
                end_date=date(2026, 12, 31),
                opened_on=date(2026, 10, 1),
                accounts=tuple(held),
                closed=all(a.complete for a in held),
            )
        )
    return OffboardingReport("Stichting Voorbeeld", AS_OF, GENERATED_AT, tuple(result), lang)


def time_renders(
    n: int = 10_000, formats: Iterable[ReportFormat] = tuple(ReportFormat), *, lang: str = "nl"
) -> dict[str, tuple[float, int]]:
    """Seconds and bytes to render an ownership report of ``n`` accounts in each format."""
    report = synthetic_ownership_report(n, lang=lang)
    results = {}
    for fmt in formats:
        start = time.perf_counter()
        data = render(report, fmt)
        results[fmt.value] = (time.perf_counter() - start, len(data))
    return results


def time_signing(size: int = 10 * 1024 * 1024, directory: Path | None = None) -> dict[str, float]:
    """Seconds to sign and to verify a file of ``size`` bytes with a fresh key."""
    from audit import signing  # imported here: signing is timed, not needed to render

    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        folder = Path(tmp)
        keys = signing.generate_keypair(folder / "keys")
        report = folder / "report.html"
        chunk = bytes(range(256)) * 4096
        with report.open("wb") as out:
            for _ in range(size // len(chunk)):
                out.write(chunk)
            out.write(chunk[: size % len(chunk)])
        start = time.perf_counter()
        signing.sign_file(report, keys.private_key_path, as_of=AS_OF, log_head=(1, "0" * 64), now=GENERATED_AT)
        signed = time.perf_counter()
        signing.verify_file(report, public_key_path=keys.public_key_path)
        verified = time.perf_counter()
    return {"sign": signed - start, "verify": verified - signed}
