"""Control (P-I.7a): the organisation can sign in, recover and vouch for every work account."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from audit.controls import BIO, ISO
from audit.model import Finding, Severity
from audit.rules.base import ONE_DAY, Rule, RuleText, add_months, iso
from registry import evidence
from registry.io.dates import format_date

if TYPE_CHECKING:
    from audit.state import RegistryState


class SM705(Rule):
    id = "SM705"
    name = "vault-reference-missing"
    severity = Severity.high
    clause = "P-I.7a"
    controls = {ISO: ("A.5.17",), BIO: ("5.17.02",)}
    text = {
        "en": RuleText(
            title="No usable credential-vault reference",
            what="Finds every active account with a password of its own (kind official or work; a group has "
                 "none) and no credential-vault reference, or any account with a reference whose scheme is not "
                 "known: neither a built-in scheme (1Password, Bitwarden, HashiCorp Vault, KeePass, Azure Key "
                 "Vault, AWS Secrets Manager) nor one the organisation configured (setting `vault_schemes`).",
            why="Control of an account means the organisation can sign in without its custodian (P-I.7a). That "
                "needs the password in the organisation's vault, and the registry saying where.",
            example="`youtube:@zonklas` was registered with a reference in the scheme `acme://`, allowed at the "
                    "time and since removed from `vault_schemes`: SM705 reports it.",
            fix="Store the credentials in the vault and register where they are: "
                "`smreg account update youtube:@zonklas --vault op://Social/zonklas/password`.",
        ),
        "nl": RuleText(
            title="Geen bruikbare kluisverwijzing",
            what="Vindt elk actief account met een eigen wachtwoord (soort officieel of werk; een groep heeft er "
                 "geen) zonder verwijzing naar de wachtwoordkluis, of elk account met een verwijzing in een "
                 "onbekend schema: geen ingebouwd schema (1Password, Bitwarden, HashiCorp Vault, KeePass, Azure "
                 "Key Vault, AWS Secrets Manager) en ook niet een dat de organisatie heeft ingesteld (instelling "
                 "`vault_schemes`).",
            why="Zeggenschap over een account betekent dat de organisatie kan inloggen zonder de beheerder "
                "(P-I.7a). Daarvoor moet het wachtwoord in de kluis van de organisatie staan, en moet de "
                "registratie zeggen waar.",
            example="`youtube:@zonklas` is geregistreerd met een verwijzing in het schema `acme://`, dat toen was "
                    "toegestaan en sindsdien uit `vault_schemes` is gehaald: SM705 meldt het.",
            fix="Bewaar het wachtwoord in de kluis en registreer waar het staat: "
                "`smreg account update youtube:@zonklas --vault op://Social/zonklas/password`.",
        ),
    }
    messages = {
        "missing": ("The account has no credential-vault reference.", "Het account heeft geen verwijzing naar de wachtwoordkluis."),
        "unknown": (
            "The credential-vault reference uses the scheme '{scheme}', which is neither built in nor configured.",
            "De verwijzing naar de wachtwoordkluis gebruikt het schema '{scheme}', dat niet ingebouwd en niet ingesteld is.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        known = state.known_schemes
        for account in state.active:
            if not account.vault_set:
                if not evidence.has_credentials(account.kind):
                    continue  # a group has no password of its own to keep
                yield self.account_finding(state, account, "missing", since=account.created_on,
                                           details={"vault_scheme": None})
            elif account.vault_scheme not in known:
                scheme = account.vault_scheme or "?"
                yield self.account_finding(state, account, "unknown", since=account.created_on,
                                           details={"vault_scheme": account.vault_scheme}, scheme=scheme)


class SM706(Rule):
    id = "SM706"
    name = "personal-recovery-contact"
    severity = Severity.medium
    clause = "P-I.7a"
    controls = {ISO: ("A.5.17", "A.6.5")}
    text = {
        "en": RuleText(
            title="Recovery contact outside the organisation",
            what="Finds every active account whose recovery e-mail address lies in a domain that is not one of the "
                 "organisation's mail domains (setting `domains`; their subdomains count as the organisation's). "
                 "Recovery phone numbers are not flagged: the registry cannot tell a work phone from a private one.",
            why="Whoever controls the recovery address can reset the password and take the account (P-I.7a). A "
                "private mailbox leaves with its owner.",
            example="`youtube:@zonklas` has juf.zon@gmail.com as its recovery address and the organisation's "
                    "domain is voorbeeld.nl: SM706 reports gmail.com.",
            fix="Move the recovery address to an organisational mailbox (a shared one such as social@ keeps working "
                "when people change), on the platform and in the registry: "
                "`smreg account update youtube:@zonklas --recovery-contact social@voorbeeld.nl`.",
        ),
        "nl": RuleText(
            title="Herstelcontact buiten de organisatie",
            what="Vindt elk actief account waarvan het herstel-e-mailadres in een domein ligt dat geen maildomein "
                 "van de organisatie is (instelling `domains`; subdomeinen daarvan tellen als van de organisatie). "
                 "Telefoonnummers voor herstel worden niet gemeld: de registratie kan een werktelefoon niet van een "
                 "privételefoon onderscheiden.",
            why="Wie het hersteladres beheert, kan het wachtwoord opnieuw instellen en het account overnemen "
                "(P-I.7a). Een privémailbox vertrekt met de eigenaar.",
            example="`youtube:@zonklas` heeft juf.zon@gmail.com als herstelcontact en het domein van de organisatie "
                    "is voorbeeld.nl: SM706 meldt gmail.com.",
            fix="Verplaats het herstelcontact naar een mailbox van de organisatie (een gedeelde zoals social@ blijft "
                "werken als mensen wisselen), bij het platform en in de registratie: "
                "`smreg account update youtube:@zonklas --recovery-contact social@voorbeeld.nl`.",
        ),
    }
    messages = {
        "outside": (
            "The recovery e-mail address is in {domain}, which is not one of the organisation's domains.",
            "Het herstel-e-mailadres valt onder {domain}, dat geen domein van de organisatie is.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        inside: dict[str, bool] = {}
        for account in state.active:
            domain = account.recovery_domain
            if not domain or domain == "tel":
                continue
            ours = inside.get(domain)
            if ours is None:
                ours = inside[domain] = state.organisational(domain)
            if not ours:
                yield self.account_finding(state, account, "outside", since=account.created_on,
                                           details={"recovery_domain": domain}, domain=domain)


class SM710(Rule):
    id = "SM710"
    name = "account-not-verified"
    severity = Severity.low
    clause = "P-I.7a"
    controls = {ISO: ("A.5.18", "A.5.9"), BIO: ("5.18.02", "5.09.01")}
    text = {
        "en": RuleText(
            title="Account not verified recently",
            what="Finds every active account whose custodian has not confirmed it (`smreg attest`) within "
                 "`verify_months` months (default 12, a unit policy). An account never confirmed counts from the "
                 "day it was created; one with neither date is reported at once.",
            why="Registrations drift: a custodian changes jobs, a password moves, an account is abandoned. A "
                "periodic confirmation keeps the registry true, and every other rule relies on it (P-I.7a).",
            example="`threads:voorbeeld` was last confirmed on 2025-05-10; with `verify_months` 12, SM710 reports "
                    "it from 2026-05-11.",
            fix="Ask the custodian to check the registration and record it: `smreg attest threads:voorbeeld`.",
        ),
        "nl": RuleText(
            title="Account lang niet gecontroleerd",
            what="Vindt elk actief account dat de beheerder niet binnen `verify_months` maanden (standaard 12, een "
                 "eenheidsbeleid) heeft bevestigd (`smreg attest`). Een account dat nooit is bevestigd, telt vanaf "
                 "de dag waarop het is aangemaakt; een account waarvan beide datums ontbreken, wordt meteen gemeld.",
            why="Registraties verouderen: een beheerder krijgt een andere functie, een wachtwoord verhuist, een "
                "account raakt in onbruik. Een periodieke bevestiging houdt de registratie juist, en alle andere "
                "regels steunen daarop (P-I.7a).",
            example="`threads:voorbeeld` is het laatst bevestigd op 10 mei 2025; met `verify_months` 12 meldt SM710 "
                    "het vanaf 11 mei 2026.",
            fix="Vraag de beheerder de registratie na te lopen en leg dat vast: `smreg attest threads:voorbeeld`.",
        ),
    }
    messages = {
        "stale": (
            "Last verified on {verified}; a new confirmation was due by {due}.",
            "Voor het laatst bevestigd op {verified}; een nieuwe bevestiging was uiterlijk {due} nodig.",
        ),
        "never": (
            "Never verified since it was created on {created}; a confirmation was due by {due}.",
            "Nooit bevestigd sinds het op {created} is aangemaakt; een bevestiging was uiterlijk {due} nodig.",
        ),
        "undated": (
            "The account has neither a verification date nor a creation date.",
            "Het account heeft geen controledatum en geen aanmaakdatum.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        on = state.on
        dues: dict[tuple[object, int], object] = {}
        for account in state.active:
            last = account.verified_on or account.created_on
            if last is None:
                yield self.account_finding(state, account, "undated", since=None,
                                           details={"verified_on": None, "due": None})
                continue
            months = state.policy(account.unit)["verify_months"]
            due = dues.get((last, months))
            if due is None:
                due = dues[(last, months)] = add_months(last, months)
            if on <= due:
                continue
            details = {"verified_on": iso(account.verified_on), "due": due.isoformat(), "verify_months": months}
            if account.verified_on is not None:
                yield self.account_finding(state, account, "stale", since=due + ONE_DAY, details=details,
                                           verified=format_date(account.verified_on), due=format_date(due))
            else:
                yield self.account_finding(state, account, "never", since=due + ONE_DAY, details=details,
                                           created=format_date(account.created_on), due=format_date(due))


RULES = (SM705, SM706, SM710)
