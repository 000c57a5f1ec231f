"""Generators of labelled brand corpora, one row class at a time, for two fictional school boards.

``python tests/brand_corpora.py`` writes ``tests/data/brand/wilgenhorst/`` (the long term
*Wilgenhorst*) and ``tests/data/brand/spo/`` (the three-letter abbreviation *SPO*): ``terms.txt``,
``registered.csv`` and ``observed.csv`` with the columns of a scan plus ``label``, ``class`` and
``why``. The same seed writes the same files; a test holds the files to the generators.

The classes are the impostor's tricks and their hard negatives:

- ``url``: profile addresses with a page path; impostors, the organisation's own accounts seen
  through a link to one of their posts, and ordinary accounts whose link mentions the brand.
- ``affix``: a term glued to words of the affix vocabulary, against the same letters inside
  ordinary words (taken from the Dutch, English, German and French word lists).
- ``copy``: one edit (typo fuzzers, homoglyphs) from a registered handle, on any platform,
  against other schools' handles and people's names.
- ``typo2``: two fuzzer edits of a long term, against real words and names near it; for a short
  term, single edits that must stay clear (no typos below five letters).
- ``presentation``: right-to-left override with the term reversed, letters drawn with symbols,
  invisible characters, confusables from Unicode's data, against ordinary names dressed the same.
- ``window``: the term with a separator, affix word or number, against longer words of other
  languages that hold most of the term.
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "brand"
COLUMNS = ("platform", "handle", "display_name", "url", "platform_id", "avatar", "first_seen", "source",
           "label", "class", "why")
CLASSES = ("url", "affix", "copy", "typo2", "presentation", "window")
PER_CLASS = 420  # rows of each class, per brand

Row = tuple[str, str, str, str, str, str]  # platform, handle, display_name, url, label, why

FIRST = ["jan", "piet", "kees", "anna", "sanne", "lotte", "emma", "sophie", "daan", "bram", "lucas", "noah", "finn", "sem", "julia", "tess", "fleur", "lieke", "marieke", "henk", "gerrit", "willem", "maarten", "koen", "thijs", "ruben", "iris", "eva", "nina", "femke", "anouk", "esther", "ingrid", "joost", "mark", "ilse", "luuk", "milan", "levi", "sara", "fatima", "mohamed", "yusuf", "aylin", "ahmed", "noor", "roos", "jesse", "tim", "stijn", "bas", "gijs", "mees", "teun", "hugo", "lars", "jasper", "sven", "ivo", "olga", "vera", "wendy", "karin", "petra"]
LAST = ["jansen", "devries", "vandenberg", "bakker", "visser", "smit", "meijer", "dejong", "mulder", "bos", "vos", "peters", "hendriks", "dekker", "vanleeuwen", "dijkstra", "brouwer", "degraaf", "kok", "vandam", "yilmaz", "elamrani", "willems", "vermeulen", "vandijk", "schouten", "kuipers", "vanwijk", "postma", "huisman", "kramer", "prins", "bosman", "koster", "hoekstra", "vink"]
# Ordinary account words of teachers, clubs and shops: nothing of either brand.
WORDS = ["bakkerij", "kapper", "fietsen", "tuin", "keuken", "foto", "design", "kunst", "muziek", "hockey", "voetbal", "tennis", "zwemmen", "reizen", "koken", "boeken", "natuur", "dieren", "paarden", "honden", "katten", "garage", "schilder", "makelaar"]
SCHOOL_WORDS = ["basisschool", "school", "college", "lyceum", "kindcentrum", "ikc", "obs", "cbs", "academie"]
OTHER_SCHOOLS = ("de regenboog", "het kompas", "de klimop", "de vlinder", "de wegwijzer", "het palet",
                 "de springplank", "de zonnebloem", "de horizon", "de boomgaard", "de tweemaster")
AFFIXES = ("fans", "official", "officieel", "school", "scholen", "nl", "info", "team", "juf", "meester",
           "ouders", "nieuws", "news", "academie", "college", "alumni", "bso", "updates", "club", "tv",
           "media", "echt", "the", "de", "mijn", "kids", "sport", "foto", "2024", "2025", "01", "123")
PLATFORMS = ("x", "instagram", "tiktok", "facebook", "youtube", "threads")
KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = "aeiou"
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "g": "9", "b": "8"}
DRAWN = {"l": "|_", "k": "|<", "n": "|\\|", "w": "\\/\\/", "d": "[)", "c": "(", "h": "|-|", "v": "\\/", "m": "|\\/|"}
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff")
RLO, PDF = "\u202e", "\u202c"


@dataclass(frozen=True)
class Brand:
    """A fictional school board: its terms, its registered accounts, and what is near its name."""

    folder: str
    terms: tuple[str, ...]
    term: str  # the term the generators disguise
    registered: tuple[tuple[str, str, str, str], ...]  # platform, handle, display name, kind
    seed: int


WILGENHORST = Brand(
    "wilgenhorst", ("Wilgenhorst", "Stichting Wilgenhorst"), "Wilgenhorst",
    (("x", "WilgenhorstWest", "Wilgenhorst West", "official"),
     ("x", "WilgenhorstAcad", "Wilgenhorst Academie", "official"),
     ("instagram", "wilgenhorst.academie", "Wilgenhorst Academie", "official"),
     ("instagram", "de.linde.school", "De Linde", "official"),
     ("linkedin", "company/wilgenhorst", "Stichting Wilgenhorst", "official"),
     ("youtube", "@wilgenhorst", "Wilgenhorst", "official"),
     ("facebook", "obs.de.esdoorn", "OBS De Esdoorn", "official"),
     ("tiktok", "kc.het.anker", "Kindcentrum Het Anker", "official"),
     ("x", "juf_marloes_linde", "Juf Marloes", "work")),
    seed=2026,
)
SPO = Brand(
    "spo", ("SPO",), "SPO",
    (("x", "SPOMaasland", "SPO Maasland", "official"),
     ("x", "SPO_Zuid", "SPO Zuid", "official"),
     ("instagram", "spo.dezon", "SPO De Zon", "official"),
     ("instagram", "obs.de.klimop", "OBS De Klimop", "official"),
     ("facebook", "spo.ouders", "Ouders SPO", "official"),
     ("linkedin", "company/spo-maasland", "SPO Maasland", "official"),
     ("tiktok", "ikc.de.meander", "IKC De Meander", "official"),
     ("x", "meester_ruud_klimop", "Meester Ruud", "work")),
    seed=3003,
)
BRANDS = (WILGENHORST, SPO)


# --- fuzzers: one edit each, as typo-squatting tools make them -------------------------------------

def _neighbours(ch: str) -> str:
    for row, keys in enumerate(KEYBOARD):
        at = keys.find(ch)
        if at >= 0:
            near = keys[max(0, at - 1) : at] + keys[at + 1 : at + 2]
            for other in (row - 1, row + 1):
                if 0 <= other < len(KEYBOARD):
                    near += KEYBOARD[other][max(0, at - 1) : at + 1]
            return near.replace(ch, "")
    return "x"


def omission(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    return text[:at] + text[at + 1 :]


def repetition(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    return text[: at + 1] + text[at] + text[at + 1 :]


def insertion(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    return text[:at] + rng.choice(_neighbours(text[at].lower())) + text[at:]


def replacement(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    return text[:at] + rng.choice(_neighbours(text[at].lower())) + text[at + 1 :]


def transposition(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) - 1)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


def vowel_swap(rng: random.Random, text: str) -> str:
    places = [i for i, ch in enumerate(text) if ch.lower() in VOWELS]
    if not places:
        return replacement(rng, text)
    at = rng.choice(places)
    return text[:at] + rng.choice(VOWELS.replace(text[at].lower(), "")) + text[at + 1 :]


FUZZERS = (omission, repetition, insertion, replacement, transposition, vowel_swap)


def one_edit(rng: random.Random, text: str) -> str:
    """One fuzzer edit that changes the letters (not only their case)."""
    for _ in range(20):
        fuzzed = rng.choice(FUZZERS)(rng, text)
        if fuzzed.lower() != text.lower() and _letters(fuzzed) != _letters(text):
            return fuzzed
    return text[1:]


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _lookalikes() -> dict[str, list[str]]:
    """ASCII lower-case letter → single Cyrillic or Greek characters Unicode calls confusable with it."""
    from audit.brand.forms import _prototypes

    found: dict[str, list[str]] = {}
    for ch, proto in _prototypes().items():
        if len(proto) == 1 and proto.isascii() and proto.islower() and proto.isalpha():
            name = __import__("unicodedata").name(ch, "")
            if name.startswith(("CYRILLIC SMALL", "GREEK SMALL")):
                found.setdefault(proto, []).append(ch)
    return {letter: sorted(chars) for letter, chars in found.items()}


def homoglyph(rng: random.Random, text: str, table: dict[str, list[str]]) -> str:
    places = [i for i, ch in enumerate(text) if ch in table]
    if not places:
        return text
    at = rng.choice(places)
    return text[:at] + rng.choice(table[text[at]]) + text[at + 1 :]


def leet(rng: random.Random, text: str) -> str:
    places = [i for i, ch in enumerate(text) if ch.lower() in LEET]
    at = rng.choice(places)
    return text[:at] + LEET[text[at].lower()] + text[at + 1 :]


def drawn(rng: random.Random, text: str) -> str:
    places = [i for i, ch in enumerate(text) if ch.lower() in DRAWN]
    if not places:
        return leet(rng, text)
    at = rng.choice(places)
    return text[:at] + DRAWN[text[at].lower()] + text[at + 1 :]


def invisible(rng: random.Random, text: str) -> str:
    at = rng.randrange(1, len(text))
    return text[:at] + rng.choice(INVISIBLE) + text[at:]


def reversed_override(text: str) -> str:
    return RLO + text[::-1]


def _case(rng: random.Random, text: str) -> str:
    return rng.choice((text, text.lower(), text.upper(), text.capitalize()))


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    sep = rng.choice(("", "_", ".", ""))
    handle = rng.choice((first + sep + last, first[0] + sep + last, first + sep + rng.choice(WORDS),
                         first + last + str(rng.randint(1, 99))))
    shown = " ".join(w.capitalize() for w in rng.choice(((first, last), (first, rng.choice(WORDS)),
                                                          (first, "van", last), (rng.choice(WORDS), first))))
    return handle, shown


def _platform(rng: random.Random) -> str:
    return rng.choice(PLATFORMS)


# --- the classes ------------------------------------------------------------------------------------

PAGES = {
    "x": ("https://x.com/{}/media", "https://x.com/{}/status/17{}", "https://twitter.com/{}/with_replies"),
    "instagram": ("https://www.instagram.com/{}/tagged/", "https://www.instagram.com/stories/{}/33{}/",
                  "https://www.instagram.com/{}/reels/"),
    "tiktok": ("https://www.tiktok.com/@{}/video/73{}", "https://www.tiktok.com/@{}?lang=nl-NL"),
    "youtube": ("https://www.youtube.com/@{}/videos", "https://www.youtube.com/@{}/shorts"),
    "threads": ("https://www.threads.net/@{}/post/C{}",),
    "facebook": ("https://www.facebook.com/{}/about", "https://www.facebook.com/{}/posts/pfbid0{}"),
    "linkedin": ("https://www.linkedin.com/{}/posts/?feedView=all", "https://www.linkedin.com/{}/about/"),
}


def _page(rng: random.Random, platform: str, handle: str) -> str:
    template = rng.choice(PAGES[platform])
    name = handle[1:] if platform == "youtube" and handle.startswith("@") else handle
    return template.format(name, rng.randint(10**8, 10**9))


def _impostor(rng: random.Random, brand: Brand, table: dict[str, list[str]]) -> str:
    term = brand.term
    base = rng.choice((term, term.lower(), term.upper()))
    trick = rng.random()
    if trick < 0.3:
        base = leet(rng, base)
    elif trick < 0.45:
        base = homoglyph(rng, base.lower(), table)
    joined = rng.choice(("", "_", "."))
    word = rng.choice(AFFIXES)
    return rng.choice((base + joined + word, word + joined + base, base))


def _registered(brand: Brand, platform: str, handle: str) -> bool:
    from registry.platforms import same_key

    key = same_key(platform, handle)
    return any(p == platform and same_key(p, h) == key for p, h, _, _ in brand.registered)


def url_class(rng: random.Random, brand: Brand, table: dict[str, list[str]]) -> Iterator[Row]:
    while True:
        kind = rng.random()
        if kind < 0.4:
            platform = rng.choice(("x", "instagram", "tiktok", "youtube", "threads", "facebook"))
            handle = _impostor(rng, brand, table)
            if platform in ("facebook",):
                handle = handle.replace("_", ".")
            if _registered(brand, platform, ("@" if platform == "youtube" else "") + handle):
                continue
            yield platform, "", "", _page(rng, platform, handle), "suspect", "impostor seen through a page of its profile"
        elif kind < 0.6:
            platform, handle, _, _kind = rng.choice([r for r in brand.registered if r[0] in PAGES])
            yield platform, _page(rng, platform, handle), "", "", "official", "own account seen through a link to one of its pages"
        else:
            platform = rng.choice(("x", "instagram", "tiktok", "youtube", "threads"))
            handle, shown = _person(rng)
            address = _page(rng, platform, handle)
            if rng.random() < 0.5:
                address += ("&" if "?" in address else "?") + "ref=" + brand.term.lower()
            yield platform, "", shown, address, "clear", "ordinary account through a page link"


def affix_class(rng: random.Random, brand: Brand, table: dict[str, list[str]], words: list[str]) -> Iterator[Row]:
    plain = brand.term.lower()
    # ordinary words with the term's letters: the short term inside them, or a half of a long one
    pieces = (plain,) if len(plain) <= 4 else (plain[:5], plain[-5:])
    holding = [w for w in words if any(p in w for p in pieces) and w != plain
               and (len(plain) <= 4 or _window_distance(w, plain) > 2)]
    while True:
        if rng.random() < 0.5:
            term = _case(rng, brand.term)
            word = rng.choice(AFFIXES)
            word = _case(rng, word) if not word.isdigit() else word
            handle = rng.choice((term + word, word + term, term + rng.choice(AFFIXES) + word))
            platform = _platform(rng)
            if _registered(brand, platform, handle):
                continue
            yield platform, handle, "", "", "suspect", "term glued to affix words"
        else:
            word = rng.choice(holding)
            handle = rng.choice((word, word.capitalize(), word + str(rng.randint(1, 99)), rng.choice(FIRST) + "_" + word))
            yield _platform(rng), handle, word.capitalize(), "", "clear", "the term's letters inside an ordinary word"


def copy_class(rng: random.Random, brand: Brand, table: dict[str, list[str]]) -> Iterator[Row]:
    officials = [r for r in brand.registered if r[3] == "official" and r[0] != "linkedin"]
    ours = " ".join(_letters(h) for _, h, _, _ in brand.registered)
    others = [school for school in OTHER_SCHOOLS if _letters(school) not in ours]
    while True:
        platform, handle, shown, _ = rng.choice(officials)
        name = handle.lstrip("@")
        roll = rng.random()
        if roll < 0.55:
            copy = one_edit(rng, name)
            where = platform if rng.random() < 0.7 else _platform(rng)
            yield where, ("@" + copy if platform == "youtube" else copy), "", "", "suspect", f"one edit from {platform}:{handle}"
        elif roll < 0.7:
            copy = homoglyph(rng, name.lower(), table)
            yield platform, copy, shown, "", "suspect", f"confusable letter in {platform}:{handle}"
        else:
            school = rng.choice(others)
            prefix = rng.choice(("obs", "cbs", "kc", "ikc", "bs", "rkbs"))
            handle2 = rng.choice((f"{prefix}.{school.replace(' ', '.')}", f"{prefix}_{school.replace(' ', '')}",
                                  _person(rng)[0]))
            yield _platform(rng), handle2, school.title(), "", "clear", "another school or a person"


def typo2_class(rng: random.Random, brand: Brand, table: dict[str, list[str]], near: list[str]) -> Iterator[Row]:
    term = brand.term
    while True:
        if len(_letters(term)) >= 8:
            if rng.random() < 0.5:
                fuzzed = term
                while len(_letters(fuzzed)) and _distance(fuzzed, term) < 2:
                    fuzzed = one_edit(rng, fuzzed)
                handle = rng.choice((fuzzed, fuzzed.lower(), fuzzed + "_" + rng.choice(AFFIXES)))
                yield _platform(rng), handle, "", "", "suspect", "two typo edits of a long term"
            else:
                word = rng.choice(near) if near and rng.random() < 0.6 else " ".join(_person(rng)[1].split()[:1]) + rng.choice(LAST)
                yield _platform(rng), word.capitalize(), word.capitalize(), "", "clear", "a real word or name near the term"
        else:
            fuzzed = one_edit(rng, term)
            if term.lower() in fuzzed.lower():
                continue  # an edit beside the term leaves the term itself, which is brand use
            yield _platform(rng), rng.choice((fuzzed, fuzzed.lower())) + rng.choice(("", "_" + rng.choice(WORDS))), \
                "", "", "clear", "one edit of a term too short for typos"


def presentation_class(rng: random.Random, brand: Brand, table: dict[str, list[str]]) -> Iterator[Row]:
    while True:
        term = _case(rng, brand.term)
        roll = rng.random()
        if roll < 0.5:
            trick = rng.choice(("rtl", "drawn", "invisible", "homoglyph"))
            if trick == "rtl":
                handle = reversed_override(term) + rng.choice(("", PDF + "_" + rng.choice(AFFIXES)))
            elif trick == "drawn":
                handle = drawn(rng, term.lower() if rng.random() < 0.5 else term) + rng.choice(("", "_" + rng.choice(AFFIXES)))
            elif trick == "invisible":
                handle = invisible(rng, term)
            else:
                handle = homoglyph(rng, term.lower(), table)
            field = rng.random()
            if field < 0.3:
                yield _platform(rng), _person(rng)[0], handle + " " + rng.choice(AFFIXES), "", "suspect", f"{trick} in the display name"
            else:
                yield _platform(rng), handle, "", "", "suspect", trick
        else:
            handle, shown = _person(rng)
            trick = rng.choice(("rtl", "drawn", "invisible"))
            if trick == "rtl":
                handle = reversed_override(handle)
            elif trick == "drawn":
                handle = drawn(rng, handle)
            else:
                handle = invisible(rng, handle)
            yield _platform(rng), handle, shown, "", "clear", f"an ordinary name with {trick}"


def window_class(rng: random.Random, brand: Brand, table: dict[str, list[str]], holding: list[str]) -> Iterator[Row]:
    while True:
        if rng.random() < 0.5:
            term = _case(rng, brand.term)
            rest = rng.choice(("-", "_", ".", " ")) + rng.choice((*AFFIXES, str(rng.randint(1, 2030))))
            handle = rng.choice((term + rest, rest.lstrip("-_. ") + rng.choice(("_", ".", "-")) + term, term + str(rng.randint(1, 99))))
            yield _platform(rng), handle, "", "", "suspect", "term beside a separator, affix word or number"
        else:
            word = rng.choice(holding)
            yield _platform(rng), rng.choice((word, word.capitalize())), word.capitalize(), "", "clear", \
                "a longer word of another language holding most of the term"


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return OSA.distance(_letters(a), _letters(b))


def _words() -> list[str]:
    from audit.brand.words import _word_list

    return sorted(_word_list())


def _near_words(term: str, words: list[str]) -> list[str]:
    """Real words and names two or three edits from the term (hard negatives of the typo class)."""
    from rapidfuzz.distance import OSA

    plain = _letters(term)
    return [w for w in words if abs(len(w) - len(plain)) <= 3 and 2 <= OSA.distance(w, plain, score_cutoff=3) <= 3]


def _window_distance(word: str, term: str) -> int:
    """The fewest edits between the term and any window of the word."""
    from rapidfuzz.distance import OSA

    n = len(term)
    return min((OSA.distance(word[a:b], term) for a in range(len(word)) for b in range(a + max(1, n - 3), min(len(word), a + n + 3) + 1)),
               default=n)


def _holding_most(term: str, words: list[str]) -> list[str]:
    """Longer words that hold most of the term beside letters that are no affix word: a real word
    of another language around the short term, or a real word's head or tail around all but one
    or two letters of a long one."""
    from audit.brand.words import AFFIXES as KNOWN

    plain = _letters(term)
    if len(plain) <= 4:
        return [w for w in words if plain in w and len(w) >= len(plain) + 3 and not w.startswith(plain)
                and not w.endswith(plain)]
    found = []
    for word in words[::97]:  # a spread of the alphabet
        if len(word) < 4 or word in KNOWN or len(found) >= 2000:
            continue
        for made in (plain[:-1] + word, plain[:-2] + word, word + plain[1:], word + plain[2:]):
            if plain not in made and _distance(made, plain) > 2:
                found.append(made)
    return found


def rows(brand: Brand) -> list[tuple[str, ...]]:
    """The labelled rows of one brand: PER_CLASS of each class, in a shuffled order."""
    rng = random.Random(brand.seed)
    table = _lookalikes()
    words = _words()
    near = _near_words(brand.term, words)
    holding = _holding_most(brand.term, words) or [brand.term.lower()[:-1] + w for w in WORDS]
    makers: dict[str, Callable[[], Iterator[Row]]] = {
        "url": lambda: url_class(rng, brand, table),
        "affix": lambda: affix_class(rng, brand, table, words),
        "copy": lambda: copy_class(rng, brand, table),
        "typo2": lambda: typo2_class(rng, brand, table, near),
        "presentation": lambda: presentation_class(rng, brand, table),
        "window": lambda: window_class(rng, brand, table, holding),
    }
    out = []
    seen: set[tuple[str, str, str]] = set()
    for name in CLASSES:
        made = makers[name]()
        count = 0
        while count < PER_CLASS:
            platform, handle, shown, url, label, why = next(made)
            key = (platform, handle, url)
            if key in seen:
                continue
            seen.add(key)
            day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.append((platform, handle, shown, url, "", "", day, "generated", label, name, why))
            count += 1
    rng.shuffle(out)
    return out


def write(brand: Brand, root: Path = DATA) -> Path:
    folder = root / brand.folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "terms.txt").write_text("".join(t + "\n" for t in brand.terms), encoding="utf-8")
    with open(folder / "registered.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(("platform", "handle", "display_name", "kind"))
        out.writerows(brand.registered)
    with open(folder / "observed.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(COLUMNS)
        out.writerows(rows(brand))
    return folder


if __name__ == "__main__":
    for brand in BRANDS:
        print(write(brand, Path(sys.argv[1]) if len(sys.argv) > 1 else DATA))
