"""``smreg scan`` and ``smreg observe``: accounts seen in the wild, checked for brand misuse."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the scan and observe commands to the root app."""
