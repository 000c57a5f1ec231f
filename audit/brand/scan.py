"""Scanning a file of observed accounts for brand misuse (`smreg scan FILE`)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from audit.brand.detector import Detector
from audit.brand.model import Verdict
from audit.brand.observed import read_columns


def scan_file(
    path: str | os.PathLike[str], detector: Detector, *, suspects_only: bool = False
) -> Iterator[Verdict]:
    """The verdict on every row of an observed-accounts file, in file order (or only the suspects).

    Raises ValidationError when the file cannot be read, and ObservedRejected after the last
    verdict when some rows had no platform or handle.
    """
    for batch in read_columns(path):
        yield from detector.scan_columns(
            batch.rows, batch.platform, batch.handle, batch.display_name, batch.avatar, suspects_only=suspects_only
        )
