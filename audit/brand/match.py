"""Finding brand terms and registered handles in a name's form, exactly or within a few edits.

A *target* is what a name may imitate: a brand term, or the handle of a registered official
account. Its form may sit anywhere in the name's form (an affix: ``aloysiusfans``) or, for short
targets, must stand alone. Targets long enough to not flood with false alarms also match within
a small optimal-string-alignment distance (omission, insertion, substitution, transposition),
and the distance allowed grows with the length (see :data:`TYPO_EDITS`).

Finding candidates is split in two so that a million names go fast:

1. Anchors. A target of n letters allowing k edits is cut into k+1 pieces; k edits can spoil at
   most k of them, so an intact piece is always there. A transposition across two pieces spoils
   both, so runs of adjacent pieces with their inner boundaries transposed are anchors too. Every
   true match contains an anchor; most names contain none. :meth:`Matcher.rows_with_anchor`
   searches the anchors over many names at once (``str.find`` in C, or Aho-Corasick when there
   are many anchors).
2. Alignment. Around each anchor found, the windows the target could occupy are compared with
   rapidfuzz's OSA distance; the closest window wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
from rapidfuzz.distance import OSA

from audit.brand.model import RegisteredAccount
from audit.brand.normalise import Spelled

# (shortest length, edits allowed): a target of 5–8 letters allows one edit, of 9 or more two.
TYPO_EDITS = ((5, 1), (9, 2))
# Brand terms this short must stand as a word of their own ("wsg" in "wsg_nieuws", not in "newsgroup").
SHORT_TERM = 4
# A registered handle this long is also recognised inside a longer handle.
ACCOUNT_AFFIX = 8
# Up to this many anchors, one str.find per anchor beats walking an Aho-Corasick automaton.
_FIND_LIMIT = 24


def max_edits(length: int) -> int:
    """The edits allowed for a target of ``length`` letters."""
    edits = 0
    for shortest, allowed in TYPO_EDITS:
        if length >= shortest:
            edits = allowed
    return edits


@dataclass(frozen=True, slots=True)
class Target:
    """A brand term or a registered official handle, ready to be found in forms."""

    label: str  # the term as configured, or 'platform:handle'
    spelled: Spelled  # the configured text laid out, to compare case and letters with a match
    max_edits: int
    affix: bool  # may sit inside a longer name
    word: bool  # must stand as a word of its own in the original text
    account: RegisteredAccount | None = None

    @property
    def form(self) -> str:
        return self.spelled.form


def term_target(term: str, spelled: Spelled) -> Target:
    n = len(spelled.form)
    return Target(term, spelled, max_edits(n), affix=True, word=n <= SHORT_TERM)


def account_target(account: RegisteredAccount, label: str, spelled: Spelled) -> Target:
    n = len(spelled.form)
    return Target(label, spelled, max_edits(n), affix=n >= ACCOUNT_AFFIX, word=False, account=account)


@dataclass(frozen=True, slots=True)
class Match:
    """Where a target sits in a name's form: ``form[start:end]``, ``distance`` edits away."""

    target: Target
    start: int
    end: int
    distance: int


def anchors(form: str, edits: int) -> list[tuple[str, int]]:
    """(anchor text, its offset in the form): one of them is intact in any match within ``edits``."""
    if edits <= 0 or len(form) < 2 * (edits + 1):
        return [(form, 0)]
    count = edits + 1
    cuts = [round(i * len(form) / count) for i in range(count + 1)]
    found = [(form[cuts[i] : cuts[i + 1]], cuts[i]) for i in range(count)]
    for first in range(count):
        for last in range(first + 1, count):
            inner = cuts[first + 1 : last + 1]
            if any(b - a < 2 for a, b in zip(inner, inner[1:], strict=False)):
                continue  # two transpositions would share a letter, which OSA does not allow
            chars = list(form[cuts[first] : cuts[last + 1]])
            for cut in inner:
                at = cut - cuts[first]
                chars[at - 1], chars[at] = chars[at], chars[at - 1]
            found.append(("".join(chars), cuts[first]))
    return found


class Matcher:
    """A set of targets, compiled for finding in one name or in many names at once."""

    def __init__(self, targets: Iterable[Target]) -> None:
        self.targets = tuple(targets)
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, int]]] = {}
        for index, target in enumerate(self.targets):
            for text, offset in anchors(target.form, target.max_edits):
                entries.setdefault(text, []).append((index, offset))
        for text, places in entries.items():
            self._automaton.add_word(text, (len(text), tuple(places)))
        self._anchor_texts = tuple(sorted(entries, key=len, reverse=True))
        if entries:
            self._automaton.make_automaton()

    def __bool__(self) -> bool:
        return bool(self.targets)

    def rows_with_anchor(self, joined: str) -> set[int]:
        """The lines of ``joined`` (forms from fold_many) that contain an anchor of any target."""
        if not self._anchor_texts:
            return set()
        positions: list[int] = []
        if len(self._anchor_texts) <= _FIND_LIMIT:
            find = joined.find
            for text in self._anchor_texts:
                at = find(text)
                while at >= 0:
                    positions.append(at)
                    at = find(text, at + 1)
        else:
            positions = [end for end, _ in self._automaton.iter(joined)]
        positions.sort()
        rows: set[int] = set()
        row, counted = 0, 0
        for at in positions:
            row += joined.count("\n", counted, at)
            counted = at
            rows.add(row)
        return rows

    def best(self, spelled: Spelled) -> Match | None:
        """The closest target in ``spelled``: fewest edits, then least left over, then the longest."""
        form = spelled.form
        if not form or not self._anchor_texts:
            return None
        best: Match | None = None
        best_key: tuple[int, int, int, int] | None = None
        tried: set[tuple[int, int]] = set()
        for end, (length, places) in self._automaton.iter(form):
            for index, offset in places:
                guess = end + 1 - length - offset  # where the target would start
                if (index, guess) in tried:
                    continue
                tried.add((index, guess))
                target = self.targets[index]
                for start, stop, distance in _windows(form, target, guess):
                    if target.word and not is_word(spelled, start, stop):
                        continue
                    key = (distance, len(form) - (stop - start), -len(target.form), start)
                    if best_key is None or key < best_key:
                        best, best_key = Match(target, start, stop, distance), key
        return best


def _windows(form: str, target: Target, guess: int) -> Iterable[tuple[int, int, int]]:
    """(start, end, distance) of the windows of ``form`` around ``guess`` close enough to ``target``."""
    wanted = target.form
    n, edits = len(wanted), target.max_edits
    if not target.affix:
        if abs(len(form) - n) <= edits:
            distance = 0 if form == wanted else OSA.distance(form, wanted, score_cutoff=edits)
            if distance <= edits:
                yield 0, len(form), distance
        return
    if guess >= 0 and form.startswith(wanted, guess):
        yield guess, guess + n, 0
        return
    if not edits:
        return
    for start in range(max(0, guess - edits), min(len(form) - 1, guess + edits) + 1):
        for size in range(max(1, n - edits), n + edits + 1):
            stop = start + size
            if stop > len(form):
                break
            distance = OSA.distance(form[start:stop], wanted, score_cutoff=edits)
            if distance <= edits:
                yield start, stop, distance


def is_word(spelled: Spelled, start: int, stop: int) -> bool:
    """True when form[start:stop] stands as a word of its own in the original text.

    A word ends at the text's ends, at a separator, where lower case turns to upper case
    (``mijnWSG``), where an upper-case run gives way to a capitalised word (``WSGSchool``), and
    where letters turn to digits.
    """
    text = spelled.text
    first, last = spelled.starts[start], spelled.ends[stop - 1]
    return _boundary(text, first) and _boundary(text, last)


def _boundary(text: str, at: int) -> bool:
    if at <= 0 or at >= len(text):
        return True
    before, after = text[at - 1], text[at]
    if not before.isalnum() or not after.isalnum():
        return True
    if before.isdigit() != after.isdigit():
        return True
    if before.islower() and after.isupper():
        return True
    return before.isupper() and after.isupper() and at + 1 < len(text) and text[at + 1].islower()
