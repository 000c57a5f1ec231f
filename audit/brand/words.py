"""Words around and near a brand term: the affix vocabulary, and the real words a typo may be.

Two questions the matcher asks of the letters next to, or instead of, a brand term:

- Is the rest of a word an *affix*? ``lwsfans``, ``scholenlws`` and ``officieellws`` glue a short
  term to a word of a vocabulary (:data:`AFFIXES`, Dutch and English, extended by the
  organisation's setting ``brand_affixes``); ``bowlwsport`` glues it to letters that are no such
  word, so there the term is only three letters of an ordinary word. :func:`is_affix_rest`
  says whether a rest is made of affix words, numbers and separators only.
- Is a near spelling of a term a *real word*? ``Florette`` is two edits from ``Fioretti`` and a
  first name. :func:`is_real_word` looks a word up in the Dutch, English, German and French word
  lists of the pyspellchecker package (they hold common first and last names and some place
  names too) and in the organisation's allow-list (``brand_allow``), always for the whole word: a
  town the lists lack (``Lindewiese``, two edits from ``Lindewijs``) is cleared by adding it to
  the allow-list, and a word made of two real words (``Walgenhors``: walgen + hors) is no proof.
  The lists are read on first use only: most scans never ask.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

# Words people glue to a school board's name or short name, in Dutch and English. Lower case,
# without accents; longer words first does not matter (the segmentation tries every length).
AFFIXES = frozenset(
    ["fans", "fan", "fanclub", "fanpage", "club", "official", "officials", "officieel", "officiele", "officiel", "echt", "echte", "real", "the", "de", "nl", "be", "eu", "com", "org", "net", "info", "news", "nieuws", "nieuw", "updates", "update", "team", "teams", "staff", "crew", "school", "scholen", "schools", "basisschool", "basisscholen", "bs", "obs", "cbs", "rkbs", "pcbs", "ikc", "kc", "kindcentrum", "kindcentra", "college", "lyceum", "gymnasium", "mavo", "havo", "vwo", "vmbo", "atheneum", "academie", "academy", "stichting", "foundation", "groep", "group", "groups", "bestuur", "board", "sector", "campus", "locatie", "afdeling", "juf", "juffen", "meester", "meesters", "meneer", "mevrouw", "leerkracht", "leerkrachten", "docent", "docenten", "teacher", "teachers", "ouders", "ouder", "parents", "parent", "leerling", "leerlingen", "pupils", "students", "student", "alumni", "oudleerlingen", "kids", "kinderen", "klas", "klassen", "class", "bso", "tso", "kdv", "opvang", "kinderopvang", "peuters", "sport", "sports", "media", "foto", "fotos", "photos", "video", "videos", "tv", "radio", "live", "blog", "vlog", "hq", "hr", "jobs", "vacatures", "werken", "careers", "support", "help", "contact", "service", "admin", "beheer", "mijn", "my", "our", "onze", "nederland", "holland", "dutch", "noord", "zuid", "oost", "west", "north", "south", "east", "account", "accounts", "page", "pagina", "profiel", "profile", "channel", "kanaal"]
)
_LONGEST_AFFIX = max(map(len, AFFIXES))
_NUMBER = re.compile(r"\d+")
_SEPARATORS = re.compile(r"[\W_]+")


class Vocabulary:
    """The affix words and allowed words of one organisation (built-ins plus its settings)."""

    def __init__(self, affixes: Iterable[str] = (), allow: Iterable[str] = ()) -> None:
        self.affixes = AFFIXES | {_plain(word) for word in affixes if _plain(word)}
        self.allow = frozenset(_plain(word) for word in allow if _plain(word))
        self._longest = max(_LONGEST_AFFIX, *(len(w) for w in self.affixes))
        self._forms = frozenset(_folded(word) for word in self.affixes)
        # answers already looked up: a scan asks about the same words again and again
        self._words: dict[str, bool] = {}

    def is_affix_rest(self, rest: str) -> bool:
        """True when ``rest`` (what is left of a word beside a term) is only affix words,
        numbers and separators — or nothing at all. Affix words are compared in their matching
        form, so ``fan5`` and ``0fficieel`` are affix words too."""
        pieces = [piece for piece in _SEPARATORS.split(rest) if piece]
        return all(self._segments(piece) for piece in pieces)

    def _segments(self, text: str) -> bool:
        """Whether ``text`` splits into affix words and numbers (a word break anywhere)."""
        from audit.brand.forms import fold

        reachable = [True] + [False] * len(text)
        for start in range(len(text)):
            if not reachable[start]:
                continue
            number = _NUMBER.match(text, start)
            if number:
                reachable[number.end()] = True
            for stop in range(start + 1, min(len(text), start + self._longest) + 1):
                if not reachable[stop] and fold(text[start:stop]) in self._forms:
                    reachable[stop] = True
        return reachable[len(text)]

    def is_real_word(self, word: str) -> bool:
        """True when ``word`` is a Dutch or English word or name, or on the allow-list."""
        plain = _plain(word)
        if not plain or not plain.isalpha():
            return False
        known = self._words.get(plain)
        if known is None:
            known = self._words[plain] = plain in self.allow or plain in _word_list()
        return known


def _folded(word: str) -> str:
    from audit.brand.forms import fold

    return fold(word)


def _plain(text: str) -> str:
    """Lower case without accents: how words are looked up."""
    text = text.strip().casefold()
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text


# Words this short are too many to tell anything: a typo match is never this short anyway.
_SHORTEST_WORD = 4


_LANGUAGES = ("nl", "en", "de", "fr")  # Dutch and English, and the neighbours' place names and words


class _Sorted:
    """Words in sorted order, kept as one text of lines and looked up by bisection in it: 900,000
    words as separate strings would take every scan some 60 MB and a tenth of a second more."""

    def __init__(self, text: str) -> None:
        self.text = "\n" + text.strip("\n") + "\n"

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        text, low, high = self.text, 0, len(self.text) - 1  # the words between two line breaks
        while low < high:
            start = text.rfind("\n", low, (low + high) // 2 + 1)  # the line around the middle
            end = text.find("\n", start + 1)
            found = text[start + 1 : end]
            if found == word:
                return True
            if found < word:
                low = end
            else:
                high = start
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(self.text[1:-1].split("\n"))


@cache
def _word_list() -> _Sorted:
    """Dutch, English, German and French words and names from pyspellchecker's frequency lists.

    Reading the packaged lists takes seconds, so the words are kept once, as plain lines, in
    smreg's cache folder (``SMREG_CACHE_DIR``, else ``$XDG_CACHE_HOME/smreg`` or
    ``~/.cache/smreg``); later scans read that file in a fraction of a second.
    """
    from importlib.metadata import version

    cached = _cache_folder() / f"words-{version('pyspellchecker')}-{'-'.join(_LANGUAGES)}.txt"
    try:
        return _Sorted(cached.read_text(encoding="utf-8"))
    except OSError:
        pass
    words: set[str] = set()
    folder = resources.files("spellchecker").joinpath("resources")
    for language in _LANGUAGES:
        with gzip.open(folder.joinpath(f"{language}.json.gz").open("rb")) as handle:
            words.update(_plain(word) for word in json.load(handle) if len(word) >= _SHORTEST_WORD)
    found = _Sorted("\n".join(sorted(word for word in words if word.isalpha())))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(cached.name + f".{os.getpid()}.partial")
        partial.write_text(found.text.strip("\n"), encoding="utf-8")
        os.replace(partial, cached)
    except OSError:
        pass  # a read-only home: the lists are read again next time
    return found


def _cache_folder() -> Path:
    configured = os.environ.get("SMREG_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "smreg"
