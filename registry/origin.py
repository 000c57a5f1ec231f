"""Where the log's entries come from, and the attempts it records as refused.

Each face sets the origin once: the command line (``cli``, or ``scheduled`` when the unit a timer
starts sets ``SMREG_ORIGIN=scheduled``; ``demo`` for the demo), the web app for each request
(``web`` and the client's address), and each import service around its file (``import``, with the
file's name, its SHA-256 and the face it came through). ``registry.events`` writes the origin
into every entry it appends, and the hash covers it.

A refused attempt is logged after its own work rolled back, in a transaction of its own: the unit
of work collects the refusals noted while it ran (a secret offered where a vault reference
belongs), and the web app logs a forbidden request. The refused value itself is never logged.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry import i18n
from registry.errors import UsageError

# Stable English codes, in the log and in JSON.
ORIGINS = ("cli", "web", "import", "scheduled", "demo")
# Set to "scheduled" by the unit a timer (or cron) starts: see docs/deployment.md.
ORIGIN_ENV = "SMREG_ORIGIN"
_UNSAFE = re.compile(r'["\\\x00-\x1f]')

i18n.register(
    {
        "log.origin_unknown": (
            "SMREG_ORIGIN may be 'scheduled' (for a run a timer starts) or 'cli', not '{value}'.",
            "SMREG_ORIGIN mag 'scheduled' (voor een run die een timer start) of 'cli' zijn, niet '{value}'.",
        ),
    }
)


@dataclass(frozen=True)
class Origin:
    """Where the events of a command or request come from (``kind`` is one of :data:`ORIGINS`).

    ``client`` is the web client's address; ``file`` and ``sha256`` name an import's file, and
    ``via`` the face it came through (``cli``, ``web`` or ``scheduled``).
    """

    kind: str
    client: str | None = None
    file: str | None = None
    sha256: str | None = None
    via: str | None = None

    def as_dict(self) -> dict[str, str]:
        fields = (
            ("kind", self.kind),
            ("client", self.client),
            ("file", self.file),
            ("sha256", self.sha256),
            ("via", self.via),
        )
        return {key: value for key, value in fields if value is not None}


_ORIGIN: ContextVar[Origin] = ContextVar("smreg_origin", default=Origin("cli"))  # noqa: B039 - frozen


def current_origin() -> Origin:
    return _ORIGIN.get()


@contextmanager
def origin_as(origin: Origin) -> Iterator[Origin]:
    """Record the block's events with this origin (each face sets it once: CLI, web request, import)."""
    token = _ORIGIN.set(origin)
    try:
        yield origin
    finally:
        _ORIGIN.reset(token)


def command_line_origin(command: str) -> Origin:
    """The command line's origin: ``demo`` for the demo, ``scheduled`` when ``SMREG_ORIGIN`` says so."""
    value = os.environ.get(ORIGIN_ENV, "").strip().lower()
    if value not in ("", "cli", "scheduled"):
        raise UsageError("log.origin_unknown", value=value[:40])
    if command == "demo":
        return Origin("demo")
    return Origin(value or "cli")


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(path) -> list[Path]:
    """The files an import reads: one, several (an HR system's set), or the files of a folder."""
    paths = [Path(p) for p in path] if isinstance(path, list | tuple) else [Path(path)]
    found: list[Path] = []
    for each in paths:
        found.extend(sorted(p for p in each.iterdir() if p.is_file()) if each.is_dir() else [each])
    return found


@contextmanager
def importing(path, *, name: str | None = None) -> Iterator[Origin]:
    """The origin ``import`` for the block: the file's name and SHA-256, and the face it came through.

    Several files (or a folder's) give their names and hashes comma-separated, in the same order.
    """
    outer = current_origin()
    files = _files(path)
    try:
        sha256 = ",".join(file_sha256(f) for f in files) or None
    except OSError:
        sha256 = None  # the reader reports the unreadable file in its own words
    origin = Origin(
        "import",
        client=outer.client,
        file=name or ",".join(f.name for f in files),
        sha256=sha256,
        via=outer.via if outer.kind == "import" else outer.kind,
    )
    with origin_as(origin):
        yield origin


def from_file(function):
    """An import service ``function(store, path, ...)`` whose events carry the origin of its file."""

    @functools.wraps(function)
    def run(store, path, *args, **kwargs):
        with importing(path):
            return function(store, path, *args, **kwargs)

    return run


# The attempt a face is making (action and subject of a refused entry) and the refusals noted
# during the outermost unit of work: a refused entry is written after that work rolled back.
_ATTEMPT: ContextVar[tuple[str, str]] = ContextVar("smreg_attempt", default=("command", "store"))
_NOTES: ContextVar[list[dict[str, Any]] | None] = ContextVar("smreg_refusals", default=None)
SECRET_FIELDS = ("vault_ref",)


@contextmanager
def attempting(action: str, subject: str = "store") -> Iterator[None]:
    """Name what the block attempts, for the entry logged if it is refused (``account.add``)."""
    token = _ATTEMPT.set((_UNSAFE.sub("_", action)[:64], _UNSAFE.sub("_", subject)[:80]))
    try:
        yield
    finally:
        _ATTEMPT.reset(token)


def note_refused_secret(field: str) -> None:
    """A value was refused from a field that must never hold a secret (never the value itself)."""
    notes = _NOTES.get()
    if notes is not None:
        notes.append({"reason": "secret", "field": field})


def open_notes():
    """Start collecting refusals for a unit of work; returns what :func:`close_notes` needs."""
    parent = _NOTES.get()
    return parent, _NOTES.set([])


def close_notes(opened) -> list[dict[str, Any]] | None:
    """The refusals noted in an outermost unit of work (None for a nested one: they go to its parent)."""
    parent, token = opened
    notes = _NOTES.get() or []
    _NOTES.reset(token)
    if parent is not None:
        parent.extend(notes)
        return None
    return notes


def refusal_of(exc: BaseException | None, notes: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """What to log about a command that stopped with ``exc``: a refused secret, or nothing.

    Import rows are checked in worker processes too, so the rows of an import's rejection count
    as well as the refusals noted in this process.
    """
    from registry.errors import RegistryError

    if not isinstance(exc, RegistryError):
        return None
    fields = {note["field"] for note in notes or () if note["reason"] == "secret"}
    # A row's problem in a secret field means a value was offered and refused, unless the problem
    # is that the value is missing.
    offered = [(line, column) for line, column, message in getattr(exc, "source_problems", ())
               if column in SECRET_FIELDS and message != i18n.t("account.required", column=column)]
    lines = sorted({line for line, _column in offered})
    fields.update(column for _line, column in offered)
    if not fields:
        return None
    refusal: dict[str, Any] = {"reason": "secret", "fields": sorted(fields)}
    if lines:
        refusal["lines"] = lines
    return refusal


def record_refused(
    store, *, actor: str, action: str | None = None, subject: str | None = None, **data: Any
) -> bool:
    """Log a refused attempt in a transaction of its own (the attempt's own work rolled back).

    It appends under the same lock as every other writer, so the chain stays one line. A store
    that cannot take the entry (a database role without the right to append) keeps the refusal
    as it was: False, and the attempt's own error is what the user sees.
    """
    default_action, default_subject = _ATTEMPT.get()
    try:
        with store.unit_of_work(actor=actor) as uow:
            uow.log.refused(action or default_action, subject or default_subject, **data)
            uow.commit()
    except Exception:  # noqa: BLE001 - never hide the refusal the user is being told about
        return False
    return True
