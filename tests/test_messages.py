"""Every text a user reads is a sentence in their language: keys resolve, both languages agree."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from helpers import raw_key_line

from registry import i18n

ROOT = Path(__file__).resolve().parents[1]
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _all_texts() -> None:
    import cli.app  # noqa: F401 - adds the audit's and the command line's catalogues

    i18n.load_all()


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def keys_used(root: Path = ROOT) -> dict[str, str]:
    """Every message key written as the first argument of ``t()`` or of an error, with where it is."""
    used = {}
    for package in ("registry", "audit", "cli"):
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                    continue
                name, first = _called(node), node.args[0].value
                if (name in ("t", "text_pair") or name.endswith("Error") or name in ("NotFound", "Conflict")) \
                        and isinstance(first, str) and KEY_RE.match(first):
                    used.setdefault(first, f"{path.relative_to(root)}:{node.lineno}")
    return used


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_code_uses_is_registered_in_english_and_dutch():
    _all_texts()
    used = keys_used()
    assert len(used) > 200  # the scan finds the code's keys, not nothing
    missing = {key: where for key, where in used.items() if not i18n.has(key)}
    assert missing == {}
    empty = [key for key in used if not all(text.strip() for text in i18n.text_pair(key))]
    assert empty == []


def test_both_languages_of_every_text_fill_in_the_same_values():
    _all_texts()
    catalogue = i18n.keys()
    differ = {key: (_fields(en), _fields(nl)) for key in catalogue for en, nl in [i18n.text_pair(key)]
              if _fields(en) != _fields(nl)}
    assert differ == {}


def test_the_key_scan_finds_keys_in_texts_and_in_errors(tmp_path):
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "x.py").write_text(
        "def f():\n    i18n.t('one.key', a=1)\n    raise NotFound('two.key')\n    raise ValidationError('three.key')\n"
        "    log.record('person.added')\n")
    assert set(keys_used(tmp_path)) == {"one.key", "two.key", "three.key"}


def test_a_missing_text_never_reaches_a_user_as_its_key_once_every_catalogue_is_loaded():
    from registry.errors import NotFound

    _all_texts()
    message = str(NotFound("unit.not_found", code="NOPE"))
    assert message == "There is no unit 'NOPE'. See `smreg unit list` for the codes."
    assert raw_key_line(message) is None


@pytest.mark.parametrize("text", ["Error: unit: unit.not_found {'code': 'NOPE'}",
                                  "  line 2: custodian: person.not_found {'id': '126'}"])
def test_the_output_check_on_every_command_recognises_a_raw_key(text):
    assert raw_key_line("Some rows:\n" + text + "\nmore") == text
    assert raw_key_line("Error: There is no unit 'NOPE'. See `smreg unit list` for the codes.") is None


def _specs(text: str) -> set[str]:
    return {spec for _, name, spec, _ in string.Formatter().parse(text) if name and spec and spec.isidentifier()}


def test_every_counted_noun_in_a_text_is_registered_with_its_plural():
    _all_texts()
    catalogue = i18n.keys()
    unknown = {key: _specs(en) | _specs(nl) for key in catalogue for en, nl in [i18n.text_pair(key)]
               if (_specs(en) | _specs(nl)) - set(i18n.nouns())}
    assert unknown == {}


def test_counts_are_written_with_real_singular_and_plural_forms():
    _all_texts()
    i18n.set_language("nl")
    assert [i18n.count(n, "bad_row") for n in (0, 1, 6)] == ["0 foute rijen", "1 foute rij", "6 foute rijen"]
    assert i18n.count(6, "suspect") == "6 verdachte accounts"
    assert i18n.t("import.rejected", count=1).startswith("Het bestand heeft 1 foute rij;")
    i18n.set_language("en")
    assert i18n.t("import.rejected", count=2).startswith("The file has 2 bad rows;")
    catalogue = i18n.keys()
    hedged = {key: pair for key in catalogue for pair in [i18n.text_pair(key)]
              if any(re.search(r"\w\((s|en|e|n)\)", text) for text in pair)}
    assert hedged == {}


def test_dates_in_dutch_messages_read_day_month_year():
    from datetime import UTC, date, datetime

    i18n.register({"test.dated": ("Ends on {end}.", "Eindigt op {end}.")})
    i18n.set_language("nl")
    assert i18n.t("test.dated", end=date(2026, 7, 1)) == "Eindigt op 01-07-2026."
    assert i18n.t("test.dated", end="2026-07-01") == "Eindigt op 01-07-2026."
    assert i18n.t("test.dated", end=datetime(2026, 7, 1, 9, 5, tzinfo=UTC)) == "Eindigt op 01-07-2026 09:05 UTC."
    i18n.set_language("en")
    assert i18n.t("test.dated", end=date(2026, 7, 1)) == "Ends on 2026-07-01."


# One Dutch word per concept: the words chosen, and the ones they replace.
ONE_WORD = {"reservebeheerder": "tweede beheerder", "signaleringstermijn": "opzegtermijn",
            "vrijgesteld": "uitgezonderd", "vrijstelling": "uitzondering"}


def test_each_concept_has_one_dutch_word_in_every_catalogue():
    _all_texts()
    catalogue = i18n.keys()
    dutch = " ".join(i18n.text_pair(key)[1].lower() for key in catalogue)
    assert {chosen: replaced for chosen, replaced in ONE_WORD.items() if replaced in dutch} == {}


def test_every_report_kind_and_every_code_a_table_translates_has_its_words():
    from audit.reports import ReportKind
    from registry import labels

    _all_texts()
    assert [k.value for k in ReportKind if not i18n.has(f"report.kind.{k.value}")] == []
    i18n.set_language("nl")
    assert [labels.label("kind", k) for k in ("official", "work", "group", "office")] == [
        "officieel", "werk", "groep", "bureau"]
    assert [labels.label("status", s) for s in ("active", "leaving", "left")] == ["actief", "vertrekt", "vertrokken"]
    assert (labels.label("verdict", "suspect"), labels.label("verdict", "clear"), labels.label("state", "new")) == (
        "verdacht", "niets gevonden", "nieuw")
    assert labels.label("kind", "not-a-code") == "not-a-code"
