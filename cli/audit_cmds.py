"""Commands of the audit side: offboard, audit and waive."""


import enum
import json
import sys
from typing import assert_never

import typer

from audit.severity import SEVERITY_TEXTS, Severity
from cli import helptexts as ht
from cli.commands import help_of
from cli.common import STATE, open_store, parse_day
from cli.lang import H
from cli.words import parser_of
from registry import i18n


class AuditFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    sarif = "sarif"


class ChecklistFormat(enum.StrEnum):
    md = "md"
    html = "html"
    json = "json"


i18n.register(
    {
        "waiver.done": (
            "Waived {rule} for {subject} until {until}.",
            "{rule} voor {subject} vrijgesteld tot en met {until}.",
        ),
        "audit.summary": (
            "Audit as of {as_of}: {critical} critical, {high} high, {medium} medium, {low} low, {info} info; {waived} waived.",
            "Audit per {as_of}: {critical} kritiek, {high} hoog, {medium} middel, {low} laag, {info} info; {waived} vrijgesteld.",
        ),
        "audit.none": ("No findings.", "Geen bevindingen."),
        "audit.waived_until": ("waived until {until}", "vrijgesteld t/m {until}"),
        "audit.col.severity": ("severity", "ernst"),
        "audit.col.rule": ("rule", "regel"),
        "audit.col.subject": ("subject", "onderwerp"),
        "audit.col.since": ("since", "sinds"),
        "audit.col.fingerprint": ("fingerprint", "vingerafdruk"),
        "audit.col.waived": ("waiver", "vrijstelling"),
        "audit.col.message": ("finding", "bevinding"),
    }
)


def register(app: typer.Typer) -> None:
    app.command("offboard", help=help_of("offboard"))(offboard)
    app.command("audit", help=help_of("audit"))(audit)
    app.command("waive", help=help_of("waive"))(waive)


def offboard(
    employee_id: str = typer.Argument(..., metavar="ID", help=ht.EMPLOYEE_ID),
    fmt: ChecklistFormat = typer.Option(ChecklistFormat.md, "--format", "-f", case_sensitive=False,
                                        help=H("Output format: md, html or json.", "Uitvoervorm: md, html of json.")),
) -> None:
    from audit import checklist
    from audit.reports import ReportFormat, render
    from registry import clock
    from registry.services import checklists, config

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        case = checklists.person_checklist(uow, employee_id=employee_id, today=clock.today())
        organisation = config.value(uow, key="organisation") or ""
        report = checklist.report(case, organisation=organisation, lang=i18n.get_language(), now=clock.now())
    typer.echo(render(report, ReportFormat(fmt.value)).decode("utf-8"), nl=False)


def audit(
    as_of: str = typer.Option(None, "--as-of", help=H(
        "Audit the registry as recorded at this moment (a date means the end of that day; or a date and time). A moment to come gives a forecast.",
        "Audit de registratie zoals die op dit moment was vastgelegd (een datum is het einde van die dag; of datum en tijd). Een moment in de toekomst geeft een vooruitblik.")),
    rule: list[str] = typer.Option([], "--rule", help=H("Only this rule (e.g. SM702); repeatable.",
                                                       "Alleen deze regel (bijv. SM702); herhaalbaar.")),
    fmt: AuditFormat = typer.Option(AuditFormat.table, "--format", "-f", case_sensitive=False,
                                    help=H("Output format: table, json, csv or sarif.", "Uitvoervorm: table, json, csv of sarif.")),
    fail_on: Severity = typer.Option("high", "--fail-on", parser=parser_of(Severity, SEVERITY_TEXTS), help=H(
        "Exit 1 when an open finding is at or above this severity: info, low, medium, high or critical.",
        "Stop met code 1 bij een open bevinding van deze ernst of hoger: info, laag, middel, hoog of kritiek.")),
    explain: str = typer.Option(None, "--explain", help=H("Print what one rule checks, why, an example and how to fix it.",
                                                          "Toon wat één regel toetst, waarom, een voorbeeld en hoe u het oplost.")),
    since: str = typer.Option(None, "--since", help=H(
        "Compare with a recorded audit: `last`, the newest recorded on or before a date, or a run number. Lists what is new, resolved, still open and which waivers end soon.",
        "Vergelijk met een vastgelegde audit: `last`, de laatste die op of voor een datum is vastgelegd, of het nummer van een vastgelegde audit. Toont wat nieuw, opgelost en nog open is en welke vrijstellingen binnenkort aflopen.")),
    record: bool = typer.Option(False, "--record", help=H(
        "Keep this audit as a run record, so that a later `--since last` can compare with it.",
        "Leg deze audit vast, zodat een latere `--since last` ermee kan vergelijken.")),
    runs: bool = typer.Option(False, "--runs", help=H("List the recorded audits.", "Toon de vastgelegde audits.")),
    no_check: bool = typer.Option(False, "--no-check", help=H(
        "Report even on a store whose tables disagree with its event log (see `smreg log verify`).",
        "Rapporteer ook over een registratie waarvan de tabellen afwijken van het gebeurtenissenlogboek (zie `smreg log verify`).")),
) -> None:
    from audit import changes as history

    if runs:
        from cli.audit_changes import emit_runs

        emit_runs(history.runs(open_store(), actor=STATE.actor_name()), fmt)
        return
    if explain:
        from audit.controls import current
        from audit.rules import get
        from audit.rules.docs import page
        from registry.errors import RegistryError

        rule_class = get(explain)
        try:
            mapping = current(open_store())
        except RegistryError:
            mapping = None  # no store yet: the rule's own declaration
        typer.echo(page(rule_class, i18n.get_language(), mapping), nl=False)
        return
    moment = None
    if as_of:
        from registry.io.dates import parse_moment

        moment = parse_moment(as_of)
    from audit import engine

    selected = engine.select_rules(rule)
    store = open_store()

    def audit():  # type: ignore[no-untyped-def]
        return history.audit(store, actor=STATE.actor_name(), moment=moment, rules=[r.id for r in selected],
                             since=since, record=record)

    if no_check:
        audited = audit()
    elif record:  # it writes: the check must have spoken first
        from registry import consistency

        consistency.require(store)
        audited = audit()
    else:
        from registry import alongside

        audited = alongside.checked(store, audit)
    result = audited.result
    if audited.changes is not None:
        from cli.audit_changes import emit_changes

        emit_changes(audited.changes, fmt)
    else:
        _emit(result, fmt)
    if audited.recorded is not None:
        typer.echo(i18n.t("runs.first" if audited.first else "runs.recorded", run=audited.recorded.id), err=True)
    if result.failing(fail_on):
        raise typer.Exit(1)


def _emit(result, fmt: AuditFormat) -> None:
    match fmt:
        case AuditFormat.json:
            sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
        case AuditFormat.sarif:
            from audit import sarif

            sys.stdout.write(json.dumps(sarif.document(result), ensure_ascii=False) + "\n")
        case AuditFormat.csv:
            _csv(result)
        case AuditFormat.table:
            _table(result)
            typer.echo(i18n.t("audit.summary", as_of=result.as_of, **result.summary()), err=True)
        case _:
            assert_never(fmt)


CSV_COLUMNS = ("rule", "severity", "clause", "subject_type", "platform", "handle", "employee_id", "subject_id",
               "message", "since", "fingerprint", "waived", "waiver_until", "waiver_reason", "details")


def _csv(result) -> None:
    from registry.io.writers import write_csv

    def rows():
        for f in result.findings:
            s = f.subject
            yield [f.rule, f.severity.value, f.clause, s.type, s.platform, s.handle, s.employee_id, s.id, f.message,
                   f.since.isoformat() if f.since else None, f.fingerprint, "true" if f.waived else "false",
                   f.waiver.until.isoformat() if f.waiver else None, f.waiver.reason if f.waiver else None,
                   json.dumps(f.details, ensure_ascii=False, sort_keys=True)]

    write_csv(sys.stdout, CSV_COLUMNS, rows())


def _table(result) -> None:
    from cli.output import terminal_safe

    """A fixed-width table, written directly: tens of thousands of findings print in a moment."""
    from registry.io.dates import format_date

    if not result.findings:
        typer.echo(i18n.t("audit.none"), err=True)
        return
    severity_words = {s: i18n.t(f"audit.severity.{s}") for s in ("info", "low", "medium", "high", "critical")}
    waived_words = {}
    rows = []
    for f in result.findings:
        waived = ""
        if f.waiver is not None:
            waived = waived_words.get(f.waiver.until)
            if waived is None:
                waived = waived_words[f.waiver.until] = i18n.t("audit.waived_until", until=format_date(f.waiver.until))
        rows.append((severity_words[f.severity.value], f.rule, terminal_safe(f.subject.label), format_date(f.since),
                     f.fingerprint, waived, terminal_safe(f.message)))
    headers = [i18n.t(f"audit.col.{c}") for c in ("severity", "rule", "subject", "since", "fingerprint", "waived", "message")]
    widths = [max(len(headers[i]), max(len(r[i]) for r in rows)) for i in range(len(headers) - 1)]

    def line(cells) -> str:
        return "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(cells[:-1])) + "  " + cells[-1]

    out = [line(headers), "  ".join("-" * w for w in widths) + "  " + "-" * len(headers[-1])]
    out.extend(line(r) for r in rows)
    sys.stdout.write("\n".join(out) + "\n")


def waive(
    fingerprint: str = typer.Argument(..., help=H("The finding's fingerprint, as `smreg audit` shows it.",
                                                  "De vingerafdruk van de bevinding, zoals `smreg audit` die toont.")),
    reason: str = typer.Option(..., "--reason", help=H("Why the finding is accepted for now.", "Waarom de bevinding voorlopig wordt geaccepteerd.")),
    until: str = typer.Option(..., "--until", help=H("The last day the waiver counts.", "De laatste dag dat de vrijstelling geldt.")),
) -> None:
    from audit import engine
    from registry.io.dates import format_date

    store = open_store()
    finding = engine.waive(store, actor=STATE.actor_name(), fingerprint=fingerprint, reason=reason,
                           until=parse_day(until))
    typer.echo(i18n.t("waiver.done", rule=finding.rule, subject=finding.subject.label,
                      until=format_date(finding.waiver.until)))
