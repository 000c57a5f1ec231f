"""How well the detector finds suspects on a labelled corpus: precision and recall (PRODUCT.md §7).

A corpus is a folder holding

- ``terms.txt``: the brand terms, one per line (``#`` starts a comment);
- ``registered.csv``: the registered accounts (``platform, handle[, display_name, kind]``; the
  kind is ``official`` when not given);
- ``observed.csv``: observed accounts in the scan's format plus ``label`` (``official``,
  ``suspect`` or ``clear``), ``why`` and optionally ``class`` (the trick or hard negative the row
  stands for, reported on its own); avatar paths are relative to the folder;
- optionally ``affixes.txt`` and ``allow.txt``: the organisation's own affix words and allowed
  words, one per line;
- optionally ``logos/``: the official logo images.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from audit.brand.detector import Detector, KeyFn
from audit.brand.logo import logo_hash
from audit.brand.model import RegisteredAccount
from audit.brand.scan import scan_file

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp")


@dataclass(frozen=True)
class Mistake:
    """A row whose verdict differs from its label."""

    row: int
    handle: str
    label: str
    verdict: str
    why: str


@dataclass(frozen=True)
class Quality:
    """Precision and recall of the verdict ``suspect`` against the labels."""

    true_positives: int
    false_positives: int
    false_negatives: int
    rows: int
    mistakes: tuple[Mistake, ...]  # every row whose verdict is not its label
    classes: dict[str, Quality] | None = None  # the same figures per row class, when the corpus has classes

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [
        line.split("#", 1)[0].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]


def corpus_detector(folder: str | os.PathLike[str], *, key_fn: KeyFn | None = None) -> Detector:
    """The detector configured by a corpus folder's terms, registered accounts, logos and words."""
    root = Path(folder)
    terms = _lines(root / "terms.txt")
    with open(root / "registered.csv", encoding="utf-8-sig", newline="") as handle:
        registered = [
            RegisteredAccount(
                number,
                row["platform"].strip(),
                row["handle"].strip(),
                (row.get("display_name") or "").strip() or None,
                (row.get("kind") or "").strip() or "official",
            )
            for number, row in enumerate(csv.DictReader(handle), 1)
        ]
    logos = root / "logos"
    hashes = (
        [logo_hash(p) for p in sorted(logos.iterdir()) if p.suffix.lower() in _IMAGE_SUFFIXES]
        if logos.is_dir()
        else []
    )
    return Detector(terms, registered, logo_hashes=hashes, key_fn=key_fn,
                    affixes=_lines(root / "affixes.txt"), allow=_lines(root / "allow.txt"))


def evaluate(folder: str | os.PathLike[str], *, key_fn: KeyFn | None = None) -> Quality:
    """Scan a corpus folder's ``observed.csv`` and compare every verdict with its label."""
    root = Path(folder)
    observed = root / "observed.csv"
    with open(observed, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        labels = {}
        reader.fieldnames  # noqa: B018 - reads the header, so line_num counts it
        start = reader.line_num + 1
        for row in reader:
            labels[start] = (row["label"].strip(), (row.get("why") or "").strip(), (row.get("class") or "").strip())
            start = reader.line_num + 1
    counts: dict[str, list[int]] = {}
    mistakes: dict[str, list[Mistake]] = {}
    for verdict in scan_file(observed, corpus_detector(root, key_fn=key_fn)):
        label, why, kind = labels[verdict.line]
        said, meant = verdict.verdict == "suspect", label == "suspect"
        for group in ("", kind) if kind else ("",):
            tally = counts.setdefault(group, [0, 0, 0, 0])
            tally[0] += said and meant
            tally[1] += said and not meant
            tally[2] += meant and not said
            tally[3] += 1
            if verdict.verdict != label:
                mistakes.setdefault(group, []).append(Mistake(verdict.line, verdict.handle, label, verdict.verdict, why))
    tp, fp, fn, _ = counts.get("", [0, 0, 0, 0])
    classes = {
        kind: Quality(*tally, tuple(mistakes.get(kind, ())))  # type: ignore[call-arg]
        for kind, tally in sorted(counts.items()) if kind
    }
    return Quality(tp, fp, fn, len(labels), tuple(mistakes.get("", ())), classes or None)
