"""Options whose values are codes, typed as the code or as its word in the user's language.

``--fail-on kritiek`` is ``--fail-on critical``: the words are the ones tables show
(:mod:`registry.labels`), read back in any case; a value that is neither is refused with the
values listed in the user's language.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import TypeVar

import typer

from registry import i18n
from registry.labels import accepted_words

i18n.register(
    {
        "cli.bad_word": ("'{value}' is not a valid choice; choose from {allowed}.",
                         "'{value}' is geen geldige keuze; kies uit {allowed}."),
    }
)


E = TypeVar("E", bound=enum.StrEnum)


def parser_of(kind: type[E], words: Mapping[str, tuple[str, str]]) -> Callable[[object], E]:
    """A typer ``parser`` for an option of ``kind``, taking each code or its word in either language."""
    accepted = accepted_words(words)

    def parse(value: object) -> E:
        if isinstance(value, kind):
            return value
        code = accepted.get(str(value).strip().casefold())
        if code is None:
            dutch = i18n.get_language() == "nl"
            allowed = ", ".join(pair[1] if dutch else pair[0] for pair in words.values())
            raise typer.BadParameter(i18n.t("cli.bad_word", value=value, allowed=allowed))
        return kind(code)

    return parse
