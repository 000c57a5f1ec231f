"""Report texts for the parts that name the controls of the standards, declared beside them."""

from __future__ import annotations

from audit.reports.texts import extend

extend(
    {
        "report.heading.coverage": ("Control coverage", "Dekking van de normen"),
        "report.coverage.intro": (
            "Each control the audit's rules give evidence for, the rules that do, and their findings at this moment. A control without open findings is met as far as these rules can tell.",
            "Elke norm waarvoor de regels van de audit bewijs leveren, welke regels dat zijn en hun bevindingen op dit moment. Een norm zonder open bevindingen is voldaan voor zover deze regels dat kunnen zien.",
        ),
        "report.col.framework": ("Framework", "Normenkader"),
        "report.col.control": ("Control", "Norm"),
        "report.col.control_title": ("What it asks", "Wat de norm vraagt"),
        "report.col.rules": ("Rules", "Regels"),
        "report.col.controls": ("Controls", "Normen"),
        "report.col.open": ("Open", "Open"),
        "report.evidence_for": ("Evidence for: {controls}", "Bewijs voor: {controls}"),
    }
)
