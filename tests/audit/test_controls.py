"""Controls: every rule and report section declares the controls it gives evidence for; the organisation's mapping goes on top."""

from __future__ import annotations

import pytest

from audit import controls
from audit.rules import all_rules
from registry.errors import ValidationError
from registry.services.config import check_controls


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_declares_controls_of_the_built_in_frameworks_with_their_titles(rule):
    assert rule.controls, f"{rule.id} names no control"
    for framework, ids in rule.controls.items():
        assert framework in controls.FRAMEWORKS
        assert ids and len(set(ids)) == len(ids)
        for control in ids:
            assert controls.title(framework, control, "en") and controls.title(framework, control, "nl")


def test_every_report_section_names_known_controls():
    for section, mapping in controls.SECTIONS.items():
        assert section.count(".") == 1
        for framework, ids in mapping.items():
            assert all(controls.title(framework, control, "nl") for control in ids), section
    # The controls the standards ask smreg to give evidence for are all covered by something.
    mapped = {(fw, c) for fw, c, _ in controls.effective({}).coverage([*(r.id for r in all_rules()), *controls.SECTIONS])}
    for control in ("A.5.7", "A.5.9", "A.5.11", "A.5.16", "A.5.17", "A.5.18", "A.6.5", "A.8.15"):
        assert (controls.ISO, control) in mapped
    for control in ("5.09.01", "5.16.01", "5.16.02", "5.17.02", "5.18.02", "8.15.01", "8.15.05", "8.15.06"):
        assert (controls.BIO, control) in mapped


def test_the_organisations_settings_add_a_framework_and_replace_or_clear_a_built_in_one():
    mapping = controls.effective({
        "controls.ibp.SM702": ["IBP-3.2"],
        "controls.bio2.SM705": [],
        "controls.iso27001.period.vault": ["A.5.17", "A.8.5"],
        "notice_days": 30,
    })
    assert mapping.frameworks == ("iso27001", "bio2", "ibp")
    assert mapping.of("SM702") == {"iso27001": ("A.5.11", "A.6.5", "A.5.18"), "bio2": ("5.16.01",), "ibp": ("IBP-3.2",)}
    assert mapping.of("SM705") == {"iso27001": ("A.5.17",)}
    assert mapping.of("period.vault")["iso27001"] == ("A.5.17", "A.8.5")
    assert mapping.text("SM702", "en") == "ISO/IEC 27001:2022 A.5.11, A.6.5, A.5.18; BIO2 5.16.01; IBP IBP-3.2"
    assert mapping.tags("SM705") == ["ISO/IEC 27001:2022 A.5.17"]
    assert controls.effective({"controls.bio2.SM705": [], "controls.iso27001.SM705": []}).text("SM705", "nl") == \
        "geen norm gekoppeld"


def test_coverage_lists_each_control_once_in_framework_and_number_order():
    found = controls.effective({}).coverage(["SM710", "SM701", "ownership.accounts"])
    assert [(fw, c) for fw, c, _ in found] == [
        ("iso27001", "A.5.9"), ("iso27001", "A.5.16"), ("iso27001", "A.5.18"), ("bio2", "5.09.01"),
        ("bio2", "5.16.01"), ("bio2", "5.18.02")]
    assert dict(((fw, c), s) for fw, c, s in found)[("iso27001", "A.5.9")] == ("SM710", "SM701", "ownership.accounts")


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("controls.ibp.sm702", "IBP-3.2, IBP-3.4 ,", ("controls.ibp.SM702", ["IBP-3.2", "IBP-3.4"])),
    ("controls.IBP.Period.Leavers", ["N 1", "N 1"], ("controls.ibp.period.leavers", ["N 1"])),
    ("controls.bio2.SM705", "", ("controls.bio2.SM705", [])),
])
def test_a_control_mapping_setting_is_normalised(key, value, expected):
    assert check_controls(key, value) == expected


@pytest.mark.parametrize(("key", "value"), [
    ("controls.ibp", "x"), ("controls.i b p.SM702", "x"), ("controls.ibp.SM70", "x"), ("controls.ibp.SM702", "!!"),
    ("controls.ibp.SM702", "x" * 41),
])
def test_a_control_mapping_that_cannot_be_right_is_refused(key, value):
    with pytest.raises(ValidationError):
        check_controls(key, value)
