"""Real words near a term: only the word lists or the allow-list clear them, for the whole word."""

from pathlib import Path

from audit.brand import Detector, ObservedRow
from audit.brand.quality import evaluate

CORPUS = Path(__file__).resolve().parents[2] / "data" / "brand" / "nearwords"


def _verdict(handle: str, terms=("Lindewijs", "Wilgenhorst"), allow=()) -> str:
    return Detector(list(terms), [], allow=list(allow)).check(ObservedRow(1, "x", handle)).verdict


def test_the_near_words_corpus_is_told_apart_without_a_mistake():
    quality = evaluate(CORPUS)
    assert quality.mistakes == ()
    assert quality.classes is not None and set(quality.classes) == {"place", "compound"}


def test_a_town_two_edits_from_the_term_is_clear_once_it_is_on_the_allow_list():
    assert _verdict("Lindewiese") == "suspect"  # the word lists lack it
    assert _verdict("Lindewiese", allow=["Lindewiese"]) == "clear"
    assert _verdict("Lindewiese_nl", allow=["Lindewiese"]) == "clear"
    assert _verdict("LindewieseFoto", allow=["Lindewiese"]) == "clear"  # beside an affix word


def test_an_allowed_word_clears_only_itself_not_a_near_spelling_of_it():
    assert _verdict("Lindewiase", allow=["Lindewiese"]) == "suspect"


def test_two_real_words_written_as_one_do_not_clear_a_double_misspelling():
    # walgen (Dutch) and hors (French) are words, and one edit each from wilgen and horst
    assert _verdict("Walgenhors") == "suspect"
    assert _verdict("Walgenhors_nl") == "suspect"
    assert _verdict("walgenhors.fans") == "suspect"


def test_a_real_word_two_edits_away_still_clears():
    assert _verdict("Florette", terms=("Fioretti",)) == "clear"
