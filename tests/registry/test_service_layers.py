"""Offboarding case state has one owner: the services around it import each other in one direction.

Every import counts, at the top of a module or inside a function: a circle of deferred imports is
still a circle, and the reason one service cannot be understood without all the others.
"""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "registry" / "services"
# The order they may import in: each only from those before it.
LAYERS = ("lookup", "config", "units", "offboarding", "checklists", "people", "accounts", "handovers")


def _imports(name: str) -> set[str]:
    tree = ast.parse((SERVICES / f"{name}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "registry.services":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("registry.services."):
                found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.rsplit(".", 1)[1] for a in node.names if a.name.startswith("registry.services."))
    return found & set(LAYERS)


def test_the_services_around_offboarding_import_each_other_in_one_direction_only():
    for position, name in enumerate(LAYERS):
        later = _imports(name) & set(LAYERS[position:])
        assert not later, f"registry/services/{name}.py imports {sorted(later)}, which stand above it: {LAYERS}"


def test_only_the_offboarding_service_writes_case_state():
    for path in sorted(SERVICES.glob("*.py")):
        if path.stem == "offboarding":
            continue
        text = path.read_text(encoding="utf-8")
        for model in ("OffboardingCase(", "CaseAccount("):
            assert model not in text, f"{path.name} builds {model[:-1]} rows; ask registry.services.offboarding"
        assert "close_case(" not in text and ".closed_on =" not in text, path.name
