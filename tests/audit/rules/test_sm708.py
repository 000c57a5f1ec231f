"""SM708: an unregistered lookalike of a registered work account, first seen after its custodian left."""

from __future__ import annotations

from datetime import date


def _state(kit, *observed, end=date(2026, 5, 1)):
    people = (kit.person("sanne", "1001", end=end), *kit.PEOPLE[1:])
    return kit.state(people=people, accounts=[kit.account(2, "meester_kees_klas", custodian="sanne")], observed=observed)


def test_a_copy_first_seen_after_the_custodian_left_is_reported(kit):
    state = _state(kit, kit.observed(9, "meester_kees_klas2", first_seen=date(2026, 5, 20)))
    assert kit.findings("SM708", state) == [("x:meester_kees_klas2", "high", "2026-05-20")]
    [finding] = kit.run("SM708", state)
    assert finding.message == ("Resembles the work account x:meester_kees_klas, whose custodian (1001) left on "
                               "2026-05-01; first seen on 2026-05-20.")
    assert finding.details["custodian"] == "1001"


def test_a_copy_seen_before_the_departure_or_while_the_custodian_stays_is_not_reported(kit):
    early = kit.observed(9, "meester_kees_klas2", first_seen=date(2026, 4, 20))
    assert kit.findings("SM708", _state(kit, early)) == []
    later = kit.observed(9, "meester_kees_klas2", first_seen=date(2026, 5, 20))
    assert kit.findings("SM708", _state(kit, later, end=None)) == []


def test_the_account_itself_an_unrelated_name_and_a_dismissed_copy_are_not_reported(kit):
    state = _state(kit, kit.observed(1, "meester_kees_klas", first_seen=date(2026, 5, 20)),
                   kit.observed(2, "juf_anna_groep3", first_seen=date(2026, 5, 20)),
                   kit.observed(3, "meester_kees_klas2", first_seen=date(2026, 5, 20), state="dismissed"))
    assert kit.findings("SM708", state) == []
