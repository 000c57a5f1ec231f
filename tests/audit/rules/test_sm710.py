"""SM710: an account not verified within verify_months (never verified: counted from its creation)."""

from __future__ import annotations

from datetime import date


def test_exactly_twelve_months_after_the_last_confirmation_is_still_in_time(kit):
    state = kit.state(accounts=[kit.account(1, "Due", verified=date(2025, 6, 15))])
    assert kit.findings("SM710", state) == []


def test_one_day_later_it_is_reported(kit):
    state = kit.state(accounts=[kit.account(1, "Late", verified=date(2025, 6, 14))])
    assert kit.findings("SM710", state) == [("x:Late", "low", "2026-06-15")]
    [finding] = kit.run("SM710", state)
    assert finding.message == "Last verified on 2025-06-14; a new confirmation was due by 2026-06-14."
    assert finding.details == {"verified_on": "2025-06-14", "due": "2026-06-14", "verify_months": 12}


def test_an_account_never_verified_counts_from_its_creation(kit):
    state = kit.state(accounts=[kit.account(1, "Never", verified=None, created=date(2025, 2, 28)),
                                kit.account(2, "Young", verified=None, created=date(2026, 1, 1))])
    assert kit.findings("SM710", state) == [("x:Never", "low", "2026-03-01")]
    [finding] = kit.run("SM710", state)
    assert finding.message == "Never verified since it was created on 2025-02-28; a confirmation was due by 2026-02-28."


def test_an_account_with_no_dates_at_all_is_reported_at_once(kit):
    state = kit.state(accounts=[kit.account(1, "Undated", verified=None, created=None)])
    assert kit.findings("SM710", state) == [("x:Undated", "low", None)]


def test_verify_months_is_a_unit_policy(kit):
    units = (kit.UNITS[0], kit.UNITS[1], kit.UNITS[2].__class__("ZON", "WEST", None, {"verify_months": 3}))
    state = kit.state(units=units, accounts=[kit.account(1, "Zon", verified=date(2026, 3, 1), unit="ZON"),
                                             kit.account(2, "West", verified=date(2026, 3, 1), unit="WEST")])
    assert kit.findings("SM710", state) == [("x:Zon", "low", "2026-06-02")]
