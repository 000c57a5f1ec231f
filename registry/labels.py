"""The words a reader sees for the domain's codes, and the nouns that are counted in messages.

Tables in Dutch show ``officieel``, ``vertrekt`` or ``verdacht`` where JSON and CSV keep the stable
codes (``official``, ``leaving``, ``suspect``). A code's label is registered as
``value.<column>.<code>``; :func:`label` falls back to the code itself. What a user types is read
the same way back: :func:`accepted` takes the code or its word in either language, in any case, so
``--kind organisatie``, ``--status vertrekt`` and a file's ``Actief`` all work, and :func:`choices`
lists the values in the user's language when a value is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from registry import i18n

VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {
        "official": ("official", "officieel"),
        "work": ("work", "werk"),
        "group": ("group", "groep"),
        "organisation": ("organisation", "organisatie"),
        "sector": ("sector", "sector"),
        "school": ("school", "school"),
        "office": ("office", "bureau"),
    },
    "status": {
        "active": ("active", "actief"),
        "suspended": ("suspended", "opgeschort"),
        "archived": ("archived", "gearchiveerd"),
        "leaving": ("leaving", "vertrekt"),
        "left": ("left", "vertrokken"),
        "erased": ("erased", "gewist"),
        "unknown": ("unknown", "onbekend"),
    },
    "verdict": {
        "official": ("official", "officieel"),
        "suspect": ("suspect", "verdacht"),
        "clear": ("nothing found", "niets gevonden"),
    },
    "state": {
        "new": ("new", "nieuw"),
        "confirmed": ("confirmed", "bevestigd"),
        "dismissed": ("dismissed", "afgewezen"),
        "removal-requested": ("removal requested", "verwijdering aangevraagd"),
        "resolved": ("resolved", "opgelost"),
    },
}

# The words for the fields of people and accounts: column headers of tables, and the field a
# message is about ("kluisverwijzing: …", "Gewijzigd: … (uit dienst, functie)").
FIELDS: dict[str, tuple[str, str]] = {
    "name": ("name", "naam"),
    "kind": ("kind", "soort"),
    "employee_id": ("employee id", "personeelsnr"),
    "email": ("e-mail", "e-mail"),
    "unit": ("unit", "eenheid"),
    "function": ("function", "functie"),
    "start_date": ("start", "in dienst"),
    "end_date": ("end", "uit dienst"),
    "status": ("status", "status"),
    "platform": ("platform", "platform"),
    "handle": ("handle", "gebruikersnaam"),
    "display_name": ("display name", "weergavenaam"),
    "url": ("url", "url"),
    "platform_id": ("platform id", "platform-id"),
    "purpose": ("pillar", "pijler"),
    "custodian": ("custodian", "beheerder"),
    "backup_custodian": ("backup custodian", "reservebeheerder"),
    "vault_ref": ("vault reference", "kluisverwijzing"),
    "vault_scheme": ("vault", "kluis"),
    "recovery_contact": ("recovery contact", "herstelcontact"),
    "rotated_on": ("rotated on", "wachtwoord gewijzigd"),
    "verified_on": ("verified on", "gecontroleerd"),
    "created_on": ("created on", "aangemaakt"),
    "notes": ("notes", "notities"),
}

# Other spellings people type for a value (input only; tables show the label above).
ALIASES: dict[str, dict[str, str]] = {
    "status": {"vertrekkend": "leaving", "uit dienst": "left", "in dienst": "active"},
    "state": {"removal requested": "removal-requested", "verwijderen": "removal-requested"},
}

i18n.register({f"value.{column}.{code}": pair for column, codes in VALUES.items() for code, pair in codes.items()})
i18n.register({f"col.{name}": pair for name, pair in FIELDS.items()})

i18n.register_nouns(
    {
        "row": (("row", "rows"), ("rij", "rijen")),
        "bad_row": (("bad row", "bad rows"), ("foute rij", "foute rijen")),
        "account": (("account", "accounts"), ("account", "accounts")),
        "suspect": (("suspect", "suspects"), ("verdacht account", "verdachte accounts")),
        "value": (("value", "values"), ("waarde", "waarden")),
        "protected_value": (("protected value", "protected values"), ("beschermde waarde", "beschermde waarden")),
        "year": (("year", "years"), ("jaar", "jaar")),
        "day": (("day", "days"), ("dag", "dagen")),
        "event": (("event", "events"), ("gebeurtenis", "gebeurtenissen")),
        "entry": (("entry", "entries"), ("regel", "regels")),
        "finding": (("finding", "findings"), ("bevinding", "bevindingen")),
        "person": (("person", "people"), ("persoon", "personen")),
        "item": (("item", "items"), ("item", "items")),
    }
)


def label(column: str, code: object) -> object:
    """What a table shows for ``code`` in ``column``: its word in the user's language, else the code."""
    if isinstance(code, str):
        key = f"value.{column}.{code}"
        if i18n.has(key):
            return i18n.t(key)
    return code


def accepted_words(words: Mapping[str, tuple[str, str]], aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every spelling of the codes ``words`` names (code, English, Dutch; case-folded) → the code."""
    table: dict[str, str] = {}
    for code, pair in words.items():
        for spelling in (code, *pair):
            table.setdefault(spelling.casefold(), code)
    for spelling, code in (aliases or {}).items():
        if code in words:
            table.setdefault(spelling.casefold(), code)
    return table


def accepted(column: str, codes: Iterable[str]) -> dict[str, str]:
    """Every spelling a user may type for ``codes`` of ``column`` → the code (a code without words: itself)."""
    words = VALUES.get(column, {})
    return accepted_words({code: words.get(code, (code, code)) for code in codes}, ALIASES.get(column))


def choices(column: str, codes: Iterable[str]) -> str:
    """``codes`` as the user reads them in a message that lists what may be given: "organisatie, sector, …"."""
    return ", ".join(str(label(column, code)) for code in codes)


def field(name: str) -> str:
    """The word for field ``name`` in the user's language (``custodian_id`` is the custodian), else the name."""
    for candidate in (name, name.removesuffix("_id")):
        if candidate in FIELDS:
            return i18n.t(f"col.{candidate}")
    return name


def labelled(column: str) -> bool:
    """Whether the codes of ``column`` have words of their own."""
    return column in VALUES
