"""Who is due for erasure: former staff whose personal data the retention period no longer covers.

A person who left on their end date may be erased from the day after the end date plus
``retention_years`` (``smreg config set retention_years N``, default 2), the same rule
``smreg person erase`` applies (:func:`registry.services.erasure.earliest_erasure`). The report
lists everyone who has left and is not erased yet, with the day each becomes due, those already
due first. The legal ground is in docs/security.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from audit.reports.texts import extend

if TYPE_CHECKING:
    from registry.db import Store


@dataclass(frozen=True, slots=True)
class Due:
    employee_id: str
    name: str
    unit: str
    end_date: date
    due_on: date


@dataclass(frozen=True)
class RetentionReport:
    organisation: str
    on: date
    generated_at: datetime
    retention_years: int
    people: tuple[Due, ...]
    lang: str = "en"

    @property
    def as_of(self) -> datetime:
        return datetime.combine(self.on, datetime.min.time(), tzinfo=self.generated_at.tzinfo)


def build(store: Store, *, on: date, lang: str = "en") -> RetentionReport:
    from registry import clock
    from registry.services.erasure import earliest_erasure

    with store.reader() as reader:
        settings = dict(reader.rows("SELECT key, value FROM setting WHERE key IN ('retention_years', 'organisation')"))
        rows = reader.rows("SELECT p.employee_id, p.name, u.code, p.end_date FROM person p"
                           " LEFT JOIN unit u ON u.id = p.unit_id WHERE p.end_date IS NOT NULL AND p.erased_on IS NULL")
    years = int(json.loads(settings.get("retention_years", "2")))
    people = []
    for employee_id, name, unit, end_date in rows:
        end = end_date if isinstance(end_date, date) else date.fromisoformat(str(end_date)[:10])
        if end >= on:
            continue
        people.append(Due(employee_id or "", name or "", unit or "", end, earliest_erasure(end, years)))
    people.sort(key=lambda d: (d.due_on, d.employee_id))
    organisation = json.loads(settings["organisation"]) if "organisation" in settings else ""
    return RetentionReport(organisation, on, clock.now(), years, tuple(people), lang)


def render(report: RetentionReport, fmt: str) -> bytes:
    from audit.reports.safe import markdown_cell as md
    from audit.reports.texts import Labels

    labels = Labels(report.lang)
    records = [{"employee_id": d.employee_id, "name": d.name, "unit": d.unit, "end_date": d.end_date.isoformat(),
                "due_on": d.due_on.isoformat(), "due": d.due_on <= report.on} for d in report.people]
    if fmt == "json":
        body = {"report": "retention", "version": 1, "organisation": report.organisation, "on": report.on.isoformat(),
                "retention_years": report.retention_years, "people": records}
        return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        import csv
        import io

        from audit.reports.safe import neutralise

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["employee_id", "name", "unit", "end_date", "due_on", "due"])
        for r in records:
            writer.writerow([neutralise(str(r[k])) for k in ("employee_id", "name", "unit", "end_date", "due_on")]
                            + ["yes" if r["due"] else "no"])
        return buffer.getvalue().encode("utf-8")
    heads = [labels("report.col.employee_id"), labels("report.col.person"), labels("report.col.unit"),
             labels("report.col.end_date"), labels("retention.col.due_on"), labels("retention.col.due")]
    cells = [[d.employee_id, d.name, d.unit, labels.date(d.end_date), labels.date(d.due_on),
              labels.yes_no(d.due_on <= report.on)] for d in report.people]
    title = labels("retention.title", date=labels.date(report.on))
    intro = labels("retention.intro", years=report.retention_years)
    if fmt == "xlsx":
        import io

        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(heads)
        for row in cells:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    if fmt == "md":
        lines = [f"# {md(title)}", "", md(intro), "", "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in cells]
        return ("\n".join(lines) + "\n").encode("utf-8")
    from audit.reports.to_html import environment

    context = {"lang": report.lang, "L": labels, "title": title, "organisation": report.organisation,
               "as_of": report.as_of, "generated_at": report.generated_at,
               "intro": intro, "heads": heads, "rows": cells}
    return environment().get_template("retention.html.j2").render(context).encode("utf-8")


extend(
    {
        "retention.title": ("Personal data due for erasure, {date}", "Persoonsgegevens die gewist moeten worden, {date}"),
        "retention.intro": (
            "Former staff who are not erased yet, with the day the retention period of {years} years after their end date runs out. Erase those due with `smreg person erase ID`.",
            "Oud-medewerkers die nog niet zijn gewist, met de dag waarop de bewaartermijn van {years} jaar na hun einddatum afloopt. Wis wie aan de beurt is met `smreg person erase ID`.",
        ),
        "retention.col.due_on": ("Due for erasure on", "Te wissen vanaf"),
        "retention.col.due": ("Due now", "Nu te wissen"),
    }
)
