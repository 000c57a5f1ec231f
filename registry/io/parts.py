"""Cutting a large CSV file into runs of whole records, to be read side by side by processes.

A cut never falls inside a quoted cell (the quotes before it are even in number) and is made
only where a line feed is one byte (UTF-8, Windows-1252) and every line before it ends with one
(a carriage return alone also ends a line for the readers, so such files are read whole), so every part
starts at a clean place for a decoder and its first line number is known without decoding.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

SPLITTABLE = ("utf-8", "utf-8-sig", "cp1252")  # encodings in which a line feed is one byte
_BLOCK = 1 << 22


@dataclass(frozen=True)
class Part:
    """A run of whole records of a CSV file: from byte ``start``, ``lines`` lines (None: to the
    end), the first of them line ``first_line`` of the file."""

    start: int
    lines: int | None
    first_line: int
    encoding: str  # of the whole file, checked once

    @property
    def part_encoding(self) -> str:
        """The codec to read the part with: it starts past any byte-order mark."""
        return "utf-8" if self.encoding == "utf-8-sig" else self.encoding


def cut_records(
    path: str | os.PathLike[str], encoding: str, data_line: int, count: int, *, smallest: int = 0
) -> list[Part] | None:
    """Cut the records from physical line ``data_line`` on into about ``count`` parts.

    None when the encoding cannot be cut, a carriage return not followed by a line feed comes
    before the last cut (the readers take it for a line end, which counting line feeds misses),
    the file is smaller than ``smallest`` bytes, or it holds too little for two parts. Every part but
    the last knows its number of lines.
    """
    size = os.path.getsize(path)
    if encoding not in SPLITTABLE or size < smallest or count < 2:
        return None
    with open(path, "rb") as raw:
        for _ in range(data_line - 1):
            skipped = raw.readline()
            if skipped.count(b"\r") != skipped.count(b"\r\n"):
                return None  # the readers count a lone carriage return as a line end; readline does not
        first = raw.tell()
        cuts = [(first, data_line)]  # (byte offset, line) where each part starts
        position, line, quotes = first, data_line, 0
        for number in range(1, count):
            target = first + (size - first) * number // count
            while position < target:
                block = raw.read(min(_BLOCK, target - position))
                if not block:
                    break
                if block.endswith(b"\r"):
                    block += raw.read(1)  # a CR LF pair is counted in one block
                if block.count(b"\r") != block.count(b"\r\n"):
                    return None  # a carriage return alone ends a line too: lines cannot be counted by line feeds
                quotes += block.count(b'"')
                line += block.count(b"\n")
                position += len(block)
            while rest := raw.readline():  # finish the line, and go on while inside quotes
                if rest.count(b"\r") != rest.count(b"\r\n"):
                    return None
                quotes += rest.count(b'"')
                line += rest.count(b"\n")
                position += len(rest)
                if quotes % 2 == 0:
                    break
            if position >= size:
                break
            if position > cuts[-1][0]:
                cuts.append((position, line))
    if len(cuts) < 2:
        return None
    counts: list[int | None] = [b - a for (_, a), (_, b) in zip(cuts, cuts[1:], strict=False)]
    return [Part(begin, lines, start, encoding) for (begin, start), lines in zip(cuts, [*counts, None], strict=True)]
