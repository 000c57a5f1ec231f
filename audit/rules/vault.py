"""The organisation's password manager against the registry (P-I.7a, P-I.7c).

These rules read the latest import of each vault (``smreg vault import``): which items are for a
social-media account, which registered account each belongs to, whether a registered account's
vault reference leads to an item, and when the vault says the password last changed. An audit
as of a past moment uses the imports of that moment. Nothing here sees a secret: the import kept
none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from audit.controls import BIO, ISO
from audit.model import Finding, Severity, Subject, fingerprint
from audit.rules.base import Rule, RuleText, iso
from registry.io.dates import format_date

if TYPE_CHECKING:
    from audit.state import AccountFacts, RegistryState, VaultEntryFacts, VaultFacts


def _scheme_vaults(state: RegistryState) -> dict[str, list[VaultFacts]]:
    """The vaults whose references were followed, by the vault-reference scheme that points into them."""
    from registry.io.vaults import SCHEME_OF_MANAGER

    found: dict[str, list[VaultFacts]] = {}
    for vault in state.vaults.values():
        if vault.references_checked:
            found.setdefault(SCHEME_OF_MANAGER.get(vault.manager, vault.manager), []).append(vault)
    return found


class SM711(Rule):
    id = "SM711"
    name = "vault-item-for-unregistered-account"
    severity = Severity.high
    clause = "P-I.7a"
    controls = {ISO: ("A.5.9", "A.5.17"), BIO: ("5.09.01", "5.17.02")}
    text = {
        "en": RuleText(
            title="Password-manager item for an account that is not registered",
            what="Finds every item of the latest import of each vault (`smreg vault import`) that is for a "
                 "social-media account — a profile URL in the item, or its username on the platform of one of its "
                 "URLs — while no account of the registry (archived ones aside) is that account, by vault "
                 "reference or by platform and handle.",
            why="An account whose password the organisation keeps is used for the work, so it is the "
                "organisation's and must be registered with a unit, a custodian and its vault reference (P-I.7a). "
                "An item nobody registered is a work account the offboarding checklist and every other rule "
                "cannot see.",
            example="The Bitwarden export holds the item 'TikTok De Zon' with the URL "
                    "`https://www.tiktok.com/@dezon.school`; the registry has no `tiktok:dezon.school`. SM711 "
                    "reports it as high.",
            fix="Register the account (`smreg account add tiktok dezon.school --unit ZON --custodian 1001 --vault "
                "bitwarden://<item id>`), or remove the item from the organisation's vault if the account is not "
                "the organisation's, and import the vault again.",
        ),
        "nl": RuleText(
            title="Item in de wachtwoordbeheerder voor een account dat niet geregistreerd is",
            what="Vindt elk item van de laatste import van elke kluis (`smreg vault import`) dat voor een account "
                 "op sociale media is — een profiel-URL in het item, of de gebruikersnaam op het platform van een "
                 "van de URL's — terwijl geen account in het register (gearchiveerde niet meegeteld) dat account "
                 "is, via de kluisverwijzing of via platform en handle.",
            why="Een account waarvan de organisatie het wachtwoord bewaart, wordt voor het werk gebruikt; het is "
                "dus van de organisatie en hoort geregistreerd te zijn met een eenheid, een beheerder en de "
                "kluisverwijzing (P-I.7a). Een item dat niemand registreerde is een werkaccount dat de "
                "vertrekchecklist en alle andere regels niet zien.",
            example="De Bitwarden-export bevat het item 'TikTok De Zon' met de URL "
                    "`https://www.tiktok.com/@dezon.school`; het register heeft geen `tiktok:dezon.school`. SM711 "
                    "meldt het als hoog.",
            fix="Registreer het account (`smreg account add tiktok dezon.school --unit ZON --custodian 1001 --vault "
                "bitwarden://<item-id>`), of haal het item uit de kluis van de organisatie als het account niet van "
                "de organisatie is, en importeer de kluis opnieuw.",
        ),
    }
    messages = {
        "unregistered": (
            "The vault {vault} holds the item '{title}' for {account}, which is not in the registry.",
            "De kluis {vault} bevat het item '{title}' voor {account}, dat niet in het register staat.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        from registry.platforms import same_key

        known_ids = {a.id for a in state.accounts}
        open_entries = [(vault, e) for vault in state.vaults.values() for e in vault.entries
                        if e.platform is not None and e.account_id not in known_ids]
        if not open_entries:
            return
        platforms = {e.platform for _, e in open_entries}
        registered = {(a.platform, same_key(a.platform, a.handle)) for a in state.accounts if a.platform in platforms}
        for vault, entry in open_entries:
            if (entry.platform, entry.key) in registered:
                continue
            account = f"{entry.platform}:{entry.handle}"
            subject = Subject.vault_item(vault.name, entry.item_id or f"{entry.platform}:{entry.key}", entry.platform,
                                         entry.handle or "")
            details = {"vault": vault.name, "item": entry.item_id, "title": entry.title, "folder": entry.folder,
                       "shared": entry.shared}
            yield Finding(self.id, self.severity, self.clause, subject,
                          self.message("unregistered", {"vault": vault.name, "title": entry.title, "account": account}),
                          vault.imported_on, fingerprint(self.id, subject.key), details)


class SM712(Rule):
    id = "SM712"
    name = "vault-reference-without-shared-item"
    severity = Severity.high
    clause = "P-I.7a"
    controls = {ISO: ("A.5.17",), BIO: ("5.17.02",)}
    text = {
        "en": RuleText(
            title="Vault reference leads to no item, or to a personal one",
            what="Finds every active account whose vault reference points into a password manager of which a "
                 "vault was imported with item ids or paths (`smreg vault import`), while no item of the latest "
                 "imports is the one the reference names; and every account whose item is found only outside a "
                 "shared organisational vault (a personal 1Password vault, a Bitwarden item outside the "
                 "organisation, a Keeper record outside a shared folder). An account registered after the latest "
                 "import is checked at the next import.",
            why="The vault reference is the organisation's proof that it holds the password (P-I.7a). A reference to "
                "nothing means the password is somewhere else, perhaps only in the custodian's head; an item in a "
                "personal vault leaves with the person who owns that vault.",
            example="`instagram:de.zon.school` has the reference `bitwarden://5e0f6f0a-…`, and the organisation's "
                    "Bitwarden export has no item with that id: SM712 reports it as high.",
            fix="Move the item into a shared vault or collection of the organisation and correct the reference "
                "(`smreg account update instagram:de.zon.school --vault bitwarden://<item id>`), then import the "
                "vault again.",
        ),
        "nl": RuleText(
            title="Kluisverwijzing leidt naar geen item, of naar een persoonlijk item",
            what="Vindt elk actief account waarvan de kluisverwijzing wijst naar een wachtwoordbeheerder waarvan een "
                 "kluis met item-id's of paden is geïmporteerd (`smreg vault import`), terwijl geen item van de "
                 "laatste imports het item is dat de verwijzing noemt; en elk account waarvan het item alleen "
                 "buiten een gedeelde kluis van de organisatie staat (een persoonlijke 1Password-kluis, een "
                 "Bitwarden-item buiten de organisatie, een Keeper-record buiten een gedeelde map). Een account "
                 "dat na de laatste import is geregistreerd, wordt bij de volgende import gecontroleerd.",
            why="De kluisverwijzing is het bewijs dat de organisatie het wachtwoord heeft (P-I.7a). Een verwijzing "
                "naar niets betekent dat het wachtwoord ergens anders is, misschien alleen in het hoofd van de "
                "beheerder; een item in een persoonlijke kluis vertrekt met de eigenaar van die kluis.",
            example="`instagram:de.zon.school` heeft de verwijzing `bitwarden://5e0f6f0a-…`, en de Bitwarden-export "
                    "van de organisatie heeft geen item met dat id: SM712 meldt het als hoog.",
            fix="Zet het item in een gedeelde kluis of collectie van de organisatie en verbeter de verwijzing "
                "(`smreg account update instagram:de.zon.school --vault bitwarden://<item-id>`), en importeer de "
                "kluis daarna opnieuw.",
        ),
    }
    messages = {
        "missing": (
            "The vault reference points to no item of the latest import of {vaults}.",
            "De kluisverwijzing wijst naar geen item van de laatste import van {vaults}.",
        ),
        "personal": (
            "The vault reference points to the item '{title}', which is not in a shared vault of the organisation ({folder}).",
            "De kluisverwijzing wijst naar het item '{title}', dat niet in een gedeelde kluis van de organisatie staat ({folder}).",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        by_scheme = _scheme_vaults(state)
        if not by_scheme:
            return
        for account in state.active:
            vaults = by_scheme.get(account.vault_scheme or "") if account.vault_set else None
            if not vaults:
                continue
            checked = [v for v in vaults if account.id in v.checked]
            if not checked:
                continue  # registered after the latest import
            found = [(v, e) for v in vaults for e in v.entries if e.account_id == account.id and e.matched_by == "reference"]
            since = max(v.imported_on for v in checked)
            names = ", ".join(v.name for v in checked)
            if not any(account.id in v.found for v in vaults):
                yield self.account_finding(state, account, "missing", since=since, vaults=names,
                                           details={"vaults": [v.name for v in checked]})
            elif found and all(e.shared is False for _, e in found):
                vault, entry = found[0]
                yield self.account_finding(state, account, "personal", since=vault.imported_on, title=entry.title,
                                           folder=entry.folder or vault.name,
                                           details={"vault": vault.name, "item": entry.item_id, "folder": entry.folder})


def _matched_entry(state: RegistryState, account: AccountFacts) -> tuple[VaultFacts, VaultEntryFacts] | None:
    """The item the vault keeps this account's password in, with a revision date: by reference first."""
    found = [(v, e) for v in state.vaults.values() for e in v.entries
             if e.account_id == account.id and e.changed_on is not None]
    found.sort(key=lambda pair: (pair[1].matched_by != "reference", -pair[0].imported_on.toordinal()))
    return found[0] if found else None


class SM713(Rule):
    id = "SM713"
    name = "vault-contradicts-recorded-rotation"
    severity = Severity.high
    clause = "P-I.7c"
    controls = {ISO: ("A.5.17", "A.6.5"), BIO: ("5.17.02",)}
    text = {
        "en": RuleText(
            title="The vault contradicts the recorded password rotation",
            what="Compares, for every active account with a registered rotation date, the day the vault says its "
                 "password last changed (Bitwarden's password revision date or history, 1Password's password "
                 "history, KeePass's entry history) with what the registry records. It finds an account whose "
                 "rotation on or after the latest handover is recorded while the vault's password is older than "
                 "that handover, and an account whose password in the vault changed after the recorded rotation.",
            why="After a handover only a new password set by the organisation takes the account out of the previous "
                "holder's hands, and staff may not change the password themselves (P-I.7c). A recorded rotation "
                "the vault does not show may never have happened; a change the registry does not know may be "
                "someone else's.",
            example="`x:VoorbeeldWest` was handed over on 2026-05-02 and `--rotated-on 2026-05-02` was recorded, "
                    "but the 1Password item's password has not changed since 2025-09-01: SM713 reports it as high.",
            fix="Check who changed what: set a new password now and record the day "
                "(`smreg account update x:VoorbeeldWest --rotated-on 2026-06-15`), or correct the recorded date to "
                "the vault's, then import the vault again.",
        ),
        "nl": RuleText(
            title="De kluis spreekt de vastgelegde wachtwoordwijziging tegen",
            what="Vergelijkt voor elk actief account met een vastgelegde wijzigingsdatum de dag waarop het "
                 "wachtwoord volgens de kluis het laatst is gewijzigd (de wachtwoordrevisiedatum of geschiedenis in "
                 "Bitwarden, de wachtwoordgeschiedenis in 1Password, de geschiedenis van een KeePass-item) met wat "
                 "het register vastlegt. Vindt een account waarvan een wijziging op of na de laatste overdracht is "
                 "vastgelegd terwijl het wachtwoord in de kluis ouder is dan die overdracht, en een account waarvan "
                 "het wachtwoord in de kluis is gewijzigd na de vastgelegde wijziging.",
            why="Na een overdracht haalt alleen een nieuw wachtwoord dat de organisatie instelt het account uit "
                "handen van de vorige beheerder, en medewerkers mogen het wachtwoord niet zelf wijzigen (P-I.7c). "
                "Een vastgelegde wijziging die de kluis niet laat zien is misschien nooit gebeurd; een wijziging "
                "die het register niet kent is misschien van iemand anders.",
            example="`x:VoorbeeldWest` is op 2 mei 2026 overgedragen en `--rotated-on 2026-05-02` is vastgelegd, "
                    "maar het wachtwoord van het 1Password-item is sinds 1 september 2025 niet gewijzigd: SM713 "
                    "meldt het als hoog.",
            fix="Zoek uit wie wat wijzigde: stel nu een nieuw wachtwoord in en leg de dag vast "
                "(`smreg account update x:VoorbeeldWest --rotated-on 2026-06-15`), of verbeter de vastgelegde datum "
                "naar die van de kluis, en importeer de kluis daarna opnieuw.",
        ),
    }
    messages = {
        "not_changed": (
            "A rotation on {rotated} is recorded after the handover of {handed}, but the vault {vault} shows the password unchanged since {changed}.",
            "Er is een wijziging op {rotated} vastgelegd na de overdracht van {handed}, maar volgens de kluis {vault} is het wachtwoord sinds {changed} niet gewijzigd.",
        ),
        "changed_later": (
            "The vault {vault} shows the password changed on {changed}, after the recorded rotation of {rotated}.",
            "Volgens de kluis {vault} is het wachtwoord op {changed} gewijzigd, na de vastgelegde wijziging van {rotated}.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        if not state.vaults:
            return
        for account in state.active:
            rotated = account.rotated_on
            if rotated is None:
                continue
            found = _matched_entry(state, account)
            if found is None:
                continue
            vault, entry = found
            changed = entry.changed_on
            assert changed is not None
            handover = state.latest_handover(account.id)
            details = {"vault": vault.name, "item": entry.item_id, "vault_changed_on": changed.isoformat(),
                       "rotated_on": iso(rotated), "handed_on": iso(handover.handed_on) if handover else None}
            if handover is not None and rotated >= handover.handed_on and changed < handover.handed_on:
                yield self.account_finding(state, account, "not_changed", since=handover.handed_on, details=details,
                                           rotated=format_date(rotated), handed=format_date(handover.handed_on),
                                           vault=vault.name, changed=format_date(changed))
            elif changed > rotated:
                yield self.account_finding(state, account, "changed_later", since=changed, details=details,
                                           vault=vault.name, changed=format_date(changed), rotated=format_date(rotated))


RULES = (SM711, SM712, SM713)
