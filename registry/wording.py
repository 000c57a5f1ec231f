"""Small pieces of wording that messages share: a person as a reader knows them, and a value as it
must be typed inside a command that a message suggests.
"""

from __future__ import annotations

import re
from typing import Any

# What a POSIX shell reads as it is; anything else is put in double quotes.
_PLAIN = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def person_named(person: Any) -> str:
    """``Sanne de Wit (10234)`` while the person's data is kept; the employee id alone once erased."""
    if person is None:
        return ""
    name = None if getattr(person, "erased_on", None) else getattr(person, "name", None)
    return f"{name} ({person.employee_id})" if name else str(person.employee_id)


def command_arg(value: str) -> str:
    """``value`` as it is typed in a shell command: as it is, or in double quotes when it holds a
    space or another character the shell would read (``"whatsapp:Ouders groep 8 De Zon"``)."""
    if _PLAIN.fullmatch(value):
        return value
    return '"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"'
