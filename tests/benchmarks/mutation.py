"""Mutation scores of the modules whose mistakes users would meet: each against its own tests.

    python tests/benchmarks/mutation.py                 # all four modules
    python tests/benchmarks/mutation.py registry/vault.py

For each module it runs mutmut (``pip install mutmut``) with only that module mutated and only
its own test files run (SQLite only, so no server is needed), then prints killed / counted and
the score. A mutant that makes the tests fail to collect counts as killed (pytest exits non-zero);
one that times out counts as killed too. Mutants that only change the text of a string (messages,
help) are not counted, as the score is about behaviour. It takes a few minutes per module and
changes nothing in the repository (mutmut's own ``mutants/`` folder and a temporary ``setup.cfg``
are removed afterwards). Not part of the test suite.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each module and the tests that are its own.
MODULES: dict[str, list[str]] = {
    "audit/rules/handover.py": ["tests/audit/rules/test_sm702.py", "tests/audit/rules/test_sm703.py",
                                "tests/audit/rules/test_sm704.py"],
    "audit/brand/match.py": ["tests/audit/brand"],
    "registry/platforms": ["tests/registry/test_platforms.py", "tests/registry/test_platform_pages.py"],
    "registry/vault.py": ["tests/registry/test_vault.py"],
}
# Tests that look at the interpreter itself (frame locals), which mutmut's trampolines change.
DESELECT = ["-k", "not locals_of_the_frames"]
KILLED = ("killed", "timeout", "suspicious")
_STATUS = re.compile(r"^\s*(\S+): (\S.*)$")


def _source(path: str) -> str:
    """A module may be one file or, once split, a package of the same name."""
    if (ROOT / path).exists():
        return path
    if (ROOT / f"{path}.py").exists():
        return f"{path}.py"
    raise SystemExit(f"{path}: no such module")


def _tokens(code: str) -> list[tokenize.TokenInfo]:
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.string.strip()]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def _message_like(tokens: list[tokenize.TokenInfo], index: int) -> bool:
    """A string that is text for people: it has a space in it, or it is a keyword argument (a message's parameter)."""
    value = tokens[index].string
    if " " in value.strip("'\"rbfuRBFU"):
        return True
    return index >= 2 and tokens[index - 1].string == "=" and tokens[index - 2].type == tokenize.NAME


def _functions(path: Path) -> dict[str, str]:
    """The source of every function in mutmut's mutated copy of a module, by name."""
    import ast

    text = path.read_text(encoding="utf-8")
    return {node.name: ast.get_source_segment(text, node) or "" for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def text_only(mutant: str, functions: dict[str, str]) -> bool:
    """Whether a mutant changes nothing but the contents of string literals (a message, a help text)."""
    name = mutant.rsplit(".", 1)[-1]
    original = functions.get(name.rsplit("__mutmut_", 1)[0] + "__mutmut_orig")
    changed = functions.get(name)
    if original is None or changed is None:
        return False
    bare = name.rsplit("__mutmut_", 1)[0]
    before = _tokens(original.replace(bare + "__mutmut_orig", bare))
    after = _tokens(changed.replace(name, bare))
    if not before or len(before) != len(after):
        return False
    differing = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a.string != b.string]
    return bool(differing) and all(before[i].type == tokenize.STRING and after[i].type == tokenize.STRING
                                   and _message_like(before, i) for i in differing)


def score(module: str, tests: list[str]) -> tuple[int, int, list[str]]:
    source = _source(module)
    config = ROOT / "setup.cfg"
    if config.exists():
        raise SystemExit("setup.cfg exists; this script writes its own and would overwrite it")

    def listed(values: list[str]) -> str:
        return "".join(f"\n    {v}" for v in values)

    # setup.cfg lists are one value per line (mutmut's reader), so "not postgres" stays one argument.
    config.write_text("[mutmut]\n"
                      f"source_paths ={listed([source])}\n"
                      f"also_copy ={listed(['audit', 'registry', 'cli', 'tests'])}\n"
                      f"pytest_add_cli_args_test_selection ={listed(tests)}\n"
                      f"pytest_add_cli_args ={listed(['-p', 'no:xdist', '-m', 'not postgres', *DESELECT])}\n",
                      encoding="utf-8")
    try:
        ran = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", "2"], cwd=ROOT, check=False,
                             capture_output=True, text=True)
        if ran.returncode != 0:
            raise SystemExit(f"{module}: mutmut could not run the tests:\n{ran.stdout[-2000:]}{ran.stderr[-2000:]}")
        listing = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=ROOT,
                                 capture_output=True, text=True, check=False).stdout
        functions: dict[str, str] = {}
        for path in (ROOT / "mutants" / source).rglob("*.py") if (ROOT / source).is_dir() else [ROOT / "mutants" / source]:
            functions.update(_functions(path))
        killed = counted = 0
        survivors = []
        for line in listing.splitlines():
            match = _STATUS.match(line)
            if not match:
                continue
            name, status = match.groups()
            if status.strip() in KILLED:
                killed += 1
                counted += 1
                continue
            if text_only(name, functions):
                continue
            counted += 1
            survivors.append(name)
        return killed, counted, survivors
    finally:
        config.unlink(missing_ok=True)
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)


def main(argv: list[str]) -> int:
    chosen = {m: MODULES[m] for m in (argv or MODULES)}
    for module, tests in chosen.items():
        killed, counted, survivors = score(module, tests)
        share = killed / counted if counted else 1.0
        print(f"{module:28} {killed:4d} / {counted:<4d} killed  {share:6.1%}  (target 85 %)")
        for name in survivors[:15]:
            print(f"    survived: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
