"""Departures (P-I.7b, P-I.7c): a leaver's accounts are handed over, and their credentials rotated.

The day after a person's end date they have left; from their end date minus the notice window up
to and including the end date they are leaving. A handover moves custody to the receiver at
once, so while one is incomplete the rules look at the handover itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from audit.controls import BIO, ISO
from audit.model import Finding, Severity
from audit.rules.base import ONE_DAY, Rule, RuleText, iso, who
from registry import evidence
from registry.evidence import names as item_names
from registry.io.dates import format_date

if TYPE_CHECKING:
    from audit.state import RegistryState


class SM702(Rule):
    id = "SM702"
    name = "custodian-left-without-handover"
    severity = Severity.high
    clause = "P-I.7b"
    controls = {ISO: ("A.5.11", "A.6.5", "A.5.18"), BIO: ("5.16.01",)}
    severity_note = (
        "Critical once more than `critical_after_days` days (default 30, a unit policy) have passed since the "
        "end date.",
        "Kritiek zodra meer dan `critical_after_days` dagen (standaard 30, een eenheidsbeleid) na de einddatum "
        "verstreken zijn.",
    )
    text = {
        "en": RuleText(
            title="Custodian left without a complete handover",
            what="Finds every active account whose custodian's employment has ended (from the day after their end "
                 "date) and that has not been handed over to a current member of staff. It also finds an account "
                 "whose handover from a leaver was started but is still incomplete after the leaver's end date. "
                 "A complete handover of an account with a password has five pieces of evidence: credentials rotated, "
                 "recovery contact moved to an organisational address, second factor reset, sessions signed out, "
                 "vault sharing updated. A group (a WhatsApp or LinkedIn group) has two: admin rights moved to the "
                 "receiver, the leaver removed as admin.",
            why="At the end of employment the account and its contacts must not leave with the employee (P-I.7b). "
                "Until the organisation has changed the password, the recovery contact and the second factor, the "
                "former employee can still sign in, or take the account back through a password reset.",
            example="Pieter (1002) held `x:VoorbeeldWest`; his last working day was 2026-05-01. From 2026-05-02 "
                    "SM702 reports the account as high; from 2026-06-01, 31 days after the end date, as critical.",
            fix="Print the checklist with `smreg offboard 1002`, take the account over and record it: "
                "`smreg handover x:VoorbeeldWest --to 1001 --rotated-on 2026-05-02 --recovery-moved --mfa-reset "
                "--sessions-revoked --vault-updated`. The evidence may be recorded in several calls.",
        ),
        "nl": RuleText(
            title="Beheerder vertrokken zonder volledige overdracht",
            what="Vindt elk actief account waarvan het dienstverband van de beheerder is geëindigd (vanaf de dag na "
                 "de einddatum) en dat niet is overgedragen aan een huidige medewerker. Ook een account waarvan de "
                 "overdracht door een vertrekker is begonnen maar na diens einddatum nog onvolledig is. Een "
                 "volledige overdracht van een account met een wachtwoord heeft vijf bewijsstukken: wachtwoord "
                 "gewijzigd, herstelcontact verplaatst naar een adres van de organisatie, tweede factor opnieuw "
                 "ingesteld, sessies afgemeld, delen in de kluis bijgewerkt. Een groep (een WhatsApp- of "
                 "LinkedIn-groep) heeft er twee: beheerrechten overgedragen aan de ontvanger, de vertrekker als "
                 "beheerder verwijderd.",
            why="Bij het einde van het dienstverband gaan het account en de contacten niet mee met de medewerker "
                "(P-I.7b). Zolang de organisatie het wachtwoord, het herstelcontact en de tweede factor niet heeft "
                "gewijzigd, kan de oud-medewerker nog inloggen, of het account terugnemen met een "
                "wachtwoordherstel.",
            example="Pieter (1002) beheerde `x:VoorbeeldWest`; zijn laatste werkdag was 1 mei 2026. Vanaf 2 mei "
                    "meldt SM702 het account als hoog; vanaf 1 juni, 31 dagen na de einddatum, als kritiek.",
            fix="Druk de checklist af met `smreg offboard 1002`, neem het account over en leg dat vast: "
                "`smreg handover x:VoorbeeldWest --to 1001 --rotated-on 2026-05-02 --recovery-moved --mfa-reset "
                "--sessions-revoked --vault-updated`. Het bewijs mag in meerdere stappen worden vastgelegd.",
        ),
    }
    messages = {
        "left": (
            "The custodian ({person}) left on {end} and the account has not been handed over.",
            "De beheerder ({person}) is op {end} vertrokken en het account is niet overgedragen.",
        ),
        "incomplete": (
            "The handover from {person} (left on {end}) to {receiver} is incomplete; missing: {missing}.",
            "De overdracht van {person} (vertrokken op {end}) aan {receiver} is onvolledig; ontbreekt: {missing}.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        on = state.on
        left = {ref: p for ref, p in state.people.items() if p.end_date is not None and p.end_date < on}
        for account in state.active:
            custodian = left.get(account.custodian)
            if custodian is not None:
                yield self._finding(state, account, custodian.end_date, "left", person=who(state, account.custodian),
                                    details={"custodian": custodian.employee_id, "handover": None, "missing": []})
        # Handovers from a leaver still in progress: the receiver holds the account, the evidence is missing.
        for account_id, handovers in state.handovers.items():
            account = state.active_by_id.get(account_id)
            if account is None or account.custodian in left:
                continue
            handover = _latest_in_role(handovers, "custodian")
            if handover is None or handover.complete:
                continue
            giver = left.get(handover.giver)
            if giver is not None:
                missing = handover.missing
                yield self._finding(state, account, giver.end_date, "incomplete", person=who(state, handover.giver),
                                    receiver=who(state, handover.receiver), missing=item_names(missing),
                                    details={"custodian": giver.employee_id, "handover": handover.id,
                                             "missing": list(missing)})

    def _finding(self, state, account, end, variant, *, details, **params) -> Finding:
        days = (state.on - end).days
        critical_after = state.policy(account.unit)["critical_after_days"]
        severity = Severity.critical if days > critical_after else Severity.high
        details = {**details, "end_date": end.isoformat(), "days_since_end": days}
        return self.account_finding(state, account, variant, since=end + ONE_DAY, severity=severity, details=details,
                                    end=format_date(end), **params)


def _latest_in_role(handovers, role: str):
    """The latest handover that moved this role (a backup custodian's handover does not end the custodian's)."""
    for handover in reversed(handovers):
        if handover.role == role:
            return handover
    return None


class SM703(Rule):
    id = "SM703"
    name = "custodian-leaving-without-handover"
    severity = Severity.medium
    clause = "P-I.7b"
    controls = {ISO: ("A.5.11", "A.6.5"), BIO: ("5.16.01",)}
    text = {
        "en": RuleText(
            title="Custodian leaving, no handover recorded",
            what="Finds every active account whose custodian's end date lies within the notice window from today "
                 "(`notice_days`, default 30, a unit policy inherited down the tree; the end date itself included) "
                 "while no handover of the account has been recorded.",
            why="A handover is easiest while the custodian is still there to say what the account is connected "
                "to. Handing it over before the last working day keeps it from becoming an SM702 finding (P-I.7b).",
            example="Sanne (1001) leaves on 2026-06-30 and holds `instagram:de.zon.school`; with a notice window "
                    "of 30 days SM703 reports it from 2026-05-31 up to and including 2026-06-30.",
            fix="Agree who takes over (`smreg offboard 1001` suggests someone) and record the handover, for example "
                "`smreg handover instagram:de.zon.school --to 1003`; then add the evidence.",
        ),
        "nl": RuleText(
            title="Beheerder vertrekt, geen overdracht vastgelegd",
            what="Vindt elk actief account waarvan de einddatum van de beheerder binnen de signaleringstermijn vanaf "
                 "vandaag valt (`notice_days`, standaard 30, een eenheidsbeleid dat naar onderliggende eenheden "
                 "doorwerkt; de einddatum zelf telt mee) terwijl er geen overdracht van het account is vastgelegd.",
            why="Een overdracht gaat het makkelijkst zolang de beheerder er nog is om te vertellen waaraan het "
                "account gekoppeld is. Wie vóór de laatste werkdag overdraagt, voorkomt een SM702-bevinding "
                "(P-I.7b).",
            example="Sanne (1001) vertrekt op 30 juni 2026 en beheert `instagram:de.zon.school`; met een "
                    "signaleringstermijn van 30 dagen meldt SM703 het account van 31 mei tot en met 30 juni.",
            fix="Spreek af wie het overneemt (`smreg offboard 1001` doet een voorstel) en leg de overdracht vast, "
                "bijvoorbeeld `smreg handover instagram:de.zon.school --to 1003`; vul daarna het bewijs aan.",
        ),
    }
    messages = {
        "leaving": (
            "The custodian ({person}) leaves on {end}, within the notice window of {days} days, and no handover is recorded.",
            "De beheerder ({person}) vertrekt op {end}, binnen de signaleringstermijn van {days} dagen, en er is geen overdracht vastgelegd.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        on = state.on
        ending = {ref: p for ref, p in state.people.items() if p.end_date is not None and p.end_date >= on}
        for account in state.active:
            custodian = ending.get(account.custodian)
            if custodian is None:
                continue
            days = state.policy(account.unit)["notice_days"]
            if custodian.end_date <= on + timedelta(days=days):
                yield self.account_finding(
                    state, account, "leaving", since=custodian.end_date - timedelta(days=days),
                    details={"custodian": custodian.employee_id, "end_date": custodian.end_date.isoformat(),
                             "notice_days": days},
                    person=who(state, account.custodian), end=format_date(custodian.end_date), days=days)


class SM704(Rule):
    id = "SM704"
    name = "credentials-not-rotated-after-handover"
    severity = Severity.high
    clause = "P-I.7c"
    controls = {ISO: ("A.5.17", "A.6.5"), BIO: ("5.16.01",)}
    text = {
        "en": RuleText(
            title="Credentials not rotated after the latest handover",
            what="Finds every active account with a password of its own that has been handed over and whose "
                 "credentials were not rotated on or after the date of its latest handover (a rotation on the day "
                 "of the handover counts). A group has no password of its own and is left to SM702.",
            why="The previous holder knows the password, and may not change it themselves (P-I.7c). Only a new "
                "password set by the organisation on or after the handover takes the account out of their hands.",
            example="`x:VoorbeeldWest` was handed over on 2026-05-02 and its credentials were last rotated on "
                    "2026-03-10: SM704 reports it until a rotation on or after 2026-05-02 is recorded.",
            fix="Set a new password, store it in the vault and record the date: "
                "`smreg handover x:VoorbeeldWest --to 1001 --rotated-on 2026-05-02` (with the same receiver), or "
                "`smreg account update x:VoorbeeldWest --rotated-on 2026-05-02`.",
        ),
        "nl": RuleText(
            title="Wachtwoord niet gewijzigd na de laatste overdracht",
            what="Vindt elk actief account met een eigen wachtwoord dat is overgedragen en waarvan het wachtwoord "
                 "niet is gewijzigd op of na de datum van de laatste overdracht (een wijziging op de dag van de "
                 "overdracht telt mee). Een groep heeft geen eigen wachtwoord en valt onder SM702.",
            why="De vorige beheerder kent het wachtwoord en mag het niet zelf wijzigen (P-I.7c). Alleen een nieuw "
                "wachtwoord dat de organisatie op of na de overdracht instelt, haalt het account uit diens handen.",
            example="`x:VoorbeeldWest` is op 2 mei 2026 overgedragen en het wachtwoord is het laatst gewijzigd op "
                    "10 maart 2026: SM704 meldt het tot een wijziging op of na 2 mei is vastgelegd.",
            fix="Stel een nieuw wachtwoord in, bewaar het in de kluis en leg de datum vast: "
                "`smreg handover x:VoorbeeldWest --to 1001 --rotated-on 2026-05-02` (met dezelfde ontvanger), of "
                "`smreg account update x:VoorbeeldWest --rotated-on 2026-05-02`.",
        ),
    }
    messages = {
        "never": (
            "The account was handed over on {handed} and its credentials have never been rotated.",
            "Het account is op {handed} overgedragen en het wachtwoord is nooit gewijzigd.",
        ),
        "stale": (
            "The account was handed over on {handed}; its credentials were last rotated on {rotated}.",
            "Het account is op {handed} overgedragen; het wachtwoord is het laatst gewijzigd op {rotated}.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        for account_id, handovers in state.handovers.items():
            account = state.active_by_id.get(account_id)
            if account is None or not _has_credentials(account):
                continue
            handover = handovers[-1]
            rotated = account.rotated_on
            if rotated is not None and rotated >= handover.handed_on:
                continue
            details = {"handover": handover.id, "handed_on": handover.handed_on.isoformat(), "rotated_on": iso(rotated)}
            yield self.account_finding(state, account, "never" if rotated is None else "stale",
                                       since=handover.handed_on, details=details,
                                       handed=format_date(handover.handed_on), rotated=format_date(rotated))


def _has_credentials(account) -> bool:
    """Whether the account has a password of its own to rotate (a group has not)."""
    return any(item.dated for item in evidence.items_for(account.kind, account.platform))


RULES = (SM702, SM703, SM704)
