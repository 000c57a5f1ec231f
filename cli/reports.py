"""``smreg report`` and ``smreg verify``: reports for auditors, signed and checked offline."""


import sys
from pathlib import Path

import typer

from audit.reports import ReportFormat, ReportKind
from cli.commands import help_of
from cli.common import open_store
from cli.lang import H
from registry import i18n

i18n.register(
    {
        "report.written": ("Wrote the {kind} to {file}.", "Het {kind} is geschreven naar {file}."),
        "report.kind.ownership": ("ownership report", "eigenaarschapsrapport"),
        "report.kind.findings": ("findings report", "bevindingenrapport"),
        "report.kind.offboarding": ("offboarding report", "vertrekrapport"),
        "report.kind.period": ("period report", "periodeoverzicht"),
        "report.kind.evidence": ("evidence report", "bewijsrapport"),
        "report.kind.retention": ("retention report", "bewaartermijnrapport"),
        "report.signed": ("Signed: {file} (key {fingerprint}).", "Ondertekend: {file} (sleutel {fingerprint})."),
        "report.needs_out": ("--sign and the xlsx format need --out FILE.", "--sign en de vorm xlsx hebben --out BESTAND nodig."),
        "evidence.written": ("Wrote the evidence pack to {file} ({count} files and a manifest).",
                             "Het bewijspakket is geschreven naar {file} ({count} bestanden en een manifest)."),
        "evidence.signed": ("The manifest is signed (key {fingerprint}).", "Het manifest is ondertekend (sleutel {fingerprint})."),
        "evidence.verified": (
            "The evidence pack is intact: all {count} files match the signed manifest (key {fingerprint}); period {start} to {end}; event log head {seq} {hash}.",
            "Het bewijspakket is ongeschonden: alle {count} bestanden passen bij het ondertekende manifest (sleutel {fingerprint}); periode {start} tot en met {end}; laatste logregel {seq} {hash}.",
        ),
        "verify.ok": (
            "The signature is valid: {file} is unchanged since {signed_at}, signed with key {fingerprint}; as of {as_of}; the event log's last entry number {seq} (hash {hash}).",
            "De handtekening is geldig: {file} is ongewijzigd sinds {signed_at}, ondertekend met sleutel {fingerprint}; peildatum {as_of}; laatste logregel nummer {seq} (hash {hash}).",
        ),
    }
)


def register(app: typer.Typer) -> None:
    app.command("report", help=help_of("report"))(report)
    app.command("verify", help=help_of("verify"))(verify)


def report(
    kind: ReportKind = typer.Argument(..., help=H("ownership, findings, offboarding, period, evidence (one signed ZIP for a period) or retention (who is due for erasure).",
                                                  "ownership, findings, offboarding, period, evidence (één ondertekend ZIP-bestand voor een periode) of retention (wie gewist moet worden).")),
    as_of: str = typer.Option(None, "--as-of", help=H("The registry as recorded at this date (end of day) or date-time; a future date forecasts.",
                                                     "De registratie zoals vastgelegd op deze datum (einde van de dag) of dit tijdstip; een datum in de toekomst is een voorspelling.")),
    unit: str = typer.Option(None, "--unit", help=H("Only this unit and the units below it.", "Alleen deze eenheid en de eenheden eronder.")),
    fmt: ReportFormat = typer.Option(ReportFormat.HTML, "--format", "-f", help=H("html, md, csv, xlsx or json.", "html, md, csv, xlsx of json.")),
    out: Path = typer.Option(None, "--out", "-o", help=H("Write to this file (default standard output).", "Schrijf naar dit bestand (standaard de uitvoer).")),
    start: str = typer.Option(None, "--from", help=H("period: the first day of the period.", "period: de eerste dag van de periode.")),
    end: str = typer.Option(None, "--to", help=H("period: the last day of the period.", "period: de laatste dag van de periode.")),
    quarter: str = typer.Option(None, "--quarter", help=H("period: a quarter, for example 2026Q3.", "period: een kwartaal, bijvoorbeeld 2026Q3 of 2026K3.")),
    sign: bool = typer.Option(False, "--sign", help=H("Also write FILE.sig: an Ed25519 signature with the as-of date and the event log's head.",
                                                      "Schrijf ook BESTAND.sig: een Ed25519-handtekening met de peildatum en de laatste logregel.")),
) -> None:
    from audit.reports import build, render
    from cli.output import notice
    from registry.errors import UsageError

    if (sign or fmt == ReportFormat.XLSX) and out is None:
        raise UsageError("report.needs_out")
    store = open_store()
    moment = _moment(as_of)
    if kind == ReportKind.EVIDENCE:
        from audit import evidence
        from audit.reports import period

        if out is None:
            raise UsageError("report.needs_out")
        first, last = period.period_of(start=start, end=end, quarter=quarter)
        pack = evidence.write(store, out, start=first, end=last, lang=i18n.get_language(), sign=sign)
        notice(i18n.t("evidence.written", file=out, count=pack.files))
        if pack.signed:
            notice(i18n.t("evidence.signed", fingerprint=pack.fingerprint))
        return
    if kind == ReportKind.RETENTION:
        from audit.reports import retention

        data = retention.build(store, on=(moment.date() if moment else clock_today()), lang=i18n.get_language())
    elif kind == ReportKind.PERIOD:
        from audit.reports import period

        first, last = period.period_of(start=start, end=end, quarter=quarter)
        data = period.build(store, start=first, end=last, lang=i18n.get_language())
    else:
        data = build.build(store, kind.value, moment=moment, unit=unit, lang=i18n.get_language())
    content = render(data, fmt)
    if out is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    from registry.io.writers import write_bytes_atomic

    write_bytes_atomic(out, content)
    notice(i18n.t("report.written", kind=i18n.t(f"report.kind.{kind.value}"), file=out))
    if sign:
        signature = build.sign(store, out, as_of=data.as_of)
        notice(i18n.t("report.signed", file=signature.path, fingerprint=signature.fingerprint))


def clock_today():
    from registry import clock

    return clock.today()


def _moment(as_of: str | None):
    if as_of is None:
        return None
    from registry.io.dates import parse_moment

    return parse_moment(as_of)


def verify(
    file: Path = typer.Argument(..., help=H("The signed report.", "Het ondertekende rapport.")),
    signature: Path = typer.Option(None, "--signature", help=H("The signature file (default FILE.sig).", "Het handtekeningbestand (standaard BESTAND.sig).")),
    public_key: Path = typer.Option(None, "--public-key", help=H("The signer's public key (default: this installation's own).",
                                                                "De publieke sleutel van de ondertekenaar (standaard: die van deze installatie).")),
) -> None:
    from audit import signing
    from cli.common import STATE
    from registry import settings

    key = public_key or settings.resolve(STATE.db).signing_dir / "signing_key.pub.pem"
    from audit import evidence

    if evidence.is_pack(file):
        checked = evidence.verify(file, public_key_path=key)
        typer.echo(i18n.t("evidence.verified", file=file, count=checked.files, fingerprint=checked.fingerprint,
                          start=checked.period["from"], end=checked.period["to"], seq=checked.log_head["seq"],
                          hash=checked.log_head["hash"]))
        return
    result = signing.verify_file(file, signature_path=signature, public_key_path=key)
    typer.echo(i18n.t("verify.ok", file=file, signed_at=result.signed_at, fingerprint=result.fingerprint,
                      as_of=result.as_of, seq=result.log_head.seq, hash=result.log_head.hash))
