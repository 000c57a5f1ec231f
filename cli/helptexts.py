"""Help texts used by more than one command, in the user's language."""

from __future__ import annotations

from cli.lang import H

ACCOUNT = H("PLATFORM:HANDLE (e.g. x:AloysiusWest) or the account's id.", "PLATFORM:HANDLE (bijv. x:AloysiusWest) of het nummer van het account.")
EMPLOYEE_ID = H("Employee id from the HR system.", "Personeelsnummer uit het HR-systeem.")
PERSON_NAME = H("Full name.", "Volledige naam.")
EMAIL = H("Work e-mail address.", "Werk-e-mailadres.")
UNIT = H("Code of the unit.", "Code van de eenheid.")
FUNCTION = H("Job title.", "Functie.")
DATE = H("A date: YYYY-MM-DD or dd-mm-yyyy.", "Een datum: JJJJ-MM-DD of dd-mm-jjjj.")
UNIT_CODE = H("The unit's code.", "De code van de eenheid.")
UNIT_NAME = H("The unit's name.", "De naam van de eenheid.")
TERM = H("The brand term.", "De merknaam.")
DISPLAY_NAME = H("The name shown on the profile.", "De naam die op het profiel staat.")
CREATED_ON = H("When the account was created (default today).", "Wanneer het account is aangemaakt (standaard vandaag).")
CUSTODIAN = H("Employee id of the person who holds it day to day.", "Personeelsnummer van wie het dagelijks beheert.")
VAULT = H("Where the password lives (op://…, bitwarden://…, vault://…, keepass://…, an Azure Key Vault URL or AWS ARN). Never the password itself.",
          "Waar het wachtwoord staat (op://…, bitwarden://…, vault://…, keepass://…, een Azure Key Vault-URL of AWS-ARN). Nooit het wachtwoord zelf.")
KIND = H("official, work or group.", "officieel, werk of groep.")
PURPOSE = H("profilering, communicatie or curriculum.", "profilering, communicatie of curriculum.")
RECOVERY = H("Recovery e-mail address or phone number (stored encrypted).", "Herstel-e-mailadres of telefoonnummer (versleuteld opgeslagen).")
PLATFORM_ID = H("The platform's stable numeric id.", "Het vaste numerieke id bij het platform.")
ROTATED_ON = H("When the credentials were last rotated.", "Wanneer het wachtwoord laatst is gewijzigd.")
NOTES = H("Notes (stored encrypted).", "Notities (versleuteld opgeslagen).")
