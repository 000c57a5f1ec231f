"""The words a reader sees for the domain's codes, and the nouns that are counted in messages.

Tables in Dutch show ``officieel``, ``vertrekt`` or ``verdacht`` where JSON and CSV keep the stable
codes (``official``, ``leaving``, ``suspect``). A code's label is registered as
``value.<column>.<code>``; :func:`label` falls back to the code itself.
"""

from __future__ import annotations

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

i18n.register({f"value.{column}.{code}": pair for column, codes in VALUES.items() for code, pair in codes.items()})

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


def labelled(column: str) -> bool:
    """Whether the codes of ``column`` have words of their own."""
    return column in VALUES
