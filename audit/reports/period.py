"""The figures of a period (a quarter, say), reproduced from the event log as it was recorded.

The registry at the start (the end of the day before the first day) and at the end (the end of
the last day) are rebuilt from the log with the audit's own as-of machinery; what happened in
between is read from the log entries of the period. Whatever changed since, the figures of last
quarter come out the same. Each section names the controls it gives evidence for
(:data:`audit.controls.SECTIONS`, ``period.*``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from audit.reports.bulk import no_cycle_collection
from audit.reports.texts import extend
from registry.errors import UsageError

if TYPE_CHECKING:
    from audit.state import RegistryState
    from registry.db import Store

_QUARTER = re.compile(r"(\d{4})\s*-?\s*[Qq]([1-4])")


@dataclass(frozen=True, slots=True)
class Leaver:
    """One person whose end date falls in the period, and what became of their accounts."""

    employee_id: str
    name: str
    unit: str
    end_date: date
    accounts: tuple[str, ...]
    handed_by_end_date: int
    # Days from the end date to the complete handover of each account handed over by the period's end.
    days_to_handover: tuple[int, ...]
    open_at_period_end: int


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: date
    leavers: int
    registered: int
    archived: int
    handovers_completed: int


@dataclass(frozen=True)
class PeriodReport:
    organisation: str
    start: date
    end: date
    generated_at: datetime
    log_head: tuple[int, str]
    leavers: tuple[Leaver, ...]
    registered: int
    archived: int
    renamed: int
    vault_coverage_start: tuple[int, int]
    vault_coverage_end: tuple[int, int]
    attested: tuple[int, int]
    brand: dict[str, int]
    brand_days_to_resolution: tuple[int, ...]
    waivers_granted: int
    waivers_expired: int
    months: tuple[MonthFigures, ...]
    controls: dict[str, dict[str, tuple[str, ...]]]
    lang: str = "en"

    @property
    def as_of(self) -> datetime:
        return datetime.combine(self.end, time(23, 59, 59, 999999), tzinfo=UTC)

    def handover_pairs(self) -> int:
        return sum(len(leaver.accounts) for leaver in self.leavers)

    def handed_by_end_date(self) -> int:
        return sum(leaver.handed_by_end_date for leaver in self.leavers)

    def days(self) -> tuple[int, ...]:
        return tuple(sorted(d for leaver in self.leavers for d in leaver.days_to_handover))

    def per_unit(self) -> dict[str, dict[str, object]]:
        units: dict[str, list[Leaver]] = {}
        for leaver in self.leavers:
            units.setdefault(leaver.unit, []).append(leaver)
        return {unit: _spread(tuple(sorted(d for p in people for d in p.days_to_handover)),
                              accounts=sum(len(p.accounts) for p in people),
                              handed_by_end_date=sum(p.handed_by_end_date for p in people), leavers=len(people))
                for unit, people in sorted(units.items())}


def _spread(days: tuple[int, ...], **extra: object) -> dict[str, object]:
    """Median, 90th percentile (nearest rank) and worst of a sorted list of days."""
    if not days:
        return {**extra, "median": None, "p90": None, "worst": None}
    n = len(days)
    median = days[n // 2] if n % 2 else (days[n // 2 - 1] + days[n // 2]) / 2
    p90 = days[max(0, -(-9 * n // 10) - 1)]
    return {**extra, "median": median, "p90": p90, "worst": days[-1]}


def period_of(*, start: str | None, end: str | None, quarter: str | None) -> tuple[date, date]:
    """The first and last day of ``--quarter 2026Q3`` or ``--from DATE --to DATE``."""
    from registry.io.dates import parse_date

    if quarter:
        match = _QUARTER.fullmatch(quarter.strip())
        if match is None or start or end:
            raise UsageError("period.bad_quarter", value=quarter)
        year, q = int(match.group(1)), int(match.group(2))
        first = date(year, 3 * q - 2, 1)
        last = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
        return first, last
    if not start or not end:
        raise UsageError("period.needs_dates")
    first, last = parse_date(start), parse_date(end)
    if last < first:
        raise UsageError("period.backwards", start=start, end=end)
    return first, last


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999999), tzinfo=UTC)


@no_cycle_collection()
def build(store: Store, *, start: date, end: date, lang: str = "en", at_end: RegistryState | None = None) -> PeriodReport:
    """The figures of the period from ``start`` to ``end`` (both included); ``at_end`` is the registry
    as recorded at the end of ``end``, when the caller has rebuilt it already."""
    from audit import controls
    from audit import state as states
    from registry import clock, events

    with store.reader() as reader:
        before = states.from_log(reader, moment=_moment(start - timedelta(days=1)))
        after = at_end or states.from_log(reader, moment=_moment(end))
        rows = reader.rows(
            "SELECT at, action, subject, body FROM event WHERE at > :start AND at <= :end ORDER BY seq",
            {"start": clock.stamp(_moment(start - timedelta(days=1))), "end": clock.stamp(_moment(end))})
        names = dict(reader.rows("SELECT ref, name FROM person"))
        org = reader.rows("SELECT value FROM setting WHERE key = 'organisation'")
    registered = archived = renamed = granted = 0
    brand: Counter[str] = Counter()
    resolution: list[int] = []
    monthly: dict[date, Counter[str]] = {}
    for at, action, subject, body in rows:
        kind = subject.partition(":")[0]
        if kind not in ("account", "observed", "waiver", "handover"):
            continue
        data = json.loads(body).get("data", {})
        old, new = data.get("before") or {}, data.get("after") or {}
        month = date(int(at[:4]), int(at[5:7]), 1)
        if kind == "account":
            if action == "account.added":
                registered += 1
                monthly.setdefault(month, Counter())["registered"] += 1
            if new.get("status") == "archived" and old.get("status") != "archived" and old:
                archived += 1
                monthly.setdefault(month, Counter())["archived"] += 1
            if old.get("handle") and new.get("handle") and old["handle"] != new["handle"]:
                renamed += 1
        elif kind == "waiver" and action == "waiver.set" and not old:
            granted += 1
        elif kind == "observed":
            state_now, state_then = new.get("state"), old.get("state")
            if not old:
                brand["found"] += 1
            if state_now != state_then and state_now in ("confirmed", "removal-requested", "resolved"):
                brand[state_now] += 1
                if state_now == "resolved" and new.get("first_seen"):
                    resolution.append((date.fromisoformat(at[:10]) - date.fromisoformat(new["first_seen"][:10])).days)
    leavers = _leavers(after, names, start, end, monthly)
    expired = sum(1 for w in after.waivers.values() if start <= w.until < end)
    months = []
    month = date(start.year, start.month, 1)
    while month <= end:
        figures = monthly.get(month, Counter())
        months.append(MonthFigures(month, figures["leavers"], figures["registered"], figures["archived"],
                                   figures["handovers"]))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    mapping = controls.effective(after.settings)
    return PeriodReport(
        organisation=json.loads(org[0][0]) if org else "", start=start, end=end, generated_at=clock.now(),
        log_head=events.head(store), leavers=leavers, registered=registered, archived=archived, renamed=renamed,
        vault_coverage_start=_vault(before), vault_coverage_end=_vault(after), attested=_attested(after, end),
        brand={key: brand[key] for key in ("found", "confirmed", "removal-requested", "resolved")},
        brand_days_to_resolution=tuple(sorted(resolution)), waivers_granted=granted, waivers_expired=expired,
        months=tuple(months), controls={s: mapping.of(s) for s in controls.SECTIONS if s.startswith("period.")},
        lang=lang)


def _leavers(state: RegistryState, names: dict[str, str], start: date, end: date,
             monthly: dict[date, Counter[str]]) -> tuple[Leaver, ...]:
    """Everyone whose end date, as recorded at the period's end, falls in the period."""
    leaving = {ref: p for ref, p in state.people.items() if p.end_date is not None and start <= p.end_date <= end}
    held: dict[str, list] = {ref: [] for ref in leaving}
    for account in state.accounts:
        givers = {h.giver for h in state.handovers.get(account.id, ())}
        for ref in {account.custodian, account.backup, *givers} & leaving.keys():
            held[ref].append(account)
    out = []
    for ref, person in sorted(leaving.items(), key=lambda item: (item[1].end_date, item[1].employee_id or "")):
        window = person.end_date - timedelta(days=365)
        accounts, days, by_end, still_open = [], [], 0, 0
        for account in sorted(held[ref], key=lambda a: (a.platform, a.handle.lower())):
            accounts.append(f"{account.platform}:{account.handle}")
            done = [h.handed_on for h in state.handovers.get(account.id, ())
                    if h.complete and window <= h.handed_on <= end and (h.giver in (ref, None))]
            if not done:
                still_open += 1
                continue
            first = min(done)
            days.append(max(0, (first - person.end_date).days))
            by_end += first <= person.end_date
            month = date(first.year, first.month, 1)
            if start <= first:
                monthly.setdefault(month, Counter())["handovers"] += 1
        monthly.setdefault(date(person.end_date.year, person.end_date.month, 1), Counter())["leavers"] += 1
        out.append(Leaver(person.employee_id or "", names.get(ref) or "", person.unit or "", person.end_date,
                          tuple(accounts), by_end, tuple(days), still_open))
    return tuple(out)


def _vault(state: RegistryState) -> tuple[int, int]:
    """Active accounts with a usable vault reference (no SM705 finding), of all active accounts."""
    from audit.rules import get

    active = [a for a in state.accounts if a.status == "active"]
    missing = {f.subject.id for f in get("SM705")().check(state)}
    return sum(1 for a in active if a.id not in missing), len(active)


def _attested(state: RegistryState, end: date) -> tuple[int, int]:
    """Active accounts verified in the twelve months up to the period's end, of all active accounts."""
    from audit.rules.base import add_months

    since = add_months(end, -12)
    active = [a for a in state.accounts if a.status == "active"]
    return sum(1 for a in active if a.verified_on and since < a.verified_on <= end), len(active)


def as_json(report: PeriodReport) -> dict:
    share = report.handover_pairs()
    return {
        "report": "period", "version": 1, "organisation": report.organisation, "from": report.start.isoformat(),
        "to": report.end.isoformat(), "generated_at": report.generated_at.isoformat(), "lang": report.lang,
        "log_head": {"seq": report.log_head[0], "hash": report.log_head[1]},
        "leavers": {
            "count": len(report.leavers), "accounts": share, "handed_over_by_end_date": report.handed_by_end_date(),
            "share_handed_over_by_end_date": round(report.handed_by_end_date() / share, 4) if share else None,
            "days_to_complete_handover": _spread(report.days()),
            "per_unit": report.per_unit(),
            "people": [{"employee_id": p.employee_id, "unit": p.unit, "end_date": p.end_date.isoformat(),
                        "accounts": list(p.accounts), "handed_over_by_end_date": p.handed_by_end_date,
                        "days_to_complete_handover": list(p.days_to_handover),
                        "open_at_period_end": p.open_at_period_end} for p in report.leavers],
        },
        "accounts": {"registered": report.registered, "archived": report.archived, "renamed": report.renamed},
        "vault_coverage": {"start": _share(report.vault_coverage_start), "end": _share(report.vault_coverage_end)},
        "attestations": _share(report.attested),
        "brand_misuse": {**{k.replace("-", "_"): v for k, v in report.brand.items()},
                         "days_to_resolution": _spread(report.brand_days_to_resolution)},
        "waivers": {"granted": report.waivers_granted, "expired": report.waivers_expired},
        "months": [{"month": m.month.isoformat()[:7], "leavers": m.leavers, "registered": m.registered,
                    "archived": m.archived, "handovers_completed": m.handovers_completed} for m in report.months],
        "controls": {s: {fw: list(ids) for fw, ids in c.items()} for s, c in report.controls.items()},
    }


def _share(pair: tuple[int, int]) -> dict[str, object]:
    done, total = pair
    return {"count": done, "of": total, "share": round(done / total, 4) if total else None}


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
        "period.heading.vault": ("Vault coverage (SM705)", "Dekking door de wachtwoordkluis (SM705)"),
        "period.heading.attestations": ("Attestations", "Bevestigingen"),
        "period.heading.brand": ("Brand misuse", "Misbruik van de naam"),
        "period.heading.waivers": ("Waivers", "Vrijstellingen"),
        "period.heading.months": ("Month by month", "Per maand"),
        "period.metric": ("Figure", "Cijfer"),
        "period.figure.leavers": ("Leavers", "Vertrekkers"),
        "period.figure.registered": ("Registered", "Geregistreerd"),
        "period.figure.archived": ("Archived", "Gearchiveerd"),
        "period.figure.handovers": ("Handovers completed", "Overdrachten voltooid"),
        "period.bad_quarter": (
            "'{value}' is not a quarter. Write the year and the quarter, for example --quarter 2026Q3, and leave out --from and --to.",
            "'{value}' is geen kwartaal. Schrijf het jaar en het kwartaal, bijvoorbeeld --quarter 2026Q3, en laat --from en --to weg.",
        ),
        "period.needs_dates": (
            "The period report needs --quarter (for example 2026Q3) or both --from and --to.",
            "Het perioderapport heeft --quarter (bijvoorbeeld 2026Q3) nodig, of zowel --from als --to.",
        ),
        "period.backwards": (
            "The period ends ({end}) before it starts ({start}). Give the first day with --from and the last with --to.",
            "De periode eindigt ({end}) voordat ze begint ({start}). Geef de eerste dag met --from en de laatste met --to.",
        ),
        "period.value": ("Value", "Waarde"),
    }
)

# Each figure's words, by its code in the JSON (the per-unit figures use the same words).
FIGURES = {
    "count": ("number", "aantal"),
    "accounts": ("accounts they held", "accounts die zij hadden"),
    "handed_over_by_end_date": ("accounts handed over completely by the end date", "accounts volledig overgedragen op de einddatum"),
    "share_handed_over_by_end_date": ("share handed over by the end date", "deel overgedragen op de einddatum"),
    "days_to_complete_handover.median": ("days to complete handover, median", "dagen tot volledige overdracht, mediaan"),
    "days_to_complete_handover.p90": ("days to complete handover, 90th percentile", "dagen tot volledige overdracht, 90e percentiel"),
    "days_to_complete_handover.worst": ("days to complete handover, worst", "dagen tot volledige overdracht, langste"),
    "registered": ("registered", "geregistreerd"),
    "archived": ("archived", "gearchiveerd"),
    "renamed": ("renamed", "hernoemd"),
    "start.count": ("at the start: with a vault reference", "bij het begin: met kluisverwijzing"),
    "start.of": ("at the start: active accounts", "bij het begin: actieve accounts"),
    "start.share": ("at the start: share", "bij het begin: deel"),
    "end.count": ("at the end: with a vault reference", "aan het eind: met kluisverwijzing"),
    "end.of": ("at the end: active accounts", "aan het eind: actieve accounts"),
    "end.share": ("at the end: share", "aan het eind: deel"),
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

    series = tuple((m.month, m.leavers) for m in report.months)
    context = {
        "lang": report.lang, "L": labels, "title": title, "organisation": report.organisation,
        "as_of": report.as_of, "generated_at": report.generated_at,
        "sections": [(labels(SECTION_HEADINGS[s]), _controls_line(report, s) if s in SECTION_CONTROLS else None,
                      items) for s, items in grouped.items()],
        "months": report.months,
        "chart": charts.over_time("chart-leavers", series, labels),
    }
    return environment().get_template("period.html.j2").render(context).encode("utf-8")


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
