"""SM705: no credential-vault reference, or one in an unknown scheme."""

from __future__ import annotations


def test_an_account_without_a_vault_reference_is_reported(kit):
    state = kit.state(accounts=[kit.account(1, "NoVault", vault_set=False, vault_scheme=None)])
    assert kit.findings("SM705", state) == [("x:NoVault", "high", "2024-09-01")]
    [finding] = kit.run("SM705", state)
    assert finding.message == "The account has no credential-vault reference."


def test_a_scheme_that_is_neither_built_in_nor_configured_is_reported(kit):
    state = kit.state(accounts=[kit.account(1, "Acme", vault_scheme="acme")])
    [finding] = kit.run("SM705", state)
    assert (finding.subject.label, finding.severity.value) == ("x:Acme", "high")
    assert finding.message == "The credential-vault reference uses the scheme 'acme', which is neither built in nor configured."
    assert finding.details == {"vault_scheme": "acme"}


def test_built_in_and_configured_schemes_are_accepted(kit):
    accounts = [kit.account(1, "Op"), kit.account(2, "Bw", vault_scheme="bitwarden"),
                kit.account(3, "Aws", vault_scheme="aws-secretsmanager"), kit.account(4, "Acme", vault_scheme="acme")]
    state = kit.state(accounts=accounts, settings={"vault_schemes": ["acme"]})
    assert kit.findings("SM705", state) == []


def test_a_group_has_no_password_so_needs_no_vault_reference_but_a_bad_scheme_still_counts(kit):
    accounts = [kit.account(1, "Ouders groep 8", kind="group", platform="whatsapp", vault_set=False, vault_scheme=None),
                kit.account(2, "Klas 5", kind="group", platform="whatsapp", vault_scheme="acme"),
                kit.account(3, "NoVault", kind="official", vault_set=False, vault_scheme=None)]
    state = kit.state(accounts=accounts)
    assert [label for label, *_ in kit.findings("SM705", state)] == ["whatsapp:Klas 5", "x:NoVault"]
