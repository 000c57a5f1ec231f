"""The period report's words and formats: JSON, CSV, XLSX, Markdown and HTML with a chart per trend.

The figures come from :func:`audit.reports.period.build`; here they become the JSON (stable
English codes), the (section, figure, value) rows that CSV, XLSX and Markdown list, and the HTML
page with inline SVG charts of the months (no script, as the web face's policy requires).
"""

from __future__ import annotations

from audit.reports.period import MONTHLY, PeriodReport, VaultCoverage, spread
from audit.reports.texts import extend


def as_json(report: PeriodReport) -> dict:
    share = report.handover_pairs()
    return {
        "report": "period", "version": 1, "organisation": report.organisation, "from": report.start.isoformat(),
        "to": report.end.isoformat(), "generated_at": report.generated_at.isoformat(), "lang": report.lang,
        "log_head": {"seq": report.log_head[0], "hash": report.log_head[1]},
        "leavers": {
            "count": len(report.leavers), "accounts": share, "handed_over_by_end_date": report.handed_by_end_date(),
            "share_handed_over_by_end_date": round(report.handed_by_end_date() / share, 4) if share else None,
            "days_to_complete_handover": spread(report.days()),
            "per_unit": report.per_unit(),
            "people": [{"employee_id": p.employee_id, "unit": p.unit, "end_date": p.end_date.isoformat(),
                        "accounts": list(p.accounts), "handed_over_by_end_date": p.handed_by_end_date,
                        "days_to_complete_handover": list(p.days_to_handover),
                        "open_at_period_end": p.open_at_period_end} for p in report.leavers],
        },
        "accounts": {"registered": report.registered, "archived": report.archived, "renamed": report.renamed},
        "vault_coverage": {"start": _coverage(report.vault_coverage_start), "end": _coverage(report.vault_coverage_end)},
        "attestations": _share(report.attested),
        "brand_misuse": {**{k.replace("-", "_"): v for k, v in report.brand.items()},
                         "days_to_resolution": spread(report.brand_days_to_resolution)},
        "waivers": {"granted": report.waivers_granted, "expired": report.waivers_expired},
        "months": [{"month": m.month.isoformat()[:7], **m.figures()} for m in report.months],
        "controls": {s: {fw: list(ids) for fw, ids in c.items()} for s, c in report.controls.items()},
    }


def _share(pair: tuple[int, int]) -> dict[str, object]:
    done, total = pair
    return {"count": done, "of": total, "share": round(done / total, 4) if total else None}


def _coverage(coverage: VaultCoverage) -> dict[str, object]:
    return {**_share((coverage.covered, coverage.active)), "sm705": coverage.sm705, "sm712": coverage.sm712}


def rows(report: PeriodReport) -> list[tuple[str, str, object]]:
    """The figures as (section, code, value) rows, for CSV, XLSX and Markdown."""
    data = as_json(report)
    out: list[tuple[str, str, object]] = []

    def walk(section: str, prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(section, f"{prefix}.{key}" if prefix else key, item)
        elif not isinstance(value, list):
            out.append((section, prefix, value))

    for section in ("leavers", "accounts", "vault_coverage", "attestations", "brand_misuse", "waivers"):
        walk(section, "", {k: v for k, v in data[section].items() if k != "people"} if section == "leavers"
             else data[section])
    for month in data["months"]:
        for key, value in month.items():
            if key != "month":
                out.append(("months", f"{month['month']}.{key}", value))
    return out


extend(
    {
        "report.title.period": ("Figures for {start} to {end}", "Cijfers van {start} tot en met {end}"),
        "period.heading.leavers": ("Leavers and their accounts", "Vertrekkers en hun accounts"),
        "period.heading.accounts": ("Accounts registered, archived and renamed", "Accounts geregistreerd, gearchiveerd en hernoemd"),
        "period.heading.vault": ("Vault coverage (SM705, SM712)", "Dekking door de wachtwoordkluis (SM705, SM712)"),
        "period.heading.attestations": ("Attestations", "Bevestigingen"),
        "period.heading.brand": ("Brand misuse", "Misbruik van de naam"),
        "period.heading.waivers": ("Waivers", "Vrijstellingen"),
        "period.heading.months": ("Month by month", "Per maand"),
        "period.metric": ("Figure", "Cijfer"),
        "period.col.month": ("Month", "Maand"),
        "period.chart.leavers": ("Leavers and handovers per month", "Vertrekkers en overdrachten per maand"),
        "period.chart.leavers.desc": (
            "Bars per month: people whose end date fell in the month, and accounts whose handover was completed in it.",
            "Staven per maand: mensen met hun einddatum in die maand, en accounts waarvan de overdracht toen voltooid is.",
        ),
        "period.chart.accounts": ("Accounts per month", "Accounts per maand"),
        "period.chart.accounts.desc": (
            "Bars per month: accounts registered, archived and renamed in the month.",
            "Staven per maand: accounts die in die maand geregistreerd, gearchiveerd en hernoemd zijn.",
        ),
        "period.chart.brand": ("Brand misuse per month", "Misbruik van de naam per maand"),
        "period.chart.brand.desc": (
            "Bars per month: suspect accounts found, confirmed, with removal requested, and resolved in the month.",
            "Staven per maand: verdachte accounts die in die maand gevonden, bevestigd, ter verwijdering gemeld en opgelost zijn.",
        ),
        "period.value": ("Value", "Waarde"),
    }
)

# Each figure's words, by its code in the JSON (the per-unit figures use the same words).
FIGURES = {
    "count": ("number", "aantal"),
    "accounts": ("accounts they held", "accounts die zij hadden"),
    "handed_over_by_end_date": ("accounts handed over completely by the end date", "accounts volledig overgedragen op de einddatum"),
    "handed_by_end_date": ("accounts handed over completely by the end date", "accounts volledig overgedragen op de einddatum"),
    "share_handed_over_by_end_date": ("share handed over by the end date", "deel overgedragen op de einddatum"),
    "days_to_complete_handover.median": ("days to complete handover, median", "dagen tot volledige overdracht, mediaan"),
    "days_to_complete_handover.p90": ("days to complete handover, 90th percentile", "dagen tot volledige overdracht, 90e percentiel"),
    "days_to_complete_handover.worst": ("days to complete handover, worst", "dagen tot volledige overdracht, langste"),
    "registered": ("registered", "geregistreerd"),
    "archived": ("archived", "gearchiveerd"),
    "renamed": ("renamed", "hernoemd"),
    "start.count": ("at the start: with a vault reference that holds", "bij het begin: met een kluisverwijzing die klopt"),
    "start.of": ("at the start: active accounts", "bij het begin: actieve accounts"),
    "start.share": ("at the start: share", "bij het begin: deel"),
    "start.sm705": ("at the start: no usable vault reference (SM705)", "bij het begin: geen bruikbare kluisverwijzing (SM705)"),
    "start.sm712": ("at the start: reference to no shared vault item (SM712)", "bij het begin: verwijzing naar geen gedeeld kluisitem (SM712)"),
    "end.count": ("at the end: with a vault reference that holds", "aan het eind: met een kluisverwijzing die klopt"),
    "end.of": ("at the end: active accounts", "aan het eind: actieve accounts"),
    "end.share": ("at the end: share", "aan het eind: deel"),
    "end.sm705": ("at the end: no usable vault reference (SM705)", "aan het eind: geen bruikbare kluisverwijzing (SM705)"),
    "end.sm712": ("at the end: reference to no shared vault item (SM712)", "aan het eind: verwijzing naar geen gedeeld kluisitem (SM712)"),
    "of": ("active accounts at the end", "actieve accounts aan het eind"),
    "share": ("share verified in the last 12 months", "deel bevestigd in de laatste 12 maanden"),
    "found": ("suspects found", "verdachte accounts gevonden"),
    "confirmed": ("confirmed", "bevestigd"),
    "removal_requested": ("removal requested", "verwijdering gevraagd"),
    "resolved": ("resolved", "opgelost"),
    "days_to_resolution.median": ("days to resolution, median", "dagen tot oplossing, mediaan"),
    "days_to_resolution.p90": ("days to resolution, 90th percentile", "dagen tot oplossing, 90e percentiel"),
    "days_to_resolution.worst": ("days to resolution, worst", "dagen tot oplossing, langste"),
    "granted": ("granted", "verleend"),
    "expired": ("expired", "verlopen"),
    "leavers": ("leavers", "vertrekkers"),
    "handovers_completed": ("handovers completed", "overdrachten voltooid"),
    "suspects_found": ("suspects found", "verdachte accounts gevonden"),
    "waivers_granted": ("waivers granted", "vrijstellingen verleend"),
}
SECTION_HEADINGS = {"leavers": "period.heading.leavers", "accounts": "period.heading.accounts",
                    "vault_coverage": "period.heading.vault", "attestations": "period.heading.attestations",
                    "brand_misuse": "period.heading.brand", "waivers": "period.heading.waivers",
                    "months": "period.heading.months"}
SECTION_CONTROLS = {"leavers": "period.leavers", "accounts": "period.accounts", "vault_coverage": "period.vault",
                    "attestations": "period.attestations", "brand_misuse": "period.brand", "waivers": "period.waivers"}


def figure_words(code: str, lang: str) -> str:
    """A figure's code in words: ``per_unit.U1.median`` becomes "U1: days to …, median"."""
    index = 1 if lang == "nl" else 0
    if code.startswith("per_unit."):
        _, unit, rest = code.split(".", 2)
        words = FIGURES.get(f"days_to_complete_handover.{rest}", FIGURES.get(rest, (rest, rest)))[index]
        return f"{unit}: {words}"
    if code[:4].isdigit():
        month, rest = code.split(".", 1)
        return f"{month}: {FIGURES.get(rest, (rest, rest))[index]}"
    return FIGURES.get(code, (code, code))[index]


def render(report: PeriodReport, fmt: str) -> bytes:
    """The period report in one of the report formats."""
    from audit.reports.texts import Labels

    labels = Labels(report.lang)
    title = labels("report.title.period", start=labels.date(report.start), end=labels.date(report.end))
    figures = rows(report)
    if fmt == "json":
        from audit.reports.to_json import dumps

        return dumps(as_json(report))
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["section", "figure", "value"])
        writer.writerows(figures)
        return buffer.getvalue().encode("utf-8")
    if fmt == "xlsx":
        import io

        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = labels("period.metric")[:31]
        sheet.append([labels("period.metric"), labels("period.value"), "section", "figure"])
        for section, code, value in figures:
            sheet.append([f"{labels(SECTION_HEADINGS[section])}: {figure_words(code, report.lang)}", value, section, code])
        sheet.freeze_panes = "A2"
        # The months once more as a table: one row per month, a column per figure, the month a real date.
        table = book.create_sheet(labels("period.heading.months")[:31])
        table.append([labels("period.col.month"), *(month_words(name, report.lang) for name in MONTHLY)])
        for m in report.months:
            table.append([m.month, *m.figures().values()])
            table.cell(row=table.max_row, column=1).number_format = "mm-yyyy" if report.lang == "nl" else "yyyy-mm"
        table.freeze_panes = "B2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    grouped: dict[str, list[tuple[str, str]]] = {}
    for section, code, value in figures:
        grouped.setdefault(section, []).append((figure_words(code, report.lang), _shown(code, value, labels)))
    if fmt == "md":
        from audit.reports.safe import markdown_cell as md

        lines = [f"# {md(title)}", "", f"{md(report.organisation)}", ""]
        for section, items in grouped.items():
            lines += [f"## {labels(SECTION_HEADINGS[section])}", ""]
            if section in SECTION_CONTROLS:
                lines += [labels("report.evidence_for", controls=_controls_line(report, section)), ""]
            lines += [f"| {labels('period.metric')} | {labels('period.value')} |", "|---|---:|"]
            lines += [f"| {md(words)} | {value} |" for words, value in items] + [""]
        return "\n".join(lines).encode("utf-8")
    from audit.reports import charts
    from audit.reports.to_html import environment

    months = tuple(month_label(m.month, report.lang) for m in report.months)
    charts_shown = []
    for chart_id, key, names in CHARTS:
        series = tuple((month_words(name, report.lang), tuple(getattr(m, name) for m in report.months))
                       for name in names)
        svg = charts.per_month(chart_id, labels(key), labels(f"{key}.desc"), months, series, labels)
        charts_shown.append((chart_id, labels(key), svg, [words for words, _ in series],
                             [(label, [counts[i] for _, counts in series]) for i, label in enumerate(months)]))
    context = {
        "lang": report.lang, "L": labels, "title": title, "organisation": report.organisation,
        "as_of": report.as_of, "generated_at": report.generated_at,
        "sections": [(labels(SECTION_HEADINGS[s]), _controls_line(report, s) if s in SECTION_CONTROLS else None,
                      items) for s, items in grouped.items()],
        "charts": charts_shown,
    }
    return environment().get_template("period.html.j2").render(context).encode("utf-8")


# The period page's charts: (id, title key, the monthly figures drawn side by side).
CHARTS = (
    ("chart-leavers", "period.chart.leavers", ("leavers", "handovers_completed")),
    ("chart-accounts", "period.chart.accounts", ("registered", "archived", "renamed")),
    ("chart-brand", "period.chart.brand", ("suspects_found", "confirmed", "removal_requested", "resolved")),
)


def month_words(name: str, lang: str) -> str:
    """A monthly figure's name as a column or legend heading: "Handovers completed"."""
    words = FIGURES[name][1 if lang == "nl" else 0]
    return words[:1].upper() + words[1:]


def month_label(month, lang: str) -> str:
    """A month as its readers write it: 2026-07, in Dutch 07-2026."""
    return f"{month.month:02d}-{month.year}" if lang == "nl" else f"{month.year}-{month.month:02d}"


def _controls_line(report: PeriodReport, section: str) -> str:
    from audit.controls import framework_name

    found = report.controls.get(SECTION_CONTROLS[section], {})
    return "; ".join(f"{framework_name(fw)} {', '.join(ids)}" for fw, ids in found.items()) or "—"


def _shown(code: str, value: object, labels) -> str:
    """A figure as a reader sees it: shares as percentages, decimal commas in Dutch."""
    if value is None:
        return "—"
    text = f"{value * 100:.1f} %" if code.rpartition(".")[2].startswith("share") else str(value)
    return text.replace(".", ",") if labels.lang == "nl" else text
