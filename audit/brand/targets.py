"""What a name may imitate: brand terms and registered handles as *targets*, and their anchors.

A target's form may sit anywhere in a name's form (an affix: ``aloysiusfans``) or, for short
targets, must stand alone. Targets long enough not to flood with false alarms also match within
a small optimal-string-alignment distance, growing with the length (:data:`TYPO_EDITS`); they
are also looked for in the spellings a reader takes for the same letters (``rn`` for ``m``).
:func:`anchors` cuts a target into the pieces one of which is intact in any near spelling.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from audit.brand.forms import Spelled, units
from audit.brand.model import RegisteredAccount

# (shortest length, edits allowed): a term of 5–7 letters allows one edit, of 8 or more two.
TYPO_EDITS = ((5, 1), (8, 2))
# A term this long, spelled out, is the brand wherever it stands (``mijnlindewijs``); a shorter
# one only as a word of its own or beside affix words (``lindefans``, not ``lindenhof``).
LONG_TERM = 8
# Brand terms this short must stand as a word of their own ("wsg" in "wsg_nieuws", not in "newsgroup").
SHORT_TERM = 4
# A registered handle this long is also recognised inside a longer handle: as a word of its own
# ("obs_de_zon_official"), or anywhere once it is long enough to be unmistakable.
ACCOUNT_AFFIX = 8
ACCOUNT_ANYWHERE = 12
# Registered handles can be many: runs of letters this long that several of them share are
# common words ("college", "basisschool"), not what makes one of them its own.
ACCOUNT_ANCHOR = 4
# A registered handle of this many letters or more is copied by one edit anywhere in it, brand
# term or not (``LWSMaaslnd``, ``KWSMaasland``, ``de.zon.schooll``).
ACCOUNT_TYPO = 6


# Letter pairs a reader takes for one letter. A target is also looked for spelled with them, so
# that the names themselves need not be rewritten (which would also join "r_n" into an "m").
LOOKALIKE_PAIRS = (("m", "rn"), ("w", "vv"), ("W", "VV"))
_SWAPS = {a: b for pair in LOOKALIKE_PAIRS for a, b in (pair, pair[::-1])}
_SWAPPABLE = re.compile("|".join(sorted(map(re.escape, _SWAPS), key=len, reverse=True)))
_MAX_SPELLINGS = 8


def lookalike_spellings(text: str) -> list[str]:
    """Other spellings of ``text`` that read the same: ``rn`` for ``m``, ``vv`` for ``w``, and back."""
    parts = _SWAPPABLE.split(text)
    found = _SWAPPABLE.findall(text)
    if not found:
        return []
    choices = [(piece, _SWAPS[piece]) for piece in found]
    if 2 ** len(choices) > _MAX_SPELLINGS:
        choices = [(piece,) for piece in found[:-1]] + [choices[-1]]  # too many: vary the last only
        combos = [tuple(_SWAPS[p] for p in found)] + list(itertools.product(*choices))
    else:
        combos = list(itertools.product(*choices))
    spellings = []
    for combo in combos:
        spelled = "".join(p + c for p, c in zip(parts, [*combo, ""], strict=True))
        if spelled != text and spelled not in spellings:
            spellings.append(spelled)
    return spellings


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
    gaps: tuple[str, ...]  # the separators between its letters, as configured
    account: RegisteredAccount | None = None
    lookalike: bool = False  # spelled with rn for m (or the like), not as configured

    @property
    def form(self) -> str:
        return self.spelled.form


def term_targets(term: str) -> list[Target]:
    """The targets of a brand term: as configured, and in its lookalike spellings."""
    found = []
    for text in [term, *lookalike_spellings(term)]:
        spelled = units(text)
        n = len(spelled.form)
        if n:
            found.append(Target(term, spelled, max_edits(n), True, n <= SHORT_TERM, spelled.gaps(0, n), None, text != term))
    return found


def account_targets(account: RegisteredAccount, label: str, name: str) -> list[Target]:
    """The targets of a registered official handle (``name`` is the part people read).

    A handle of :data:`ACCOUNT_TYPO` letters or more is copied by one edit anywhere in it, also
    inside a brand term it contains or when it contains none.
    """
    found = []
    for text in [name, *lookalike_spellings(name)]:
        spelled = units(text)
        n = len(spelled.form)
        if not n:
            continue
        edits = 1 if n >= ACCOUNT_TYPO else 0
        affix, word = n >= ACCOUNT_AFFIX, n < ACCOUNT_ANYWHERE
        found.append(Target(label, spelled, edits, affix, word, spelled.gaps(0, n), account, text != name))
    return found


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
