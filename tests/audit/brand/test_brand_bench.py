"""The scan benchmark's file maker and runner work (the full size is run on demand, not here)."""

import csv

from audit.brand.bench import LOOKALIKE_SHARE, make_observed_csv, run


def test_the_benchmark_file_has_about_one_percent_lookalikes_and_the_scan_finds_them(tmp_path):
    path = tmp_path / "observed.csv"
    lookalikes = make_observed_csv(path, 5000, seed=3)
    with open(path, encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in csv.reader(handle)) == 5001
    assert abs(lookalikes - 5000 * LOOKALIKE_SHARE) < 25
    seconds, peak_mb, suspects = run(path)
    assert seconds > 0 and peak_mb > 0
    assert lookalikes <= suspects <= lookalikes * 1.1


def test_the_same_seed_makes_the_same_file(tmp_path):
    make_observed_csv(tmp_path / "a.csv", 300, seed=9)
    make_observed_csv(tmp_path / "b.csv", 300, seed=9)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
