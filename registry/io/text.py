"""Telling a text file from anything else, and finding its encoding, before any row is read.

The whole file is checked first, so a file that turns out to be binary, or not in one encoding,
is refused before a single row is taken: a file is read correctly or not at all. UTF-8 (with or
without a byte-order mark) and UTF-16 with a mark are taken as they are; a file that is not
valid UTF-8 is read as Windows-1252, the Latin-1 superset Excel on Windows writes, with a notice.
"""

from __future__ import annotations

import codecs
import os
import re

from registry import i18n
from registry.errors import ValidationError

_CHUNK = 1 << 20
# Bytes that never occur in text: C0 controls other than tab, LF, VT, FF, CR and the DOS
# end-of-file mark (0x1A), which old Windows tools still append.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26))

i18n.register(
    {
        "io.not_text": (
            "{file} does not look like a text/CSV file (it holds binary data). Export it as CSV (UTF-8), JSON lines or XLSX and try again.",
            "{file} lijkt geen tekst-/CSV-bestand (het bevat binaire gegevens). Exporteer het als CSV (UTF-8), JSON lines of XLSX en probeer het opnieuw.",
        ),
        "io.encoding_unknown": (
            "{file} is not UTF-8, UTF-16 or Windows-1252 text, so it cannot be read correctly. Save it as CSV UTF-8 and try again.",
            "{file} is geen UTF-8-, UTF-16- of Windows-1252-tekst en kan dus niet goed gelezen worden. Sla het op als CSV UTF-8 en probeer het opnieuw.",
        ),
        "io.read_as_latin1": (
            "{file} was read as Latin-1 (Windows-1252) because it is not UTF-8.",
            "{file} is gelezen als Latin-1 (Windows-1252) omdat het geen UTF-8 is.",
        ),
    }
)


def sniff_encoding(path: str | os.PathLike[str], head: bytes) -> tuple[str, str | None]:
    """The codec to read ``path`` with (``head`` is its first bytes) and a notice, if any.

    Raises :class:`ValidationError` when the file is not text.
    """
    name = os.fspath(path)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in head:
        encoding = _utf16_without_mark(head)
        if encoding is None:
            raise ValidationError("io.not_text", file=name)
    else:
        # A few stray control bytes may sit in a notes cell; many mean this is not text at all.
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls > max(2, len(head) // 100):
            raise ValidationError("io.not_text", file=name)
        encoding = "utf-8"
    if _decodes(path, encoding):
        return encoding, None
    if encoding == "utf-8" and _decodes(path, "cp1252"):
        return "cp1252", i18n.t("io.read_as_latin1", file=name)
    raise ValidationError("io.encoding_unknown", file=name)


def _utf16_without_mark(head: bytes) -> str | None:
    """Text saved as UTF-16 without a mark has a zero in every other byte (for Latin text)."""
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if len(head) >= 4 and even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _decodes(path: str | os.PathLike[str], encoding: str) -> bool:
    """True when the whole file decodes; a NUL anywhere means binary and is refused."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                if "\x00" in decoder.decode(chunk):
                    raise ValidationError("io.not_text", file=os.fspath(path))
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def first_undecodable_line(path: str | os.PathLike[str], encoding: str) -> int | None:
    """The physical line (from 1) holding the first bytes ``encoding`` cannot decode, or None.

    For encodings in which a line feed is one byte (UTF-8): an unfinished character carried
    from one block to the next never holds one.
    """
    # a byte-order mark is a character like any other here; utf-8-sig would count from after it
    decoder = codecs.getincrementaldecoder("utf-8" if encoding == "utf-8-sig" else encoding)()
    line = 1
    with open(path, "rb") as handle:
        while True:
            carried = decoder.getstate()[0]  # the error's position counts from these bytes
            block = handle.read(_CHUNK)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as error:
                return line + (carried + block).count(b"\n", 0, max(0, error.start))
            if not block:
                return None
            line += block.count(b"\n")


_QUOTED = re.compile(r'"[^"]*"')


def sniff_delimiter(header: str) -> str:
    """The separator a CSV header line uses most (outside quotes): tab, ``;`` or ``,``.

    Ties keep the first of tab, then ``;``: a one-column file reads the same with any of them.
    """
    bare = _QUOTED.sub("", header)
    counts = {sep: bare.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","
