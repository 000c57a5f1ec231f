"""Every rule describes itself in both languages, has its own test file and a current page in docs/rules."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.model import Severity
from audit.rules import all_rules, get
from audit.rules.base import SECTIONS
from audit.rules.docs import DOCS, page, stale
from audit.sarif import level
from registry import i18n

ROOT = Path(__file__).resolve().parents[3]
CLAUSE = re.compile(r"^P-I\.\d[a-d]?$")


def test_rule_ids_are_unique_and_grouped_by_hundreds():
    ids = [rule.id for rule in all_rules()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"SM[67]\d\d", rule_id) for rule_id in ids)
    assert {"SM701", "SM702", "SM703", "SM704", "SM705", "SM706", "SM709", "SM710"} <= set(ids)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_each_rule_has_a_name_severity_clause_and_every_section_in_both_languages(rule):
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.name)
    assert isinstance(rule.severity, Severity)
    assert CLAUSE.match(rule.clause)
    for lang in ("en", "nl"):
        text = rule.explained(lang)
        assert text.title.strip()
        for section in SECTIONS:
            assert len(getattr(text, section)) > 40, (rule.id, lang, section)
    assert rule.explained("nl").what != rule.explained("en").what
    for variant, (english, dutch) in rule.messages.items():
        assert english.strip() and dutch.strip() and english != dutch, (rule.id, variant)
        assert i18n.has(f"rule.{rule.id}.{variant}")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_each_rule_has_its_own_test_file(rule):
    assert (Path(__file__).parent / f"test_{rule.id.lower()}.py").is_file()


def test_the_rule_pages_in_docs_are_generated_from_the_rules_own_text():
    assert stale() == [], "run: python -m audit.rules.docs"
    assert sorted(p.name for p in DOCS.glob("SM*.md")) == sorted(f"{rule.id}.md" for rule in all_rules())


def test_the_docs_generator_can_be_run_as_a_module_and_checks_the_pages():
    done = subprocess.run([sys.executable, "-m", "audit.rules.docs", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_page_has_the_fixed_sections_in_the_language_asked_for():
    english, dutch = page(get("SM702"), "en"), page(get("sm702"), "nl")
    assert [line for line in english.splitlines() if line.startswith("## ")] == [
        "## What it does", "## Why it matters", "## Example", "## How to fix"]
    assert [line for line in dutch.splitlines() if line.startswith("## ")] == [
        "## Wat de regel doet", "## Waarom het ertoe doet", "## Voorbeeld", "## Oplossen"]
    assert "critical_after_days" in english and "P-I.7b" in dutch


def test_every_severity_maps_to_a_sarif_level():
    assert {severity: level(severity) for severity in Severity} == {
        Severity.info: "note", Severity.low: "note", Severity.medium: "warning",
        Severity.high: "error", Severity.critical: "error"}
