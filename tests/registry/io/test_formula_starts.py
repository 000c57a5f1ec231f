"""One set of formula starts: what an export neutralises is exactly what an import restores."""

from __future__ import annotations

from registry.io.cells import FORMULA_STARTS, neutralise, restore
from registry.services import imports


def test_every_formula_start_is_neutralised_on_export_and_taken_off_again_on_import():
    for start in sorted(FORMULA_STARTS):
        value = start + "HYPERLINK(\"https://example.org\")"
        exported = neutralise(value)
        assert exported == "'" + value, repr(start)
        # The reader strips each cell before the import sees it.
        imported = imports.clean({"display_name": exported.strip()}, frozenset())["display_name"]
        assert imported == restore(exported.strip()) == value.strip(), repr(start)


def test_nul_counts_as_a_formula_start_as_owasp_asks_and_only_at_the_start():
    assert "\x00" in FORMULA_STARTS
    assert neutralise("\x00=1+1") == "'\x00=1+1"
    assert neutralise("a\x00=1") == "a\x00=1"
    assert restore("'\x00=1+1") == "\x00=1+1"


def test_an_apostrophe_before_ordinary_text_is_the_users_own_and_stays():
    assert restore("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert neutralise("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert imports.clean({"unit": "'s-Hertogenbosch"}, frozenset())["unit"] == "'s-Hertogenbosch"
