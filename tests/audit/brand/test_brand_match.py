"""Finding targets in forms: anchors never miss a match, the bound never drops one."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from audit.brand.forms import fold, units
from audit.brand.match import (
    Matcher,
    RowSearch,
    anchors,
    is_word,
    lookalike_spellings,
    max_edits,
    minimal,
    term_targets,
)

LETTERS = "abcdefghjkmnopqrstuvwxyz"


def _edited(form: str, rng: random.Random, edits: int) -> str:
    chars = list(form)
    for _ in range(edits):
        kind = rng.choice("dist")
        at = rng.randrange(len(chars)) if chars else 0
        if kind == "d" and chars:
            del chars[at]
        elif kind == "i":
            chars.insert(at, rng.choice(LETTERS))
        elif kind == "s" and chars:
            chars[at] = rng.choice(LETTERS)
        elif kind == "t" and len(chars) > 1:
            at = min(at, len(chars) - 2)
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
    return "".join(chars)


def test_edits_allowed_grow_with_length():
    assert [max_edits(n) for n in (3, 4, 5, 7, 8, 20)] == [0, 0, 1, 1, 2, 2]


@settings(max_examples=250, deadline=None)
@given(st.text(alphabet=LETTERS, min_size=5, max_size=20), st.integers(0, 10**6))
def test_every_name_within_the_allowed_edits_holds_an_anchor(form, seed):
    rng = random.Random(seed)
    k = max_edits(len(form))
    near = _edited(form, rng, rng.randint(0, k))
    if OSA.distance(near, form) <= k:
        texts = [text for text, _ in anchors(form, k)]
        assert any(text in near for text in texts)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=LETTERS, min_size=5, max_size=14),
    st.text(alphabet=LETTERS, max_size=6),
    st.text(alphabet=LETTERS, max_size=6),
    st.integers(0, 10**6),
)
def test_the_partial_ratio_bound_keeps_every_row_with_a_match(term, before, after, seed):
    rng = random.Random(seed)
    name = before + _edited(term, rng, rng.randint(0, 2)) + after
    matcher = Matcher(term_targets(term))
    form = fold(name)
    if matcher.best(form, name) is not None:
        assert matcher.rows(form, [form]) == {0}


def test_the_closest_window_is_chosen_in_an_affixed_name():
    matcher = Matcher(term_targets("Aloysius"))
    match = matcher.best(fold("team_alosyius_nl"), "team_alosyius_nl")
    assert match is not None and match.distance == 1
    assert fold("team_alosyius_nl")[match.start : match.end] == fold("alosyius")


def test_a_longer_term_wins_over_a_shorter_one_it_contains():
    matcher = Matcher(term_targets("Aloysius") + term_targets("Aloysius Stichting"))
    match = matcher.best(fold("aloysius_stichting_fans"), "aloysius_stichting_fans")
    assert match is not None and match.target.label == "Aloysius Stichting"


def test_a_short_term_counts_only_as_a_word_of_its_own():
    matcher = Matcher(term_targets("SGZ"))
    for name in ("sgz_nieuws", "mijnSGZ", "SGZSchool", "vacatures-sgz", "SGZ2024"):
        assert matcher.best(fold(name), name) is not None, name
    for name in ("dsgz_art", "sg_zwolle", "rsgzonnebloem", "musgz"):
        assert matcher.best(fold(name), name) is None, name


def test_word_boundaries_follow_case_changes_of_lookalike_capitals():
    spelled = units("mijn\ua4e2GZ")  # Lisu letter that looks like S
    assert is_word(spelled, 4, 7)


def test_rn_and_vv_spellings_of_a_term_are_looked_for():
    assert "acadernie" in lookalike_spellings("academie")
    assert "aloysiuswest" not in lookalike_spellings("aloysiuswest")
    assert "aloysiusvvest" in lookalike_spellings("aloysiuswest")
    matcher = Matcher(term_targets("Academie"))
    match = matcher.best(fold("acadernie_nl"), "acadernie_nl")
    assert match is not None and match.target.lookalike


def test_an_anchor_containing_another_adds_no_rows():
    assert minimal(["aloy", "aloys", "slus", "xaloyx"]) == ("aloy", "slus")


def test_rows_are_found_by_line_with_the_targets_their_anchors_belong_to():
    search = RowSearch({"aloy": {0}, "slus": {1}, "aloys": {2}})
    assert search.hits("jan\naloyslus\nkees\nxxslus") == {1: {0, 1, 2}, 3: {1}}
    many = RowSearch({f"w{i:02d}x": {i} for i in range(40)})  # enough to use Aho-Corasick
    assert many.hits("aaa\nzw07xz\nw39\nw39x") == {1: {7}, 3: {39}}
