"""Where a window of a name stands: a word of its own, beside affix words, or inside another word.

A near spelling of a term counts only where a term can be used (:func:`in_context`); its edits
are counted with a lower-case ``i`` and ``l`` told apart (:func:`typo_distance`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from rapidfuzz.distance import OSA

from audit.brand.forms import CASE, Spelled, char_form, is_invisible, prototype
from audit.brand.targets import LONG_TERM, Target
from audit.brand.words import Vocabulary


def typo_distance(spelled: Spelled, start: int, stop: int, target: Target) -> int:
    """The edits between a window and a target, with a lower-case i and l told apart.

    The skeleton reads 1, l, i, I and | as one letter, which is right for a lookalike; but a
    lower-case l for an i is no confusable in TR39, and as a typo it would make ``Florette`` one
    edit from ``Fioretti``.
    """
    return OSA.distance(_typo_letters(spelled, start, stop), _typo_letters(target.spelled, 0, len(target.form)))


def _typo_letters(spelled: Spelled, start: int, stop: int) -> str:
    form, letters, flags = spelled.form, spelled.letters, spelled.flags
    return "".join("i" if letters[k] == "i" and not flags[k] & CASE else form[k] for k in range(start, stop))


def in_context(
    spelled: Spelled, start: int, stop: int, distance: int, target: Target, vocabulary: Vocabulary
) -> bool:
    """Whether a window stands where a term can be used: as a word of its own, or beside only
    affix words, numbers and separators; a near spelling must not be a real word itself.

    Registered handles keep their own rule (``word``: a word of its own; else anywhere).
    """
    if target.account is not None:
        return not target.word or is_word(spelled, start, stop)
    before, window, after = word_around(spelled, start, stop)
    if distance:
        text = spelled.text
        if text[spelled.starts[start]].isdigit() or text[spelled.ends[stop - 1] - 1].isdigit():
            return False  # a number beside a near spelling is a number, not leetspeak
        if "".join(spelled.gaps(start, stop)) and not "".join(target.gaps):
            return False  # a near spelling across two words: the end of one and the start of the next
        # Florette, a first name two edits from a term, is not a typo of it. Only the word list
        # (or the allow-list) says so, for the whole word, or for the window beside affix words
        # only (LindewieseFoto): a word made of two real words is no proof (Walgenhors, walgen +
        # hors, is Wilgenhorst misspelt twice), nor a real word with other letters (lindewiesen).
        if vocabulary.is_real_word(before + window + after):
            return False
        if vocabulary.is_real_word(window) and vocabulary.is_affix_rest(before) and vocabulary.is_affix_rest(after):
            return False
    elif len(target.form) >= LONG_TERM:
        return True  # a long term spelled out is the brand, whatever it is glued to
    if is_word(spelled, start, stop):
        return True
    return vocabulary.is_affix_rest(before) and vocabulary.is_affix_rest(after)


def word_around(spelled: Spelled, start: int, stop: int) -> tuple[str, str, str]:
    """(the rest of the word before the window, the window, the rest after), in the original text.

    A word runs between separators; invisible characters and lone accents are left out.
    """
    text = spelled.text
    first, last = spelled.starts[start], spelled.ends[stop - 1]
    if text.isascii() and not spelled.invisible:
        # the common case: the word runs to the nearest separator, and nothing in it is hidden
        low = _WORD_TAIL.search(text, 0, first).start()  # type: ignore[union-attr]
        high = _WORD_HEAD.match(text, last).end()  # type: ignore[union-attr]
        return text[low:first], text[first:last], text[last:high]
    low = first
    while low > 0 and _in_word(text[low - 1]):
        low -= 1
    high = last
    while high < len(text) and _in_word(text[high]):
        high += 1
    return _visible(text[low:first]), _visible(text[first:last]), _visible(text[last:high])


def _in_word(ch: str) -> bool:
    return ch.isalnum() or is_invisible(ch) or unicodedata.combining(ch) > 0 or bool(char_form(ch))


# The ASCII characters that end a word (see _in_word), and an ASCII word's tail and head.
_ASCII_BREAKS = re.escape("".join(chr(c) for c in range(128) if not _in_word(chr(c))))
_WORD_TAIL = re.compile(f"[^{_ASCII_BREAKS}]*\\Z")
_WORD_HEAD = re.compile(f"[^{_ASCII_BREAKS}]*")


def _visible(text: str) -> str:
    return "".join(ch for ch in text if not is_invisible(ch) and not unicodedata.combining(ch))


def is_word(spelled: Spelled, start: int, stop: int) -> bool:
    """True when form[start:stop] stands as a word of its own in the original text.

    A word ends at the text's ends, at a separator, where lower case turns to upper case
    (``mijnWSG``), where an upper-case run gives way to a capitalised word (``WSGSchool``), and
    where letters turn to digits. Invisible characters and lone accents are looked through.
    """
    text = spelled.text
    first, last = spelled.starts[start], spelled.ends[stop - 1]
    if spelled.invisible or spelled.marks:
        hidden = set(spelled.invisible) | set(spelled.marks)
        shown = [i for i in range(len(text)) if i not in hidden]
        text = "".join(text[i] for i in shown)
        first, last = bisect.bisect_left(shown, first), bisect.bisect_left(shown, last)
    return _boundary(text, first) and _boundary(text, last)


def _boundary(text: str, at: int) -> bool:
    if at <= 0 or at >= len(text):
        return True
    before, after = _glyph(text[at - 1]), _glyph(text[at])
    if not before.isalnum() or not after.isalnum():
        return True
    if before.isdigit() != after.isdigit():
        return True
    if before.islower() and after.isupper():
        return True
    return before.isupper() and after.isupper() and at + 1 < len(text) and _glyph(text[at + 1]).islower()


def _glyph(ch: str) -> str:
    """What a character looks like, for telling words apart: a lookalike of a capital is a capital."""
    return ch if ch.isascii() else (prototype(ch)[:1] or ch)
