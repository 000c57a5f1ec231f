"""The command table: `smreg --help` lists every command without importing any, and each module
declares exactly the commands the table gives it."""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer
import typer.main

from cli.commands import COMMANDS


def test_each_module_declares_exactly_the_commands_the_table_names():
    for module_name in sorted({row[0] for row in COMMANDS.values()}):
        module = importlib.import_module(module_name)
        holder = typer.Typer()
        if hasattr(module, "register"):
            module.register(holder)
        else:
            holder.add_typer(module.app, name="x")
            continue  # a sub-app is one command; its name comes from the table
        declared = set(typer.main.get_group(holder).commands)
        assert declared == {name for name, row in COMMANDS.items() if row[0] == module_name}, module_name


def test_help_lists_every_command_without_importing_their_modules():
    modules = sorted({row[0] for row in COMMANDS.values()})
    script = (
        "import sys\n"
        "from cli.app import app\n"
        "try:\n"
        "    app(['--help'], prog_name='smreg')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('LOADED', [m for m in {modules!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.startswith("  ")]
    assert listed == list(COMMANDS)
    assert out.strip().splitlines()[-1] == "LOADED []"


def test_a_command_loads_only_its_own_module():
    script = (
        "import sys\n"
        "from cli.app import app\n"
        "try:\n"
        "    app(['unit', '--help'], prog_name='smreg')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LOADED', sorted(m for m in sys.modules if m in ('cli.units', 'cli.accounts', 'cli.reports', 'cli.observe')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "Usage: smreg unit" in out
    assert out.strip().splitlines()[-1] == "LOADED ['cli.units']"


def test_an_unknown_command_is_refused_as_before():
    command = [sys.executable, "-c", "import sys; sys.argv[0] = 'smreg'; from cli.app import run; run()", "nope"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 2
    assert "No such command 'nope'" in result.stderr
