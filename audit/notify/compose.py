"""One message per recipient, in the recipient's language: a plain-text part and an HTML part.

Every value that comes from people or from the wild (names, handles, display names) is made
harmless the way the reports do it: bidi and zero-width characters shown as ``[U+202E]``, a
formula-like start neutralised, and in HTML escaped by the template. A message names accounts,
people and what is missing; it never holds a vault reference or a recovery contact, because
nothing it is built from holds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from audit.reports.safe import mark_hidden, neutralise
from registry import i18n
from registry.io.dates import format_date

if TYPE_CHECKING:
    from audit.notify.plan import Recipient

REASONS = ("exact", "case", "separator", "affix", "leet", "homoglyph", "invisible", "typo", "logo")

i18n.register(
    {
        "notify.subject.leaver": ("Accounts to hand over before a departure", "Accounts overdragen bij vertrek"),
        "notify.subject.offboarding": ("Open offboarding cases", "Openstaande vertrekdossiers"),
        "notify.subject.attestation": ("Please confirm your work accounts", "Bevestig uw werkaccounts"),
        "notify.subject.suspect": ("New accounts that use the organisation's name", "Nieuwe accounts die de naam van de organisatie gebruiken"),
        "notify.subject.several": ("What needs your attention", "Wat uw aandacht vraagt"),
        "notify.greeting.person": ("Dear {name},", "Beste {name},"),
        "notify.greeting.role": ("Hello,", "Beste collega,"),
        "notify.heading.leaver": ("Accounts whose custodian is leaving", "Accounts waarvan de beheerder vertrekt"),
        "notify.heading.offboarding": ("Open offboarding cases", "Openstaande vertrekdossiers"),
        "notify.heading.attestation": ("Accounts to confirm", "Accounts om te bevestigen"),
        "notify.heading.suspect": ("Outside accounts that use the organisation's name",
                                   "Accounts van buiten de organisatie die haar naam gebruiken"),
        "notify.line.SM703": ("{account}{display}: {custodian} leaves on {end}, and no handover is recorded yet.",
                              "{account}{display}: {custodian} vertrekt op {end} en er is nog geen overdracht vastgelegd."),
        "notify.line.SM702": ("{account}{display}: {custodian} left on {end}, and the handover is not complete.",
                              "{account}{display}: {custodian} is op {end} vertrokken en de overdracht is nog niet volledig."),
        "notify.still_needed": ("Still needed: {items}.", "Nog nodig: {items}."),
        "notify.action.leaver_link": ("Hand each account over and tick its checklist: {link}",
                                      "Draag elk account over en vink de checklist af: {link}"),
        "notify.action.leaver_attached": ("Hand each account over and tick the attached checklist; record it with `smreg handover`.",
                                          "Draag elk account over en vink de bijgevoegde checklist af; leg het vast met `smreg handover`."),
        "notify.case": ("{person} ({employee_id}), {unit}, end date {end}: {done} of {total} accounts handed over.",
                        "{person} ({employee_id}), {unit}, einddatum {end}: {done} van {total} accounts overgedragen."),
        "notify.case.no_handover": ("{account}: no handover recorded yet (receiver: {receiver}).",
                                    "{account}: nog geen overdracht vastgelegd (ontvanger: {receiver})."),
        "notify.case.missing": ("{account}: still needed: {items}.", "{account}: nog nodig: {items}."),
        "notify.case.nobody": ("nobody available", "niemand beschikbaar"),
        "notify.action.offboarding": ("The checklist of each leaver: `smreg offboard ID`{link}.",
                                      "De checklist van elke vertrekker: `smreg offboard NR`{link}."),
        "notify.action.offboarding_link": (", or {link}", ", of {link}"),
        "notify.line.attestation": ("{account}{display}: last confirmed on {verified}.",
                                    "{account}{display}: laatst bevestigd op {verified}."),
        "notify.line.attestation_never": ("{account}{display}: never confirmed.", "{account}{display}: nooit bevestigd."),
        "notify.action.attestation": (
            "Check that each account is still right (its custodians, the vault entry, the recovery contact) and confirm it: {how}",
            "Controleer of elk account nog klopt (de beheerders, het kluisitem, het herstelcontact) en bevestig het: {how}"),
        "notify.line.suspect": ("{observed}{display}: {what}; signs: {reasons}.", "{observed}{display}: {what}; kenmerken: {reasons}."),
        "notify.line.resembles": ("It imitates {account}.", "Het bootst {account} na."),
        "notify.what.SM601": ("uses a brand term", "gebruikt een merknaam"),
        "notify.what.SM602": ("uses the logo", "gebruikt het logo"),
        "notify.what.SM603": ("imitates a registered account", "bootst een geregistreerd account na"),
        "notify.what.SM708": ("appeared after a leaver's account went quiet", "verscheen na het vertrek van een beheerder"),
        "notify.action.suspect": (
            "Review each with `smreg observe review` and, where needed, ask the platform to remove it (protocol P-I.6d).",
            "Beoordeel elk met `smreg observe review` en vraag het platform zo nodig om verwijdering (protocol P-I.6d)."),
        "notify.footer": ("Sent by smreg for {organisation}. This message holds no passwords and no vault references.",
                          "Verstuurd door smreg voor {organisation}. Dit bericht bevat geen wachtwoorden en geen kluisverwijzingen."),
        "notify.attachment": ("checklist-{employee_id}.html", "vertrekchecklist-{employee_id}.html"),
        "notify.reason.exact": ("the exact name", "de exacte naam"),
        "notify.reason.case": ("other capitals", "andere hoofdletters"),
        "notify.reason.separator": ("separators", "scheidingstekens"),
        "notify.reason.affix": ("an added word", "een toegevoegd woord"),
        "notify.reason.leet": ("digits for letters", "cijfers voor letters"),
        "notify.reason.homoglyph": ("lookalike letters", "letters die erop lijken"),
        "notify.reason.invisible": ("invisible characters", "onzichtbare tekens"),
        "notify.reason.typo": ("a typo", "een tikfout"),
        "notify.reason.logo": ("the logo", "het logo"),
    }
)


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]  # a line and the lines under it
    action: str


@dataclass(frozen=True)
class Composed:
    subject: str
    greeting: str
    sections: tuple[Section, ...]
    footer: str
    text: str
    html: str
    attachments: tuple[tuple[str, bytes], ...]  # (file name, HTML bytes)


def safe(value: Any) -> str:
    """A value from people or the wild, harmless in plain text and in a spreadsheet it is pasted into."""
    text = " ".join(str(value).split()) if value is not None else ""
    return neutralise(mark_hidden(text))


def _date(value: Any, lang: str) -> str:
    if not value:
        return ""
    return format_date(value if isinstance(value, date) else date.fromisoformat(str(value)[:10]), lang)


def compose(recipient: Recipient, *, lang: str, organisation: str, web_url: str = "",
            attachments: dict[str, bytes] | None = None) -> Composed:
    """The message for one recipient, in ``lang``."""
    with speaking(lang):
        sections = tuple(_sections(recipient, lang, web_url.rstrip("/"), bool(attachments)))
        topics = {item.topic for item in recipient.items}
        what = i18n.t(f"notify.subject.{topics.pop()}") if len(topics) == 1 else i18n.t("notify.subject.several")
        subject = f"[{safe(organisation)}] {what}" if organisation else what
        greeting = (i18n.t("notify.greeting.person", name=safe(recipient.name)) if recipient.name
                    else i18n.t("notify.greeting.role"))
        footer = i18n.t("notify.footer", organisation=safe(organisation) or "smreg")
        files = tuple((i18n.t("notify.attachment", employee_id=safe(eid)), body)
                      for eid, body in sorted((attachments or {}).items()))
    text = _text(greeting, sections, footer)
    html = _template().render(lang=lang, subject=subject, greeting=greeting, sections=sections, footer=footer)
    return Composed(subject, greeting, sections, footer, text, html, files)


def _sections(recipient: Recipient, lang: str, web: str, attached: bool):
    by_topic: dict[str, list] = {}
    for item in recipient.items:
        by_topic.setdefault(item.topic, []).append(item.facts)
    if "leaver" in by_topic:
        lines = []
        for f in by_topic["leaver"]:
            line = i18n.t(f"notify.line.{f['rule']}", account=safe(f["account"]), display=_display(f),
                          custodian=safe(f["custodian"] or f["employee_id"]), end=_date(f["end_date"], lang))
            sub = (i18n.t("notify.still_needed", items=_items(f["missing"])),) if f["missing"] else ()
            lines.append((line, sub))
        if web:
            leavers = sorted({f["employee_id"] for f in by_topic["leaver"] if f["employee_id"]})
            action = i18n.t("notify.action.leaver_link",
                            link=", ".join(f"{web}/offboarding/{safe(e)}" for e in leavers))
        else:
            action = i18n.t("notify.action.leaver_attached")
        yield Section(i18n.t("notify.heading.leaver"), tuple(lines), action)
    if "offboarding" in by_topic:
        lines = []
        for f in by_topic["offboarding"]:
            line = i18n.t("notify.case", person=safe(f["person"]), employee_id=safe(f["employee_id"]),
                          unit=safe(f["unit"]), end=_date(f["end_date"], lang), done=f["done"], total=f["total"])
            sub = []
            for account, receiver, missing in f["lacking"]:
                if missing:
                    sub.append(i18n.t("notify.case.missing", account=safe(account), items=_items(missing)))
                else:
                    sub.append(i18n.t("notify.case.no_handover", account=safe(account),
                                      receiver=safe(receiver) if receiver else i18n.t("notify.case.nobody")))
            lines.append((line, tuple(sub)))
        link = i18n.t("notify.action.offboarding_link", link=f"{web}/offboarding") if web else ""
        yield Section(i18n.t("notify.heading.offboarding"), tuple(lines), i18n.t("notify.action.offboarding", link=link))
    if "attestation" in by_topic:
        lines = []
        for f in by_topic["attestation"]:
            if f["verified_on"]:
                line = i18n.t("notify.line.attestation", account=safe(f["account"]), display=_display(f),
                              verified=_date(f["verified_on"], lang))
            else:
                line = i18n.t("notify.line.attestation_never", account=safe(f["account"]), display=_display(f))
            lines.append((line, ()))
        if web:
            how = ", ".join(f"{web}/accounts/{f['account_id']}" for f in by_topic["attestation"])
        else:
            how = "; ".join(f"`smreg attest {safe(f['account'])}`" for f in by_topic["attestation"])
        yield Section(i18n.t("notify.heading.attestation"), tuple(lines), i18n.t("notify.action.attestation", how=how))
    if "suspect" in by_topic:
        lines = []
        for f in by_topic["suspect"]:
            reasons = ", ".join(i18n.t(f"notify.reason.{r}") for r in f["reasons"] if r in REASONS) or "—"
            line = i18n.t("notify.line.suspect", observed=safe(f["observed"]), display=_display(f),
                          what=i18n.t(f"notify.what.{f['rule']}"), reasons=reasons)
            sub = (i18n.t("notify.line.resembles", account=safe(f["resembles"])),) if f.get("resembles") else ()
            lines.append((line, sub))
        yield Section(i18n.t("notify.heading.suspect"), tuple(lines), i18n.t("notify.action.suspect"))


def _display(facts: dict[str, Any]) -> str:
    name = facts.get("display_name")
    return f" ({safe(name)})" if name else ""


def _items(keys) -> str:
    from registry.services.handovers import item_names

    return item_names(list(keys))


def _text(greeting: str, sections: tuple[Section, ...], footer: str) -> str:
    out = [greeting, ""]
    for section in sections:
        out.append(section.heading)
        out.append("-" * len(section.heading))
        for line, sub in section.lines:
            out.append(f"- {line}")
            out.extend(f"    {s}" for s in sub)
        out.extend(["", section.action, ""])
    out.extend(["-- ", footer, ""])
    return "\n".join(out)


@cache
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("audit.notify", "templates"), autoescape=True, undefined=StrictUndefined)
    return env.get_template("message.html.j2")


class speaking:
    """Render texts in ``lang`` for the block, whatever the command's own language is."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __enter__(self):
        self.before = i18n.get_language()
        i18n.set_language(self.lang)
        return self

    def __exit__(self, *exc) -> None:
        i18n.set_language(self.before)
