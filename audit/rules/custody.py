"""Custody (P-I.7a): every work account has a known custodian, and official ones a backup."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from audit.controls import BIO, ISO
from audit.model import Finding, Severity
from audit.rules.base import ONE_DAY, Rule, RuleText, iso, who

if TYPE_CHECKING:
    from audit.state import RegistryState


class SM701(Rule):
    id = "SM701"
    name = "custodian-missing"
    severity = Severity.high
    clause = "P-I.7a"
    controls = {ISO: ("A.5.9", "A.5.16"), BIO: ("5.09.01", "5.16.01")}
    text = {
        "en": RuleText(
            title="Work account without a known custodian",
            what="Finds every active account that has no custodian, or whose custodian is not a known person in "
                 "the registry (for example because their personal data was erased).",
            why="The organisation owns every work account (P-I.7a), but it only controls one when a named person "
                "holds it day to day and answers for it. An account nobody holds is one nobody will hand over, "
                "rotate or close.",
            example="`instagram:de.zon.school` still names a custodian whose record was erased: SM701 reports it "
                    "until a current member of staff holds it.",
            fix="Make a current member of staff the custodian, by recording a handover "
                "(`smreg handover instagram:de.zon.school --to 1003`) or with "
                "`smreg account update instagram:de.zon.school --custodian 1003`.",
        ),
        "nl": RuleText(
            title="Werkaccount zonder bekende beheerder",
            what="Vindt elk actief account zonder beheerder, of met een beheerder die geen bekende persoon in de "
                 "registratie is (bijvoorbeeld omdat de persoonsgegevens zijn gewist).",
            why="Elk werkaccount is eigendom van de organisatie (P-I.7a), maar de organisatie heeft er pas "
                "zeggenschap over als een bij naam bekende persoon het dagelijks beheert en erop aanspreekbaar is. "
                "Een account dat niemand beheert, draagt ook niemand over, en niemand wijzigt het wachtwoord of "
                "sluit het.",
            example="`instagram:de.zon.school` noemt nog een beheerder van wie de gegevens zijn gewist: SM701 meldt "
                    "het account tot een huidige medewerker het beheert.",
            fix="Maak een huidige medewerker beheerder, door een overdracht vast te leggen "
                "(`smreg handover instagram:de.zon.school --to 1003`) of met "
                "`smreg account update instagram:de.zon.school --custodian 1003`.",
        ),
    }
    messages = {
        "missing": ("The account has no custodian.", "Het account heeft geen beheerder."),
        "unknown": (
            "The custodian is not a known person (erased or removed from the registry).",
            "De beheerder is geen bekende persoon (gewist of uit de registratie verwijderd).",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        people = state.people
        for account in state.active:
            if account.custodian is None:
                yield self.account_finding(state, account, "missing", since=account.created_on,
                                           details={"custodian": None})
                continue
            person = people.get(account.custodian)
            if person is None or person.erased:
                yield self.account_finding(state, account, "unknown", since=account.created_on,
                                           details={"custodian": None, "erased": person is not None})


class SM709(Rule):
    id = "SM709"
    name = "backup-custodian-missing"
    severity = Severity.low
    clause = "P-I.7a"
    controls = {ISO: ("A.5.16", "A.5.18"), BIO: ("5.16.02",)}
    text = {
        "en": RuleText(
            title="Official account without a backup custodian",
            what="Finds every active official account (kind `official`) that has no backup custodian, or whose "
                 "backup custodian has left or is no longer a known person.",
            why="An official account speaks for the organisation. When its only custodian is ill, on leave or "
                "leaves suddenly, a backup custodian keeps it under the organisation's control, and is the first "
                "one to receive it at a handover.",
            example="`x:VoorbeeldWest` is official and only its custodian holds it: SM709 reports it.",
            fix="Name a backup custodian: `smreg account update x:VoorbeeldWest --backup-custodian 1001`.",
        ),
        "nl": RuleText(
            title="Officieel account zonder reservebeheerder",
            what="Vindt elk actief officieel account (soort `official`) zonder reservebeheerder, of met een "
                 "reservebeheerder die uit dienst is of geen bekende persoon meer is.",
            why="Een officieel account spreekt namens de organisatie. Als de enige beheerder ziek is, met verlof "
                "gaat of plotseling vertrekt, houdt een reservebeheerder het account in handen van de organisatie, "
                "en die is bij een overdracht de eerste ontvanger.",
            example="`x:VoorbeeldWest` is officieel en alleen de beheerder heeft het in handen: SM709 meldt het.",
            fix="Wijs een reservebeheerder aan: `smreg account update x:VoorbeeldWest --backup-custodian 1001`.",
        ),
    }
    messages = {
        "none": ("This official account has no backup custodian.", "Dit officiële account heeft geen reservebeheerder."),
        "gone": (
            "The backup custodian ({person}) has left or is no longer known.",
            "De reservebeheerder ({person}) is uit dienst of niet meer bekend.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        people, on = state.people, state.on
        for account in state.active:
            if account.kind != "official":
                continue
            if account.backup is None:
                yield self.account_finding(state, account, "none", since=account.created_on,
                                           details={"backup_custodian": None})
                continue
            backup = people.get(account.backup)
            if backup is None or backup.erased or (backup.end_date is not None and backup.end_date < on):
                end = backup.end_date if backup is not None else None
                yield self.account_finding(state, account, "gone", since=end + ONE_DAY if end else account.created_on,
                                           details={"backup_custodian": state.employee_id(account.backup),
                                                    "end_date": iso(end)},
                                           person=who(state, account.backup))


RULES = (SM701, SM709)
