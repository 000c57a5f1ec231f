"""SM603: an unregistered observed account that resembles a specific registered official account."""

from __future__ import annotations


def test_a_copy_of_an_official_handle_names_the_account_it_imitates(kit):
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest", kind="official")],
                      observed=[kit.observed(4, "VoorbeeldWe5t"), kit.observed(5, "voorbeeld_west", platform="instagram")])
    assert kit.findings("SM603", state) == [("instagram:voorbeeld_west", "high", "2026-06-01"),
                                            ("x:VoorbeeldWe5t", "high", "2026-06-01")]
    found = {f.subject.id: f for f in kit.run("SM603", state)}
    assert found[4].details["resembles"] == "x:VoorbeeldWest"
    assert found[4].message == ("The handle imitates the official account x:VoorbeeldWest (leet) and the account is "
                                "not registered.")


def test_the_official_account_itself_and_copies_of_work_accounts_are_not_sm603(kit):
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest", kind="official"),
                                kit.account(2, "meester_kees_klas", kind="work")],
                      observed=[kit.observed(1, "voorbeeldwest"), kit.observed(2, "meester_kees_klas2")])
    assert kit.findings("SM603", state) == []


def test_a_dismissed_copy_raises_nothing(kit):
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest", kind="official")],
                      observed=[kit.observed(1, "VoorbeeldWe5t", state="dismissed")])
    assert kit.findings("SM603", state) == []
