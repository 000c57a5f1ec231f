"""The account import: a list of accounts checked row by row, written all or nothing.

Built for files of 100,000 rows: the store is read once, a large CSV file is cut into parts that
worker processes read and check themselves, and this process writes the finished parts in file
order inside the command's one transaction (bulk inserts with ids reserved up front, updates by
id with their version checked). The first problem stops the writing; the checking goes on so
every bad row is listed.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry import i18n, origin, snapshots
from registry.errors import ImportRejected
from registry.io.parts import Part, cut_records
from registry.services import accounts
from registry.services.imports import ImportSummary, Progress, clean, hidden_tokens, reserve_ids

if TYPE_CHECKING:
    from registry.db import Store

# Columns an account row may change, compared with what the store holds.
ACCOUNT_FIELDS = (
    "platform", "handle", "handle_key", "url", "display_name", "platform_id", "unit_id", "kind", "purpose",
    "custodian_id", "backup_custodian_id", "vault_ref", "vault_scheme", "recovery_contact", "recovery_domain",
    "rotated_on", "created_on", "verified_on", "status", "notes",
)
# Stored beside a field and derived from it; changes show under the field itself.
DERIVED = {"handle_key", "url", "vault_scheme", "recovery_domain"}

i18n.register(
    {
        "import.duplicate_in_file": (
            "the same account as line {line} ({platform}:{handle}); each account may appear once.",
            "hetzelfde account als regel {line} ({platform}:{handle}); elk account mag één keer voorkomen.",
        ),
        "import.platform_id_taken": (
            "platform id {pid} belongs to another registered account ({other}); a platform id identifies one account.",
            "platform-id {pid} hoort bij een ander geregistreerd account ({other}); een platform-id hoort bij één account.",
        ),
        "import.hidden_value": (
            "the file shows only whether a value is set, not the value; a new account needs the real reference (export with --include-vault-refs).",
            "het bestand toont alleen of er een waarde is, niet de waarde zelf; een nieuw account heeft de echte verwijzing nodig (exporteer met --include-vault-refs).",
        ),
        "import.archived": (
            "{platform}:{handle} is archived; archived accounts are not changed by an import.",
            "{platform}:{handle} is gearchiveerd; een import wijzigt geen gearchiveerde accounts.",
        ),
    }
)


def _load_accounts(session) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, dict]]:
    """Live accounts by (platform, handle key), and the archived ones and platform ids beside them."""
    from sqlalchemy import select

    from registry.models import Account

    columns = [Account.id, Account.version, *(getattr(Account, f) for f in ACCOUNT_FIELDS)]
    live: dict[tuple[str, str], dict[str, Any]] = {}
    archived: dict[tuple[str, str], dict[str, Any]] = {}
    by_pid: dict[tuple[str, str], tuple[str, str]] = {}
    names = ["id", "version", *ACCOUNT_FIELDS]
    for row in session.execute(select(*columns)):
        record = dict(zip(names, row, strict=True))
        key = (record["platform"], record["handle_key"])
        if record["status"] == "archived":
            archived[key] = record
            continue
        live[key] = record
        if record["platform_id"]:
            by_pid[(record["platform"], record["platform_id"])] = key
    return live, {"archived": archived, "by_pid": by_pid}


CHUNK = 2500
PARALLEL_FROM = 20_000  # rows; below this one process is quicker than starting workers
INSERT_COLUMNS = ("id", "version", *ACCOUNT_FIELDS)
_insert_values = operator.itemgetter(*INSERT_COLUMNS)  # a new account's row, in INSERT_COLUMNS order


@dataclass
class _Chunk:
    """What checking one chunk of rows found, ready for the parent to write."""

    problems: list[tuple[int, str, str]] = field(default_factory=list)
    keys: list[tuple[int, tuple[str, str], str]] = field(default_factory=list)
    new: list[tuple[tuple, str, str, str]] = field(default_factory=list)  # insert tuple, subject, body, label
    updates: list[tuple[dict[str, Any], dict[str, Any], str, str, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    rows: int = 0
    recut: Part | None = None  # set instead of the rest: read the file from this part on in one stream


class _Checker:
    """Checks rows against the store as it was read; runs in worker processes for big files."""

    def __init__(self, session, cipher, *, today: date, actor: str) -> None:
        from sqlalchemy import select

        from registry.models import Person, Unit

        self.ctx = accounts.Context.load(session, today)
        self.live, extra = _load_accounts(session)
        self.archived, self.by_pid = extra["archived"], extra["by_pid"]
        self.unit_codes = dict(session.execute(select(Unit.id, Unit.code)).all())
        self.refs = dict(session.execute(select(Person.id, Person.ref)).all())
        self.cipher = cipher
        self.today = today
        self.actor = actor
        self.hidden = hidden_tokens()
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.path: Path | None = None  # the file, for workers that read their own part of it
        self.column_map: dict[str, str] | None = None

    def snapshot(self, values: dict[str, Any]) -> dict[str, Any]:
        return snapshots.account(values, unit=self.unit_codes.get(values["unit_id"]),
                                 custodian=self.refs.get(values.get("custodian_id")),
                                 backup=self.refs.get(values.get("backup_custodian_id")))

    def check(self, rows: list[tuple[int, dict[str, str]]], ids: list[int] | None) -> _Chunk:
        from registry.events import make_body

        out = _Chunk(rows=len(rows))
        ctx = self.ctx
        ctx.warnings = []
        cipher = self.cipher
        for position, (line, raw) in enumerate(rows):
            cleaned = clean(raw, self.hidden)
            given = {k: v for k, v in cleaned.items() if v}
            values, row_problems = accounts.validate(given, ctx, partial=True, stripped=True)
            for column in ("platform", "handle"):
                if not given.get(column) and not (column == "handle" and given.get("url")):
                    row_problems.append((column, i18n.t("account.required", column=column)))
            if "handle_key" not in values:
                out.problems.extend((line, c, m) for c, m in row_problems)
                continue
            key = (values["platform"], values["handle_key"])
            out.keys.append((line, key, values["handle"]))
            current = self.live.get(key)
            if current is None and values.get("status") == "archived" and key in self.archived:
                # An archived account as an export lists it: the same record, left as it is.
                out.unchanged += 1
                continue
            if current is not None and values.get("status") == "archived" and current["status"] != "archived":
                row_problems.append(("status", i18n.t("account.use_archive")))
            pid = values.get("platform_id")
            if pid and self.by_pid.get((key[0], pid), key) != key:
                other = self.live[self.by_pid[(key[0], pid)]]
                row_problems.append(("platform_id", i18n.t("import.platform_id_taken", pid=pid,
                                                           other=f"{other['platform']}:{other['handle']}")))
            if current is None:
                if key in self.archived and not given.get("unit"):
                    row_problems.append(("handle", i18n.t("import.archived", platform=key[0], handle=values["handle"])))
                for column in accounts.required_columns(given.get("kind"))[2:]:
                    if not given.get(column):
                        message = (i18n.t("import.hidden_value") if column in cleaned and cleaned[column] is None
                                   else i18n.t("account.required", column=column))
                        row_problems.append((column, message))
            if row_problems:
                out.problems.extend((line, c, m) for c, m in row_problems)
                continue
            label = f"{key[0]}:{values['handle']}"
            if current is None:
                row = dict.fromkeys(ACCOUNT_FIELDS)
                row.update(values)
                row["kind"] = row["kind"] or "work"
                row["status"] = row["status"] or "active"
                row["created_on"] = row["created_on"] or self.today
                row["version"] = 1
                row["id"] = ids[position] if ids else None
                for column in accounts.PROTECTED:
                    if row[column]:
                        row[column] = cipher.encrypt(row[column])
                if self.sqlite:  # SQLite keeps dates as ISO text, which is also how the snapshot has them
                    for column in ("rotated_on", "created_on", "verified_on"):
                        if row[column] is not None:
                            row[column] = row[column].isoformat()
                body = make_body(self.actor, {"after": self.snapshot(row), "before": None})
                out.new.append((_insert_values(row), f"account:{row['id']}", body, label))
                continue
            changed = []
            for column, value in values.items():
                old = current[column]
                if column in accounts.PROTECTED and old:
                    old = cipher.decrypt(old)
                if old != value:
                    changed.append(column)
            if not changed:
                out.unchanged += 1
                continue
            stored = {c: (cipher.encrypt(values[c]) if c in accounts.PROTECTED and values[c] else values[c]) for c in changed}
            after = {**current, **stored}
            protected = sorted(c for c in changed if c in accounts.PROTECTED)
            body = make_body(self.actor, {"after": self.snapshot(after), "before": self.snapshot(current),
                                          "protected_changed": protected})
            out.updates.append((current, stored, body, label, changed))
        out.warnings = ctx.warnings
        return out


# Inherited by forked workers: the checker holds what the store said when the import began.
_CHECKER: _Checker | None = None

# A job: rows already read (or a part of the file to read) and the ids reserved for them.
_Job = tuple["list[tuple[int, dict[str, str]]] | Part", "list[int] | None"]


def _check_job(job: _Job) -> _Chunk:
    assert _CHECKER is not None
    rows, ids = job
    if not isinstance(rows, list):  # a part of a large CSV file, read here in the worker
        from dataclasses import replace

        from registry.errors import ValidationError
        from registry.io.readers import open_table

        try:
            with open_table(_CHECKER.path, kind="accounts", column_map=_CHECKER.column_map, part=rows) as stream:
                read = list(stream)
        except ValidationError as error:
            if error.key != "io.quote_unclosed" or rows.lines is None:
                raise
            # The part ends inside a quoted cell: a quote within an unquoted cell misled the cutting.
            return _Chunk(recut=replace(rows, lines=None))
        chunk = _CHECKER.check(read, ids)
        chunk.problems.extend(stream.problems)
        return chunk
    return _CHECKER.check(rows, ids)


def _row_jobs(rows: Iterator[tuple[int, dict[str, str]]], ids: list[int] | None, offset: int = 0) -> Iterator[_Job]:
    """Rows read by this process, in chunks, each with the ids reserved for it from ``offset`` on."""
    batch: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch, ids[offset:offset + CHUNK] if ids else None
            offset += CHUNK
            batch = []
    if batch:
        yield batch, ids[offset:offset + len(batch)] if ids else None


def _streams_by_line(path: Path) -> bool:
    """CSV, TSV and JSON lines hold at most one row a line; workbooks and JSON arrays do not."""
    if str(path).lower().endswith((".xlsx", ".xlsm", ".json")):
        return False
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return not head.startswith((b"[", b"PK"))


def _capacity(path: Path) -> int:
    """An upper bound of the rows in a text file: its line breaks, counted without decoding.

    A carriage return alone ends a line too (old Mac files); one of a CR LF pair split between
    two blocks is counted twice, which an upper bound allows.
    """
    count = 1
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
    return count


@origin.from_file
def import_accounts(store: Store, path: Path, *, actor: str, today: date, column_map: dict[str, str] | None = None,
                    dry_run: bool = False, progress: Progress | None = None, workers: int | None = None) -> ImportSummary:
    """Import accounts: check every row (in worker processes for big files), write all or nothing.

    A large CSV file is cut into parts of whole records that the workers read and check
    themselves; other files stream from this process to the workers in chunks. Meanwhile this
    process writes the finished chunks, in file order, inside the command's one transaction:
    reading, checking and writing overlap. The first problem stops the writing, the checking goes
    on so every bad row is listed, and the transaction is rolled back.
    """
    global _CHECKER
    import os

    from registry.io.readers import open_table

    stream = open_table(path, kind="accounts", column_map=column_map)
    with stream:
        summary = ImportSummary("accounts", str(path), 0, notices=list(stream.notices), dry_run=dry_run)
        if _streams_by_line(path):
            source, capacity = iter(stream), _capacity(path)
        else:  # a workbook or a JSON array: rows are not lines, so count them first
            rows = list(stream)
            source, capacity = iter(rows), len(rows)
        cores = os.cpu_count() or 1
        if workers is None:
            workers = min(2, cores) if capacity >= PARALLEL_FROM and cores > 1 else 0
        parts = None
        if workers > 0 and stream.layout is not None:
            # A large CSV file is cut into parts the workers read themselves: this process only writes.
            parts = cut_records(path, *stream.layout, max(2, capacity // CHUNK))
        problems: list[tuple[int, str, str]] = []
        warnings: set[str] = set()
        with store.unit_of_work(actor=actor) as uow:
            checker = _Checker(uow.session, uow.cipher, today=today, actor=actor)
            uow.cipher.prepare()  # here, not in a worker: checking the key reads the store
            checker.path, checker.column_map = path, column_map
            # A dry run writes too, inside the transaction it never commits, so that it warns of
            # accounts given to leavers exactly as the import would.
            ids = reserve_ids(uow.session, "account", capacity)

            pools: list = []
            streams = [stream]  # whose reading problems are the import's too

            def run(jobs: Iterator[_Job]) -> Iterator[_Chunk]:
                if workers == 0:
                    return map(_check_job, jobs)
                import multiprocessing

                pools.append(multiprocessing.get_context("fork").Pool(workers))
                return pools[-1].imap(_check_job, jobs)

            def checked() -> Iterator[_Chunk]:
                if parts is None:
                    yield from run(_row_jobs(source, ids))
                    return
                data_line = parts[0].first_line
                offsets = [part.first_line - data_line for part in parts]
                ends = [*offsets[1:], None]
                for chunk in run((part, ids[a:b] if ids else None) for part, a, b in zip(parts, offsets, ends, strict=True)):
                    if chunk.recut is None:
                        yield chunk
                        continue
                    # Every part before this one ended cleanly, so it starts on a record: the rest of
                    # the file is read from here by this process and checked by fresh workers.
                    pools.pop().terminate()
                    rest = open_table(path, kind="accounts", column_map=column_map, part=chunk.recut)
                    streams.append(rest)
                    with rest:
                        yield from run(_row_jobs(iter(rest), ids, chunk.recut.first_line - data_line))
                    return

            _CHECKER = checker
            try:
                results = checked()
                seen: dict[tuple[str, str], int] = {}
                for chunk in results:
                    summary.rows += chunk.rows
                    problems.extend(chunk.problems)
                    warnings.update(chunk.warnings)
                    for line, key, handle in chunk.keys:
                        if key in seen:
                            problems.append((line, "handle", i18n.t("import.duplicate_in_file", line=seen[key],
                                                                    platform=key[0], handle=handle)))
                        else:
                            seen[key] = line
                    summary.added.extend(label for *_, label in chunk.new)
                    summary.changed.extend((label, sorted(set(ch) - DERIVED)) for _, _, _, label, ch in chunk.updates)
                    summary.unchanged += chunk.unchanged
                    if not problems:
                        _write_chunk(uow, chunk)
                    if progress:
                        progress("check", min(summary.rows, capacity), max(capacity, summary.rows))
            finally:
                _CHECKER = None
                for pool in pools:
                    pool.terminate()
            for read in streams:
                problems.extend(read.problems)
            summary.notices = list(stream.notices)  # with what reading found on the way (a total row)
            summary.warnings = sorted(warnings)
            if problems:
                raise ImportRejected(sorted(set(problems)), file=str(path), headers=stream.headers)
            from registry.services import offboarding

            # Accounts given to or taken from leavers change their offboarding cases.
            summary.warnings += offboarding.sync(uow, today=today)
            if dry_run:
                return summary  # the unit of work rolls back what it wrote
            uow.commit()
    return summary


def _write_chunk(uow, chunk: _Chunk) -> None:
    from sqlalchemy import update

    from registry.db import bulk_insert_tuples
    from registry.errors import StaleData
    from registry.models import Account

    session = uow.session
    if chunk.new:
        bulk_insert_tuples(session.connection(), "account", INSERT_COLUMNS, [new[0] for new in chunk.new])
        uow.log.append("account.imported", [(subject, body) for _, subject, body, _ in chunk.new])
    for current, stored, body, label, _changed in chunk.updates:
        result = session.execute(
            update(Account).where(Account.id == current["id"], Account.version == current["version"])
            .values(**stored, version=current["version"] + 1)
        )
        if result.rowcount != 1:
            raise StaleData("account.changed_since_read", ref=label)
        uow.log.append("account.updated", [(f"account:{current['id']}", body)])
