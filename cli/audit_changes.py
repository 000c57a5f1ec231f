"""Rendering of ``smreg audit --since`` (what changed since a recorded audit) and ``--runs``."""

import json
import sys

import typer

from cli.output import Format, emit_list, terminal_safe
from registry import i18n

CHANGE_COLUMNS = ("change", "rule", "severity", "subject", "fingerprint", "since", "open_since", "open_days",
                  "waiver_until")


def emit_changes(changes, fmt) -> None:
    """The comparison in the audit's format (table, json, csv or sarif)."""
    match fmt.value:
        case "json":
            sys.stdout.write(json.dumps(changes.as_json(), ensure_ascii=False) + "\n")
        case "sarif":
            from audit import sarif

            sys.stdout.write(json.dumps(sarif.document(changes.result, changes), ensure_ascii=False) + "\n")
        case "csv":
            from registry.io.writers import write_csv

            write_csv(sys.stdout, CHANGE_COLUMNS, _csv_rows(changes))
        case _:
            _table(changes)
    from audit.changes import EXPIRING_WITHIN_DAYS
    from registry.io.dates import format_date

    base = changes.base
    counts = changes.summary()
    typer.echo(i18n.t("changes.summary", run=base.id, recorded=format_date(_day(base.recorded_at)),
                      base_as_of=format_date(_day(base.as_of)), days=EXPIRING_WITHIN_DAYS, new=counts["new"],
                      resolved=counts["resolved"], still_open=counts["still_open"],
                      expiring=counts["expiring_waivers"]), err=True)


def _day(text: str):
    from datetime import date

    return date.fromisoformat(text[:10])


def _csv_rows(changes):
    for f in changes.new:
        yield ["new", f.rule, f.severity.value, f.subject.label, f.fingerprint, _iso(f.since), None, None, _until(f)]
    for entry in changes.resolved:
        yield ["resolved", entry["rule"], entry["severity"], entry["subject"], entry["fingerprint"], entry.get("since"),
               None, None, None]
    for s in changes.still_open:
        f = s.finding
        yield ["still_open", f.rule, f.severity.value, f.subject.label, f.fingerprint, _iso(f.since),
               s.open_since.isoformat(), s.days, _until(f)]
    for f in changes.expiring:
        yield ["expiring_waiver", f.rule, f.severity.value, f.subject.label, f.fingerprint, _iso(f.since), None, None,
               _until(f)]


def _iso(day):
    return day.isoformat() if day else None


def _until(finding):
    return finding.waiver.until.isoformat() if finding.waiver else None


def _table(changes) -> None:
    from audit.changes import EXPIRING_WITHIN_DAYS
    from registry.io.dates import format_date

    run = changes.base.id
    severity = {s: i18n.t(f"audit.severity.{s}") for s in ("info", "low", "medium", "high", "critical")}

    def section(title: str, headers: list[str], rows: list[list[str]]) -> None:
        sys.stdout.write(f"{title}\n")
        if not rows:
            sys.stdout.write(f"  ({i18n.t('changes.nothing')})\n\n")
            return
        from tabulate import tabulate

        safe = [[terminal_safe(cell) for cell in row] for row in rows]
        sys.stdout.write(tabulate(safe, headers=headers, tablefmt="simple", disable_numparse=True) + "\n\n")

    finding_headers = [i18n.t(f"audit.col.{c}") for c in ("severity", "rule", "subject", "fingerprint", "message")]
    section(i18n.t("changes.heading.new", run=run), finding_headers,
            [[severity[f.severity.value], f.rule, f.subject.label, f.fingerprint, f.message] for f in changes.new])
    section(i18n.t("changes.heading.resolved", run=run), finding_headers[:4],
            [[severity[e["severity"]], e["rule"], e["subject"], e["fingerprint"]] for e in changes.resolved])
    section(i18n.t("changes.heading.still_open"),
            finding_headers[:4] + [i18n.t("changes.col.open_since"), i18n.t("changes.col.days")],
            [[severity[s.finding.severity.value], s.finding.rule, s.finding.subject.label, s.finding.fingerprint,
              format_date(s.open_since), str(s.days)] for s in changes.still_open])
    section(i18n.t("changes.heading.expiring", days=EXPIRING_WITHIN_DAYS),
            finding_headers[:4] + [i18n.t("changes.col.until")],
            [[severity[f.severity.value], f.rule, f.subject.label, f.fingerprint, format_date(f.waiver.until)]
             for f in changes.expiring])


def emit_runs(runs, fmt) -> None:
    rows = [{"run": r.id, "recorded_at": r.recorded_at, "as_of": r.as_of, "actor": r.actor,
             "findings": len(r.findings)} for r in runs]
    columns = ["run", "recorded_at", "as_of", "actor", "findings"]
    i18n.register({f"col.{c}": i18n.text_pair(f"runs.col.{c}") for c in columns if not i18n.has(f"col.{c}")})
    emit_list(rows, Format("json" if fmt.value == "sarif" else fmt.value), columns)
