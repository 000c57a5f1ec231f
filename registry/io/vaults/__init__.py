"""Readers of password-manager exports: what smreg keeps of a vault item, and nothing secret.

Each reader streams its file one item at a time and hands back a :class:`VaultItem` built from
the item's non-secret fields only: id, title, URLs, username, vault/collection/folder, whether it
is shared, its dates, and the date its password last changed where the export says so. The
password, TOTP seed, password history values, notes and custom fields are never copied out of
the item being read; once the item is turned into a :class:`VaultItem` the parsed item is gone.

A format is declared once in :data:`FORMATS` (its name, its password manager and its reader);
:func:`detect` recognises a file by its first bytes and header, and ``--from`` forces a format
or a manager. A problem with one item is a :class:`Problem` in the stream, so every bad item of
a file is listed before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from registry import i18n
from registry.errors import UsageError, ValidationError


@dataclass(frozen=True, slots=True)
class VaultItem:
    """One login item of a password-manager export, without any secret."""

    line: int  # the physical line (CSV) or the item's position in the file (JSON, XML)
    item_id: str
    title: str
    urls: tuple[str, ...] = ()
    username: str | None = None
    folder: str | None = None  # vault, collection, folder or group path
    vault_id: str | None = None  # the vault's own id where the manager has one (1Password)
    shared: bool | None = None  # in a shared organisational vault; None when the export cannot tell
    created_on: date | None = None
    updated_on: date | None = None
    password_changed_on: date | None = None
    path: str | None = None  # group path and title (KeePass), how a reference may name the entry


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad item: where (line or position), which field, what is wrong."""

    line: int
    column: str
    message: str


Reader = Callable[[str], Iterator["VaultItem | Problem"]]


@dataclass(frozen=True)
class Format:
    """A password-manager export smreg reads: its name for ``--from``, its manager, its reader."""

    name: str
    manager: str  # 1password | bitwarden | keepass | keeper
    label: str
    read: Reader


MANAGERS = ("1password", "bitwarden", "keepass", "keeper")
# The vault-reference scheme (registry.vault) whose references point into each manager's items.
SCHEME_OF_MANAGER = {"1password": "1password", "bitwarden": "bitwarden", "keepass": "keepass", "keeper": "keeper"}

i18n.register(
    {
        "vaultfile.unknown_format": (
            "{file} is not a password-manager export smreg recognises. Give the format with --from: {formats}.",
            "{file} is geen export van een wachtwoordbeheerder die smreg herkent. Geef de vorm op met --from: {formats}.",
        ),
        "vaultfile.bad_from": (
            "'{name}' is not a vault format. Use one of: {formats}.",
            "'{name}' is geen kluisvorm. Gebruik een van: {formats}.",
        ),
        "vaultfile.not_this_format": (
            "{file} is not a {label} file: {reason}. Check the file or the --from option.",
            "{file} is geen {label}-bestand: {reason}. Controleer het bestand of de optie --from.",
        ),
        "vaultfile.encrypted": (
            "{file} is an encrypted export; smreg reads only the unencrypted export. Export again without a password, import it, and delete the file straight after.",
            "{file} is een versleutelde export; smreg leest alleen de onversleutelde export. Exporteer opnieuw zonder wachtwoord, importeer en verwijder het bestand direct daarna.",
        ),
        "vaultfile.unreadable": (
            "{file} cannot be read as {label}: {reason}. Export it again from the password manager.",
            "{file} is niet te lezen als {label}: {reason}. Exporteer het opnieuw uit de wachtwoordbeheerder.",
        ),
        "vaultfile.no_id": ("the item has no id", "het item heeft geen id"),
        "vaultfile.no_title": ("the item has no title", "het item heeft geen titel"),
        "vaultfile.bad_date": ("'{value}' is not a date", "'{value}' is geen datum"),
        "vaultfile.too_few_cells": (
            "{count} cells where at least {width} are expected",
            "{count} cellen waar er minstens {width} verwacht worden",
        ),
        "vaultfile.bad_quotes": ("a quote is not closed", "een aanhalingsteken is niet gesloten"),
    }
)


def _formats() -> dict[str, Format]:
    from registry.io.vaults import bitwarden, keepass, keeper, onepassword

    found: dict[str, Format] = {}
    for module in (onepassword, bitwarden, keepass, keeper):
        for fmt in module.FORMATS:
            found[fmt.name] = fmt
    return found


def formats() -> dict[str, Format]:
    """Every format by name, in the order they are documented."""
    return _formats()


def format_names() -> str:
    return ", ".join([*formats(), *MANAGERS])


def detect(path: str | os.PathLike[str], forced: str | None = None) -> Format:
    """The format of a vault file: the one ``forced`` names, or the one its content shows.

    ``forced`` may name a format (``bitwarden-csv``) or a manager (``bitwarden``): then only
    that manager's formats are considered.
    """
    from registry.io.vaults.sniff import sniff

    known = formats()
    name = os.fspath(path)
    candidates = list(known.values())
    if forced:
        wanted = forced.strip().lower()
        if wanted in known:
            return known[wanted]
        if wanted not in MANAGERS:
            raise UsageError("vaultfile.bad_from", name=forced, formats=format_names())
        candidates = [f for f in candidates if f.manager == wanted]
    found = sniff(name)
    for fmt in candidates:
        if fmt.name == found:
            return fmt
    if forced and found is None and len(candidates) == 1:
        return candidates[0]
    raise ValidationError("vaultfile.unknown_format", file=os.path.basename(name), formats=format_names())


def read(path: str | os.PathLike[str], fmt: Format) -> Iterator[VaultItem | Problem]:
    """The items of a vault file, one at a time, and a Problem for each bad one."""
    return fmt.read(os.fspath(path))
