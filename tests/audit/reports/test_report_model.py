"""The summary counts every format shows are derived from the report data, the same way each time."""

from __future__ import annotations

import dataclasses

import pytest

from audit.reports.model import FindingRef, severity_rank


def test_reports_are_frozen(ownership):
    with pytest.raises(dataclasses.FrozenInstanceError):
        ownership.organisation = "Another"  # type: ignore[misc]


def test_counts_by_unit_give_own_accounts_and_accounts_including_sub_units(ownership):
    counts = {c.unit.code: (c.own, c.total, c.open_findings) for c in ownership.counts_by_unit()}
    assert counts == {
        "ALO": (1, 4, 0),
        "WEST": (2, 3, 2),  # SM702 and SM705 open; SM709 is waived
        "DEZON": (1, 1, 1),
        "STAF": (0, 0, 0),
    }
    assert [c.unit.code for c in ownership.counts_by_unit()] == ["ALO", "WEST", "DEZON", "STAF"]


def test_a_unit_path_without_the_unit_itself_counts_the_same(build, ownership):
    units = tuple(dataclasses.replace(u, path=u.path[:-1]) for u in ownership.units)
    counts = dataclasses.replace(ownership, units=units).counts_by_unit()
    assert [(c.own, c.total) for c in counts] == [(1, 4), (2, 3), (1, 1), (0, 0)]


def test_counts_by_platform_list_the_most_used_platform_first(ownership):
    assert ownership.counts_by_platform() == {"x": 2, "instagram": 1, "youtube": 1}
    assert ownership.account_count == 4


def test_counts_by_kind_follow_the_domains_order_and_show_every_kind(ownership):
    assert ownership.counts_by_kind() == {"official": 2, "work": 2, "group": 0}


def test_counts_by_severity_show_every_severity_most_severe_first_without_waived(ownership):
    assert ownership.counts_by_severity() == {"critical": 1, "high": 2, "medium": 0, "low": 0, "info": 0}
    assert ownership.waived_count() == 1


def test_an_unknown_severity_is_still_counted(build):
    odd = build.account(9, "odd", "ALO", findings=(FindingRef("SM799", "severe", "m", "fp", False),))
    report = build.ownership()
    unit = dataclasses.replace(report.units[0], accounts=(odd,))
    counts = dataclasses.replace(report, units=(unit,)).counts_by_severity()
    assert counts["severe"] == 1
    assert list(counts)[0] == "severe"  # unknown sorts as most severe, never hidden
    assert severity_rank("critical") > severity_rank("high") > severity_rank("info")


def test_the_unit_platform_matrix_is_the_charts_data(ownership):
    platforms, rows = ownership.unit_platform_matrix()
    assert platforms == ("x", "instagram", "youtube")
    assert [(u.code, cells) for u, cells in rows] == [
        ("ALO", (1, 0, 0)),
        ("WEST", (1, 1, 0)),
        ("DEZON", (0, 0, 1)),
        ("STAF", (0, 0, 0)),
    ]


def test_findings_report_counts_open_findings_by_severity_and_rule(findings):
    assert findings.counts_by_severity() == {"critical": 1, "high": 1, "medium": 0, "low": 0, "info": 0}
    assert findings.counts_by_rule() == {"SM701": 1, "SM702": 1}
    assert findings.waived_count() == 1


def test_offboarding_counts_cases_and_accounts_still_to_hand_over(build):
    report = build.offboarding(cases=2)
    assert report.counts() == {"cases": 2, "open_cases": 1, "closed_cases": 1, "accounts": 2, "accounts_open": 2}
