"""Help texts in the user's language, decided before typer builds the commands.

``--lang`` is read from the raw arguments (typer parses it too late for help texts), then
``SMREG_LANG``, then the locale.
"""

from __future__ import annotations

import sys

from registry import i18n


def _from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


LANG = i18n.detect_language(_from_argv(sys.argv[1:]))


def H(en: str, nl: str) -> str:
    """A help text: English or Dutch."""
    return nl if LANG == "nl" else en
