"""SM702: a custodian's employment ended with no complete handover to a current member of staff."""

from __future__ import annotations

from datetime import date, timedelta

END = date(2026, 5, 1)


def _left(kit, end: date = END):
    return (*kit.PEOPLE, kit.person("leaver", "1008", end=end))


def test_an_account_whose_custodian_left_is_high_from_the_day_after_the_end_date(kit):
    state = kit.state(on=END + timedelta(days=1), people=_left(kit), accounts=[kit.account(1, "VoorbeeldWest", custodian="leaver")])
    assert kit.findings("SM702", state) == [("x:VoorbeeldWest", "high", "2026-05-02")]
    [finding] = kit.run("SM702", state)
    assert finding.message == "The custodian (1008) left on 2026-05-01 and the account has not been handed over."
    assert finding.details == {"custodian": "1008", "handover": None, "missing": [], "end_date": "2026-05-01",
                               "days_since_end": 1}


def test_the_custodians_last_day_is_not_yet_a_departure(kit):
    state = kit.state(on=END, people=_left(kit), accounts=[kit.account(1, "VoorbeeldWest", custodian="leaver")])
    assert kit.findings("SM702", state) == []


def test_it_turns_critical_once_more_than_critical_after_days_have_passed(kit):
    accounts = [kit.account(1, "VoorbeeldWest", custodian="leaver")]
    on_day_30 = kit.state(on=END + timedelta(days=30), people=_left(kit), accounts=accounts)
    on_day_31 = kit.state(on=END + timedelta(days=31), people=_left(kit), accounts=accounts)
    assert kit.findings("SM702", on_day_30) == [("x:VoorbeeldWest", "high", "2026-05-02")]
    assert kit.findings("SM702", on_day_31) == [("x:VoorbeeldWest", "critical", "2026-05-02")]


def test_a_unit_policy_inherited_from_above_moves_the_critical_threshold(kit):
    units = (kit.UNITS[0], kit.UNITS[1].__class__("WEST", "ORG", None, {"critical_after_days": 60}), kit.UNITS[2])
    state = kit.state(on=END + timedelta(days=45), units=units, people=_left(kit),
                      accounts=[kit.account(1, "VoorbeeldWest", custodian="leaver", unit="ZON")])
    assert kit.findings("SM702", state) == [("x:VoorbeeldWest", "high", "2026-05-02")]


def test_a_complete_handover_on_the_end_date_leaves_nothing_to_report(kit):
    # The receiver became custodian when the handover was recorded.
    state = kit.state(on=END + timedelta(days=40), people=_left(kit),
                      accounts=[kit.account(1, "VoorbeeldWest", custodian="kees", rotated=END)],
                      handovers=[kit.handover(1, 1, "leaver", "kees", END, complete=True)])
    assert kit.findings("SM702", state) == []


def test_an_incomplete_handover_from_a_leaver_is_reported_with_what_is_missing(kit):
    state = kit.state(on=END + timedelta(days=3), people=_left(kit),
                      accounts=[kit.account(1, "VoorbeeldWest", custodian="kees")],
                      handovers=[kit.handover(1, 1, "leaver", "kees", END - timedelta(days=2), rotated_on=END,
                                              mfa_reset=True, vault_updated=True)])
    assert kit.findings("SM702", state) == [("x:VoorbeeldWest", "high", "2026-05-02")]
    [finding] = kit.run("SM702", state)
    assert finding.message == ("The handover from 1008 (left on 2026-05-01) to 1003 is incomplete; "
                               "missing: recovery contact moved, sessions signed out.")
    assert finding.details["missing"] == ["recovery_moved", "sessions_revoked"]
    assert finding.details["handover"] == 1


def test_an_incomplete_handover_before_the_end_date_is_not_yet_a_finding(kit):
    state = kit.state(on=END, people=_left(kit), accounts=[kit.account(1, "VoorbeeldWest", custodian="kees")],
                      handovers=[kit.handover(1, 1, "leaver", "kees", END - timedelta(days=2))])
    assert kit.findings("SM702", state) == []


def test_a_leaving_backup_custodians_unfinished_handover_is_not_this_rules_business(kit):
    state = kit.state(on=END + timedelta(days=5), people=_left(kit),
                      accounts=[kit.account(1, "VoorbeeldWest", custodian="sanne", backup="kees")],
                      handovers=[kit.handover(1, 1, "leaver", "kees", END, role="backup_custodian")])
    assert kit.findings("SM702", state) == []


def test_suspended_accounts_and_current_custodians_are_not_reported(kit):
    state = kit.state(on=END + timedelta(days=5), people=_left(kit), accounts=[
        kit.account(1, "Paused", custodian="leaver", status="suspended"),
        kit.account(2, "Fine", custodian="sanne"),
    ])
    assert kit.findings("SM702", state) == []


def test_among_many_accounts_in_every_state_exactly_the_leavers_unfinished_ones_are_reported(kit):
    # Archived and suspended accounts, complete handovers, groups, backup handovers, leavers still
    # to come: every one is looked at, none stops the rule.
    assert kit.findings("SM702", kit.crowd()) == [
        ("whatsapp:Ouders groep 5", "critical", "2026-05-02"),
        ("x:BackupLater", "critical", "2026-05-02"),
        ("x:Incomplete", "critical", "2026-05-02"),
        ("x:LeftHeld", "critical", "2026-05-02"),
        ("x:LeftAgain", "high", "2026-06-02"),
        ("x:LeftHeld2", "high", "2026-06-02"),
    ]
    by_account = {f.subject.label: f for f in kit.run("SM702", kit.crowd())}
    assert by_account["whatsapp:Ouders groep 5"].details["missing"] == ["leaver_removed"]
    assert by_account["x:BackupLater"].details["handover"] == 7
    assert by_account["x:LeftAgain"].details["custodian"] == "1005"


def test_a_later_handover_of_the_backup_role_does_not_hide_the_custodians_unfinished_one(kit):
    state = kit.state(people=_left(kit), accounts=[kit.account(1, "West", custodian="kees")],
                      handovers=[kit.handover(1, 1, "leaver", "kees", END, mfa_reset=True),
                                 kit.handover(2, 1, "sanne", "pieter", END, role="backup_custodian", complete=True)],
                      on=END + timedelta(days=2))
    assert kit.findings("SM702", state) == [("x:West", "high", "2026-05-02")]
