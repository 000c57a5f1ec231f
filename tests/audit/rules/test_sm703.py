"""SM703: a custodian leaves within the notice window and no handover is recorded."""

from __future__ import annotations

from datetime import date, timedelta


def _leaving(kit, end: date):
    return (*kit.PEOPLE, kit.person("leaver", "1008", end=end))


def test_a_custodian_whose_last_day_is_today_is_reported(kit):
    state = kit.state(people=_leaving(kit, kit.ON), accounts=[kit.account(1, "Zon", custodian="leaver")])
    assert kit.findings("SM703", state) == [("x:Zon", "medium", "2026-05-16")]
    [finding] = kit.run("SM703", state)
    assert finding.message == ("The custodian (1008) leaves on 2026-06-15, within the notice window of 30 days, "
                               "and no handover is recorded.")
    assert finding.details == {"custodian": "1008", "end_date": "2026-06-15", "notice_days": 30}


def test_the_notice_window_includes_its_last_day_and_nothing_beyond(kit):
    inside = kit.state(people=_leaving(kit, kit.ON + timedelta(days=30)), accounts=[kit.account(1, "Zon", custodian="leaver")])
    beyond = kit.state(people=_leaving(kit, kit.ON + timedelta(days=31)), accounts=[kit.account(1, "Zon", custodian="leaver")])
    assert kit.findings("SM703", inside) == [("x:Zon", "medium", "2026-06-15")]
    assert kit.findings("SM703", beyond) == []


def test_a_custodian_who_has_already_left_is_left_to_sm702(kit):
    state = kit.state(people=_leaving(kit, kit.ON - timedelta(days=1)), accounts=[kit.account(1, "Zon", custodian="leaver")])
    assert kit.findings("SM703", state) == []


def test_the_notice_window_is_the_units_policy_inherited_down_the_tree(kit):
    units = (kit.UNITS[0], kit.UNITS[1].__class__("WEST", "ORG", None, {"notice_days": 45}), kit.UNITS[2])
    state = kit.state(units=units, people=_leaving(kit, kit.ON + timedelta(days=40)),
                      accounts=[kit.account(1, "Zon", custodian="leaver", unit="ZON"),
                                kit.account(2, "Org", custodian="leaver", unit="ORG")])
    assert kit.findings("SM703", state) == [("x:Zon", "medium", "2026-06-10")]


def test_a_recorded_handover_ends_the_finding_even_while_evidence_is_missing(kit):
    state = kit.state(people=_leaving(kit, kit.ON + timedelta(days=5)),
                      accounts=[kit.account(1, "Zon", custodian="kees")],
                      handovers=[kit.handover(1, 1, "leaver", "kees", kit.ON)])
    assert kit.findings("SM703", state) == []


def test_among_many_accounts_in_every_state_exactly_those_held_by_someone_leaving_soon_are_reported(kit):
    # The leaver's archived account, a leaving backup custodian, a leaver beyond the window and
    # people who already left come before and between them.
    assert kit.findings("SM703", kit.crowd()) == [("x:Soon", "medium", "2026-05-31"), ("x:Soon2", "medium", "2026-05-31")]
