"""SM601: an unregistered observed account with a brand term (or a lookalike of one) in its handle or display name."""

from __future__ import annotations


def _official(kit):
    return kit.account(1, "VoorbeeldWest", kind="official")


def test_a_brand_term_in_the_handle_is_high_and_only_in_the_display_name_medium(kit):
    state = kit.state(accounts=[_official(kit)], observed=[
        kit.observed(1, "v00rbeeld_fans"),
        kit.observed(2, "sanne_dewit", display_name="Fans van Voorbeeld", first_seen=None),
    ])
    assert kit.findings("SM601", state) == [("x:v00rbeeld_fans", "high", "2026-06-01"), ("x:sanne_dewit", "medium", None)]
    high, medium = kit.run("SM601", state)
    assert high.subject.key == "observed:1" and high.subject.as_json()["type"] == "observed"
    assert high.message == "The handle uses the brand term 'Voorbeeld' (separator, affix, leet) and the account is not registered."
    assert high.details["field"] == "handle" and medium.details["field"] == "display_name"


def test_registered_accounts_plain_names_and_lookalikes_of_an_official_account_are_not_sm601(kit):
    state = kit.state(accounts=[_official(kit)], observed=[
        kit.observed(1, "voorbeeldwest"),  # the registered account itself, other case
        kit.observed(2, "kees_jansen", display_name="Kees Jansen"),
        kit.observed(3, "VoorbeeldWe5t"),  # a copy of the official account: SM603
    ])
    assert kit.findings("SM601", state) == []


def test_dismissed_and_resolved_observed_accounts_raise_nothing(kit):
    state = kit.state(observed=[kit.observed(1, "voorbeeld_fans", state="dismissed"),
                                kit.observed(2, "voorbeeld.nl", state="resolved"),
                                kit.observed(3, "voorbeeldfan", state="confirmed")])
    assert kit.findings("SM601", state) == [("x:voorbeeldfan", "high", "2026-06-01")]


def test_without_brand_terms_nothing_is_a_brand_misuse(kit):
    state = kit.state(brand_terms=(), observed=[kit.observed(1, "voorbeeld_fans")])
    assert kit.findings("SM601", state) == []


def test_the_organisations_own_account_seen_under_a_new_handle_is_a_rename_not_brand_use(kit):
    own = kit.account(1, "VoorbeeldWest", kind="official")
    own.platform_id = "42"
    renamed = kit.observed(1, "VoorbeeldNieuws", platform_id="42")
    outsider = kit.observed(2, "VoorbeeldFans", platform_id="43")
    state = kit.state(accounts=[own], observed=[renamed, outsider])
    assert kit.findings("SM601", state) == [("x:VoorbeeldFans", "high", "2026-06-01")]
    assert kit.findings("SM707", state) == [("x:VoorbeeldWest", "medium", "2026-06-01")]
