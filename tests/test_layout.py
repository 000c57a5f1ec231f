"""The packages are the project's own, and their layers point one way: cli → audit → registry."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_generic_package_names_resolve_inside_the_project():
    import audit
    import cli
    import registry

    for package in (registry, audit, cli):
        assert Path(package.__file__).resolve().parent.parent == ROOT, package.__name__


def _imports(package: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((str(path.relative_to(ROOT)), node.module.split(".")[0]))
            elif isinstance(node, ast.Import):
                found.update((str(path.relative_to(ROOT)), alias.name.split(".")[0]) for alias in node.names)
    return found


def test_registry_never_imports_audit_or_cli_and_audit_never_imports_cli():
    assert {f for f, module in _imports("registry") if module in ("audit", "cli")} == set()
    assert {f for f, module in _imports("audit") if module == "cli"} == set()
