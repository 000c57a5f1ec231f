"""Scanning a file of observed accounts for brand misuse (`smreg scan FILE`).

A large CSV file scanned for suspects only is cut in two (:func:`csv_parts`) and the second
half is scanned in a forked process while this one scans the first: reading CSV and folding
names is Python work that one core cannot speed up further, and the scan has a whole machine.
Suspects are few, so handing them back costs next to nothing. Verdicts keep the file's order.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Protocol, TextIO

from audit.brand.detector import Detector
from audit.brand.model import Verdict
from audit.brand.observed import ObservedRejected, Part, csv_parts, read_columns
from registry.errors import RegistryError, ValidationError

# Rows read and matched at once; only the suspects are kept of each batch, so when nothing else
# is wanted, smaller batches keep less in memory at hardly any cost in time.
_BATCH = 1 << 16
_SUSPECTS_BATCH = 1 << 14
# Files at least this large are scanned in two processes (when only suspects are wanted).
PARALLEL_BYTES = 32 << 20


def scan_file(
    path: str | os.PathLike[str], detector: Detector, *, suspects_only: bool = False, source: str | None = None,
    skipped: list[tuple[int, str, str]] | None = None, column_map: dict[str, str] | None = None,
    avatar_dirs: tuple[str, ...] = (),
) -> Iterator[Verdict]:
    """The verdict on every row of an observed-accounts file, in file order (or only the suspects).

    ``column_map`` renames other columns (``--map``); avatars may be in the file's folder or in
    ``avatar_dirs``. Raises ValidationError when the file cannot be read, and ObservedRejected
    after the last verdict when some rows could not be used (no platform or handle, a link that
    names no profile, an avatar that may not be read).
    """
    from registry.io.sources import detect_source

    tool = detect_source(path, source)
    verdicts = _verdicts(path, detector, suspects_only, source, skipped, column_map, avatar_dirs)
    if tool is not None and tool.unverified:
        # a username-search tool's hits: whether such an account exists at all is for a reviewer to confirm
        verdicts = (v._replace(unverified=True) if v.verdict == "suspect" else v for v in verdicts)
    yield from verdicts


class ScanWriter(Protocol):
    """What renders a scan's verdicts (the command line's table, JSON or CSV), counting them.

    :func:`write_scan` may hand it a file in two halves: the first written here into a temporary
    file, the second in a forked process with ``numbered`` false (its first row number is not
    known until the first half is read), after ``adopt`` of the first half's state (column
    widths), which ``on_started`` announces. ``append_rows`` then writes the second half's lines
    with their row numbers. ``parallel`` says whether the writer can do all that.
    """

    out: TextIO
    parallel: bool
    on_started: Callable[[ScanWriter], None] | None

    def write(self, verdicts: Iterable[Verdict], *, row_offset: int = 0, numbered: bool = True) -> None: ...

    def append_rows(self, source: TextIO, row_offset: int) -> None: ...

    def state(self) -> dict[str, Any]: ...

    def adopt(self, state: dict[str, Any]) -> None: ...

    def reset(self) -> None: ...


def write_scan(
    path: str | os.PathLike[str], detector: Detector, writer: ScanWriter, *, suspects_only: bool = False,
    source: str | None = None, skipped: list[tuple[int, str, str]] | None = None,
    column_map: dict[str, str] | None = None, avatar_dirs: tuple[str, ...] = (),
) -> None:
    """Scan a file and hand its verdicts, in file order, to ``writer``.

    A large CSV file is scanned and written in two processes side by side: this one scans the
    first half and writes it to a temporary file, a forked one the second half, its lines without
    their row numbers (known only once the first half is read); then both are copied out.
    Reading, folding and writing are Python work, so two cores take about half the time. Raises as
    :func:`scan_file` does, after the last verdict is written.
    """
    from registry.io.sources import detect_source

    reading = {"column_map": column_map, "avatar_dirs": avatar_dirs}
    parts = None
    if writer.parallel and source is None and detect_source(path, None) is None and _cores() >= 2 and _can_fork():
        parts = csv_parts(path, smallest=PARALLEL_BYTES)
    if parts is None or not _write_halves(path, detector, writer, parts, suspects_only, reading):
        writer.write(scan_file(path, detector, suspects_only=suspects_only, source=source, skipped=skipped,
                               column_map=column_map, avatar_dirs=avatar_dirs))


def _write_halves(path: str | os.PathLike[str], detector: Detector, writer: ScanWriter, parts: list[Part],
                  suspects_only: bool, reading: dict) -> bool:
    """Write the two parts side by side (see :func:`write_scan`); False when the file must be
    scanned whole after all (a quote misled the cutting, or the first part holds no row)."""
    _shared_tables()
    out = writer.out
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as first, \
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as second:
        receive, send = context.Pipe(duplex=False)
        starting, started = context.Pipe(duplex=False)
        args = (path, detector, parts[1], suspects_only, writer, second, starting, send, reading)
        worker = context.Process(target=_write_second, args=args, daemon=True)
        worker.start()
        send.close()
        starting.close()
        problems: list[tuple[int, str, str]] = []
        counted: list[int] = []
        writer.out = first
        writer.on_started = lambda ready: started.send(ready.state())  # the widths, to the second half
        outcome, payload = "", None
        try:
            try:
                writer.write(_scan(path, detector, parts[0], suspects_only, counted=counted, reading=reading))
            except ObservedRejected as error:  # raised after the part's last verdict
                problems.extend(error.problems)
            except ValidationError as error:
                if error.key != "io.quote_unclosed":
                    raise
                outcome = "whole"  # a quote misled the cutting: the file is scanned whole
            if not outcome and writer.on_started is not None:
                outcome = "whole"  # nothing written of the first part: no widths to share
            if not outcome:
                try:
                    outcome, payload = receive.recv()
                except EOFError:
                    outcome, payload = "crash", "the scanning process ended without an answer"
            else:
                worker.terminate()  # it may be waiting for widths that will not come
            worker.join()
        finally:
            writer.out, writer.on_started = out, None
            if worker.is_alive():
                worker.terminate()
                worker.join()
            receive.close()
            started.close()
        if outcome == "whole" or (outcome == "error" and payload[1] == "io.quote_unclosed"):
            writer.reset()
            return False
        if outcome == "error":
            kind, key, params = payload
            raise kind(key, **params)
        if outcome == "crash":
            raise RuntimeError(f"brand scan of {os.fspath(path)} failed:\n{payload}")
        state, more = payload
        first.seek(0)
        shutil.copyfileobj(first, out, 1 << 20)
        second.seek(0)
        writer.append_rows(second, counted[0] if counted else 0)
    writer.adopt(state)
    problems.extend(more)
    if problems:
        raise ObservedRejected(os.fspath(path), sorted(problems, key=lambda problem: problem[0]))
    return True


def _write_second(path: str | os.PathLike[str], detector: Detector, part: Part, suspects_only: bool,
                  writer: ScanWriter, out: TextIO, started: Connection, send: Connection, reading: dict) -> None:
    """In the forked process: once the first half's widths are known, scan the second part into
    ``out`` without row numbers, and send back (the writer's state, problems) or what went wrong."""
    try:
        problems: list[tuple[int, str, str]] = []
        try:
            state = started.recv()
        except EOFError:
            return  # the first half ended without a row: it is scanned whole
        writer.adopt(state)
        writer.out = out
        before = writer.state()
        try:
            writer.write(_scan(path, detector, part, suspects_only, reading=reading), numbered=False)
        except ObservedRejected as error:
            problems = error.problems
        out.flush()
        after = writer.state()  # what this half counted, for the first half's writer to add
        own = {**after, **{key: after[key] - before[key] for key in ("rows", "suspects", "high")}}
        send.send(("done", (own, problems)))
    except RegistryError as error:
        send.send(("error", (type(error), error.key, error.params)))
    except BaseException:
        send.send(("crash", traceback.format_exc()))
    finally:
        send.close()


def _verdicts(path: str | os.PathLike[str], detector: Detector, suspects_only: bool, source: str | None,
              skipped: list[tuple[int, str, str]] | None, column_map: dict[str, str] | None,
              avatar_dirs: tuple[str, ...]) -> Iterator[Verdict]:
    reading = {"column_map": column_map, "avatar_dirs": avatar_dirs}
    parts = None
    if suspects_only and source is None and _cores() >= 2 and _can_fork():
        parts = csv_parts(path, smallest=PARALLEL_BYTES)
    if parts is None:
        yield from _scan(path, detector, None, suspects_only, source, skipped, reading=reading)
    else:
        yield from _scan_side_by_side(path, detector, parts, reading)


def _scan(path: str | os.PathLike[str], detector: Detector, part: Part | None, suspects_only: bool,
          source: str | None = None, skipped: list[tuple[int, str, str]] | None = None,
          counted: list[int] | None = None, reading: dict | None = None) -> Iterator[Verdict]:
    size = _SUSPECTS_BATCH if suspects_only else _BATCH
    for batch in read_columns(path, batch=size, full=False, part=part, source=source, skipped=skipped,
                              counted=counted, **(reading or {})):
        yield from detector.scan_columns(
            batch.numbers, batch.platform, batch.handle, batch.display_name, batch.avatar,
            suspects_only=suspects_only, lines=batch.rows,
        )


def _shared_tables() -> None:
    """Read the word lists and Unicode's confusables before forking: a large file needs them, and
    both processes then share one copy instead of each reading its own."""
    from audit.brand.forms import _prototypes
    from audit.brand.words import _word_list

    _prototypes()
    _word_list()


def _scan_side_by_side(path: str | os.PathLike[str], detector: Detector, parts: list[Part],
                       reading: dict) -> Iterator[Verdict]:
    _shared_tables()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_scan_part, args=(path, detector, parts[1], send, reading), daemon=True)
    worker.start()
    send.close()
    problems: list[tuple[int, str, str]] = []
    # Held until the part is read whole (suspects are few): should it end inside a quoted cell, a
    # quote within an unquoted cell misled the cutting, and the file is scanned whole instead.
    first: list[Verdict] = []
    counted: list[int] = []
    try:
        try:
            first.extend(_scan(path, detector, parts[0], True, counted=counted, reading=reading))
        except ObservedRejected as error:  # raised after the part's last verdict
            problems.extend(error.problems)
        except ValidationError as error:
            if error.key != "io.quote_unclosed":
                raise
            worker.terminate()
            worker.join()
            yield from _scan(path, detector, None, True, reading=reading)
            return
        yield from first
        try:
            outcome, payload = receive.recv()
        except EOFError:
            outcome, payload = "crash", "the scanning process ended without an answer"
        worker.join()
    finally:
        if worker.is_alive():
            worker.terminate()
            worker.join()
        receive.close()
    if outcome == "error":
        kind, key, params = payload
        raise kind(key, **params)
    if outcome == "crash":
        raise RuntimeError(f"brand scan of {os.fspath(path)} failed:\n{payload}")
    verdicts, more = payload
    before = counted[0] if counted else 0  # the second part numbers its rows from 1
    yield from (v._replace(row=v.row + before) for v in verdicts)
    problems.extend(more)
    if problems:
        raise ObservedRejected(os.fspath(path), sorted(problems, key=lambda problem: problem[0]))


def _scan_part(path: str | os.PathLike[str], detector: Detector, part: Part, send: Connection, reading: dict) -> None:
    """In the forked process: scan one part and send back (suspects, problems), or what went wrong."""
    try:
        problems: list[tuple[int, str, str]] = []
        verdicts: list[Verdict] = []
        try:
            verdicts.extend(_scan(path, detector, part, True, reading=reading))
        except ObservedRejected as error:
            problems = error.problems
        send.send(("done", (verdicts, problems)))
    except RegistryError as error:
        send.send(("error", (type(error), error.key, error.params)))
    except BaseException:
        send.send(("crash", traceback.format_exc()))
    finally:
        send.close()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
