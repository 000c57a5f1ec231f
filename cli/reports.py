"""``smreg report`` and ``smreg verify``: reports for auditors, signed and checked offline."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the report and verify commands to the root app."""
