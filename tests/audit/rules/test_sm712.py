"""SM712: a vault reference that leads to no item of the latest import, or to a personal item."""

from __future__ import annotations


def test_a_reference_to_no_item_is_reported(kit):
    account = kit.account(1, "de.zon.school", platform="instagram", vault_scheme="bitwarden")
    vault = kit.vault("bitwarden", kit.entry("Other", item="x1", platform=None), checked=[1])
    state = kit.state(accounts=[account], vaults=[vault])
    assert kit.findings("SM712", state) == [("instagram:de.zon.school", "high", "2026-06-01")]
    [finding] = kit.run("SM712", state)
    assert finding.message == "The vault reference points to no item of the latest import of bitwarden."
    assert finding.details == {"vaults": ["bitwarden"]}


def test_a_reference_to_an_item_in_a_personal_vault_is_reported(kit):
    account = kit.account(1, "VoorbeeldWest", vault_scheme="1password")
    vault = kit.vault("1password", kit.entry("VoorbeeldWest", item="vw4", handle="VoorbeeldWest", account=1,
                                             shared=False, folder="Private"), checked=[1])
    [finding] = kit.run("SM712", kit.state(accounts=[account], vaults=[vault]))
    assert finding.message == ("The vault reference points to the item 'VoorbeeldWest', which is not in a shared "
                               "vault of the organisation (Private).")


def test_a_reference_to_a_shared_item_is_not_reported(kit):
    account = kit.account(1, "VoorbeeldWest", vault_scheme="1password")
    vault = kit.vault("1password", kit.entry("VoorbeeldWest", item="vw4", handle="VoorbeeldWest", account=1),
                      checked=[1])
    assert kit.findings("SM712", kit.state(accounts=[account], vaults=[vault])) == []


def test_an_item_found_in_a_second_vault_of_the_same_manager_counts(kit):
    account = kit.account(1, "VoorbeeldWest", vault_scheme="bitwarden")
    school = kit.vault("bw-school", kit.entry("Other", item="o"), manager="bitwarden", checked=[1])
    office = kit.vault("bw-office", kit.entry("West", item="w", handle="VoorbeeldWest", account=1),
                       manager="bitwarden", checked=[1])
    assert kit.findings("SM712", kit.state(accounts=[account], vaults=[school, office])) == []


def test_accounts_not_checked_by_the_import_or_of_another_manager_are_not_reported(kit):
    later = kit.account(1, "RegisteredLater", vault_scheme="bitwarden")
    other = kit.account(2, "InKeePass", vault_scheme="keepass")
    vault = kit.vault("bitwarden", kit.entry("Other", item="o"), checked=[])
    assert kit.findings("SM712", kit.state(accounts=[later, other], vaults=[vault])) == []


def test_an_export_without_item_ids_never_reports_a_missing_reference(kit):
    account = kit.account(1, "de.zon.school", platform="instagram", vault_scheme="keeper")
    vault = kit.vault("keeper", kit.entry("Other", platform=None), references=False, checked=[1])
    assert kit.findings("SM712", kit.state(accounts=[account], vaults=[vault])) == []


def test_two_accounts_whose_references_name_one_item_are_both_found(kit):
    shared_item = kit.entry("lindewijs.nl", item="l1", platform="bluesky", handle="lindewijs.nl", account=1)
    accounts = [kit.account(1, "lindewijs.nl", platform="bluesky"), kit.account(2, "lindewijs.nl", platform="threads")]
    vault = kit.vault("1password", shared_item, checked=[1, 2], found=[1, 2])
    assert kit.findings("SM712", kit.state(accounts=accounts, vaults=[vault])) == []
