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
        "col.name": ("name", "naam"),
        "col.kind": ("kind", "soort"),
        "col.parent": ("parent", "valt onder"),
        "col.lead": ("lead", "leidinggevende"),
        "col.policy": ("policy", "beleid"),
        "col.depth": ("depth", "niveau"),
        "col.employee_id": ("employee id", "personeelsnr"),
        "col.email": ("e-mail", "e-mail"),
        "col.unit": ("unit", "eenheid"),
        "col.function": ("function", "functie"),
        "col.start_date": ("start", "in dienst"),
        "col.end_date": ("end", "uit dienst"),
        "col.status": ("status", "status"),
        "col.platform": ("platform", "platform"),
        "col.handle": ("handle", "gebruikersnaam"),
        "col.display_name": ("display name", "weergavenaam"),
        "col.url": ("url", "url"),
        "col.platform_id": ("platform id", "platform-id"),
        "col.purpose": ("pillar", "pijler"),
        "col.custodian": ("custodian", "beheerder"),
        "col.backup_custodian": ("backup custodian", "reservebeheerder"),
        "col.vault_ref": ("vault reference", "kluisverwijzing"),
        "col.vault_scheme": ("vault", "kluis"),
        "col.recovery_contact": ("recovery contact", "herstelcontact"),
        "col.rotated_on": ("rotated on", "wachtwoord gewijzigd"),
        "col.verified_on": ("verified on", "gecontroleerd"),
        "col.created_on": ("created on", "aangemaakt"),
        "col.notes": ("notes", "notities"),
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
