"""SM706: a recovery e-mail address outside the organisation's domains (phone numbers are not flagged)."""

from __future__ import annotations


def test_a_private_mailbox_is_reported_with_its_domain(kit):
    state = kit.state(accounts=[kit.account(1, "Klas", recovery="gmail.com")])
    assert kit.findings("SM706", state) == [("x:Klas", "medium", "2024-09-01")]
    [finding] = kit.run("SM706", state)
    assert finding.message == "The recovery e-mail address is in gmail.com, which is not one of the organisation's domains."
    assert finding.details == {"recovery_domain": "gmail.com"}


def test_the_organisations_domains_and_their_subdomains_are_fine(kit):
    state = kit.state(accounts=[kit.account(1, "A", recovery="voorbeeld.nl"), kit.account(2, "B", recovery="mail.voorbeeld.nl")])
    assert kit.findings("SM706", state) == []


def test_lookalike_domains_are_not_the_organisations(kit):
    state = kit.state(accounts=[kit.account(1, "A", recovery="voorbeeld.nl.example.com"),
                                kit.account(2, "B", recovery="notvoorbeeld.nl")])
    assert kit.findings("SM706", state) == [("x:A", "medium", "2024-09-01"), ("x:B", "medium", "2024-09-01")]


def test_phone_numbers_and_missing_contacts_are_not_flagged(kit):
    state = kit.state(accounts=[kit.account(1, "Phone", recovery="tel"), kit.account(2, "None", recovery=None)])
    assert kit.findings("SM706", state) == []
