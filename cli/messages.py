"""Texts of the command line itself: error framing and the column headers of listings."""

from __future__ import annotations

from registry import i18n

i18n.register(
    {
        "cli.error": ("Error: {message}", "Fout: {message}"),
        "cli.problem": ("  line {line}: {column}: {message}", "  regel {line}: {column}: {message}"),
        "cli.warning": ("Warning: {message}", "Let op: {message}"),
        "cli.hidden": ("«hidden»", "«verborgen»"),
        "cli.unexpected": (
            "Error: an unexpected {kind} stopped the command; nothing was changed. Run again with --debug and report what it shows.",
            "Fout: een onverwachte {kind} stopte de opdracht; er is niets gewijzigd. Voer haar opnieuw uit met --debug en meld wat er verschijnt.",
        ),
        "cli.aborted": ("Aborted; nothing was changed.", "Afgebroken; er is niets gewijzigd."),
        "cli.interrupted": ("Interrupted; nothing was changed.", "Onderbroken; er is niets gewijzigd."),
        "cli.done": ("Done.", "Klaar."),
        # Column headers of listings and show.
        "col.id": ("id", "nr"),
        "col.code": ("code", "code"),
        "col.parent": ("parent", "valt onder"),
        "col.lead": ("lead", "leidinggevende"),
        "col.policy": ("policy", "beleid"),
        "col.depth": ("depth", "niveau"),
        "col.seq": ("seq", "nr"),
        "col.at": ("time", "tijd"),
        "col.actor": ("actor", "door"),
        "col.action": ("action", "handeling"),
        "col.subject": ("subject", "onderwerp"),
        "col.about": ("subject", "onderwerp"),
        "col.changes": ("changes", "wijzigingen"),
        "col.term": ("term", "term"),
        "col.key": ("setting", "instelling"),
        "col.value": ("value", "waarde"),
    }
)
