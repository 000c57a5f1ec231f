"""Code, docs and tests stay in step: every command and option has help, and the reference is current."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from cli.app import app
from cli.reference import walk

ROOT = Path(__file__).resolve().parents[1]


def _commands():
    return list(walk(typer.main.get_command(app), ["smreg"]))


def test_every_command_and_option_has_help():
    missing = []
    for path, command in _commands():
        if not (command.help or "").strip():
            missing.append(" ".join(path))
        ctx = typer.Context(command, info_name=path[-1])
        for param in command.get_params(ctx):
            if param.name == "help":
                continue
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{' '.join(path)} {param.name}")
    assert missing == []


def _generated(lang: str) -> str:
    env = {**os.environ, "SMREG_LANG": lang, "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "cli.reference", "--lang", lang], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True).stdout


def test_the_cli_reference_in_docs_matches_the_commands():
    assert (ROOT / "docs" / "cli.md").read_text() == _generated("en"), "run: python -m cli.reference --lang en > docs/cli.md"
    assert (ROOT / "docs" / "cli.nl.md").read_text() == _generated("nl"), "run: python -m cli.reference --lang nl > docs/cli.nl.md"


def test_every_command_is_in_the_reference_and_in_dutch():
    english = (ROOT / "docs" / "cli.md").read_text()
    dutch = (ROOT / "docs" / "cli.nl.md").read_text()
    for path, _command in _commands():
        assert f"`{' '.join(path)}`" in english
        assert f"`{' '.join(path)}`" in dutch
    assert "Registreer een account" in dutch


def test_the_guides_exist_in_dutch_and_english():
    for name in ("getting-started.md", "getting-started.nl.md", "architecture.md"):
        assert (ROOT / "docs" / name).stat().st_size > 500, name
    readme = (ROOT / "README.md").read_text()
    assert "smreg demo" in readme
