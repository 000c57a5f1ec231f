"""What every command shares: global options, opening the store, dates from options."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import typer

from cli.lang import H

if TYPE_CHECKING:
    from registry.db import Store


@dataclass
class State:
    db: str | None = None
    actor: str | None = None
    debug: bool = False
    # The command line as given, so that no error repeats a value from it that may be a password.
    given: tuple[str, ...] = ()

    def actor_name(self) -> str:
        if self.actor:
            return self.actor
        env = os.environ.get("SMREG_ACTOR")
        if env:
            return env
        try:
            return getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name in some containers
            return "unknown"


STATE = State()


def open_store(*, check: bool = True) -> Store:
    from registry import settings
    from registry.db import Store

    store = Store(settings.resolve(STATE.db))
    _warn_once(store.cipher.warnings)
    if check:
        store.check_version()
    return store


def hide_secrets(text: str) -> str:
    """An error's text with each value from the command line that may be a password (typed into
    the wrong option, say) replaced by «hidden». Every error smreg shows passes through here."""
    from registry import i18n
    from registry.vault import may_be_secret

    for arg in STATE.given:
        value = arg.partition("=")[2] if arg.startswith("--") else arg
        if value and may_be_secret(value):
            for written in {value, repr(value)[1:-1]}:
                text = text.replace(written, i18n.t("cli.hidden"))
    return text


_WARNED: set[str] = set()  # emptied as each command starts (cli.app), so it means "in this command"


def new_command() -> None:
    _WARNED.clear()


def _warn_once(texts: list[str]) -> None:
    """Say each warning about the store's key file once in a command, however often it opens the store."""
    from registry import i18n

    for text in texts:
        if text not in _WARNED:
            _WARNED.add(text)
            typer.echo(i18n.t("cli.warning", message=text), err=True)


def parse_day(value: str | None, *, default_today: bool = True) -> date | None:
    from registry import clock
    from registry.io.dates import parse_date

    if value is None:
        return clock.today() if default_today else None
    return parse_date(value)


FORMAT_HELP = H("Output format: table, json or csv.", "Uitvoervorm: table, json of csv.")


def format_option():
    from cli.output import Format

    return typer.Option(Format.table, "--format", "-f", help=FORMAT_HELP, case_sensitive=False)
