"""The tests carry their own files: nothing a test or fixture reads lies outside the repository.

A fresh clone must pass its own suite, so every path a test names is inside the checkout (or a
temporary folder the test makes). Paths are checked where they are written: absolute paths into
the machine's folders, and climbs from ``__file__`` that go above the repository's root.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"

# Absolute paths a test may name: programs it runs, never data it reads.
_ALLOWED_ABSOLUTE = ("/usr/bin/", "/dev/null")
# What an absolute path into this or another machine's folders looks like.
_MACHINE_PATH = re.compile(r"^/(work|home|root|srv|mnt|opt|var|tmp|etc|usr|data|shared)(/|$)")


def _sources() -> list[Path]:
    # This file names such paths on purpose, as probes of the check.
    return sorted(p for p in TESTS.rglob("*.py") if p.resolve() != Path(__file__).resolve())


def _climb(node: ast.AST) -> int | None:
    """How many folders ``node`` climbs above ``__file__``; None if it does not start from it."""
    levels = 0
    while True:
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            levels += 1
            node = node.value
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
              and node.value.attr == "parents" and isinstance(node.slice, ast.Constant)):
            levels += node.slice.value + 1
            node = node.value.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("resolve", "absolute"):
            node = node.func.value
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "__file__":
            return levels
        else:
            return None


def _outside(source: str, where: Path) -> list[str]:
    """Every place in ``source`` (the file ``where`` in the repository) that names a path outside it."""
    found = []
    depth = len(where.parts)  # climbs that reach the root itself
    for node in ast.walk(ast.parse(source, str(where))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if "shared/samples" in text or (_MACHINE_PATH.match(text) and not text.startswith(_ALLOWED_ABSOLUTE)):
                found.append(f"{where}:{node.lineno}: absolute path {text!r}")
        elif isinstance(node, ast.Attribute | ast.Subscript):
            levels = _climb(node)
            if levels is not None and levels > depth:
                found.append(f"{where}:{node.lineno}: climbs {levels} folders from __file__, above the repository")
    return found


def test_no_test_or_fixture_names_a_file_outside_the_repository():
    problems = [p for path in _sources() for p in _outside(path.read_text(encoding="utf-8"), path.relative_to(ROOT))]
    assert problems == []


def test_the_check_catches_the_ways_a_test_reaches_outside():
    source = (
        "from pathlib import Path\n"
        'A = Path(__file__).resolve().parents[2].parent / "shared" / "samples"\n'
        'B = Path("/work/shared/samples")\n'
        'C = Path("/home/someone/hr.csv")\n'
        'D = Path(__file__).parent.parent.parent / "data"\n'
        'E = Path(__file__).resolve().parents[1] / "data" / "samples"\n'
        'F = "/usr/bin/chromium"\n'
    )
    problems = _outside(source, Path("tests/cli/test_probe.py"))
    assert sorted(int(p.split(":")[1]) for p in problems) == [2, 3, 4]


def test_the_sample_files_the_import_tests_read_are_in_the_repository():
    for name in ("hr_export_nl.csv", "accounts_sample.csv"):
        assert (TESTS / "data" / "samples" / name).is_file()
