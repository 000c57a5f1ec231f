"""SM711: a password-manager item for a social-media account that is not in the registry."""

from __future__ import annotations

from datetime import date


def test_an_item_for_an_unregistered_account_is_reported(kit):
    vault = kit.vault("bitwarden", kit.entry("TikTok De Zon", item="9b7c", platform="tiktok", handle="dezon.school"))
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest")], vaults=[vault])
    assert kit.findings("SM711", state) == [("tiktok:dezon.school", "high", "2026-06-01")]
    [finding] = kit.run("SM711", state)
    assert finding.message == ("The vault bitwarden holds the item 'TikTok De Zon' for tiktok:dezon.school, "
                               "which is not in the registry.")
    assert finding.subject.as_json() == {"type": "vault_item", "platform": "tiktok", "handle": "dezon.school",
                                         "id": None, "vault": "bitwarden", "item": "9b7c"}
    assert finding.details == {"vault": "bitwarden", "item": "9b7c", "title": "TikTok De Zon", "folder": "Social",
                               "shared": True}


def test_an_item_of_a_registered_account_is_not_reported_by_handle_or_by_reference(kit):
    vault = kit.vault("bitwarden",
                      kit.entry("X", item="a", platform="x", handle="voorbeeldwest"),  # same handle, other case
                      kit.entry("Renamed", item="b", platform="x", handle="OldName", account=2))
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest"), kit.account(2, "NewName")], vaults=[vault])
    assert kit.findings("SM711", state) == []


def test_an_item_matched_to_an_account_archived_since_is_reported(kit):
    vault = kit.vault("bitwarden", kit.entry("Old", item="b", platform="x", handle="OldName", account=2))
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest")], vaults=[vault])
    assert kit.findings("SM711", state) == [("x:OldName", "high", "2026-06-01")]


def test_items_not_for_social_media_are_not_reported(kit):
    vault = kit.vault("keeper", kit.entry("Webmail", platform=None))
    assert kit.findings("SM711", kit.state(vaults=[vault])) == []


def test_the_fingerprint_stays_when_the_vault_is_imported_again(kit):
    first = kit.vault("keeper", kit.entry("TikTok", platform="tiktok", handle="dezon.school"))
    again = kit.vault("keeper", kit.entry("TikTok (school)", platform="tiktok", handle="DeZon.School"),
                      imported=date(2026, 6, 10))
    [before] = kit.run("SM711", kit.state(vaults=[first]))
    [after] = kit.run("SM711", kit.state(vaults=[again]))
    assert before.fingerprint == after.fingerprint
