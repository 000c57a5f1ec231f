"""Labelled corpora of two brands: precision and recall of 'suspect' at least 0.95 each."""

import csv
from pathlib import Path

import pytest

from audit.brand.quality import evaluate

DATA = Path(__file__).parents[2] / "data" / "brand"


@pytest.mark.parametrize("corpus", ["aloysius", "zilverreiger"])
def test_suspects_are_found_with_high_precision_and_recall(corpus):
    quality = evaluate(DATA / corpus)
    assert quality.rows >= 100
    assert quality.precision >= 0.95, quality.mistakes
    assert quality.recall >= 0.95, quality.mistakes


def test_the_sample_file_gets_the_labels_it_lists():
    quality = evaluate(DATA / "sample")
    assert quality.rows == 20
    assert quality.mistakes == ()


@pytest.mark.parametrize("corpus", ["aloysius", "zilverreiger"])
def test_each_corpus_covers_every_reason_and_every_label(corpus):
    with open(DATA / corpus / "observed.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels = {row["label"] for row in rows}
    assert labels == {"official", "suspect", "clear"}
    why = " ".join(row["why"] for row in rows)
    for reason in ("exact", "case", "separator", "affix", "leet", "homoglyph", "invisible", "typo", "logo"):
        assert reason in why, reason
    assert sum(row["label"] == "clear" for row in rows) >= 30
