"""Bitwarden: the JSON export (personal or organisation), the CSV export, and ``bw list items``.

Field names follow Bitwarden's own export code (``cipher.export``, ``login.export``) and the CLI's
item response (``login.response``). Only login items (type 1) that are not in the trash are
kept. An item in an organisation (``organizationId`` set, or the organisation export's
``collections`` column) is in a shared vault. The password's revision date is the CLI's
``login.passwordRevisionDate``; an export gives only the password history's ``lastUsedDate``
(the day the previous password was replaced), and without history the item's creation date.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from registry import i18n
from registry.errors import ValidationError
from registry.io.vaults import Format, Problem, VaultItem
from registry.io.vaults.common import csv_rows, dated, urls_of

_LOGIN = 1


def _ijson():
    import ijson

    return ijson


def read_json(path: str) -> Iterator[VaultItem | Problem]:
    """A Bitwarden JSON export: ``{"encrypted": false, "folders"|"collections": […], "items": […]}``."""
    ijson = _ijson()
    with open(path, "rb") as handle:
        encrypted = next(ijson.items(handle, "encrypted"), False)
    if encrypted:
        raise ValidationError("vaultfile.encrypted", file=os.path.basename(path))
    names: dict[str, str] = {}
    for section in ("folders", "collections"):
        with open(path, "rb") as handle:
            for entry in ijson.items(handle, f"{section}.item"):
                if isinstance(entry, dict) and entry.get("id"):
                    names[str(entry["id"])] = str(entry.get("name") or "")
    with open(path, "rb") as handle:
        yield from _items(ijson.items(handle, "items.item"), names)


def read_cli(path: str) -> Iterator[VaultItem | Problem]:
    """``bw list items``: a JSON array of items, each with ``login.passwordRevisionDate``."""
    ijson = _ijson()
    with open(path, "rb") as handle:
        yield from _items(ijson.items(handle, "item"), {})


def _items(stream: Iterator[Any], names: dict[str, str]) -> Iterator[VaultItem | Problem]:
    for position, item in enumerate(stream, start=1):
        found = _item(position, item, names)
        del item  # the parsed item, secrets and all, lives no longer than this row
        yield from found


def _item(position: int, item: Any, names: dict[str, str]) -> list[VaultItem | Problem]:
    if not isinstance(item, dict) or item.get("type") != _LOGIN or item.get("deletedDate"):
        return []
    problems: list[Problem] = []
    login = item.get("login") if isinstance(item.get("login"), dict) else {}
    item_id = str(item.get("id") or "").strip()
    title = str(item.get("name") or "").strip()
    if not item_id:
        problems.append(Problem(position, "id", i18n.t("vaultfile.no_id")))
    uris = [u.get("uri") for u in login.get("uris") or () if isinstance(u, dict)]
    created = dated(item.get("creationDate"), position, "creationDate", problems)
    updated = dated(item.get("revisionDate"), position, "revisionDate", problems)
    changed = dated(login.get("passwordRevisionDate"), position, "passwordRevisionDate", problems)
    if changed is None:
        history = [h.get("lastUsedDate") for h in item.get("passwordHistory") or () if isinstance(h, dict)]
        days = [d for d in (dated(h, position, "passwordHistory", problems) for h in history) if d]
        changed = max(days) if days else (created if login.get("password") else None)
    if problems:
        return list(problems)
    collections = [names.get(str(c), "") for c in item.get("collectionIds") or ()]
    folder = ", ".join(c for c in collections if c) or names.get(str(item.get("folderId") or ""), "") or None
    return [VaultItem(position, item_id, title, urls_of(uris), _text(login.get("username")), folder,
                      _text(item.get("organizationId")), bool(item.get("organizationId")), created, updated, changed)]


def read_csv(path: str) -> Iterator[VaultItem | Problem]:
    """The CSV export: ``folder|collections,favorite,type,name,notes,fields,reprompt,login_uri,
    login_username,login_password,login_totp``. It has no item ids and no dates."""
    rows = csv_rows(path, header=False)
    head = next(rows, None)
    if head is None or isinstance(head, Problem):
        if head is not None:
            yield head
        return
    columns = {name.strip().lower(): i for i, name in enumerate(head[1])}
    organisation = "collections" in columns
    where = columns.get("collections", columns.get("folder"))
    kind, name, uri, user = (columns.get(c) for c in ("type", "name", "login_uri", "login_username"))
    for entry in rows:
        if isinstance(entry, Problem):
            yield entry
            return
        line, cells = entry

        def cell(index: int | None, cells: list[str] = cells) -> str:
            return cells[index].strip() if index is not None and index < len(cells) else ""

        if kind is not None and cell(kind).lower() not in ("", "login"):
            continue
        title = cell(name)
        if not title:
            yield Problem(line, "name", i18n.t("vaultfile.no_title"))
            continue
        uris = [u.strip() for u in cell(uri).split(",")]
        yield VaultItem(line, "", title, urls_of(uris), cell(user) or None, cell(where) or None, None, organisation)
        del cells, entry


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


FORMATS = (
    Format("bitwarden-json", "bitwarden", "Bitwarden JSON", read_json),
    Format("bitwarden-csv", "bitwarden", "Bitwarden CSV", read_csv),
    Format("bitwarden-cli", "bitwarden", "bw list items", read_cli),
)
