"""Report building pauses the cycle collector and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from audit.reports.bulk import no_cycle_collection


def test_the_collector_is_paused_inside_and_on_again_after_even_when_the_report_fails():
    assert gc.isenabled()
    with pytest.raises(ValueError), no_cycle_collection():
        assert not gc.isenabled()
        with no_cycle_collection():  # nested: still paused after the inner one ends
            pass
        assert not gc.isenabled()
        raise ValueError("the report failed")
    assert gc.isenabled()


def test_what_was_made_meanwhile_is_left_to_the_oldest_generation_and_still_collected():
    gc.collect()
    with no_cycle_collection():
        cycles = []
        for _ in range(5000):
            node: list = []
            node.append(node)
            cycles.append(node)
        assert gc.get_count()[0] >= 5000  # all of it young while the collector is paused
        del cycles, node
    assert gc.get_count()[0] < 700 and gc.get_freeze_count() == 0
    assert gc.collect() >= 5000  # the cycles are garbage the next full collection frees
