"""The scan benchmark's file maker works, and the scan finds its lookalikes (the full size is run
on demand by tests/benchmarks/run.py, not here)."""

import csv

from benchmarks import brandscan

from audit.brand.detector import Detector
from audit.brand.model import RegisteredAccount
from audit.brand.scan import scan_file


def _detector() -> Detector:
    registered = [RegisteredAccount(i, *row) for i, row in enumerate(brandscan.BRAND.registered, 1)]
    return Detector(brandscan.TERMS, registered)


def test_the_benchmark_file_has_realistic_names_and_its_share_of_lookalikes(tmp_path):
    path = tmp_path / "observed.csv"
    lookalikes = brandscan.make_observed_csv(path, 6000, seed=3)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6000
    assert abs(lookalikes - 6000 * brandscan.LOOKALIKE_SHARE) < 40
    words = [len(row["display_name"].split()) for row in rows]
    assert sum(2 <= n <= 4 for n in words) > 0.95 * len(rows)  # two or three words, "van der" aside
    assert len({row["handle"] for row in rows}) > 0.8 * len(rows)


def test_the_scan_finds_the_lookalikes_and_little_else(tmp_path):
    path = tmp_path / "observed.csv"
    made: list[int] = []
    brandscan.make_observed_csv(path, 6000, seed=3, lookalike_rows=made)
    found = {v.row for v in scan_file(path, _detector(), suspects_only=True)}
    assert len(found & set(made)) >= 0.97 * len(made)  # recall
    # a few names are a real person's and two edits from the term (Linda de Wijs): suspects too
    assert len(found & set(made)) >= 0.9 * len(found)  # precision


def test_the_same_seed_makes_the_same_file(tmp_path):
    brandscan.make_observed_csv(tmp_path / "a.csv", 300, seed=9)
    brandscan.make_observed_csv(tmp_path / "b.csv", 300, seed=9)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
