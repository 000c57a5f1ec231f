"""SM701: an active account with no custodian, or a custodian who is not a known person."""

from __future__ import annotations

from datetime import date


def test_an_account_without_a_custodian_is_reported_since_it_was_created(kit):
    state = kit.state(accounts=[kit.account(1, "NoOne", custodian=None)])
    assert kit.findings("SM701", state) == [("x:NoOne", "high", "2024-09-01")]
    [finding] = kit.run("SM701", state)
    assert finding.message == "The account has no custodian."
    assert finding.clause == "P-I.7a"
    assert finding.subject.as_json() == {"type": "account", "platform": "x", "handle": "NoOne", "id": 1}


def test_a_custodian_who_was_erased_or_is_unknown_is_reported(kit):
    people = (*kit.PEOPLE, kit.person("gone", "1004", erased=True))
    state = kit.state(people=people, accounts=[
        kit.account(1, "Erased", custodian="gone"),
        kit.account(2, "Stranger", custodian="not-a-ref"),
    ])
    assert kit.findings("SM701", state) == [("x:Erased", "high", "2024-09-01"), ("x:Stranger", "high", "2024-09-01")]
    assert {f.message for f in kit.run("SM701", state)} == {
        "The custodian is not a known person (erased or removed from the registry)."}


def test_an_account_held_by_a_known_person_is_not_reported_even_after_they_left(kit):
    people = (*kit.PEOPLE, kit.person("left", "1005", end=date(2026, 1, 31)))
    state = kit.state(people=people, accounts=[kit.account(1, "Held"), kit.account(2, "LeftBehind", custodian="left")])
    assert kit.findings("SM701", state) == []


def test_suspended_accounts_are_not_audited(kit):
    state = kit.state(accounts=[kit.account(1, "Paused", custodian=None, status="suspended")])
    assert kit.findings("SM701", state) == []
