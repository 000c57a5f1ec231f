"""Recognising a password-manager export by its first bytes, its JSON keys or its CSV header."""

from __future__ import annotations

import csv
import io
import re
import zipfile

_HEAD = 1 << 16
_BITWARDEN_CSV = {"name", "login_uri", "login_username", "login_password"}
_KEEPASSXC_CSV = ["group", "title", "username", "password", "url", "notes"]


def sniff(path: str) -> str | None:
    """The name of the format the file looks like, or None."""
    with open(path, "rb") as handle:
        head = handle.read(_HEAD)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                return "1password-1pux" if "export.data" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "keepass-xml" if "<KeePassFile" in text[:4096] else None
    if text.startswith(("{", "[")):
        return _json_kind(text)
    return _csv_kind(text)


def _json_kind(text: str) -> str | None:
    def has(key: str) -> bool:
        return re.search(r'"' + key + r'"\s*:', text) is not None

    if has("accounts") and has("vaults"):
        return "1password-1pux"
    if has("records") and (has("shared_folders") or has("login_url") or has("uid")):
        return "keeper-json"
    if text.startswith("{") and has("encrypted") and has("items"):
        return "bitwarden-json"
    if has("passwordRevisionDate") or (has("object") and '"item"' in text and has("login")):
        return "bitwarden-cli"
    if has("category") and has("vault") and (has("created_at") or has("updated_at")):
        return "1password-cli"
    if text.startswith("{") and has("items") and has("login"):
        return "bitwarden-json"
    return None


def _csv_kind(text: str) -> str | None:
    first = text.splitlines()[0] if text else ""
    try:
        cells = next(csv.reader(io.StringIO(first)))
    except (csv.Error, StopIteration):
        return None
    folded = [c.strip().lower() for c in cells]
    if set(folded) >= _BITWARDEN_CSV:
        return "bitwarden-csv"
    if folded[: len(_KEEPASSXC_CSV)] == _KEEPASSXC_CSV:
        return "keepassxc-csv"
    if len(cells) >= 6:
        return "keeper-csv"  # Keeper writes no header: six or more cells by position
    return None
