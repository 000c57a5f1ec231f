"""Password-manager imports: ``smreg vault import`` and ``smreg vault status``.

An import reads a vault export (``registry.io.vaults``: nothing secret leaves the reader), finds
the social-media account each item is for, and keeps the result as one dated vault import:

- an item belongs to a registered account when the account's vault reference points to it (the
  reference is decrypted in memory for the comparison only), else when a URL in the item is that
  account's profile, else when the item is on the account's platform and its username is the
  handle;
- every account whose reference points into this password manager is noted, found or not, when
  the export has item ids or paths to follow references by.

Imports are kept, never changed, each with the event ``vault.imported`` (subject
``vault:<name>``) holding the facts the audit rules need, so an audit as of a past moment sees
the vault as it was last imported then. Importing the same content again changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from registry import i18n, origin
from registry.errors import ImportRejected, ValidationError

if TYPE_CHECKING:
    from registry.db import Reader, Store, UnitOfWork
    from registry.io.vaults import Format, VaultItem

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
STATUS_COLUMNS = ("vault", "manager", "format", "file", "imported_at", "imported_by", "items", "social", "matched",
                  "unmatched", "references", "references_missing")

i18n.register(
    {
        "vault.bad_name": (
            "'{name}' cannot name a vault: use up to 64 lower-case letters, digits, '.', '_' or '-'.",
            "'{name}' kan geen kluis aanduiden: gebruik hoogstens 64 kleine letters, cijfers, '.', '_' of '-'.",
        ),
    }
)


@dataclass
class VaultImportSummary:
    """What an import did or, with ``--dry-run``, would do."""

    file: str
    vault: str
    format: str
    label: str
    items: int = 0
    social: int = 0
    matched: list[str] = field(default_factory=list)  # 'platform:handle' of the registered accounts found
    unmatched: list[str] = field(default_factory=list)  # items for accounts not in the registry
    missing: list[str] = field(default_factory=list)  # accounts whose reference points to no item
    references_checked: bool = False
    unchanged: bool = False
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "vault": self.vault, "format": self.format, "items": self.items,
                "social": self.social, "matched": self.matched, "unmatched": self.unmatched,
                "references_missing": self.missing, "references_checked": self.references_checked,
                "unchanged": self.unchanged, "dry_run": self.dry_run}


def check_name(name: str) -> str:
    clean = name.strip().lower()
    if not _NAME.fullmatch(clean):
        raise ValidationError("vault.bad_name", name=name)
    return clean


@dataclass(slots=True)
class _Kept:
    """One item as kept: the item and what smreg found it to be."""

    item: VaultItem
    platform: str | None = None
    handle: str | None = None
    key: str | None = None
    account_id: int | None = None
    matched_by: str | None = None


def read_items(path: str | os.PathLike[str], fmt: Format) -> list[VaultItem]:
    """Every item of the file, or ImportRejected listing every bad one."""
    from registry.io.vaults import Problem, read

    items, problems = [], []
    for entry in read(path, fmt):
        if isinstance(entry, Problem):
            problems.append((entry.line, entry.column, entry.message))
        else:
            items.append(entry)
    if problems:
        raise ImportRejected(problems, file=os.fspath(path))
    return items


def _social(item: VaultItem) -> tuple[str, str, str] | None:
    """The platform and handle an item is for, and how they were found: a profile URL in it
    (``url``), else its username on the platform of one of its URLs (``handle``)."""
    from registry.io.profile_urls import account_of_url, site_of_url
    from registry.platforms import parse_handle

    for url in item.urls:
        found = account_of_url(url)
        if found is not None:
            return (*found, "url")
    if item.username and "@" not in item.username.lstrip("@"):
        for url in item.urls:
            platform = site_of_url(url)
            if platform is None:
                continue
            try:
                return platform, parse_handle(platform, item.username).handle, "handle"
            except ValidationError:
                continue
    return None


def _reference_index(manager: str, kept: list[_Kept]) -> dict[Any, int]:
    """How a reference into this manager names an item, to the item's position in ``kept``."""
    index: dict[Any, int] = {}
    for position, entry in enumerate(kept):
        item = entry.item
        if manager == "1password":
            vaults = {v.casefold() for v in (item.folder, item.vault_id) if v}
            for name in (item.item_id, item.title):
                for vault in vaults:
                    if name:
                        index.setdefault((vault, name.casefold()), position)
            continue
        names = [item.item_id]
        if item.path:
            names += [item.path, item.path.partition("/")[2]]  # with or without the root group
        for name in names:
            if name:
                index.setdefault(name.casefold(), position)
    return index


def _reference_keys(manager: str, reference: str) -> list[Any]:
    """The ways ``reference`` may name an item of this manager (see ``_reference_index``)."""
    body = reference.split("://", 1)[1] if "://" in reference else reference
    if manager == "1password":
        parts = body.split("?", 1)[0].split("/")
        return [(parts[0].casefold(), parts[1].casefold())] if len(parts) >= 2 else []
    if manager == "keepass":
        entry = body.partition("#")[2].strip("/")
        return [entry.casefold()] if entry else []
    return [body.split("/", 1)[0].strip().casefold()]


def _match(uow: UnitOfWork, fmt: Format, items: list[VaultItem]) -> tuple[list[_Kept], list[tuple[int, bool]], dict]:
    """Each item with its platform, handle and account; the accounts whose reference was followed."""
    from sqlalchemy import text

    from registry.io.vaults import SCHEME_OF_MANAGER
    from registry.platforms import same_key

    accounts = uow.session.execute(text(
        "SELECT id, platform, handle, handle_key, vault_ref, vault_scheme FROM account WHERE status != 'archived'"
    )).all()
    labels = {aid: f"{platform}:{handle}" for aid, platform, handle, *_ in accounts}
    by_key = {(platform, key): aid for aid, platform, _h, key, *_ in accounts}
    kept, how = [], {}
    for item in items:
        entry = _Kept(item)
        found = _social(item)
        if found is not None:
            entry.platform, entry.handle, how[id(entry)] = found
            entry.key = same_key(entry.platform, entry.handle)
        kept.append(entry)
    references: list[tuple[int, bool]] = []
    followable = any(item.item_id or item.path for item in items)
    scheme = SCHEME_OF_MANAGER[fmt.manager]
    if followable:
        index = _reference_index(fmt.manager, kept)
        for aid, _p, _h, _k, stored, account_scheme in accounts:
            if account_scheme != scheme or not stored:
                continue
            reference = uow.cipher.decrypt(stored) or ""
            position = next((index[k] for k in _reference_keys(fmt.manager, reference) if k in index), None)
            del reference  # compared, never kept
            references.append((aid, position is not None))
            if position is not None and kept[position].account_id is None:
                kept[position].account_id, kept[position].matched_by = aid, "reference"
    for entry in kept:
        if entry.account_id is None and entry.platform is not None:
            aid = by_key.get((entry.platform, entry.key))
            if aid is not None:
                entry.account_id, entry.matched_by = aid, how[id(entry)]
    return kept, references, labels


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _entries(kept: list[_Kept]) -> list[list[Any]]:
    """What the audit needs of the items: those for a social-media account or a registered one."""
    return [
        [e.item.item_id or None, e.item.title, e.item.folder, e.platform, e.handle, e.key, e.account_id, e.matched_by,
         e.item.shared, _iso(e.item.password_changed_on)]
        for e in kept if e.platform is not None or e.account_id is not None
    ]


def _digest(path: str | os.PathLike[str], fmt: Format, kept: list[_Kept], references: list[tuple[int, bool]]) -> str:
    """What the import keeps depends on the file and on what it matched: both go into the digest."""
    from registry.events import canonical

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    matches = [[i, e.account_id, e.matched_by] for i, e in enumerate(kept) if e.account_id is not None]
    digest.update(canonical([fmt.name, matches, references]).encode())
    return digest.hexdigest()


@origin.from_file
def import_vault(store: Store, path: str | os.PathLike[str], *, actor: str, vault: str | None = None,
                 forced: str | None = None, dry_run: bool = False) -> VaultImportSummary:
    """Import a password-manager export as the latest state of one vault: all of it, or nothing."""
    from registry import clock
    from registry.io.vaults import detect

    fmt = detect(path, forced)
    name = check_name(vault or fmt.manager)
    items = read_items(path, fmt)
    summary = VaultImportSummary(file=os.path.basename(os.fspath(path)), vault=name, format=fmt.name,
                                 label=fmt.label, items=len(items), dry_run=dry_run)
    with store.unit_of_work(actor=actor, write=not dry_run) as uow:
        kept, references, labels = _match(uow, fmt, items)
        summary.social = sum(e.platform is not None for e in kept)
        summary.matched = sorted({labels[e.account_id] for e in kept if e.account_id in labels}, key=str.casefold)
        summary.unmatched = [f"{e.platform}:{e.handle} ({e.item.title})" for e in kept
                             if e.platform is not None and e.account_id is None]
        summary.missing = sorted((labels[aid] for aid, found in references if not found), key=str.casefold)
        summary.references_checked = bool(references) or any(i.item_id or i.path for i in items)
        digest = _digest(path, fmt, kept, references)
        from sqlalchemy import text

        previous = uow.session.execute(text(
            "SELECT id, digest, items, matched, unmatched FROM vault_import WHERE vault = :v ORDER BY id DESC LIMIT 1"),
            {"v": name}).first()
        if previous is not None and previous[1] == digest:
            summary.unchanged = True
            return summary
        if dry_run:
            return summary
        _write(uow, fmt, name, summary, kept, references, digest, previous, clock.stamp())
        uow.commit()
    return summary


def _write(uow: UnitOfWork, fmt: Format, name: str, summary: VaultImportSummary, kept: list[_Kept],
           references: list[tuple[int, bool]], digest: str, previous: Any, stamp: str) -> None:
    from registry.db import bulk_insert_tuples
    from registry.models import VaultImport

    record = VaultImport(vault=name, manager=fmt.manager, format=fmt.name, file=summary.file[:300],
                         imported_at=stamp, imported_by=uow.actor[:200], items=summary.items, social=summary.social,
                         matched=sum(e.account_id is not None for e in kept), unmatched=len(summary.unmatched),
                         references_checked=summary.references_checked, digest=digest)
    uow.session.add(record)
    uow.session.flush()
    connection = uow.session.connection()
    rows = [
        (record.id, e.item.item_id or None, e.item.title[:300], "\n".join(e.item.urls) or None,
         (e.item.username or None) and e.item.username[:300], (e.item.folder or None) and e.item.folder[:300],
         e.item.shared, _iso(e.item.created_on), _iso(e.item.updated_on), _iso(e.item.password_changed_on),
         e.platform, e.handle, e.key, e.account_id, e.matched_by)
        for e in kept
    ]
    columns = ("import_id", "item_id", "title", "urls", "username", "folder", "shared", "created_on", "updated_on",
               "password_changed_on", "platform", "handle", "handle_key", "account_id", "matched_by")
    for start in range(0, len(rows), 5000):
        bulk_insert_tuples(connection, "vault_item", columns, rows[start : start + 5000])
    bulk_insert_tuples(connection, "vault_reference", ("import_id", "account_id", "found"),
                       [(record.id, aid, found) for aid, found in references])
    before = None if previous is None else {"import": previous[0], "items": previous[2], "matched": previous[3],
                                            "unmatched": previous[4]}
    after = {"vault": name, "manager": fmt.manager, "format": fmt.name, "file": record.file, "import": record.id,
             "imported_at": stamp, "items": record.items, "social": record.social, "matched": record.matched,
             "unmatched": record.unmatched, "references_checked": record.references_checked,
             "entries": _entries(kept), "checked": [aid for aid, _ in references],
             "found": [aid for aid, found in references if found]}
    uow.log.record("vault.imported", f"vault:{name}", before=before, after=after)


def status(reader: Reader) -> list[dict[str, Any]]:
    """The latest import of every vault, by name."""
    rows = reader.rows(
        "SELECT v.vault, v.manager, v.format, v.file, v.imported_at, v.imported_by, v.items, v.social, v.matched,"
        " v.unmatched, v.references_checked, v.id FROM vault_import v"
        " WHERE v.id IN (SELECT max(id) FROM vault_import GROUP BY vault) ORDER BY v.vault")
    result = []
    for vault, manager, fmt, file, at, by, items, social, matched, unmatched, checked, import_id in rows:
        counts = reader.rows("SELECT count(*), sum(CASE WHEN found THEN 0 ELSE 1 END) FROM vault_reference"
                             " WHERE import_id = :i", {"i": import_id})[0]
        result.append({"vault": vault, "manager": manager, "format": fmt, "file": file, "imported_at": at,
                       "imported_by": by, "items": items, "social": social, "matched": matched,
                       "unmatched": unmatched, "references": counts[0] if checked else None,
                       "references_missing": (counts[1] or 0) if checked else None})
    return result
