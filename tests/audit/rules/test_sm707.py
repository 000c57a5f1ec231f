"""SM707: an observed account with a registered account's platform id but another handle or display name."""

from __future__ import annotations


def _registered(kit, **kw):
    account = kit.account(1, "VoorbeeldWest", kind="official", **kw)
    account.platform_id, account.display_name = "42", "Voorbeeld West"
    return account


def test_a_new_handle_under_the_same_platform_id_reports_the_registered_account(kit):
    state = kit.state(accounts=[_registered(kit)], observed=[kit.observed(7, "WestJuf", platform_id="42")])
    assert kit.findings("SM707", state) == [("x:VoorbeeldWest", "medium", "2026-06-01")]
    [finding] = kit.run("SM707", state)
    assert finding.subject.key == "account:1"
    assert finding.message == "Observed under platform id 42 as x:WestJuf: the handle differs from the registry's."


def test_a_new_display_name_is_a_rename_too(kit):
    state = kit.state(accounts=[_registered(kit)],
                      observed=[kit.observed(7, "voorbeeldwest", platform_id="42", display_name="Juf Sanne")])
    [finding] = kit.run("SM707", state)
    assert finding.details["observed_display_name"] == "Juf Sanne"


def test_the_same_names_another_platform_or_another_id_are_no_rename(kit):
    state = kit.state(accounts=[_registered(kit)], observed=[
        kit.observed(1, "VOORBEELDWEST", platform_id="42", display_name="voorbeeld  west"),
        kit.observed(2, "WestJuf", platform="instagram", platform_id="42"),
        kit.observed(3, "WestJuf", platform_id="43"),
    ])
    assert kit.findings("SM707", state) == []
