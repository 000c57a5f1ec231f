"""Imports of account lists and HR exports, and the exports they read back: all-or-nothing,
forgiving, idempotent.

The account import lives in ``account_import``, the HR sync in ``person_import``; this module
holds what both share (the summary, undoing an export's own marks) and the exports.

Every row of a file (read by ``registry.io``) is validated with the same rules as the command
line, and only when no row has a problem is anything kept: the writing happens in one
transaction that commits only then.
Otherwise :class:`~registry.errors.ImportRejected` lists every bad row as
``line N: column: what is wrong``. Rows are matched to what the store holds by the platform's
notion of the same handle (accounts) or by employee id (people), so importing the same file
again changes nothing and writes no events.

An empty cell leaves a field as it is (spreadsheets often carry only some columns). The tokens
an export writes for protected values it does not reveal (``set``, ``not set``, ``…@domain``)
mean the same: keep what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry import i18n
from registry.io.cells import restore
from registry.services import accounts
from registry.services.person_import import import_persons

__all__ = ["ImportSummary", "export_accounts", "export_persons", "import_accounts", "import_persons"]

if TYPE_CHECKING:
    from registry.db import Store

Progress = Callable[[str, int, int], None]  # (stage, done, total)



@dataclass
class ImportSummary:
    kind: str
    file: str
    rows: int
    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    attention: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    source: str | None = None  # the HR system's format (its --from name) when one was recognised

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "file": self.file, "format": self.source, "rows": self.rows, "dry_run": self.dry_run,
            "added": len(self.added), "changed": len(self.changed), "unchanged": self.unchanged,
            "added_items": self.added, "changed_items": [{"item": k, "fields": f} for k, f in self.changed],
            "attention": self.attention, "notices": self.notices, "warnings": self.warnings,
        }


def hidden_tokens() -> frozenset[str]:
    """What an export writes in place of a protected value it does not reveal, in either language."""
    tokens = {"set", "not set", "ingesteld", "niet ingesteld"}
    for key in ("value.set", "value.not_set", "key.locked"):
        tokens.update(text.casefold() for text in i18n.text_pair(key))
    return frozenset(tokens)


def clean(raw: dict[str, str], hidden: frozenset[str]) -> dict[str, str]:
    """Undo an export's formula neutralisation and drop the placeholders of hidden values."""
    for value in raw.values():
        if value[:1] == "'":
            break
    else:
        for column in accounts.PROTECTED:
            value = raw.get(column)
            if value and (value.casefold() in hidden or value.startswith(("…@", "tel:…"))):
                break
        else:
            return raw  # the common row: nothing to undo
    out = {}
    for column, value in raw.items():
        value = restore(value)
        if column in accounts.PROTECTED and (value.casefold() in hidden or value.startswith(("…@", "tel:…"))):
            out[column] = None  # keep what is stored
            continue
        out[column] = value
    return out


def import_accounts(store: Store, path: Path, **options: Any) -> ImportSummary:
    """Import an account list all-or-nothing; see :mod:`registry.services.account_import`."""
    from registry.services import account_import

    return account_import.import_accounts(store, path, **options)


def reserve_ids(session, table: str, count: int) -> list[int]:
    """Ids for ``count`` new rows of ``table`` (account, person), so a bulk insert needs no RETURNING round trips.

    SQLite: the command holds the write lock (BEGIN IMMEDIATE), so the next ids are free.
    PostgreSQL: taken from the table's own sequence, safe beside concurrent writers.
    """
    from sqlalchemy import text

    if not count:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return list(session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table, "n": count},
        ).scalars())
    newest = {"account": "SELECT coalesce(max(id), 0) FROM account", "person": "SELECT coalesce(max(id), 0) FROM person"}
    start = session.execute(text(newest[table])).scalar() + 1
    return list(range(start, start + count))


def export_accounts(store: Store, *, include_protected: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    """Every registered account (archived ones too) with the columns of the import format.

    Protected values appear only with ``include_protected``; otherwise as set / not set.
    """
    columns = [*accounts.COLUMNS, "status", "verified_on"]
    with store.reader() as reader:
        rows = accounts.listing(reader, include_archived=True)
        if include_protected:
            protected = {
                aid: (vault, recovery, notes)
                for aid, vault, recovery, notes in reader.rows("SELECT id, vault_ref, recovery_contact, notes FROM account")
            }
    if include_protected:
        cipher = store.cipher
        for row in rows:
            vault, recovery, notes = protected[row["id"]]
            row["vault_ref"] = cipher.decrypt(vault)
            row["recovery_contact"] = cipher.decrypt(recovery)
            row["notes"] = cipher.decrypt(notes)
    return columns, rows


def export_persons(store: Store) -> tuple[list[str], list[dict[str, Any]]]:
    columns = ["employee_id", "name", "email", "unit", "function", "start_date", "end_date"]
    with store.reader() as reader:
        rows = reader.rows(
            "SELECT p.employee_id, p.name, p.email, u.code, p.function, p.start_date, p.end_date FROM person p"
            " LEFT JOIN unit u ON u.id = p.unit_id WHERE p.erased_on IS NULL ORDER BY p.employee_id"
        )
    return columns, [dict(zip(columns, row, strict=True)) for row in rows]
