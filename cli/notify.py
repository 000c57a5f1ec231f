"""``smreg notify``: tell the people who must act — custodians, unit leads, HR and communications."""

from pathlib import Path

import typer

from cli.commands import help_of
from cli.common import STATE, open_store
from cli.lang import H
from registry import i18n

i18n.register(
    {
        "notify.nothing": ("Nothing is due: every item was sent and no reminder is due yet.",
                           "Er is niets te versturen: alles is al verstuurd en er is nog geen herinnering nodig."),
        "notify.would_send": ("Would send {count} messages (nothing was sent or recorded):",
                              "Zou {count} berichten versturen (er is niets verstuurd of vastgelegd):"),
        "notify.would_send_one": ("Would send 1 message (nothing was sent or recorded):",
                                  "Zou 1 bericht versturen (er is niets verstuurd of vastgelegd):"),
        "notify.line": ("  to {to}: {subject} ({items} items)", "  aan {to}: {subject} ({items} onderdelen)"),
        "notify.line_one": ("  to {to}: {subject} (1 item)", "  aan {to}: {subject} (1 onderdeel)"),
        "notify.sent": ("Sent {count} of {total} messages.", "{count} van {total} berichten verstuurd."),
        "notify.written": ("Wrote {count:message} to {dir}; they count as sent.",
                           "{count:message} geschreven naar {dir}; ze gelden als verstuurd."),
    }
)
i18n.register_nouns({"message": (("message", "messages"), ("bericht", "berichten"))})


def register(app: typer.Typer) -> None:
    app.command("notify", help=help_of("notify"))(notify)


def notify(
    dry_run: bool = typer.Option(False, "--dry-run", help=H("List what would be sent; send and record nothing.",
                                                            "Toon wat verstuurd zou worden; verstuur en leg niets vast.")),
    out: Path = typer.Option(None, "--out", metavar="DIR", help=H(
        "Write the messages as .eml files in DIR instead of sending them (they then count as sent).",
        "Schrijf de berichten als .eml-bestanden in MAP in plaats van ze te versturen (ze gelden dan als verstuurd).")),
) -> None:
    from audit.notify.run import run
    from registry import clock

    outcome = run(open_store(), actor=STATE.actor_name(), now=clock.now(), dry_run=dry_run, out_dir=out)
    if not outcome.planned:
        typer.echo(i18n.t("notify.nothing"), err=True)
        return
    if dry_run:
        count = len(outcome.planned)
        typer.echo(i18n.t("notify.would_send_one" if count == 1 else "notify.would_send", count=count))
        for item in outcome.planned:
            items = len(item.recipient.items)
            to = f"{item.recipient.name} <{item.recipient.address}>" if item.recipient.name else item.recipient.address
            typer.echo(i18n.t("notify.line_one" if items == 1 else "notify.line", to=to,
                              subject=item.message.subject, items=items))
        return
    if out is not None:
        typer.echo(i18n.t("notify.written", count=len(outcome.written), dir=str(out)), err=True)
    else:
        typer.echo(i18n.t("notify.sent", count=len(outcome.delivered), total=len(outcome.planned)), err=True)
    if outcome.failure is not None:
        raise outcome.failure
