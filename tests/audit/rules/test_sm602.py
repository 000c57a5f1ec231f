"""SM602: an unregistered observed account whose avatar matches an official logo (perceptual hash)."""

from __future__ import annotations

PAIR = "0f0f0f0f0f0f0f0f" + "00ff00ff00ff00ff"
LOGO = PAIR + "ffffffffffffffff" + "ffffffffffffffff"  # two pairs, as a ladder of the logo


def _flip(pair: str, bits: int) -> str:
    value = int(pair[:16], 16) ^ ((1 << bits) - 1)
    return f"{value:016x}" + pair[16:]


def test_an_avatar_within_the_threshold_of_a_logo_is_reported_with_its_distance(kit):
    state = kit.state(logo_hashes=(LOGO,), observed=[kit.observed(1, "juf_sanne", avatar_hash=_flip(PAIR, 3) + "00" * 16)])
    assert kit.findings("SM602", state) == [("x:juf_sanne", "medium", "2026-06-01")]
    [finding] = kit.run("SM602", state)
    assert finding.details["distance"] == 3
    assert finding.message == "The avatar matches an official logo (distance 3) and the account is not registered."


def test_an_unrelated_avatar_a_registered_account_and_no_logos_raise_nothing(kit):
    far = kit.observed(1, "juf_sanne", avatar_hash=_flip(PAIR, 40))
    registered = kit.observed(2, "VoorbeeldWest", avatar_hash=PAIR)
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest", kind="official")], logo_hashes=(LOGO,),
                      observed=[far, registered])
    assert kit.findings("SM602", state) == []
    assert kit.findings("SM602", kit.state(observed=[kit.observed(3, "x1", avatar_hash=PAIR)])) == []


def test_a_dismissed_account_with_the_logo_raises_nothing(kit):
    state = kit.state(logo_hashes=(LOGO,), observed=[kit.observed(1, "juf_sanne", avatar_hash=PAIR, state="resolved")])
    assert kit.findings("SM602", state) == []
