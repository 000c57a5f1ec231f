"""KeePass: the KeePass 2 XML export, and the KeePassXC CSV export.

The XML file is read as a stream (``defusedxml``, so no entity tricks): each ``Entry`` is taken
when it ends and then cleared, its ``History`` with it. Entries in the recycle bin are not kept.
The password's revision date comes from the history: the time the entry was first saved with the
password it has now (each version's password is compared with the current one inside the entry
and never leaves it). KeePassXC's CSV (``CsvExporter.cpp``) writes ``Group, Title, Username,
Password, URL, Notes`` and, since 2.6, ``TOTP, Icon, Last Modified, Created``; it has no entry
ids, so references find an entry by its group path. A KeePass database is the organisation's
own file, so its entries count as shared.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from registry import i18n
from registry.io.vaults import Format, Problem, VaultItem
from registry.io.vaults.common import dated, positional_rows, urls_of


def _uuid(text: str | None) -> str:
    """KeePass writes a UUID as base64 of its 16 bytes; references write it as 32 hex digits."""
    if not text:
        return ""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        return text.strip()
    return raw.hex() if len(raw) == 16 else text.strip()


def _strings(entry: Any) -> dict[str, str]:
    """The entry's plain fields; Password, notes and custom strings are left where they are."""
    kept = {}
    for string in entry.findall("String"):
        key = string.findtext("Key") or ""
        if key in ("Title", "UserName", "URL"):
            kept[key] = (string.findtext("Value") or "").strip()
    return kept


def _password_of(entry: Any) -> str | None:
    for string in entry.findall("String"):
        if string.findtext("Key") == "Password":
            return string.findtext("Value") or ""
    return None


def _password_set_on(entry: Any) -> str | None:
    """The modification time of the oldest version in the unbroken run that has today's password."""
    current = _password_of(entry)
    if not current:
        return None
    since = entry.findtext("Times/LastModificationTime")
    versions = entry.findall("History/Entry")
    for version in reversed(versions):
        if _password_of(version) != current:
            break
        since = version.findtext("Times/LastModificationTime")
    else:
        since = entry.findtext("Times/CreationTime") or since
    return since


def read_xml(path: str) -> Iterator[VaultItem | Problem]:
    from defusedxml.ElementTree import iterparse

    groups: list[tuple[str, str]] = []  # (uuid, name) of the groups the reader is in
    recycle_bin = ""
    position = 0
    depth_in_entry = 0
    for event, element in iterparse(path, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == "Entry":
                depth_in_entry += 1
            elif tag == "Group" and not depth_in_entry:
                groups.append(("", ""))
            continue
        if tag == "RecycleBinUUID":
            recycle_bin = _uuid(element.text)
        elif tag in ("UUID", "Name") and groups and not depth_in_entry and groups[-1][0 if tag == "UUID" else 1] == "":
            # a group's own UUID and Name come before its entries and subgroups
            uuid, name = groups[-1]
            groups[-1] = (_uuid(element.text), name) if tag == "UUID" else (uuid, (element.text or "").strip())
        elif tag == "Group" and not depth_in_entry:
            groups.pop()
            element.clear()
        elif tag == "Entry":
            depth_in_entry -= 1
            if depth_in_entry:
                continue  # a version inside History: read with its entry
            position += 1
            if not (recycle_bin and any(uuid == recycle_bin for uuid, _ in groups)):
                yield from _entry(position, element, groups)
            element.clear()  # the entry, its password and its history, gone with the row


def _entry(position: int, entry: Any, groups: list[tuple[str, str]]) -> list[VaultItem | Problem]:
    problems: list[Problem] = []
    fields = _strings(entry)
    title = fields.get("Title", "")
    created = dated(entry.findtext("Times/CreationTime"), position, "CreationTime", problems)
    updated = dated(entry.findtext("Times/LastModificationTime"), position, "LastModificationTime", problems)
    changed = dated(_password_set_on(entry), position, "History", problems)
    item_id = _uuid(entry.findtext("UUID"))
    if not item_id:
        problems.append(Problem(position, "UUID", i18n.t("vaultfile.no_id")))
    if problems:
        return list(problems)
    names = [name for _, name in groups if name]
    folder = "/".join(names) or None
    path = "/".join([*names, title])
    return [VaultItem(position, item_id, title, urls_of(fields.get("URL")), fields.get("UserName") or None, folder,
                      None, True, created, updated, changed, path)]


def read_csv(path: str) -> Iterator[VaultItem | Problem]:
    """KeePassXC's CSV: by position, after its header row."""
    for entry in positional_rows(path, header=True, width=6):
        if isinstance(entry, Problem):
            yield entry
            continue
        line, cells = entry
        group, title, username, url = cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[4].strip()
        problems: list[Problem] = []
        updated = dated(cells[8].strip(), line, "Last Modified", problems) if len(cells) > 8 else None
        created = dated(cells[9].strip(), line, "Created", problems) if len(cells) > 9 else None
        del cells, entry  # the password, notes and TOTP seed in the row go with it
        if not title:
            problems.append(Problem(line, "Title", i18n.t("vaultfile.no_title")))
        if problems:
            yield from problems
            continue
        yield VaultItem(line, "", title, urls_of(url), username or None, group or None, None, True, created, updated,
                        None, "/".join(p for p in (group, title) if p))


FORMATS = (
    Format("keepass-xml", "keepass", "KeePass 2 XML", read_xml),
    Format("keepassxc-csv", "keepass", "KeePassXC CSV", read_csv),
)
