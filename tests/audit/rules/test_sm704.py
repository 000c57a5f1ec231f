"""SM704: credentials not rotated on or after the latest handover."""

from __future__ import annotations

from datetime import date

HANDED = date(2026, 5, 2)


def test_a_rotation_on_the_day_of_the_handover_counts(kit):
    state = kit.state(accounts=[kit.account(1, "West", custodian="kees", rotated=HANDED)],
                      handovers=[kit.handover(1, 1, "pieter", "kees", HANDED)])
    assert kit.findings("SM704", state) == []


def test_a_rotation_the_day_before_the_handover_does_not(kit):
    state = kit.state(accounts=[kit.account(1, "West", custodian="kees", rotated=date(2026, 5, 1))],
                      handovers=[kit.handover(1, 1, "pieter", "kees", HANDED)])
    assert kit.findings("SM704", state) == [("x:West", "high", "2026-05-02")]
    [finding] = kit.run("SM704", state)
    assert finding.message == "The account was handed over on 2026-05-02; its credentials were last rotated on 2026-05-01."
    assert finding.details == {"handover": 1, "handed_on": "2026-05-02", "rotated_on": "2026-05-01"}


def test_credentials_never_rotated_after_a_handover_are_reported(kit):
    state = kit.state(accounts=[kit.account(1, "West", custodian="kees", rotated=None)],
                      handovers=[kit.handover(1, 1, "pieter", "kees", HANDED)])
    [finding] = kit.run("SM704", state)
    assert finding.message == "The account was handed over on 2026-05-02 and its credentials have never been rotated."


def test_only_the_latest_handover_counts(kit):
    state = kit.state(accounts=[kit.account(1, "West", custodian="sanne", rotated=date(2026, 5, 20))],
                      handovers=[kit.handover(1, 1, "pieter", "kees", HANDED, complete=True),
                                 kit.handover(2, 1, "kees", "sanne", date(2026, 6, 1))])
    assert kit.findings("SM704", state) == [("x:West", "high", "2026-06-01")]


def test_accounts_never_handed_over_or_rotated_later_are_not_reported(kit):
    state = kit.state(accounts=[kit.account(1, "Never", rotated=None),
                                kit.account(2, "Later", custodian="kees", rotated=date(2026, 6, 3))],
                      handovers=[kit.handover(1, 2, "pieter", "kees", HANDED)])
    assert kit.findings("SM704", state) == []


def test_among_many_accounts_in_every_state_exactly_the_unrotated_handed_over_ones_are_reported(kit):
    # An archived handed-over account comes first, a group (no password of its own) and rotations
    # on the day after come between them.
    assert kit.findings("SM704", kit.crowd()) == [
        ("x:BackupLater", "high", "2026-06-10"),
        ("x:LeftAgain", "high", "2026-04-20"),
        ("x:Never", "high", "2026-06-05"),
        ("x:Stale", "high", "2026-06-01"),
    ]


def test_a_group_has_no_password_to_rotate(kit):
    state = kit.state(accounts=[kit.account(1, "Ouders", custodian="kees", kind="group", platform="whatsapp",
                                            rotated=None)],
                      handovers=[kit.handover(1, 1, "pieter", "kees", HANDED)])
    assert kit.findings("SM704", state) == []
