"""The matching form of a name: each transformation, and the fast and slow paths agreeing."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.brand.forms import fold, fold_many, is_invisible, normalise, units

# Letters, digits, separators, leet symbols, accents, other scripts, invisible characters.
names = st.text(
    alphabet=st.sampled_from(
        list("aloysiusAIL01345@$|!._- mrnvwé")
        + ["\u200b", "\u200c", "\u200d", "\u202e", "\u2066", "\u3164", "\uffa0", "\u00ad", "\ufeff"]
        + ["\u0430", "\u043e", "\u0456", "\u03b1", "\u03bf", "\uff41", "\u0301", "ß", "æ", "Ç", "学", "\n"]
    ),
    max_size=24,
)


def test_case_is_folded():
    assert normalise("ALOYSIUS").text == normalise("aloysius").text
    assert "case" in normalise("Aloysius").reasons


def test_separators_are_removed_and_reported():
    result = normalise("a.l-o_y s i u s")
    assert result.text == normalise("aloysius").text
    assert result.reasons == {"separator"}


@pytest.mark.parametrize(("leet", "plain"), [("al0ysius", "aloysius"), ("4loy5ius", "aloysius"), ("aloy$ius", "aloysius"), ("@loysius", "aloysius"), ("z1lv3r", "zilver")])
def test_leetspeak_digits_and_symbols_read_as_letters(leet, plain):
    assert normalise(leet).text == normalise(plain).text
    assert "leet" in normalise(leet).reasons


@pytest.mark.parametrize("lookalike", ["\u0430loysius", "al\u03bfysius", "\uff41\uff4c\uff4f\uff59\uff53\uff49\uff55\uff53", "\u0251loysius", "aloysi\u00fcs"])
def test_confusables_fold_to_their_latin_prototype(lookalike):
    assert normalise(lookalike).text == normalise("aloysius").text
    assert "homoglyph" in normalise(lookalike).reasons


def test_one_l_i_capital_i_and_bar_are_one_letter():
    assert len({fold(x) for x in ("l", "1", "i", "I", "|", "!")}) == 1


@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u202e", "\u2066", "\u2069", "\u00ad", "\u3164", "\uffa0", "\ufeff", "\u034f", "\ufe0f", "\U000e0041"])
def test_invisible_and_bidi_characters_are_dropped_and_reported(hidden):
    assert is_invisible(hidden)
    result = normalise(f"alo{hidden}ysius")
    assert result.text == normalise("aloysius").text
    assert result.reasons == {"invisible"}


def test_hangul_fillers_count_as_invisible_although_they_are_letters():
    assert unicodedata.category("\u3164") == "Lo"
    assert is_invisible("\u3164") and is_invisible("\uffa0")


def test_a_tab_or_line_break_is_a_separator_not_an_invisible_character():
    assert normalise("jan\tjansen").reasons == {"separator"}


def test_letter_pairs_are_not_joined_across_a_separator():
    # "r_n" does not look like "m": the form keeps both letters
    assert fold("zilverreiger_nieuws").startswith(fold("zilverreiger"))


def test_prototypes_come_from_the_confusables_data_file():
    # Cyrillic а and Greek ο are only folded by the TR39 data, not by NFKC or case folding
    assert unicodedata.normalize("NFKC", "\u0430").casefold() != "a"
    assert fold("\u0430") == fold("a") and fold("\u03bf") == fold("o")


@settings(max_examples=200, deadline=None)
@given(names)
def test_normalising_is_idempotent(text):
    once = normalise(text).text
    assert normalise(once).text == once


@settings(max_examples=200, deadline=None)
@given(names)
def test_the_laid_out_form_is_the_fast_form(text):
    assert units(text).form == fold(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(names, min_size=1, max_size=12))
def test_folding_many_names_at_once_gives_each_name_its_own_form(texts):
    joined, forms, odd = fold_many(texts)
    assert forms == [fold(t) for t in texts]
    assert len(joined.split("\n")) == len(texts)
    assert set(odd) <= set(range(len(texts)))


def test_names_beyond_latin1_are_listed_as_odd_rows():
    _, forms, odd = fold_many(["jan", "\u0430loysius", "renée", "straße"])
    assert odd == [1, 3]
    assert forms[1] == fold("aloysius") and forms[2] == "renee"
