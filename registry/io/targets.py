"""Writing files atomically: to a temporary file in the same folder that replaces the target only
when complete, so an interrupted export never leaves half a file. A replaced file keeps its mode.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO, Any

from registry import i18n
from registry.errors import ValidationError

Target = str | os.PathLike[str] | IO[Any]

i18n.register(
    {
        "io.write_failed": (
            "{file} could not be written ({reason}). Check the folder exists, that you may write there and that the disk is not full.",
            "{file} kon niet geschreven worden ({reason}). Controleer of de map bestaat, of u daar mag schrijven en of de schijf niet vol is.",
        ),
    }
)



@contextmanager
def binary_target(target: Target) -> Iterator[IO[bytes]]:
    """A binary stream to write to: the caller's stream, or a temp file renamed into place."""
    if not isinstance(target, (str, os.PathLike)):
        if isinstance(target, io.TextIOBase):
            yield target.buffer  # type: ignore[attr-defined]
        else:
            yield target  # type: ignore[misc]
        return
    path = os.fspath(target)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".part")
    except OSError as error:
        raise ValidationError("io.write_failed", file=path, reason=error.strerror or error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, file_mode(path))
        os.replace(temp, path)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise ValidationError("io.write_failed", file=path, reason=error.strerror or error) from None
        raise


def file_mode(path: str) -> int:
    """Keep the mode of a file being replaced; a new file gets the usual mode (umask applied)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        # mkstemp makes 0600 files; os.umask can only be read by setting it, so set it back.
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def text_target(target: Target, *, bom: bool = False) -> Iterator[IO[str]]:
    """A text stream in UTF-8 without newline translation."""
    if isinstance(target, io.TextIOBase):
        if bom:
            target.write("\ufeff")
        yield target  # type: ignore[misc]
        target.flush()
        return
    with binary_target(target) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig" if bom else "utf-8", newline="")
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # the binary stream belongs to the caller or to binary_target


def write_bytes_atomic(path: str | os.PathLike[str], content: bytes) -> None:
    """Write a whole file at once, atomically: a reader never sees half of it."""
    with binary_target(path) as stream:
        stream.write(content)
