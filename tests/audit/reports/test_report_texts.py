"""Report texts exist in both languages; dates are written the way each language writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from audit.reports.model import (
    ACCOUNT_KINDS,
    ACCOUNT_STATUSES,
    CHECKLIST_KEYS,
    CUSTODIAN_STATUSES,
    OFFBOARDING_ROLES,
    PILLARS,
    RECEIVER_REASONS,
    SEVERITIES,
)
from audit.reports.texts import TEXTS, Labels
from registry import i18n
from registry.errors import ValidationError


def test_every_report_text_has_an_english_and_a_dutch_version():
    for key, (english, dutch) in TEXTS.items():
        assert key.startswith(("report.", "period.", "retention.")), key
        assert english.strip() and dutch.strip(), key
        assert i18n.has(key)


@pytest.mark.parametrize(
    ("group", "codes"),
    [
        ("severity", SEVERITIES),
        ("kind", ACCOUNT_KINDS),
        ("pillar", PILLARS),
        ("status", ACCOUNT_STATUSES),
        ("person_status", CUSTODIAN_STATUSES),
        ("item", CHECKLIST_KEYS),
        ("reason", RECEIVER_REASONS),
        ("role", OFFBOARDING_ROLES),
        ("unit_kind", ("organisation", "sector", "school", "office")),
    ],
)
def test_every_code_a_report_shows_has_words_in_both_languages(group, codes):
    for code in codes:
        assert f"report.{group}.{code}" in TEXTS, (group, code)


def test_codes_turn_into_words_of_the_reports_language():
    assert Labels("nl").code("severity", "high") == "hoog"
    assert Labels("en").code("severity", "high") == "high"
    assert Labels("nl").code("person_status", "left") == "uit dienst"
    assert Labels("nl").code("item", "mfa_reset") == "Tweede factor (MFA) opnieuw ingesteld"


def test_an_unknown_code_is_shown_as_it_is():
    assert Labels("nl").code("severity", "severe") == "severe"
    assert Labels("en").code("kind", None) == ""


def test_dutch_tables_write_day_month_year_and_english_writes_iso():
    day = date(2026, 11, 24)
    assert Labels("nl").date(day) == "24-11-2026"
    assert Labels("en").date(day) == "2026-11-24"
    assert Labels("nl").date(None) == ""


def test_dutch_headings_write_the_month_in_words():
    assert Labels("nl").long_date(date(2026, 11, 24)) == "24 november 2026"
    assert Labels("nl").long_date(date(2026, 3, 1)) == "1 maart 2026"
    assert Labels("en").long_date(date(2026, 3, 1)) == "2026-03-01"


def test_moments_show_the_minute_and_the_offset():
    utc = datetime(2026, 11, 25, 8, 30, 59, tzinfo=UTC)
    cet = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert Labels("en").moment(utc) == "2026-11-25 08:30 UTC"
    assert Labels("nl").moment(utc) == "25 november 2026 08:30 UTC"
    assert Labels("nl").moment(cet) == "25 november 2026 09:30 +01:00"
    assert Labels("en").moment(datetime(2026, 11, 25, 9, 30)) == "2026-11-25 09:30"


def test_labels_fill_in_parameters_in_either_language():
    assert Labels("en")("report.title.checklist", person="Jan") == "Offboarding checklist: Jan"
    assert Labels("nl")("report.title.checklist", person="Jan") == "Vertrekchecklist: Jan"


def test_a_report_language_other_than_dutch_or_english_is_refused():
    with pytest.raises(ValidationError) as caught:
        Labels("de")
    assert "de" in str(caught.value)
