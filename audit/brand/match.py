"""Finding brand terms and registered handles in a name's form, exactly or within a few edits.

What may be imitated, the *targets*, and their anchors are in :mod:`audit.brand.targets`; where a
window may stand is :mod:`audit.brand.context`. Finding candidates is split up so that a million
names go fast:

1. Anchors. A target of n letters allowing k edits is cut into k+1 pieces; k edits can spoil at
   most k of them, so an intact piece is always there (runs of pieces with their inner
   boundaries transposed are anchors too). :class:`RowSearch` searches the anchors over many
   names at once (``str.find`` in C, or Aho-Corasick when there are many anchors).
2. A bound. A row with an anchor is compared with the targets of its anchors in one rapidfuzz
   call each: a window within k OSA edits of an n-letter target is within 3k insertions and
   deletions of some n-letter window, so ``fuzz.partial_ratio`` must reach
   100·(1 − 3k / 2(n − k)). Names that merely share a common word with a target stop here.
3. Brand terms written without separators that allow typos have short anchors, common in names
   (``lin`` of Lindewijs in Linda and Vanderlinden). Their near spellings cannot span a
   separator, so they are looked for per chunk of a name, each distinct chunk once, in the rows
   that one rapidfuzz call finds to hold n − k of the term's letters in order.
4. Alignment. Around each anchor found, the windows the target could occupy are compared with
   rapidfuzz's OSA distance; the closest window wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import ahocorasick
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, LCSseq

from audit.brand.context import in_context, is_word, typo_distance, word_around
from audit.brand.forms import Spelled, fold, is_invisible, lines_of, units
from audit.brand.targets import (
    ACCOUNT_AFFIX,
    ACCOUNT_ANCHOR,
    ACCOUNT_ANYWHERE,
    ACCOUNT_TYPO,
    LONG_TERM,
    SHORT_TERM,
    TYPO_EDITS,
    Match,
    Target,
    account_targets,
    anchors,
    lookalike_spellings,
    max_edits,
    term_targets,
)
from audit.brand.words import Vocabulary

__all__ = [  # the targets and the context are part of what matching offers
    "ACCOUNT_AFFIX", "ACCOUNT_ANCHOR", "ACCOUNT_ANYWHERE", "ACCOUNT_TYPO", "LONG_TERM", "SHORT_TERM", "TYPO_EDITS",
    "Match", "Matcher", "RowSearch", "Target", "account_targets", "anchors", "in_context", "is_word",
    "lookalike_spellings", "max_edits", "minimal", "rows_equal", "term_targets", "typo_distance", "word_around",
]  # fmt: skip

DEFAULT_VOCABULARY = Vocabulary()

# Up to this many anchors, one str.find per anchor beats walking an Aho-Corasick automaton.
_FIND_LIMIT = 24
_FAR = 1 << 30  # more edits than any target allows
# Chunks of names remembered at most (a million-row file has far fewer distinct ones).
_NEAR_CHUNKS = 1 << 20
# Where a chunk of a name ends: ASCII characters that fold to nothing and are no invisible
# control. Other scripts' separators leave two chunks as one, which only looks at more.
_CHUNK_BREAKS = re.compile(
    "[" + re.escape("".join(chr(c) for c in range(128) if not fold(chr(c)) and not is_invisible(chr(c)))) + "]+"
)


class RowSearch:
    """Finds, in a fold_many text, the lines holding anchors, and the targets those anchors are of."""

    def __init__(self, places: dict[str, set[int]]) -> None:
        self.texts = minimal(places)  # an anchor holding another adds no line
        # each kept text stands for every anchor it is part of
        self._shapes = {text: frozenset(s for anchor, shapes in places.items() if text in anchor for s in shapes)
                        for text in self.texts}  # fmt: skip
        self._automaton: ahocorasick.Automaton | None = None
        if len(self.texts) > _FIND_LIMIT:
            self._automaton = ahocorasick.Automaton()
            for text in self.texts:
                self._automaton.add_word(text, self._shapes[text])
            self._automaton.make_automaton()

    def hits(self, joined: str) -> dict[int, frozenset[int]]:
        """Line (from 0) → the targets (by index) that may sit on it."""
        rows: dict[int, frozenset[int]] = {}
        row, counted = 0, 0
        if self._automaton is not None:
            found: Iterable[tuple[int, frozenset[int]]] = self._automaton.iter(joined)  # in text order
        else:
            # each hit as one int (position, text) so that a plain sort puts them in text order
            texts, count = self.texts, len(self.texts)
            codes = []
            for number, text in enumerate(texts):
                at = joined.find(text)
                while at >= 0:
                    codes.append(at * count + number)
                    at = joined.find(text, at + 1)
            codes.sort()
            found = ((code // count, self._shapes[texts[code % count]]) for code in codes)
        for at, shapes in found:
            row += joined.count("\n", counted, at)
            counted = at
            before = rows.get(row)
            rows[row] = shapes if before is None else before | shapes
        return rows


class Matcher:
    """A set of targets, compiled for finding in one name or in many names at once.

    Targets that look the same to matching (same form, edits, affix and word rules — registered
    handles on several platforms often do) are compared once; the first of them is reported.
    """

    def __init__(self, targets: Iterable[Target]) -> None:
        self.targets = tuple(targets)
        shapes: dict[tuple[str, int, bool, bool], Target] = {}
        for target in self.targets:
            shapes.setdefault((target.form, target.max_edits, target.affix, target.word), target)
        self._shapes = tuple(shapes.values())
        self.by_form: dict[str, list[Target]] = {}
        for target in self.targets:
            self.by_form.setdefault(target.form, []).append(target)
        entries: dict[str, list[tuple[int, int]]] = {}
        for index, target in enumerate(self._shapes):
            for text, offset in anchors(target.form, target.max_edits):
                entries.setdefault(text, []).append((index, offset))
        self._automaton = ahocorasick.Automaton()
        for text, places in entries.items():
            self._automaton.add_word(text, (len(text), tuple(places)))
        if entries:
            self._automaton.make_automaton()
        self.search = RowSearch({text: {index for index, _ in places} for text, places in entries.items()})
        # Brand terms spelled without separators that allow typos are looked for another way
        # (rows() given the texts): their anchors are short and common in names ("lin" of
        # Lindewijs in Linda, Lindsey, Vanderlinden).
        self._chunked = frozenset(
            i for i, t in enumerate(self._shapes) if t.account is None and t.max_edits and not "".join(t.gaps)
        )
        self._chunked_forms = tuple((t.form, len(t.form) - t.max_edits) for t in map(self._shapes.__getitem__, sorted(self._chunked)))
        self._near_chunks: dict[str, bool] = {}
        self._others = RowSearch({
            text: found for text, places in entries.items() if (found := {i for i, _ in places if i not in self._chunked})
        })  # fmt: skip
        # per target: the shortest name that can hold it, and the least partial_ratio such a name has
        self._bounds = [
            (len(t.form) - t.max_edits, _partial_cutoff(len(t.form), t.max_edits), t.form) for t in self._shapes
        ]

    def __bool__(self) -> bool:
        return bool(self.targets)

    def rows(
        self, joined: str, forms: list[str], odd: Iterable[int] = (), texts: Sequence[str] | None = None
    ) -> set[int]:
        """The lines of a fold_many batch that may hold a target: an anchor, then the bound, then
        (given the ``texts`` folded) a near window in one of the chunks of the text.

        ``odd`` are the rows fold_many folded one by one; their line in ``joined`` is incomplete.
        """
        if not self._shapes:
            return set()  # nothing to find (a new organisation's store); an empty automaton cannot search
        chunked = self._chunked if texts is not None else frozenset()
        pairs = (self._others if chunked else self.search).hits(joined)
        for row in odd:
            found = {index for _, (_, places) in self._automaton.iter(forms[row]) for index, _ in places}
            if found - chunked:
                pairs[row] = frozenset(found - chunked)
        passing = self._passing
        rows = {row for row, shapes in pairs.items() if passing(forms[row], shapes)}
        if chunked:
            assert texts is not None
            rows |= self._near_rows(forms, texts)
        return rows

    def _near_rows(self, forms: list[str], texts: Sequence[str]) -> set[int]:
        """The rows where a brand term spelled without separators, allowing k typos, may be.

        Such a near spelling cannot span a separator (see :func:`~audit.brand.context.in_context`), so it lies inside
        one separator-free chunk of the text; chunks repeat across a file (first names, surnames,
        school words) and are looked at once each. Before that, one rapidfuzz call per term keeps
        the rows whose form has at least n − k letters of the n-letter term in order (an edit
        costs a common subsequence at most one letter): most names have not.
        """
        near = self._near_row
        found: set[int] = set()
        for wanted, least in self._chunked_forms:
            hits = process.extract(wanted, forms, scorer=LCSseq.similarity, score_cutoff=least, limit=None)
            found.update(i for _, _, i in hits if i not in found and near(texts[i], forms[i]))
        return found

    def _near_row(self, text: str, form: str) -> bool:
        """Whether a chunked term is in ``form`` as spelled, or near in one chunk of ``text``."""
        if any(wanted in form for wanted, _ in self._chunked_forms):
            return True
        cache = self._near_chunks
        if len(cache) > _NEAR_CHUNKS:
            cache.clear()
        for chunk in _CHUNK_BREAKS.split(text):
            near = cache.get(chunk)
            if near is None:
                near = cache[chunk] = self._near_chunk(fold(chunk))
            if near:
                return True
        return False

    def _near_chunk(self, form: str) -> bool:
        """Whether the form of a chunk holds a window within a chunked term's edits."""
        for end, (length, places) in self._automaton.iter(form):
            for index, offset in places:
                if index in self._chunked:
                    target = self._shapes[index]
                    if next(iter(_windows(form, target, end + 1 - length - offset)), None) is not None:
                        return True
        return False

    def _passing(self, form: str, shapes: Iterable[int]) -> list[int]:
        """The targets (of ``shapes``) whose partial-ratio bound ``form`` passes."""
        bounds = self._bounds
        shapes = list(shapes)
        if len(shapes) <= 4:
            return [
                i for i in shapes
                if len(form) >= bounds[i][0] and fuzz.partial_ratio(bounds[i][2], form, score_cutoff=bounds[i][1])
            ]  # fmt: skip
        # many registered handles share an anchor: compare with all of them in one call
        least = min(bounds[i][1] for i in shapes)
        found = process.extract(
            form, {i: bounds[i][2] for i in shapes}, scorer=fuzz.partial_ratio, score_cutoff=least, limit=None
        )
        return [i for _, score, i in found if score >= bounds[i][1] and len(form) >= bounds[i][0]]

    def best(self, form: str, text: str, vocabulary: Vocabulary | None = None) -> Match | None:
        """The closest target in ``form`` (the form of ``text``): fewest edits, then least left
        over, then the longest target."""
        found = self.candidates(form, text, vocabulary, nearest=True)
        return min(found, key=lambda pair: pair[0])[1] if found else None

    def candidates(
        self, form: str, text: str, vocabulary: Vocabulary | None = None, *, nearest: bool = False
    ) -> list[tuple[tuple[int, int, int, int], Match]]:
        """Every acceptable window of every target in ``form``, each with its ranking key.

        With ``nearest``, only the windows with the fewest edits are wanted: the targets spelled
        out are looked at first, and a window with more edits than one already accepted is not
        looked at closely (telling a real word from a typo is the slow part).
        """
        if not form or not self._shapes:
            return []
        vocabulary = vocabulary or DEFAULT_VOCABULARY
        spelled: Spelled | None = None  # laid out only when a window needs a closer look
        found: list[tuple[tuple[int, int, int, int], Match]] = []
        hits = list(self._automaton.iter(form))
        passing = set(self._passing(form, {index for _, (_, places) in hits for index, _ in places}))
        # (index, guess): where each target would start, spelled-out ones first
        places = {
            (index, end + 1 - length - offset): None
            for end, (length, found_places) in hits for index, offset in found_places if index in passing
        }  # fmt: skip
        shapes = self._shapes
        order = sorted(places, key=lambda place: not form.startswith(shapes[place[0]].form, place[1]))
        cap = _FAR
        for index, guess in order:
            target = shapes[index]
            for start, stop, distance in _windows(form, target, guess):
                if distance > cap:
                    continue
                spelled = spelled or units(text)
                if distance:
                    distance = typo_distance(spelled, start, stop, target)
                    if distance > target.max_edits or distance > cap:
                        continue  # only near in the skeleton, where l and i are one letter
                if not in_context(spelled, start, stop, distance, target, vocabulary):
                    continue
                key = (distance, len(form) - (stop - start), -len(target.form), start)
                found.append((key, Match(target, start, stop, distance)))
                if nearest:
                    cap = min(cap, distance)
        return found


def _partial_cutoff(n: int, k: int) -> float:
    """The least partial_ratio of a name holding a window within k OSA edits of an n-letter form.

    Rounded down a little: rapidfuzz computes in floating point.
    """
    return 100.0 * (1 - 3 * k / (2 * (n - k))) - 1e-3 if k else 100.0 - 1e-3


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
        if not target.word or not edits:
            return  # a spelled-out target needs no near window, unless it must stand as a word
    if not edits:
        return
    # One comparison with the widest window rules out all of them when even it is too far:
    # dropping the extra letters of the widest window costs at most `slack` edits.
    low, high = max(0, guess - edits), min(len(form), guess + n + edits)
    slack = high - low - (n - edits)
    if slack < 0 or OSA.distance(form[low:high], wanted, score_cutoff=edits + slack) > edits + slack:
        return
    for start in range(low, min(len(form) - 1, guess + edits) + 1):
        for size in range(max(1, n - edits), n + edits + 1):
            stop = start + size
            if stop > len(form):
                break
            distance = OSA.distance(form[start:stop], wanted, score_cutoff=edits)
            if distance <= edits:
                yield start, stop, distance


def minimal(texts: Iterable[str]) -> tuple[str, ...]:
    """The texts that contain none of the others: a line holding any text holds one of these."""
    kept: list[str] = []
    for text in sorted(set(texts), key=lambda t: (len(t), t)):
        if not any(shorter in text for shorter in kept):
            kept.append(text)
    return tuple(kept)


def rows_equal(joined: str, forms: set[str]) -> set[int]:
    """The lines of ``joined`` (forms from fold_many) that are exactly one of ``forms``."""
    positions = []
    for form in forms:
        at = joined.find(form) if form else -1
        while at >= 0:
            stop = at + len(form)
            if (at == 0 or joined[at - 1] == "\n") and (stop == len(joined) or joined[stop] == "\n"):
                positions.append(at)
            at = joined.find(form, at + 1)
    return lines_of(joined, positions)
