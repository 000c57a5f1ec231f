"""The evidence of a handover, declared once: what the organisation does to take an account back.

Each :class:`Item` is one thing to do and tick: its key (the ``handover`` table's column of the
same name), whether a complete handover needs it, which account kinds and platforms it applies
to, its words in both languages (the short name used in messages, the line on the printed
checklist, the help of its ``smreg handover`` option) and its stable report code. Everything
else is derived from :data:`ITEMS`: the :class:`Evidence` one call records, the audit's
completeness test, the command's options, the checklist's lines (PRODUCT.md §2, P-I.7b).

An account with credentials (kind ``official`` or ``work``) is taken back by rotating the
password, moving the recovery contact, resetting the second factor, signing out every session
and updating the vault. A group (kind ``group``: a WhatsApp or LinkedIn group, a Facebook group)
has no password or second factor of its own: its members sign in with their own accounts. It is
taken back by moving the admin rights to the receiver and removing the leaver as admin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, make_dataclass
from datetime import date
from typing import Any

from registry import i18n
from registry.domain import AccountKind

CREDENTIALS = frozenset({AccountKind.official.value, AccountKind.work.value})
GROUPS = frozenset({AccountKind.group.value})
EVERY_KIND = CREDENTIALS | GROUPS


def has_credentials(kind: str | None) -> bool:
    """Whether an account of ``kind`` has a password of its own, kept in the vault (a group has none)."""
    return (kind or AccountKind.work.value) in CREDENTIALS


@dataclass(frozen=True)
class Item:
    """One piece of handover evidence."""

    key: str                                   # the handover column, and the key in JSON and the log
    label: tuple[str, str]                     # short words for messages (English, Dutch)
    checklist: tuple[str, str]                 # the line to tick on the printed checklist
    help: tuple[str, str]                      # the help of its ``smreg handover`` option
    required: bool = True                      # a complete handover needs it
    kinds: frozenset[str] = CREDENTIALS        # the account kinds it applies to
    platforms: frozenset[str] | None = None    # the platforms it applies to (None: every platform)
    dated: bool = False                        # its value is the day it was done, else yes or no
    code: str = ""                             # the report's stable code (default: the key)

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def report_code(self) -> str:
        return self.code or self.key

    def applies(self, kind: str | None, platform: str | None = None) -> bool:
        return (kind or AccountKind.work.value) in self.kinds and (
            self.platforms is None or platform is None or platform in self.platforms)


ITEMS: tuple[Item, ...] = (
    Item("rotated_on", ("credentials rotated", "wachtwoord gewijzigd"),
         ("Password changed by the organisation", "Wachtwoord gewijzigd door de organisatie"),
         ("The organisation set a new password on this date (on or after the handover, not in the future).",
          "De organisatie stelde op deze datum een nieuw wachtwoord in (op of na de overdracht, niet in de toekomst)."),
         dated=True, code="rotated"),
    Item("recovery_moved", ("recovery contact moved", "herstelcontact verplaatst"),
         ("Recovery e-mail and phone moved to an organisation address",
          "Herstel-e-mail en -telefoon verplaatst naar een adres van de organisatie"),
         ("The recovery e-mail and phone now point to an organisational address.",
          "Herstel-e-mail en -telefoon wijzen nu naar een adres van de organisatie.")),
    Item("mfa_reset", ("second factor reset", "tweede factor opnieuw ingesteld"),
         ("Second factor (MFA) reset", "Tweede factor (MFA) opnieuw ingesteld"),
         ("The second factor was reset to the organisation's.",
          "De tweede factor is opnieuw ingesteld op die van de organisatie.")),
    Item("sessions_revoked", ("sessions signed out", "sessies afgemeld"),
         ("All sessions and devices signed out", "Alle sessies en apparaten afgemeld"),
         ("Every session and device was signed out.", "Alle sessies en apparaten zijn afgemeld.")),
    Item("vault_updated", ("vault sharing updated", "delen in de kluis bijgewerkt"),
         ("Credential vault entry and sharing updated", "Kluisitem en delen in de wachtwoordkluis bijgewerkt"),
         ("The vault entry and who it is shared with were updated.",
          "Het kluisitem en met wie het gedeeld is, zijn bijgewerkt.")),
    Item("admin_moved", ("admin rights moved", "beheerrechten overgedragen"),
         ("Admin rights of the group given to the receiver", "Beheerrechten van de groep aan de ontvanger gegeven"),
         ("The receiver was made admin (owner) of the group.",
          "De ontvanger is beheerder (eigenaar) van de groep gemaakt."),
         kinds=GROUPS),
    Item("leaver_removed", ("leaver removed as admin", "vertrekker als beheerder verwijderd"),
         ("The leaver removed as admin of the group", "De vertrekker als beheerder van de groep verwijderd"),
         ("The previous holder is no longer an admin of the group.",
          "De vorige beheerder is geen beheerder van de groep meer."),
         kinds=GROUPS),
    Item("integrations_reconnected", ("integrations re-connected", "koppelingen opnieuw gekoppeld"),
         ("Integrations and scheduling tools connected in the leaver's name re-connected",
          "Koppelingen en planningstools op naam van de vertrekker opnieuw gekoppeld"),
         ("Apps and scheduling tools connected in the previous holder's name were re-connected (optional).",
          "Apps en planningstools die op naam van de vorige beheerder gekoppeld waren, zijn opnieuw gekoppeld (optioneel)."),
         required=False),
    Item("identity_confirmed", ("handle and name confirmed", "gebruikersnaam en naam bevestigd"),
         ("Handle and display name confirmed unchanged", "Gebruikersnaam en weergavenaam gecontroleerd: ongewijzigd"),
         ("The handle and display name were confirmed unchanged (optional).",
          "Gebruikersnaam en weergavenaam zijn ongewijzigd bevonden (optioneel)."),
         required=False, kinds=EVERY_KIND),
)

BY_KEY: Mapping[str, Item] = {item.key: item for item in ITEMS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
DATED: frozenset[str] = frozenset(item.key for item in ITEMS if item.dated)

i18n.register({f"handover.item.{item.key}": item.label for item in ITEMS})


def items_for(kind: str | None, platform: str | None = None) -> tuple[Item, ...]:
    """The items that apply to an account of this kind on this platform, in checklist order."""
    return tuple(item for item in ITEMS if item.applies(kind, platform))


def required_for(kind: str | None, platform: str | None = None) -> tuple[str, ...]:
    """The keys a complete handover of such an account needs."""
    return tuple(item.key for item in items_for(kind, platform) if item.required)


def missing(values: Any, kind: str | None, platform: str | None = None) -> tuple[str, ...]:
    """The required items ``values`` (a mapping, or a row with the columns) still lacks."""
    get = values.get if isinstance(values, Mapping) else lambda key: getattr(values, key, None)
    return tuple(key for key in required_for(kind, platform) if not get(key))


def names(keys: tuple[str, ...] | list[str]) -> str:
    """Evidence items in words, in the current language."""
    return ", ".join(i18n.t(f"handover.item.{key}") for key in keys)


def _given(self) -> tuple[str, ...]:
    return tuple(f.name for f in fields(self) if getattr(self, f.name))


def _as_dict(self) -> dict[str, Any]:
    return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


# The evidence given with one handover call; False / None means not (yet) given.
Evidence = make_dataclass(
    "Evidence",
    [(item.key, date | None if item.dated else bool, field(default=None if item.dated else False)) for item in ITEMS],
    namespace={"given": _given, "as_dict": _as_dict,
               "__doc__": "The evidence given with one handover call; False / None means not (yet) given."},
    frozen=True,
)
Evidence.__module__ = __name__
