"""Keeper: the CSV export (no header; cells by position) and the JSON export of Keeper Commander.

The CSV layout is Commander's (``importer/csv/csv.py``): folder, title, login, password, URL,
notes, shared folder, then custom fields as name/value pairs. The JSON export holds
``records[]{uid, title, login, login_url, last_modified, folders[{folder | shared_folder}]}``
beside ``shared_folders``. A record in a shared folder is in a shared vault. Neither gives a
password revision date; the CSV has no record ids, so references cannot be followed from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from registry import i18n
from registry.io.vaults import Format, Problem, VaultItem
from registry.io.vaults.common import dated, positional_rows, urls_of


def read_csv(path: str) -> Iterator[VaultItem | Problem]:
    for entry in positional_rows(path, header=False, width=6):
        if isinstance(entry, Problem):
            yield entry
            continue
        line, cells = entry
        folder, title, login, url = cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[4].strip()
        shared = cells[6].strip() if len(cells) > 6 else ""
        del cells, entry  # the password, notes and custom fields in the row go with it
        if not title:
            yield Problem(line, "title", i18n.t("vaultfile.no_title"))
            continue
        # a shared folder may carry Commander's permission flags after '#'
        where = shared.split("#", 1)[0].strip() or folder
        yield VaultItem(line, "", title, urls_of(url), login or None, where or None, None, bool(shared))


def read_json(path: str) -> Iterator[VaultItem | Problem]:
    import ijson

    with open(path, "rb") as handle:
        for position, record in enumerate(ijson.items(handle, "records.item"), start=1):
            found = _record(position, record)
            del record  # the parsed record, secrets and all, lives no longer than this row
            yield from found


def _record(position: int, record: Any) -> list[VaultItem | Problem]:
    if not isinstance(record, dict):
        return []
    problems: list[Problem] = []
    uid = str(record.get("uid") or "").strip()
    title = str(record.get("title") or "").strip()
    if not uid:
        problems.append(Problem(position, "uid", i18n.t("vaultfile.no_id")))
    updated = dated(record.get("last_modified"), position, "last_modified", problems)
    if problems:
        return list(problems)
    folders = [f for f in record.get("folders") or () if isinstance(f, dict)]
    shared = [str(f["shared_folder"]) for f in folders if f.get("shared_folder")]
    plain = [str(f["folder"]) for f in folders if f.get("folder")]
    folder = "/".join([*shared[:1], *plain[:1]]) or None
    login = record.get("login")
    return [VaultItem(position, uid, title, urls_of(record.get("login_url")),
                      str(login).strip() or None if login else None, folder, None, bool(shared), None, updated)]


FORMATS = (
    Format("keeper-csv", "keeper", "Keeper CSV", read_csv),
    Format("keeper-json", "keeper", "Keeper JSON", read_json),
)
