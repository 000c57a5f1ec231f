"""Concepts with one owner: the modules around them import each other in one direction.

Every import counts, at the top of a module or inside a function, and so does one made for type
annotations only: a circle of deferred imports is still a circle, and the reason one module cannot
be understood without all the others. Two groups are held to it: the services around offboarding
(case state has one owner), and the store's layers (engine, origins, snapshots, keys, the event
log, and the store with its unit of work on top).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "registry" / "services"
# The order they may import in: each only from those before it.
LAYERS = ("lookup", "config", "units", "offboarding", "checklists", "people", "accounts", "handovers")
STORE_LAYERS = ("registry.engine", "registry.origin", "registry.snapshots", "registry.services.keys",
                "registry.events", "registry.db")
GROUPS = {
    "services": tuple(f"registry.services.{name}" for name in LAYERS),
    "store": STORE_LAYERS,
}


def _imported(source: str) -> set[str]:
    """Every module a source imports, by dotted name (``from registry import events`` names registry.events)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _imports_of(module: str) -> set[str]:
    return _imported((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))


def _against_the_direction(layers: tuple[str, ...], imports) -> list[str]:
    return [f"{name} imports {sorted(imports(name) & set(layers[position:]))}"
            for position, name in enumerate(layers) if imports(name) & set(layers[position:])]


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_group_of_modules_imports_in_one_direction_only(group):
    assert _against_the_direction(GROUPS[group], _imports_of) == [], f"each may import only those before it: {GROUPS[group]}"


def test_the_direction_check_would_notice_a_deferred_or_annotation_only_import_back_up():
    sources = {
        "registry.engine": "from registry import i18n\n",
        "registry.events": "def write():\n    from registry.engine import bulk_insert_tuples\n",
        "registry.snapshots": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from registry.db import UnitOfWork\n",
        "registry.db": "from registry import events, snapshots\n",
    }
    layers = ("registry.engine", "registry.snapshots", "registry.events", "registry.db")
    assert _against_the_direction(layers, lambda name: _imported(sources[name])) == [
        "registry.snapshots imports ['registry.db']"]


def test_only_the_offboarding_service_writes_case_state():
    for path in sorted(SERVICES.glob("*.py")):
        if path.stem == "offboarding":
            continue
        text = path.read_text(encoding="utf-8")
        for model in ("OffboardingCase(", "CaseAccount("):
            assert model not in text, f"{path.name} builds {model[:-1]} rows; ask registry.services.offboarding"
        assert "close_case(" not in text and ".closed_on =" not in text, path.name
