"""1Password: the 1PUX export (``export.data``, alone or inside the ``.1pux`` archive) and the CLI's
``op item list --format json`` and ``op item get --format json``.

1PUX nests ``accounts[].vaults[]{attrs, items[]}`` (field names as in Bitwarden's 1PUX importer
types); a vault of type ``P`` is a member's personal vault, ``E`` (everyone) and ``U`` (created by
a member and shareable) are the organisation's shared vaults. Login (``001``) and password
(``005``) items are kept; archived and trashed items are not. The password's revision date is
the newest ``passwordHistory`` time (when the previous password was replaced), else the item's
creation. The CLI's output names the vault but not its type, so whether an item is shared stays
unknown, and it gives no revision date.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from registry.io.vaults import Format, Problem, VaultItem
from registry.io.vaults.common import dated, urls_of

_KEPT = ("001", "005")
_VAULT = "accounts.item.vaults.item"
_ITEM = _VAULT + ".items.item"


@contextmanager
def _export_data(path: str) -> Iterator[IO[bytes]]:
    with open(path, "rb") as probe:
        zipped = probe.read(4) == b"PK\x03\x04"
    if not zipped:
        with open(path, "rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive, archive.open("export.data") as handle:
        yield handle


def read_1pux(path: str) -> Iterator[VaultItem | Problem]:
    import ijson

    position = 0
    vault: dict[str, Any] = {}
    with _export_data(path) as handle:
        events = ijson.parse(handle)
        for prefix, event, _value in events:
            if event != "start_map" or prefix not in (_VAULT + ".attrs", _ITEM):
                continue
            builder = ijson.ObjectBuilder()
            builder.event("start_map", None)
            depth = 1
            for _p, inner, value in events:
                if inner in ("start_map", "start_array"):
                    depth += 1
                elif inner in ("end_map", "end_array"):
                    depth -= 1
                builder.event(inner, value)
                if depth == 0:
                    break
            if prefix.endswith(".attrs"):
                vault = builder.value
                continue
            position += 1
            item = builder.value
            del builder
            found = _item(position, item.get("item", item) if isinstance(item, dict) else item, vault)
            del item  # the parsed item, secrets and all, lives no longer than this row
            yield from found


def _item(position: int, item: Any, vault: dict[str, Any]) -> list[VaultItem | Problem]:
    if not isinstance(item, dict) or str(item.get("categoryUuid")) not in _KEPT:
        return []
    if item.get("trashed") or item.get("state") not in (None, "active"):
        return []
    problems: list[Problem] = []
    overview = item.get("overview") if isinstance(item.get("overview"), dict) else {}
    details = item.get("details") if isinstance(item.get("details"), dict) else {}
    fields = [f for f in details.get("loginFields") or () if isinstance(f, dict)]
    username = next((f.get("value") for f in fields if f.get("designation") == "username"), None)
    has_password = any(f.get("designation") == "password" and f.get("value") for f in fields)
    created = dated(item.get("createdAt"), position, "createdAt", problems)
    updated = dated(item.get("updatedAt"), position, "updatedAt", problems)
    history = [h.get("time") for h in details.get("passwordHistory") or () if isinstance(h, dict)]
    days = [d for d in (dated(t, position, "passwordHistory", problems) for t in history) if d]
    changed = max(days) if days else (created if has_password else None)
    if problems:
        return list(problems)
    urls = urls_of(overview.get("url"), [u.get("url") for u in overview.get("urls") or () if isinstance(u, dict)])
    kind = str(vault.get("type") or "")
    return [VaultItem(position, str(item.get("uuid") or ""), str(overview.get("title") or "").strip(), urls,
                      str(username).strip() or None if username else None, str(vault.get("name") or "") or None,
                      str(vault.get("uuid") or "") or None, kind != "P" if kind else None, created, updated, changed)]


def read_cli(path: str) -> Iterator[VaultItem | Problem]:
    """``op item list`` (an array) or ``op item get`` (one object, or several one after another)."""
    import ijson

    with open(path, "rb") as handle:
        first = handle.read(1 << 12).lstrip()[:1]
    with open(path, "rb") as handle:
        stream = ijson.items(handle, "item") if first == b"[" else ijson.items(handle, "", multiple_values=True)
        for position, item in enumerate(stream, start=1):
            found = _cli_item(position, item)
            del item
            yield from found


def _cli_item(position: int, item: Any) -> list[VaultItem | Problem]:
    if not isinstance(item, dict) or str(item.get("category") or "").upper() not in ("LOGIN", "PASSWORD"):
        return []
    problems: list[Problem] = []
    vault = item.get("vault") if isinstance(item.get("vault"), dict) else {}
    fields = [f for f in item.get("fields") or () if isinstance(f, dict)]
    username = next((f.get("value") for f in fields if f.get("purpose") == "USERNAME" or f.get("id") == "username"),
                    None) or item.get("additional_information")
    created = dated(item.get("created_at"), position, "created_at", problems)
    updated = dated(item.get("updated_at"), position, "updated_at", problems)
    if problems:
        return list(problems)
    urls = urls_of([u.get("href") for u in item.get("urls") or () if isinstance(u, dict)])
    return [VaultItem(position, str(item.get("id") or ""), str(item.get("title") or "").strip(), urls,
                      str(username).strip() or None if username else None, str(vault.get("name") or "") or None,
                      str(vault.get("id") or "") or None, None, created, updated, None)]


FORMATS = (
    Format("1password-1pux", "1password", "1Password 1PUX", read_1pux),
    Format("1password-cli", "1password", "op item list/get", read_cli),
)
