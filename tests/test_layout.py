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


STORAGE_MODULES = ("sqlmodel", "sqlalchemy", "psycopg", "sqlite3", "registry.models")
SQL_WORDS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ")


def _storage_code_in_cli(root: Path = ROOT) -> list[str]:
    """Every place in cli/ that imports storage, reaches for a session, or carries SQL."""
    found = []
    for path in sorted((root / "cli").rglob("*.py")):
        where = str(path.relative_to(root))
        for node in ast.walk(ast.parse(path.read_text(), where)):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found += [f"{where}:{node.lineno}: imports {n}" for n in names
                      if any(n == m or n.startswith(m + ".") for m in STORAGE_MODULES)]
            if isinstance(node, ast.Attribute) and node.attr in ("session", "exec"):
                found.append(f"{where}:{node.lineno}: uses .{node.attr}")
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and node.value.lstrip().upper().startswith(SQL_WORDS) and " FROM " in node.value.upper()):
                found.append(f"{where}:{node.lineno}: carries SQL")
    return found


def test_the_command_line_holds_no_storage_code_it_calls_services():
    assert _storage_code_in_cli() == []


def test_the_storage_check_would_notice_a_session_or_sql_in_a_command(tmp_path):
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "bad.py").write_text(
        "from sqlmodel import select\nfrom registry.models import Person\n\n"
        "def run(uow, reader):\n    reader.rows('SELECT id FROM person')\n    return uow.session.exec(select(Person))\n")
    assert {line.split(": ", 1)[1] for line in _storage_code_in_cli(tmp_path)} == {
        "imports sqlmodel", "imports registry.models", "uses .session", "uses .exec", "carries SQL"}
