"""SM709: an official account with no backup custodian (or one who left)."""

from __future__ import annotations

from datetime import date, timedelta


def test_an_official_account_without_a_backup_is_reported(kit):
    state = kit.state(accounts=[kit.account(1, "Official", kind="official")])
    assert kit.findings("SM709", state) == [("x:Official", "low", "2024-09-01")]
    [finding] = kit.run("SM709", state)
    assert finding.message == "This official account has no backup custodian."


def test_work_and_group_accounts_need_no_backup(kit):
    state = kit.state(accounts=[kit.account(1, "Work"), kit.account(2, "Group", kind="group")])
    assert kit.findings("SM709", state) == []


def test_a_backup_who_left_counts_as_none_from_the_day_after_their_end_date(kit):
    people = (*kit.PEOPLE, kit.person("gone", "1006", end=date(2026, 6, 14)), kit.person("today", "1007", end=kit.ON))
    state = kit.state(people=people, accounts=[kit.account(1, "Gone", kind="official", backup="gone"),
                                               kit.account(2, "Today", kind="official", backup="today"),
                                               kit.account(3, "Fine", kind="official", backup="kees")])
    assert kit.findings("SM709", state) == [("x:Gone", "low", "2026-06-15")]
    [finding] = kit.run("SM709", state)
    assert finding.message == "The backup custodian (1006) has left or is no longer known."
    assert kit.findings("SM709", kit.state(on=kit.ON + timedelta(days=1), people=people,
                                           accounts=state.accounts)) == [("x:Gone", "low", "2026-06-15"),
                                                                         ("x:Today", "low", "2026-06-16")]
