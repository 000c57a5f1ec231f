"""Texts every page shares: navigation, roles, paging, sign-in."""

from cli import audit_cmds, imports, messages, output  # noqa: F401 - the command line's texts, shared
from registry import i18n

i18n.register(
    {
        "web.skip": ("Skip to the content", "Naar de inhoud"),
        "web.nav": ("Main menu", "Hoofdmenu"),
        "web.nav.overview": ("Overview", "Overzicht"),
        "web.nav.accounts": ("Accounts", "Accounts"),
        "web.nav.people": ("People", "Personen"),
        "web.nav.offboarding": ("Offboarding", "Vertrek"),
        "web.nav.audit": ("Audit", "Audit"),
        "web.nav.review": ("Review", "Beoordelen"),
        "web.nav.imports": ("Imports", "Importeren"),
        "web.nav.reports": ("Reports", "Rapporten"),
        "web.role.it": ("IT", "ICT"),
        "web.role.hr": ("HR", "HR"),
        "web.role.auditor": ("auditor", "auditor"),
        "web.role.admin": ("administrator", "beheerder"),
        "web.logout": ("Sign out", "Afmelden"),
        "web.login.title": ("Sign in", "Aanmelden"),
        "web.login.name": ("User name", "Gebruikersnaam"),
        "web.login.password": ("Password", "Wachtwoord"),
        "web.login.submit": ("Sign in", "Aanmelden"),
        "web.login.signed_out": ("You are signed out.", "U bent afgemeld."),
        "web.pages": ("Pages", "Pagina's"),
        "web.previous": ("Previous", "Vorige"),
        "web.next": ("Next", "Volgende"),
        "web.page_of": ("page {number} of {pages}", "pagina {number} van {pages}"),
        "web.filter": ("Filter", "Filteren"),
        "web.any": ("(any)", "(alle)"),
        "web.search": ("Search", "Zoeken"),
        "web.save": ("Save", "Opslaan"),
        "web.none": ("Nothing to show.", "Niets om te tonen."),
        "web.count": ("{shown} of {total}", "{shown} van {total}"),
    }
)
