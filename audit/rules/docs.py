"""Rule pages from the rules' own text: ``smreg audit --explain``, ``docs/rules/*.md`` and SARIF help.

``python -m audit.rules.docs`` writes ``docs/rules/<ID>.md`` (English, then Dutch) and an index;
``--check`` only reports whether the pages on disk are current. A test runs the check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from audit.controls import SECTIONS, ControlMap, effective, framework_name, title
from audit.model import SEVERITY_TEXTS
from audit.rules import all_rules
from audit.rules.base import Rule

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
GENERATED = "<!-- Generated from the rule's own text by `python -m audit.rules.docs`; edit the rule, not this page. -->"

# Section headings and labels, per language (pages hold both languages, whatever the command's).
LABELS = {
    "en": {"what": "What it does", "why": "Why it matters", "example": "Example", "fix": "How to fix",
           "rule": "Rule", "severity": "Default severity", "clause": "Clause", "index": "Audit rules",
           "controls": "Controls", "coverage": "Controls and their evidence", "framework": "Framework",
           "control": "Control", "evidence": "Rules and report sections",
           "coverage_intro": "Which rules and report sections give evidence for each control, as smreg ships them; "
                             "an organisation adds its own framework with `smreg config set controls.FRAMEWORK.RULE`.",
           "intro": "Each rule of `smreg audit`, with its default severity and the protocol clause it enforces."},
    "nl": {"what": "Wat de regel doet", "why": "Waarom het ertoe doet", "example": "Voorbeeld", "fix": "Oplossen",
           "rule": "Regel", "severity": "Standaardernst", "clause": "Protocolbepaling", "index": "Auditregels",
           "controls": "Normen", "coverage": "Normen en hun bewijs", "framework": "Normenkader",
           "control": "Norm", "evidence": "Regels en rapportonderdelen",
           "coverage_intro": "Welke regels en rapportonderdelen bewijs leveren voor elke norm, zoals smreg ze levert; "
                             "een organisatie voegt haar eigen normenkader toe met `smreg config set controls.NORMENKADER.REGEL`.",
           "intro": "Elke regel van `smreg audit`, met de standaardernst en de protocolbepaling die hij bewaakt."},
}


def _word(rule: type[Rule], lang: str) -> str:
    return SEVERITY_TEXTS[rule.severity][1 if lang == "nl" else 0]


def severity_text(rule: type[Rule], lang: str) -> str:
    word = _word(rule, lang)
    note = rule.severity_note[1 if lang == "nl" else 0]
    return f"{word}. {note}" if note else word


def page(rule: type[Rule], lang: str, controls: ControlMap | None = None) -> str:
    """The rule explained in one language, as Markdown; ``controls`` is the organisation's mapping
    (the rule's own declaration when None, as on the generated pages)."""
    text = rule.explained(lang)
    labels = LABELS[lang]
    mapping = controls or effective({}, [rule])
    lines = [
        f"# {rule.id} · {text.title}",
        "",
        "| | |",
        "|---|---|",
        f"| {labels['rule']} | `{rule.id}` `{rule.name}` |",
        f"| {labels['severity']} | {severity_text(rule, lang)} |",
        f"| {labels['clause']} | {rule.clause} |",
        f"| {labels['controls']} | {mapping.text(rule.id, lang)} |",
    ]
    for section in ("what", "why", "example", "fix"):
        lines += ["", f"## {labels[section]}", "", getattr(text, section)]
    return "\n".join(lines) + "\n"


def document(rule: type[Rule]) -> str:
    """The page on disk: English, then Dutch."""
    return f"{GENERATED}\n\n{page(rule, 'en')}\n---\n\n{page(rule, 'nl')}"


def index() -> str:
    lines = [GENERATED, ""]
    mapping = effective({})
    for lang in ("en", "nl"):
        labels = LABELS[lang]
        lines += [f"# {labels['index']}", "", labels["intro"], "",
                  f"| {labels['rule']} | | {labels['severity']} | {labels['clause']} | {labels['controls']} |",
                  "|---|---|---|---|---|"]
        for rule in all_rules():
            word = _word(rule, lang)
            lines.append(f"| [{rule.id}]({rule.id}.md) | {rule.explained(lang).title} | {word} | {rule.clause} "
                         f"| {mapping.text(rule.id, lang)} |")
        lines += ["", f"## {labels['coverage']}", "", labels["coverage_intro"], "",
                  f"| {labels['framework']} | {labels['control']} | | {labels['evidence']} |", "|---|---|---|---|"]
        for framework, control, subjects in mapping.coverage([*(r.id for r in all_rules()), *SECTIONS]):
            lines.append(f"| {framework_name(framework)} | {control} | {title(framework, control, lang)} "
                         f"| {', '.join(f'`{s}`' for s in subjects)} |")
        lines.append("")
    return "\n".join(lines)


def pages() -> dict[str, str]:
    """File name → content of every generated page."""
    result = {f"{rule.id}.md": document(rule) for rule in all_rules()}
    result["README.md"] = index()
    return result


def stale(directory: Path = DOCS) -> list[str]:
    """The generated pages that are missing or differ from what is on disk."""
    return [name for name, content in pages().items()
            if not (directory / name).exists() or (directory / name).read_text(encoding="utf-8") != content]


def write(directory: Path = DOCS) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in pages().items():
        target = directory / name
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")
            written.append(name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DOCS, help="where the pages go (default docs/rules)")
    parser.add_argument("--check", action="store_true", help="only report pages that are not current; exit 1 if any")
    args = parser.parse_args(argv)
    if args.check:
        behind = stale(args.dir)
        for name in behind:
            print(f"{args.dir / name} is not current; run: python -m audit.rules.docs", file=sys.stderr)
        return 1 if behind else 0
    for name in write(args.dir):
        print(args.dir / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
