"""Generate the command-line reference (``docs/cli.md``, ``docs/cli.nl.md``) from the commands' own help.

Run ``python -m cli.reference --lang en > docs/cli.md``; a test fails when the docs and the
commands drift apart.
"""

from __future__ import annotations

import os
import sys


def walk(command, path: list[str]):
    yield path, command
    for name in sorted(getattr(command, "commands", {}) or {}):
        sub = command.commands[name]
        if getattr(sub, "hidden", False):
            continue
        yield from walk(sub, [*path, name])


def render() -> str:
    import typer

    from cli.app import app
    from cli.lang import LANG
    from cli.usage import notes

    root = typer.main.get_command(app)
    title = "smreg — opdrachtenoverzicht" if LANG == "nl" else "smreg — command reference"
    note = ("Gegenereerd uit de hulpteksten van de opdrachten (`python -m cli.reference --lang nl`)."
            if LANG == "nl" else "Generated from the commands' own help (`python -m cli.reference --lang en`).")
    lines = [f"# {title}", "", note, ""]
    for path, command in walk(root, ["smreg"]):
        ctx = typer.Context(command, info_name=path[-1])
        lines.append(f"{'#' * min(len(path) + 1, 4)} `{' '.join(path)}`")
        lines.append("")
        if command.help:
            lines.append(command.help.strip())
            lines.append("")
        pieces = command.collect_usage_pieces(ctx)
        lines.append(f"    {' '.join(path)} {' '.join(pieces)}".rstrip())
        lines.append("")
        for param in command.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                if getattr(param, "param_type_name", "") == "argument":
                    lines.append(f"- `{param.human_readable_name}`" + (f": {param.help}" if getattr(param, "help", None) else ""))
                continue
            names, text = record
            text = notes(text) if LANG == "nl" else text
            lines.append(f"- `{names}`: {text}" if text else f"- `{names}`")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    if "--lang" in sys.argv:
        os.environ["SMREG_LANG"] = sys.argv[sys.argv.index("--lang") + 1]
        del sys.argv[1:]
    sys.stdout.write(render())
