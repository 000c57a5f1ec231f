"""Reports: ownership, findings and offboarding, each in HTML, Markdown, CSV, XLSX and JSON.

One entry point, :func:`render`, takes a report (the frozen dataclasses of :mod:`.model`) and a
:class:`ReportFormat` and returns the file's bytes; one module per format does the work. Nothing
here reads the store: whoever builds the report hands over all the data. The offboarding
checklist of one leaver is an :class:`~.model.OffboardingReport` with that one case.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

from audit.reports import sections as _sections  # noqa: F401 - registers the texts of the control sections

if TYPE_CHECKING:  # the data model is loaded when a report is made, not for `smreg --help`
    from audit.reports.model import Report


class ReportFormat(StrEnum):
    """The formats ``smreg report --format`` offers."""

    HTML = "html"
    MD = "md"
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


class ReportKind(StrEnum):
    """The reports ``smreg report`` writes."""

    OWNERSHIP = "ownership"
    FINDINGS = "findings"
    OFFBOARDING = "offboarding"
    PERIOD = "period"
    EVIDENCE = "evidence"
    RETENTION = "retention"


def render(report: Report, fmt: ReportFormat) -> bytes:
    """The report in the given format, in the report's own language (``report.lang``)."""
    from audit.reports.bulk import no_cycle_collection
    from audit.reports.texts import check_language

    check_language(report.lang)
    with no_cycle_collection():
        return _render(report, fmt)


def _render(report: Report, fmt: ReportFormat) -> bytes:
    from audit.reports.period import PeriodReport

    if isinstance(report, PeriodReport):
        from audit.reports import period_render

        return period_render.render(report, fmt.value)
    from audit.reports.retention import RetentionReport

    if isinstance(report, RetentionReport):
        from audit.reports import retention

        return retention.render(report, fmt.value)
    # Each format module is imported when used: Jinja2 and openpyxl take longer to load than a
    # command that never writes a report should wait.
    match fmt:
        case ReportFormat.HTML:
            from audit.reports import to_html as module
        case ReportFormat.MD:
            from audit.reports import to_markdown as module
        case ReportFormat.CSV:
            from audit.reports import to_csv as module
        case ReportFormat.XLSX:
            from audit.reports import to_xlsx as module
        case ReportFormat.JSON:
            from audit.reports import to_json as module
        case _:
            assert_never(fmt)
    return module.render(report)


def kind_of(report: Report) -> ReportKind:
    """Which report this is."""
    from audit.reports.model import FindingsReport, OffboardingReport, OwnershipReport

    if isinstance(report, OwnershipReport):
        return ReportKind.OWNERSHIP
    if isinstance(report, FindingsReport):
        return ReportKind.FINDINGS
    if isinstance(report, OffboardingReport):
        return ReportKind.OFFBOARDING
    from audit.reports.period import PeriodReport

    if isinstance(report, PeriodReport):
        return ReportKind.PERIOD
    assert_never(report)


def suffix(fmt: ReportFormat) -> str:
    """The file name ending for a format, e.g. ``.md``."""
    return "." + fmt.value


def media_type(fmt: ReportFormat) -> str:
    """The MIME type of a format, for whoever serves or mails the file."""
    match fmt:
        case ReportFormat.HTML:
            return "text/html; charset=utf-8"
        case ReportFormat.MD:
            return "text/markdown; charset=utf-8"
        case ReportFormat.CSV:
            return "text/csv; charset=utf-8"
        case ReportFormat.XLSX:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case ReportFormat.JSON:
            return "application/json"
        case _:
            assert_never(fmt)


__all__ = ["ReportFormat", "ReportKind", "kind_of", "media_type", "render", "suffix"]
