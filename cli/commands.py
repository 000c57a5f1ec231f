"""The top-level commands, declared once: each name, the module that declares it and what it does.

``smreg --help`` lists the commands from this table without importing them, and a command's module
is imported only when that command runs (or its help is asked), so each command starts with its own
code only (as pip's own command table does). A module gives its command the help text from here
with :func:`help_of`.
"""

from __future__ import annotations

from cli.lang import H

# name: (module, help in English, help in Dutch), in the order ``smreg --help`` lists them.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": (
        "cli.setup",
        "Create a new store with the organisation's name, brand terms and mail domains.",
        "Maak een nieuwe registratie met de naam, merknamen en maildomeinen van de organisatie.",
    ),
    "demo": (
        "cli.setup",
        "Build a fictional school board in a throwaway store and show what smreg does with it.",
        "Bouw een fictief schoolbestuur in een wegwerpregistratie en laat zien wat smreg ermee doet.",
    ),
    "offboard": (
        "cli.audit_cmds",
        "Print the offboarding checklist of one leaver: each account, who receives it, the evidence to tick.",
        "Druk de vertrekchecklist van één vertrekker af: elk account, wie het ontvangt, het bewijs om af te vinken.",
    ),
    "audit": (
        "cli.audit_cmds",
        "Check the registry against the protocol's rules (SM7xx) and list the findings.",
        "Toets de registratie aan de regels van het protocol (SM7xx) en toon de bevindingen.",
    ),
    "waive": (
        "cli.audit_cmds",
        "Accept one finding until a date, with a reason; it stays listed as waived.",
        "Accepteer één bevinding tot een datum, met een reden; ze blijft zichtbaar als vrijgesteld.",
    ),
    "scan": (
        "cli.observe",
        "Check a file of observed accounts for brand misuse (nothing is imported). Exits 1 when a high-severity suspect is found.",
        "Controleer een bestand met waargenomen accounts op misbruik van de merknaam (er wordt niets geïmporteerd). Eindigt met 1 bij een verdacht account met hoge ernst.",
    ),
    "report": (
        "cli.reports",
        "Write a report for auditors: ownership per unit, findings, or offboarding cases.",
        "Schrijf een rapport voor auditors: eigendom per eenheid, bevindingen of vertrekdossiers.",
    ),
    "verify": (
        "cli.reports",
        "Check a signed report offline with only the public key; exit 4 on any change.",
        "Controleer een ondertekend rapport offline met alleen de publieke sleutel; code 4 bij elke wijziging.",
    ),
    "notify": (
        "cli.notify",
        "Send each person who must act one message: custodians and unit leads before a departure, HR a digest of open offboarding cases, custodians an attestation request, the communications officer new suspects. Each item once, with reminders.",
        "Stuur iedereen die iets moet doen één bericht: beheerders en leidinggevenden vóór een vertrek, HR een overzicht van openstaande vertrekdossiers, beheerders een verzoek om te bevestigen, de communicatieadviseur nieuwe verdachte accounts. Elk onderdeel één keer, met herinneringen.",
    ),
    "serve": (
        "cli.serve",
        "Serve the web interface (accounts, people, offboarding, audit, review, imports, reports) on this machine.",
        "Bied de webinterface aan (accounts, personen, vertrek, audit, beoordelen, importeren, rapporten) op deze computer.",
    ),
    "unit": (
        "cli.units",
        "Units: the organisation, its sectors, schools and offices.",
        "Eenheden: de organisatie, sectoren, scholen en bureaus.",
    ),
    "person": (
        "cli.people",
        "People: staff members, their units and employment dates.",
        "Personen: medewerkers, hun eenheid en dienstverband.",
    ),
    "account": (
        "cli.accounts",
        "Accounts: the organisation's work accounts on social media.",
        "Accounts: de werkaccounts van de organisatie op sociale media.",
    ),
    "attest": (
        "cli.handover",
        "Record that the custodian confirmed the account is still right (its last verified date).",
        "Leg vast dat de beheerder bevestigde dat het account nog klopt (datum laatste controle).",
    ),
    "handover": (
        "cli.handover",
        "Record a handover of an account, or add evidence to one in progress. Which evidence applies depends on the account: a group is handed over by moving its admin rights, an account with a password by rotating it.",
        "Leg een overdracht van een account vast, of vul het bewijs van een lopende overdracht aan. Welk bewijs geldt, hangt af van het account: een groep wordt overgedragen door de beheerrechten over te dragen, een account met een wachtwoord door dat te wijzigen.",
    ),
    "brand": (
        "cli.brand",
        "Brand terms and logos that observed accounts are checked against.",
        "Merknamen en logo's waarmee waargenomen accounts worden vergeleken.",
    ),
    "observe": (
        "cli.observe",
        "Accounts seen in the wild: import them, list them, review them.",
        "Accounts die buiten zijn gezien: importeren, tonen, beoordelen.",
    ),
    "vault": (
        "cli.vault",
        "The organisation's password manager: import its export (nothing secret is kept), see when each vault was last imported.",
        "De wachtwoordbeheerder van de organisatie: importeer de export (er wordt niets geheims bewaard), zie wanneer elke kluis het laatst is geïmporteerd.",
    ),
    "log": (
        "cli.admin",
        "The append-only, hash-chained event log.",
        "Het onveranderbare, aaneengeschakelde logboek.",
    ),
    "db": (
        "cli.admin",
        "The store's schema, backups and database roles.",
        "Schema, back-ups en databaserollen van de registratie.",
    ),
    "key": (
        "cli.admin",
        "The encryption key of the protected fields, and the report-signing key.",
        "De versleutelingssleutel van de beschermde velden, en de sleutel waarmee rapporten worden ondertekend.",
    ),
    "config": (
        "cli.admin",
        "Organisation-wide settings: name, mail domains, policy windows, retention.",
        "Instellingen voor de hele organisatie: naam, maildomeinen, termijnen, bewaartermijn.",
    ),
    "user": (
        "cli.users",
        "Users of the web interface and their roles (it, hr, auditor, admin).",
        "Gebruikers van de webinterface en hun rol (it, hr, auditor, admin).",
    ),
}


def help_of(name: str) -> str:
    """The help text of the top-level command ``name`` in the user's language."""
    _, english, dutch = COMMANDS[name]
    return H(english, dutch)
