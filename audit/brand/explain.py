"""How a match is disguised, in the fixed vocabulary of reasons, and how strongly it imitates.

A match found in the form is laid back onto the original characters and compared with the
target as it was configured or registered: letter by letter when no edit was needed, by counts
when a typo shifted the letters. Case, separators and invisible characters count where the term
sits and right next to it (``al0ysius_west``: the underscore joins the affix to the term).
"""

from __future__ import annotations

import unicodedata

from audit.brand.forms import CASE, HOMOGLYPH, LEET_FLAG, Spelled, char_form, is_invisible
from audit.brand.match import Match
from audit.brand.model import REASONS

# Score: a perfect copy is 100; each trait that makes it less of a copy takes some off.
_EDIT_COST = 12
_AFFIX_COST = 5
_SEPARATOR_COST = 2
DISPLAY_NAME_COST = 15


def explain(match: Match, spelled: Spelled) -> tuple[tuple[str, ...], int]:
    """(reasons in vocabulary order, score 0..100) for ``match`` found in ``spelled``."""
    target = match.target
    wanted = target.spelled
    start, stop = match.start, match.end
    first, last = spelled.starts[start], spelled.ends[stop - 1]
    text = spelled.text
    found: set[str] = set()

    if match.distance == 0:
        for i in range(stop - start):
            found |= _compare(spelled, start + i, wanted, i, account=target.account is not None)
    else:
        found.add("typo")
        found |= _compare_counts(spelled, start, stop, wanted, account=target.account is not None)

    inner = spelled.gaps(start, stop)
    expected = target.gaps
    # With no edit the gaps line up one by one; after a typo only the separators used can be compared.
    inner_differs = inner != expected if match.distance == 0 else "".join(inner) != "".join(expected)
    if inner_differs or _separator_beside(text, first - 1, -1) or _separator_beside(text, last, 1):
        found.add("separator")
    if any(first - 1 <= at <= last for at in spelled.invisible):
        found.add("invisible")
    if target.lookalike or any(first <= at <= last for at in spelled.marks):
        found.add("homoglyph")  # rn for m, or an accent standing on its own
    affix = start > 0 or stop < len(spelled.form)
    if affix:
        found.add("affix")
    if not inner_differs and not found & {"case", "leet", "homoglyph", "invisible", "typo"}:
        found.add("exact")
    score = 100 - _EDIT_COST * match.distance
    score -= _AFFIX_COST if affix else 0
    score -= _SEPARATOR_COST if "separator" in found else 0
    return ordered(found), max(1, min(100, score))


def ordered(reasons: set[str]) -> tuple[str, ...]:
    """The reasons in the order of the vocabulary."""
    return tuple(r for r in REASONS if r in reasons)


def _compare(seen: Spelled, i: int, wanted: Spelled, j: int, *, account: bool) -> set[str]:
    """What differs between character i of a match and character j of its target."""
    found: set[str] = set()
    flags, target_flags = seen.flags[i], wanted.flags[j]
    letter, target_letter = seen.letters[i], wanted.letters[j]
    if letter and target_letter and letter != target_letter:
        found.add("homoglyph")  # I for l, l for i
    elif letter and target_letter:
        upper, target_upper = bool(flags & CASE), bool(target_flags & CASE)
        # A term may be configured capitalised; a handle in lower case still spells it exactly.
        if (upper != target_upper) if account else (upper and not target_upper):
            found.add("case")
    if flags & LEET_FLAG and not target_flags & LEET_FLAG:
        found.add("leet")
    if flags & HOMOGLYPH and not target_flags & HOMOGLYPH:
        found.add("homoglyph")
    return found


def _compare_counts(seen: Spelled, start: int, stop: int, wanted: Spelled, *, account: bool) -> set[str]:
    """The traits of a typo match, by how often each occurs in the match and in the target."""
    found: set[str] = set()
    span = seen.flags[start:stop]
    for bit, reason in ((LEET_FLAG, "leet"), (HOMOGLYPH, "homoglyph")):
        if sum(1 for f in span if f & bit) > sum(1 for f in wanted.flags if f & bit):
            found.add(reason)
    upper = sum(1 for f in span if f & CASE)
    target_upper = sum(1 for f in wanted.flags if f & CASE)
    if (upper != target_upper) if account else (upper > target_upper):
        found.add("case")
    return found


def _separator_beside(text: str, at: int, step: int) -> bool:
    """Whether the first visible character from ``at`` on (going ``step``) is a separator."""
    while 0 <= at < len(text) and (is_invisible(text[at]) or unicodedata.combining(text[at])):
        at += step
    return 0 <= at < len(text) and not char_form(text[at])
