"""One table of invisible characters, from Unicode's properties, used by every place that looks for them."""

from __future__ import annotations

import pytest

from audit.brand.forms import is_invisible as brand_invisible
from audit.reports.safe import mark_hidden
from registry import invisible
from registry.errors import ValidationError
from registry.platforms import parse_handle
from registry.vault import parse_vault_ref

# Zero-width space, right-to-left override, first-strong isolate, variation selector 16, soft
# hyphen, Hangul filler, a tag character, the Arabic letter mark, the Mongolian vowel separator.
HIDDEN = ["\u200b", "\u202e", "\u2068", "\ufe0f", "\u00ad", "\u3164", "\U000e0041", "\u061c", "\u180e"]
SHOWN = ["a", "é", "ß", "ŀ", "\u0301", "☀", " ", "-", "\u3042"]


def test_the_table_is_unicodes_default_ignorable_code_points_and_the_bidi_controls():
    assert all(invisible.is_invisible(ch) for ch in HIDDEN)
    assert not any(invisible.is_invisible(ch) for ch in SHOWN)
    assert invisible.has_invisible("Lindewijs\u200bWest") and not invisible.has_invisible("Lindewijs West")


@pytest.mark.parametrize("ch", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_every_place_that_looks_for_hidden_characters_finds_the_same_ones(ch):
    with pytest.raises(ValidationError):
        parse_handle("instagram", f"de{ch}zon")
    with pytest.raises(ValidationError):
        parse_vault_ref(f"op://Social/De{ch}Zon/password")
    assert brand_invisible(ch)
    assert mark_hidden(f"De{ch}Zon") == f"De[U+{ord(ch):04X}]Zon"


def test_ordinary_text_passes_everywhere():
    assert parse_handle("instagram", "de.zon").handle == "de.zon"
    assert parse_vault_ref("op://Social/De Zon ☀/password").value == "op://Social/De Zon ☀/password"
    assert not any(brand_invisible(ch) for ch in SHOWN)
    assert mark_hidden("Basisschool De Zon ☀") == "Basisschool De Zon ☀"
