"""The one render() entry point: every format for every kind of report, in both languages."""

from __future__ import annotations

import pytest

from audit.reports import ReportFormat, ReportKind, kind_of, media_type, render, suffix
from registry.errors import ValidationError

# What each format's bytes begin with, so a format cannot silently render another's output.
SIGNATURES = {
    ReportFormat.HTML: b"<!DOCTYPE html>",
    ReportFormat.MD: b"# ",
    ReportFormat.XLSX: b"PK\x03\x04",
    ReportFormat.JSON: b"{",
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_format_renders_every_kind_of_report(build, fmt, lang):
    for report in (build.ownership(lang), build.findings(lang), build.offboarding(lang, cases=2)):
        data = render(report, fmt)
        assert isinstance(data, bytes) and len(data) > 200, (fmt, type(report).__name__)
        if fmt in SIGNATURES:
            assert data.startswith(SIGNATURES[fmt])
        if fmt is not ReportFormat.XLSX:
            data.decode("utf-8")  # every text format is UTF-8


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_one_offboarding_case_renders_as_a_checklist_in_every_format(build, fmt):
    data = render(build.offboarding("en", cases=1), fmt)
    if fmt is ReportFormat.XLSX:
        assert data.startswith(b"PK")
    else:
        assert "AloysiusAcademie" in data.decode("utf-8")


@pytest.mark.parametrize("fmt", [f for f in ReportFormat if f is not ReportFormat.XLSX])
def test_rendering_a_text_format_twice_gives_the_same_bytes(ownership, fmt):
    assert render(ownership, fmt) == render(ownership, fmt)


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_a_language_smreg_does_not_speak_is_refused(build, fmt):
    report = build.findings("fr")
    with pytest.raises(ValidationError) as caught:
        render(report, fmt)
    assert caught.value.key == "report.lang_unknown"


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_format_has_a_suffix_and_a_media_type(fmt):
    assert suffix(fmt) == "." + fmt.value
    assert "/" in media_type(fmt)


def test_the_formats_are_the_ones_the_command_line_offers():
    assert [f.value for f in ReportFormat] == ["html", "md", "csv", "xlsx", "json"]


def test_each_report_knows_its_kind(build):
    assert kind_of(build.ownership()) is ReportKind.OWNERSHIP
    assert kind_of(build.findings()) is ReportKind.FINDINGS
    assert kind_of(build.offboarding()) is ReportKind.OFFBOARDING
    assert [k.value for k in ReportKind] == ["ownership", "findings", "offboarding", "period", "evidence", "retention"]


def test_an_empty_ownership_report_still_renders_in_every_format(build):
    from dataclasses import replace

    empty = replace(build.ownership(), units=(), overdue_series=())
    for fmt in ReportFormat:
        assert render(empty, fmt)
