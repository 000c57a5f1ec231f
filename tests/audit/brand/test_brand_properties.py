"""Disguising a suspect further never makes it clear; the batch path agrees with one-by-one."""

import string

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from audit.brand import Detector, ObservedRow, RegisteredAccount
from audit.brand.forms import _prototypes

REGISTERED = [
    RegisteredAccount(1, "x", "AloysiusAcademie", "Aloysius Academie", "official"),
    RegisteredAccount(2, "tiktok", "obs_de_zon", "OBS De Zon", "official"),
    RegisteredAccount(3, "x", "juf_sanne", "Juf Sanne", "work"),
]
detector = Detector(["Aloysius", "Scholengroep Zilverreiger", "SGZ"], REGISTERED)

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u202e", "\u2066", "\u2069", "\u00ad", "\u3164", "\ufeff", "\u2060"]
# For each ASCII letter, the letters of other scripts whose TR39 prototype it is.
LOOKALIKES = {
    letter: sorted(ch for ch, proto in _prototypes().items() if proto == letter and ch.isalpha() and not ch.isascii())
    for letter in string.ascii_letters
}

pieces = st.sampled_from(
    ["aloysius", "Aloysius", "ALOYSIUS", "al0ysius", "aloyisus", "alysius", "scholengroep_zilverreiger",
     "zilverreiger_scholengroep", "sgz", "SGZ", "obs_de_zon", "AloysiusAcademie", "aloys", "zon", "jansen"]
)  # fmt: skip
affixes = st.sampled_from(["", "_", ".", "nl", "_fans", "team_", "2024", "Mijn", "juf."])
handles = st.builds(lambda a, p, b: a + p + b, affixes, pieces, affixes)


def _verdict(handle, platform="instagram"):
    return detector.check(ObservedRow(2, platform, handle))


@settings(max_examples=120, deadline=None)
@given(handles, st.lists(st.tuples(st.integers(0, 40), st.sampled_from(INVISIBLE)), min_size=1, max_size=4))
def test_inserting_invisible_characters_never_clears_a_suspect(handle, insertions):
    assume(_verdict(handle).verdict == "suspect")
    disguised = handle
    for at, ch in insertions:
        at = at % (len(disguised) + 1)
        disguised = disguised[:at] + ch + disguised[at:]
    assert _verdict(disguised).verdict == "suspect"


@settings(max_examples=120, deadline=None)
@given(handles, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 1000)), min_size=1, max_size=4))
def test_swapping_letters_for_confusables_never_clears_a_suspect(handle, swaps):
    assume(_verdict(handle).verdict == "suspect")
    chars = list(handle)
    for at, pick in swaps:
        at = at % len(chars)
        options = LOOKALIKES.get(chars[at], [])
        if options:
            chars[at] = options[pick % len(options)]
    assert _verdict("".join(chars)).verdict == "suspect"


def test_every_latin_letter_has_lookalikes_to_swap_in():
    assert all(LOOKALIKES[letter] for letter in "aceijopsxy")


rows = st.builds(
    ObservedRow,
    row=st.integers(2, 10**6),
    platform=st.sampled_from(["x", "instagram", "tiktok", "twitter"]),
    handle=st.one_of(handles, st.text(max_size=12)),
    display_name=st.one_of(st.just(""), st.builds(lambda p: f"Team {p}", pieces), st.text(max_size=12)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(rows, max_size=30))
def test_checking_many_rows_at_once_gives_the_verdicts_of_one_by_one(batch):
    assert list(detector.check_many(batch)) == [detector.check(row) for row in batch]
    suspects = [v for v in detector.check_many(batch) if v.verdict == "suspect"]
    assert list(detector.check_many(batch, suspects_only=True)) == suspects
