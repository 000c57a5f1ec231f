"""Generated corpora of two more school boards: precision and recall at least 0.97 per trick class."""

from __future__ import annotations

import csv

import brand_corpora as corpora
import pytest

from audit.brand.quality import evaluate

TARGET = 0.97


@pytest.mark.parametrize("brand", corpora.BRANDS, ids=lambda b: b.folder)
def test_every_class_of_trick_and_hard_negative_is_told_apart(brand):
    quality = evaluate(corpora.DATA / brand.folder)
    assert quality.classes is not None and set(quality.classes) == set(corpora.CLASSES)
    for name, found in quality.classes.items():
        assert found.rows >= 400, name
        assert found.precision >= TARGET, (name, found.mistakes[:10])
        assert found.recall >= TARGET, (name, found.mistakes[:10])


@pytest.mark.parametrize("brand", corpora.BRANDS, ids=lambda b: b.folder)
def test_each_class_has_suspects_and_hard_negatives(brand):
    with open(corpora.DATA / brand.folder / "observed.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for name in corpora.CLASSES:
        labels = {row["label"] for row in rows if row["class"] == name}
        # a short term allows no typo: its typo class holds only near misses that must stay clear
        expected = {"clear"} if name == "typo2" and len(brand.term) < 5 else {"suspect", "clear"}
        assert expected <= labels, name


def test_the_corpora_are_what_the_generators_write(tmp_path):
    for brand in corpora.BRANDS:
        folder = corpora.write(brand, tmp_path)
        for name in ("terms.txt", "registered.csv", "observed.csv"):
            assert (folder / name).read_bytes() == (corpora.DATA / brand.folder / name).read_bytes(), (brand, name)
