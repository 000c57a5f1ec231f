"""Every word a report prints, in English and Dutch, and dates the way each language writes them.

A report speaks the language in ``report.lang``, whatever language the command itself speaks, so
the texts are looked up per report through :class:`Labels` rather than the process-wide language.
They are registered with :mod:`registry.i18n` as well, so the catalogue knows every key.
"""

from __future__ import annotations

from datetime import date, datetime

from registry import evidence, i18n
from registry.errors import ValidationError

TEXTS: dict[str, tuple[str, str]] = {
    # Titles and headings
    "report.title.ownership": ("Ownership report", "Eigenaarschapsrapport"),
    "report.title.findings": ("Findings report", "Bevindingenrapport"),
    "report.title.offboarding": ("Offboarding report", "Vertrekrapport"),
    "report.title.checklist": ("Offboarding checklist: {person}", "Vertrekchecklist: {person}"),
    "report.as_of_heading": ("as of {date}", "per {date}"),
    "report.heading.summary": ("Summary", "Samenvatting"),
    "report.heading.by_unit": ("Accounts by unit", "Accounts per eenheid"),
    "report.heading.by_platform": ("Accounts by platform", "Accounts per platform"),
    "report.heading.by_kind": ("Accounts by kind", "Accounts per soort"),
    "report.heading.by_severity": ("Open findings by severity", "Open bevindingen per ernst"),
    "report.heading.by_rule": ("Open findings by rule", "Open bevindingen per regel"),
    "report.heading.overdue": ("Handovers overdue over time", "Verloop van achterstallige overdrachten"),
    "report.heading.units": ("Accounts per unit", "Accounts per eenheid"),
    "report.heading.findings": ("Findings", "Bevindingen"),
    "report.heading.cases": ("Cases", "Dossiers"),
    "report.heading.accounts": ("Accounts", "Accounts"),
    "report.heading.checklist": ("Checklist", "Checklist"),
    # Chart text alternatives
    "report.chart.units": (
        "Bar chart: own accounts of each unit, split by platform.",
        "Staafdiagram: eigen accounts per eenheid, verdeeld naar platform.",
    ),
    "report.chart.severity": (
        "Bar chart: open findings per severity.",
        "Staafdiagram: open bevindingen per ernst.",
    ),
    "report.chart.overdue": (
        "Bar chart: number of overdue handovers at each date.",
        "Staafdiagram: aantal achterstallige overdrachten per datum.",
    ),
    "report.chart.table_note": ("the chart's figures", "cijfers van de grafiek"),
    "report.chart.no_data": ("No data.", "Geen gegevens."),
    # Column names and labels
    "report.col.organisation": ("Organisation", "Organisatie"),
    "report.col.unit": ("Unit", "Eenheid"),
    "report.col.unit_code": ("Unit code", "Eenheidscode"),
    "report.col.unit_name": ("Unit name", "Naam eenheid"),
    "report.col.unit_path": ("Unit path", "Pad eenheid"),
    "report.col.unit_kind": ("Unit kind", "Soort eenheid"),
    "report.col.own_accounts": ("Own accounts", "Eigen accounts"),
    "report.col.total_accounts": ("Including sub-units", "Inclusief onderdelen"),
    "report.col.count": ("Number", "Aantal"),
    "report.col.total": ("Total", "Totaal"),
    "report.col.id": ("Id", "Id"),
    "report.col.platform": ("Platform", "Platform"),
    "report.col.handle": ("Handle", "Accountnaam"),
    "report.col.display_name": ("Display name", "Weergavenaam"),
    "report.col.url": ("URL", "URL"),
    "report.col.kind": ("Kind", "Soort"),
    "report.col.pillar": ("Pillar", "Pijler"),
    "report.col.status": ("Status", "Status"),
    "report.col.custodian": ("Custodian", "Beheerder"),
    "report.col.custodian_status": ("Custodian status", "Status beheerder"),
    "report.col.backup_custodian": ("Backup custodian", "Reservebeheerder"),
    "report.col.vault_ref": ("Vault reference set", "Kluisverwijzing vastgelegd"),
    "report.col.last_handover": ("Last handover", "Laatste overdracht"),
    "report.col.last_rotation": ("Credentials last rotated", "Wachtwoord laatst gewijzigd"),
    "report.col.last_verified": ("Last verified", "Laatst gecontroleerd"),
    "report.col.open_findings": ("Open findings", "Open bevindingen"),
    "report.col.findings": ("Findings", "Bevindingen"),
    "report.col.rule": ("Rule", "Regel"),
    "report.col.severity": ("Severity", "Ernst"),
    "report.col.clause": ("Clause", "Artikel"),
    "report.col.subject": ("Subject", "Onderwerp"),
    "report.col.message": ("Message", "Melding"),
    "report.col.since": ("Since", "Sinds"),
    "report.col.fingerprint": ("Fingerprint", "Vingerafdruk"),
    "report.col.waived": ("Waived", "Vrijgesteld"),
    "report.col.waiver_reason": ("Waiver reason", "Reden vrijstelling"),
    "report.col.waiver_until": ("Waived until", "Vrijgesteld tot en met"),
    "report.col.date": ("Date", "Datum"),
    "report.col.overdue": ("Overdue handovers", "Achterstallige overdrachten"),
    "report.col.person": ("Person", "Medewerker"),
    "report.col.employee_id": ("Employee id", "Personeelsnummer"),
    "report.col.end_date": ("End of employment", "Datum uit dienst"),
    "report.col.opened_on": ("Case opened", "Dossier geopend"),
    "report.col.case_state": ("Case", "Dossier"),
    "report.col.account": ("Account", "Account"),
    "report.col.role": ("Role of the leaver", "Rol van de vertrekker"),
    "report.col.receiver": ("Receives the account", "Ontvangt het account"),
    "report.col.receiver_reason": ("Why this receiver", "Waarom deze ontvanger"),
    "report.col.item": ("Evidence", "Bewijs"),
    "report.col.done": ("Done", "Gedaan"),
    "report.col.done_on": ("Done on", "Gedaan op"),
    "report.col.complete": ("Handover", "Overdracht"),
    "report.col.open_accounts": ("Accounts still to hand over", "Nog over te dragen accounts"),
    "report.col.what": ("What", "Wat"),
    # Footer and summary lines
    "report.footer.as_of": ("Registry as of {moment}", "Register per {moment}"),
    "report.footer.generated_at": ("Generated at {moment}", "Gemaakt op {moment}"),
    "report.summary.accounts": ("{count} accounts in {units} units", "{count} accounts in {units} eenheden"),
    "report.summary.waived": ("{count} waived findings", "{count} vrijgestelde bevindingen"),
    "report.summary.findings": ("{count} open findings", "{count} open bevindingen"),
    "report.summary.cases": (
        "{cases} cases ({open_cases} open), {accounts_open} of {accounts} accounts still to hand over",
        "{cases} dossiers ({open_cases} open), nog {accounts_open} van {accounts} accounts over te dragen",
    ),
    "report.no_accounts": ("No accounts registered for this unit.", "Geen accounts geregistreerd voor deze eenheid."),
    "report.case_no_accounts": (
        "{person} holds no accounts that need a handover.",
        "{person} beheert geen accounts die overgedragen moeten worden.",
    ),
    "report.no_findings": ("No findings.", "Geen bevindingen."),
    "report.no_cases": ("No offboarding cases.", "Geen uitdiensttredingsdossiers."),
    "report.none": ("none", "geen"),
    "report.yes": ("yes", "ja"),
    "report.no": ("no", "nee"),
    "report.waived_mark": ("waived", "vrijgesteld"),
    "report.sign_line": ("Signed off as done (name, date):", "Afgerond en afgetekend (naam, datum):"),
    "report.case.open": ("open", "open"),
    "report.case.closed": ("closed", "gesloten"),
    "report.complete.yes": ("complete", "volledig"),
    "report.complete.no": ("not yet complete", "nog niet volledig"),
    # Codes turned into words
    "report.severity.info": ("info", "info"),
    "report.severity.low": ("low", "laag"),
    "report.severity.medium": ("medium", "middel"),
    "report.severity.high": ("high", "hoog"),
    "report.severity.critical": ("critical", "kritiek"),
    "report.kind.official": ("official", "officieel"),
    "report.kind.work": ("work", "werk"),
    "report.kind.group": ("group", "groep"),
    "report.pillar.profilering": ("profiling", "profilering"),
    "report.pillar.communicatie": ("communication", "communicatie"),
    "report.pillar.curriculum": ("curriculum", "curriculum"),
    "report.status.active": ("active", "actief"),
    "report.status.suspended": ("suspended", "opgeschort"),
    "report.status.archived": ("archived", "gearchiveerd"),
    "report.person_status.active": ("employed", "in dienst"),
    "report.person_status.leaving": ("leaving", "vertrekt"),
    "report.person_status.left": ("left", "uit dienst"),
    "report.person_status.unknown": ("unknown person", "onbekende persoon"),
    "report.unit_kind.organisation": ("organisation", "organisatie"),
    "report.unit_kind.sector": ("sector", "sector"),
    "report.unit_kind.school": ("school", "school"),
    "report.unit_kind.office": ("office", "bureau"),
    "report.role.custodian": ("custodian", "beheerder"),
    "report.role.backup_custodian": ("backup custodian", "reservebeheerder"),
    "report.reason.backup_custodian": ("the backup custodian", "de reservebeheerder"),
    "report.reason.unit_lead": ("the unit's lead", "de leidinggevende van de eenheid"),
    "report.reason.unit_colleague": ("a colleague in the same unit", "een collega in dezelfde eenheid"),
    "report.reason.none_available": (
        "no one available: choose a receiver",
        "niemand beschikbaar: kies een ontvanger",
    ),
    # The checklist's lines come with the evidence items themselves (registry.evidence).
    **{f"report.item.{item.report_code}": item.checklist for item in evidence.ITEMS},
    "report.lang_unknown": (
        "A report can be written in Dutch (nl) or English (en), not '{lang}'. Choose one of those.",
        "Een rapport kan in het Nederlands (nl) of Engels (en), niet in '{lang}'. Kies een van beide.",
    ),
}

i18n.register(TEXTS)

_DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def check_language(lang: str) -> str:
    """The report language, or a clear error for one smreg does not speak."""
    if lang not in i18n.LANGUAGES:
        raise ValidationError("report.lang_unknown", lang=lang)
    return lang


class Labels:
    """The report texts of one language; call it like :func:`registry.i18n.t`."""

    __slots__ = ("lang", "_index", "_cache")

    def __init__(self, lang: str) -> None:
        self.lang = check_language(lang)
        self._index = 1 if lang == "nl" else 0
        self._cache: dict[str, str] = {}

    def __call__(self, key: str, /, **params: object) -> str:
        if params:
            pair = TEXTS.get(key)
            return pair[self._index].format(**params) if pair else key
        text = self._cache.get(key)
        if text is None:
            pair = TEXTS.get(key)
            text = pair[self._index] if pair else key
            self._cache[key] = text
        return text

    def code(self, group: str, value: str | None) -> str:
        """A code (status, kind, severity…) in words; an unknown code is shown as it is."""
        if value is None:
            return ""
        key = f"report.{group}.{value}"
        text = self._cache.get(key)
        if text is None:
            pair = TEXTS.get(key)
            text = pair[self._index] if pair else value
            self._cache[key] = text
        return text

    def yes_no(self, value: bool) -> str:
        return self("report.yes") if value else self("report.no")

    # Dates: Dutch tables write 24-11-2026 and headings 24 november 2026; English writes ISO.

    def date(self, value: date | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.date()
        if self._index:
            return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
        return value.isoformat()

    def long_date(self, value: date) -> str:
        if isinstance(value, datetime):
            value = value.date()
        if self._index:
            return f"{value.day} {_DUTCH_MONTHS[value.month - 1]} {value.year}"
        return value.isoformat()

    def moment(self, value: datetime) -> str:
        """A date and time to the minute, with its UTC offset when it has one."""
        clock = f"{value.hour:02d}:{value.minute:02d}"
        offset = value.strftime("%z")
        zone = f" {offset[:3]}:{offset[3:]}" if offset else ""
        if offset == "+0000":
            zone = " UTC"
        day = self.long_date(value) if self._index else value.date().isoformat()
        return f"{day} {clock}{zone}"

    def excel_date_format(self) -> str:
        return "dd-mm-yyyy" if self._index else "yyyy-mm-dd"

    def excel_moment_format(self) -> str:
        return "dd-mm-yyyy hh:mm" if self._index else "yyyy-mm-dd hh:mm"


def extend(texts: dict[str, tuple[str, str]]) -> None:
    """Add report texts declared beside the report part that uses them."""
    i18n.register(texts)
    TEXTS.update(texts)
