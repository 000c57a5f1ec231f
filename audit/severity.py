"""How severe a finding is: the one enum the audit, its reports and ``--fail-on`` share.

Kept apart from :mod:`audit.model` so that the command line can offer ``--fail-on`` without
loading the audit's data model.
"""

from __future__ import annotations

import enum

from registry import i18n


class Severity(enum.StrEnum):
    """From least to most severe; ``--fail-on`` compares by this order."""

    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {severity: index for index, severity in enumerate(Severity)}
# The order of the summary and of listings: most severe first.
SEVERITIES_DESC = tuple(reversed(Severity))
SEVERITY_TEXTS = {
    Severity.info: ("info", "info"),
    Severity.low: ("low", "laag"),
    Severity.medium: ("medium", "middel"),
    Severity.high: ("high", "hoog"),
    Severity.critical: ("critical", "kritiek"),
}
i18n.register({f"audit.severity.{severity.value}": pair for severity, pair in SEVERITY_TEXTS.items()})
