"""``smreg init`` and ``smreg demo``."""


import textwrap
from pathlib import Path

import typer

from cli.commands import help_of
from cli.common import STATE
from cli.lang import H
from registry import i18n

i18n.register(
    {
        "init.created": ("Created the store at {where}.", "Registratie aangemaakt in {where}."),
        "init.key_created": (
            "New encryption key: {path} (readable by you only). Keep a copy in a safe place: without it the protected fields cannot be read.",
            "Nieuwe versleutelingssleutel: {path} (alleen door u leesbaar). Bewaar een kopie op een veilige plek: zonder deze sleutel zijn de beschermde velden onleesbaar.",
        ),
        "init.key_reused": ("Using the existing encryption key: {path}.", "De bestaande versleutelingssleutel wordt gebruikt: {path}."),
        "init.signing_created": (
            "New report-signing key: {path}; give auditors the public key with `smreg key export-public`.",
            "Nieuwe sleutel voor het ondertekenen van rapporten: {path}; geef auditors de publieke sleutel met `smreg key export-public`.",
        ),
    }
)


def register(app: typer.Typer) -> None:
    app.command("init", help=help_of("init"))(init)
    app.command("demo", help=help_of("demo"))(demo)


def init(
    org: str = typer.Option(None, "--org", help=H("The organisation's name.", "De naam van de organisatie.")),
    brand: list[str] = typer.Option([], "--brand", help=H("A brand term (name, short name, trademark); repeatable.",
                                                          "Een merknaam (naam, afkorting, handelsmerk); herhaalbaar.")),
    domain: list[str] = typer.Option([], "--domain", help=H("A mail domain of the organisation; repeatable.",
                                                            "Een maildomein van de organisatie; herhaalbaar.")),
    logo: list[Path] = typer.Option([], "--logo", help=H("An official logo image, for avatar matching; repeatable.",
                                                         "Een officieel logo, om profielfoto's mee te vergelijken; herhaalbaar.")),
) -> None:
    from audit.brand import logo_hash
    from cli.common import open_store
    from cli.output import notice
    from registry.services.setup import initialise

    # The registry keeps only the hashes; they are computed here so it needs no image code.
    hashes = [(path.name, logo_hash(path)) for path in logo]
    store = open_store(check=False)
    from audit.signing import generate_keypair

    result = initialise(store, actor=STATE.actor_name(), organisation=org, brands=brand, domains=domain, logos=hashes,
                        signing=generate_keypair)
    notice(i18n.t("init.created", where=result.where))
    if result.key_file is not None:
        notice(i18n.t("init.key_created" if result.key_created else "init.key_reused", path=result.key_file))
    if result.signing_created:
        notice(i18n.t("init.signing_created", path=result.signing_key))


def demo(
    directory: Path = typer.Option(None, "--dir", help=H("Where to put the demo store (default: a new temporary folder).",
                                                        "Waar de demoregistratie komt (standaard: een nieuwe tijdelijke map).")),
) -> None:
    import tempfile

    from audit.signing import generate_keypair
    from cli.output import Format, emit_list
    from registry import clock, demo, labels
    from registry.services import accounts, units

    target = directory or Path(tempfile.mkdtemp(prefix="smreg-demo-"))
    if directory is not None and (directory / "demo.db").exists():
        from registry.errors import Conflict

        raise Conflict("store.exists", where=str(directory / "demo.db"))
    store, summary = demo.create(target, actor=STATE.actor_name(), today=clock.today(), signing=generate_keypair)
    echo = typer.echo
    echo(i18n.t("demo.title", org=demo.ORGANISATION, where=summary.database))
    echo("")
    echo(i18n.t("demo.counts", units=summary.units, people=summary.people, leavers=summary.leavers,
                accounts=summary.accounts))
    echo(i18n.t("demo.platforms", list=", ".join(f"{p} {n}" for p, n in sorted(summary.by_platform.items()))))
    echo(i18n.t("demo.kinds", list=", ".join(f"{labels.label('kind', k)} {n}" for k, n in sorted(summary.by_kind.items()))))
    echo("")
    echo(i18n.t("demo.tree"))
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        for unit in units.listing(uow):
            echo(f"  {'  ' * unit['depth']}{unit['code']:<14} {unit['name']}")
        echo("")
        echo(i18n.t("demo.accounts"))
    with store.reader() as reader:
        rows = accounts.listing(reader)
    emit_list(rows[:12], Format.table, ["platform", "handle", "unit", "kind", "purpose", "custodian", "vault_ref"])
    echo(i18n.t("demo.more", count=max(0, len(rows) - 12)))
    echo("")
    _demo_checklist(store, summary.checklist_for)
    echo("")
    _demo_observed(store, target)
    echo("")
    _demo_vault(store, target)
    echo("")
    _demo_audit(store)
    echo("")
    report = _demo_report(store, target)
    echo("")
    _demo_notification(store, target)
    echo("")
    echo(i18n.t("demo.try", db=summary.database, key=target / "key", leaver=summary.checklist_for, dir=target,
                report=report))
    echo("")
    _demo_web(store)


def _demo_web(store) -> None:
    """The demo ends with how to open it in the browser, with a user for each role."""
    from registry import clock
    from registry.services import users

    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        created = users.add_demo_users(uow, today=clock.today())
        uow.commit()
    typer.echo(i18n.t("demo.web"))
    for name, role, password in created:
        typer.echo(i18n.t("demo.web_user", name=name, password=password, role=role))


def _demo_report(store, target: Path) -> Path:
    """The demo ends with what an auditor receives: a signed HTML ownership report."""
    from audit.reports import ReportFormat, build, render
    from registry.io.writers import write_bytes_atomic

    data = build.ownership(store, lang=i18n.get_language())
    path = target / "ownership-report.html"
    write_bytes_atomic(path, render(data, ReportFormat.HTML))
    signed = build.sign(store, path, as_of=data.as_of)
    typer.echo(i18n.t("demo.report", path=path, signature=signed.path, fingerprint=signed.fingerprint,
                      accounts=data.account_count))
    return path


def _demo_notification(store, target: Path) -> None:
    """The weekly routine's last step: who is told what, written as files here instead of mailed."""
    from audit.notify.run import run
    from registry import clock

    outcome = run(store, actor=STATE.actor_name(), now=clock.now(), out_dir=target / "mail")
    if not outcome.written:
        return
    first = outcome.delivered[0]
    typer.echo(i18n.t("demo.notify", count=len(outcome.written), dir=target / "mail", path=outcome.written[0],
                      to=first.recipient.address, subject=first.message.subject))


def _demo_checklist(store, employee_id: str) -> None:
    from registry import clock
    from registry.io.dates import format_date
    from registry.services import checklists

    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        case = checklists.person_checklist(uow, employee_id=employee_id, today=clock.today())
        typer.echo(i18n.t("demo.checklist", person=case.person, id=case.employee_id, end=format_date(case.end_date)))
        for entry in case.entries:
            typer.echo(i18n.t("demo.checklist_line", account=entry.account, receiver=entry.receiver or "—",
                              done=len(entry.required) - len(entry.missing), required=len(entry.required)))


def _demo_observed(store, target: Path) -> None:
    """Accounts seen in the wild: `smreg scan` shows the suspects, `smreg observe import` keeps them for review."""
    from audit.brand.model import reason_words
    from audit.observe import import_observed, scan
    from cli.output import terminal_safe
    from registry import clock, demo

    path = demo.write_observed(target, clock.today())
    suspects = list(scan(store, path, suspects_only=True))
    typer.echo(i18n.t("demo.scan", file=path, count=len(suspects), rows=len(demo.observed_rows(clock.today()))))
    rows = [[v.rule, f"{v.platform}:{terminal_safe(v.handle)}", reason_words(v.reasons), v.resembles or v.term or ""]
            for v in suspects]
    if rows:
        from tabulate import tabulate

        typer.echo(textwrap.indent(tabulate(rows, tablefmt="plain", disable_numparse=True), "  "))
    outcome = import_observed(store, path, actor=STATE.actor_name(), today=clock.today())
    typer.echo(i18n.t("demo.observed", count=len(outcome.added)))


def _demo_vault(store, target: Path) -> None:
    """The password manager's listing finds a work account nobody registered (SM711)."""
    from cli.output import terminal_safe
    from registry import clock, demo
    from registry.services import vault_items

    path = demo.write_vault(store, target, clock.today(), actor=STATE.actor_name())
    summary = vault_items.import_vault(store, path, actor=STATE.actor_name())
    typer.echo(i18n.t("demo.vault", file=path, items=summary.items, matched=len(summary.matched),
                      unmatched=len(summary.unmatched)))
    for item in summary.unmatched:
        typer.echo(f"  SM711  {terminal_safe(item)}")


def _demo_audit(store, top: int = 8) -> None:
    from audit import engine

    result = engine.run(store)
    typer.echo(i18n.t("demo.audit", **result.summary()))
    from cli.output import terminal_safe

    for finding in result.findings[:top]:
        typer.echo(terminal_safe(f"  {finding.rule}  {i18n.t('audit.severity.' + finding.severity.value):<8}  "
                                 f"{finding.subject.label}: {finding.message}"))
    typer.echo(i18n.t("demo.more_findings", count=max(0, len(result.findings) - top)))


i18n.register(
    {
        "demo.title": ("Demo: {org} — a fictional school board in {where}", "Demo: {org} — een fictief schoolbestuur in {where}"),
        "demo.counts": (
            "{units} units, {people} staff ({leavers} leaving or left), {accounts} registered accounts.",
            "{units} eenheden, {people} medewerkers ({leavers} vertrekkend of vertrokken), {accounts} geregistreerde accounts.",
        ),
        "demo.platforms": ("By platform: {list}", "Per platform: {list}"),
        "demo.kinds": ("By kind: {list}", "Per soort: {list}"),
        "demo.tree": ("The organisation:", "De organisatie:"),
        "demo.accounts": ("Some of its accounts:", "Een deel van de accounts:"),
        "demo.more": ("… and {count} more (`smreg account list`).", "… en nog {count} (`smreg account list`)."),
        "demo.try": (
            "Explore it yourself:\n  export SMREG_DATABASE_URL={db} SMREG_KEY_FILE={key} SMREG_SIGNING_DIR={dir}\n  smreg account list\n  smreg person list --status left\n  smreg offboard {leaver} --format html > checklist.html\n  smreg audit --explain SM702\n  smreg verify {report}\n  smreg log verify",
            "Zelf verder kijken:\n  export SMREG_DATABASE_URL={db} SMREG_KEY_FILE={key} SMREG_SIGNING_DIR={dir}\n  smreg account list\n  smreg person list --status left\n  smreg offboard {leaver} --format html > checklist.html\n  smreg audit --explain SM702\n  smreg verify {report}\n  smreg log verify",
        ),
        "demo.web": (
            "Open it in the browser (with the variables above exported):\n  smreg serve\n  then go to http://127.0.0.1:8765/ and sign in as",
            "Open het in de browser (met de variabelen hierboven geëxporteerd):\n  smreg serve\n  ga dan naar http://127.0.0.1:8765/ en meld u aan als",
        ),
        "demo.web_user": ("    {name:<14} password {password:<24} ({role})", "    {name:<14} wachtwoord {password:<24} ({role})"),
        "demo.notify": (
            "Notifications ({count} messages, as `smreg notify --out` writes them): {dir}\n  for example {path}\n  to {to}: {subject}",
            "Meldingen ({count} berichten, zoals `smreg notify --out` ze schrijft): {dir}\n  bijvoorbeeld {path}\n  aan {to}: {subject}",
        ),
        "demo.report": (
            "Signed ownership report ({accounts} accounts): {path}\n  signature: {signature} (key {fingerprint})",
            "Ondertekend eigenaarschapsrapport ({accounts} accounts): {path}\n  handtekening: {signature} (sleutel {fingerprint})",
        ),
        "demo.checklist": (
            "Offboarding checklist of {person} ({id}), leaving on {end}:",
            "Vertrekchecklist van {person} ({id}), vertrekt op {end}:",
        ),
        "demo.checklist_line": (
            "  {account} → {receiver}: {done} of {required} required evidence items recorded",
            "  {account} → {receiver}: {done} van {required} verplichte bewijsstukken vastgelegd",
        ),
        "demo.audit": (
            "Audit (`smreg audit`): {critical} critical, {high} high, {medium} medium, {low} low, {info} info; the first findings:",
            "Audit (`smreg audit`): {critical} kritiek, {high} hoog, {medium} middel, {low} laag, {info} info; de eerste bevindingen:",
        ),
        "demo.more_findings": ("  … and {count} more.", "  … en nog {count}."),
        "demo.vault": (
            "Password manager (`smreg vault import {file}`): {items:item}: {matched} for registered accounts, {unmatched} for accounts nobody registered:",
            "Wachtwoordbeheerder (`smreg vault import {file}`): {items:item}: {matched} van geregistreerde accounts, {unmatched} van accounts die niemand registreerde:",
        ),
        "demo.scan": (
            "Brand scan (`smreg scan {file} --suspects-only`): {count} suspects in {rows} observed accounts:",
            "Merkscan (`smreg scan {file} --suspects-only`): {count} verdachte accounts in {rows} waargenomen accounts:",
        ),
        "demo.observed": (
            "Kept for review (`smreg observe import`, then `smreg observe list`): {count} observed accounts.",
            "Bewaard voor beoordeling (`smreg observe import`, daarna `smreg observe list`): {count} waargenomen accounts.",
        ),
    }
)
