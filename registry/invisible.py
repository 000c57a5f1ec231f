"""Characters that render as nothing, declared once from Unicode's own properties.

``Default_Ignorable_Code_Point`` (zero-width spaces and joiners, soft hyphens, variation
selectors, Hangul fillers, tag characters, …) plus the bidirectional controls, which reorder
text (the "Trojan Source" trick), read through the ``regex`` package so that the table follows
Unicode rather than a hand-kept list. Handles, vault references, brand forms and reports all ask
here. Control characters (C0, C1) are another matter: each of them says what it does with those.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def pattern() -> Any:
    """One invisible character, as a compiled ``regex`` pattern (loaded on first use)."""
    import regex

    return regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]")


@cache
def is_invisible(ch: str) -> bool:
    """Whether one character renders as nothing or reorders text."""
    return pattern().match(ch) is not None


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds an invisible character anywhere (ASCII text never does)."""
    return not text.isascii() and pattern().search(text) is not None
