"""Brand misuse and renamed or copied accounts (P-I.6a–c, P-I.7c–d), over the observed accounts.

The rules run the brand detector (``audit.brand``) on the observed accounts of the state, with
the brand terms, registered accounts and logos of the same state, so an audit as of a past
moment judges with what the registry held then. One scan per state is shared by the rules.
Observed accounts a reviewer dismissed, or that are resolved, raise no brand findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from audit.controls import BIO, ISO
from audit.model import Finding, Severity, Subject, fingerprint
from audit.rules.base import Rule, RuleText, iso, who
from registry import i18n
from registry.io.dates import format_date

if TYPE_CHECKING:
    from audit.brand import Verdict
    from audit.state import AccountFacts, ObservedFacts, RegistryState

i18n.register(
    {
        "brand.finding_unverified": (
            "Unverified: a username-search tool reported it, and no reviewer has confirmed that the account exists.",
            "Onbevestigd: een zoekprogramma voor gebruikersnamen meldde het, en geen beoordelaar heeft bevestigd dat "
            "het account bestaat.",
        ),
    }
)

_PAIR_HEX = 32  # one (pHash, dHash) pair: ``audit.brand.avatar_hash``, the whole-image pair of ``logo_hash``


def _rows(observed: list[ObservedFacts]):  # type: ignore[no-untyped-def]
    from audit.brand import ObservedRow

    return [ObservedRow(o.id, o.platform, o.handle, o.display_name or "") for o in observed]


def _registered(accounts: list[AccountFacts], kind: str | None = None):  # type: ignore[no-untyped-def]
    from audit.brand import RegisteredAccount

    return [RegisteredAccount(a.id, a.platform, a.handle, a.display_name, kind or a.kind) for a in accounts]


def brand_verdicts(state: RegistryState) -> dict[int, Verdict]:
    """The detector's verdict on every open observed account, by observed id (once per state).

    An observed account under the platform id of a registered account is that account, renamed or
    renamed back: SM707 reports the difference, and it is no outsider's use of the brand.
    """
    found = state.cache.get("brand_verdicts")
    if found is None:
        found = {}
        own = {(a.platform, a.platform_id.strip()) for a in state.accounts if a.platform_id and a.platform_id.strip()}
        candidates = [o for o in state.observed
                      if o.open and not (o.platform_id and (o.platform, o.platform_id.strip()) in own)]
        if candidates:
            from audit.brand import Detector

            detector = Detector(state.brand_terms, _registered(state.accounts),
                                affixes=state.settings.get("brand_affixes") or (),
                                allow=state.settings.get("brand_allow") or ())
            found = {v.row: v for v in detector.check_many(_rows(candidates))}
        state.cache["brand_verdicts"] = found
    return found


def _pairs(logo_hash: str) -> list[tuple[int, int]]:
    text = logo_hash.strip().lower()
    return [(int(text[i : i + 16], 16), int(text[i + 16 : i + _PAIR_HEX], 16))
            for i in range(0, len(text) - _PAIR_HEX + 1, _PAIR_HEX)]


def logo_distance(state: RegistryState, avatar_hash: str | None) -> int | None:
    """How far an avatar (its stored hash; the first pair is the whole image) is from the nearest logo."""
    if not avatar_hash or not state.logo_hashes:
        return None
    logos = state.cache.get("logo_pairs")
    if logos is None:
        logos = state.cache["logo_pairs"] = [pair for h in state.logo_hashes for pair in _pairs(h)]
    avatar = _pairs(avatar_hash[:_PAIR_HEX])
    if not avatar or not logos:
        return None
    p, d = avatar[0]
    return min((p ^ lp).bit_count() + (d ^ ld).bit_count() for lp, ld in logos)


class _ObservedRule(Rule):
    """A rule about observed accounts: findings name the observed account."""

    messages: Any = {}  # each rule sets its own; this base registers none

    def observed_finding(self, obs: ObservedFacts, variant: str, *, severity: Severity | None = None,
                         details: dict[str, Any] | None = None, **params: Any) -> Finding:
        """A finding about an observed account; a username-search tool's hit that no reviewer has
        confirmed says so in its message and in ``details["unverified"]``."""
        subject = Subject.observed(obs.id, obs.platform, obs.handle)
        message = self.message(variant, params)
        if obs.unverified:
            message += " " + i18n.t("brand.finding_unverified")
        return Finding(self.id, severity or self.severity, self.clause, subject, message,
                       obs.first_seen, fingerprint(self.id, subject.key), {**(details or {}), "unverified": obs.unverified})


def reason_words(reasons: tuple[str, ...]) -> str:
    """The reasons of a verdict in the reader's language (``audit.brand.model.reason_words``)."""
    from audit.brand.model import reason_words as words

    return words(reasons)


def _details(verdict: Verdict, obs: ObservedFacts) -> dict[str, Any]:
    return {"term": verdict.term, "field": verdict.field, "reasons": list(verdict.reasons), "score": verdict.score,
            "resembles": verdict.resembles, "display_name": obs.display_name, "review_state": obs.state}


class SM601(_ObservedRule):
    id = "SM601"
    name = "brand-term-misused"
    severity = Severity.high
    clause = "P-I.6b"
    controls = {ISO: ("A.5.7",)}
    severity_note = ("Medium when the brand term is only in the display name, not in the handle.",
                     "Middel als de merknaam alleen in de weergavenaam staat, niet in de gebruikersnaam.")
    text = {
        "en": RuleText(
            title="Unregistered account using a brand term",
            what="Finds every observed account that is not one of the registry's accounts and carries one of the "
                 "organisation's brand terms (`smreg brand term list`), or a disguised form of one — other case, "
                 "separators, affixes, leetspeak, lookalike letters, invisible characters or a small typo — in its "
                 "handle (high) or only in its display name (medium). Dismissed and resolved observed accounts "
                 "are skipped.",
            why="Staff may not use the organisation's name or trademarks in a screen name, page or group that "
                "suggests they speak for it (P-I.6b). An outside account with the name misleads parents and "
                "pupils, and anything it posts is read as the organisation's.",
            example="`instagram:lindewijs_fans` is observed and not registered; its handle holds the brand term "
                    "`Lindewijs` with an affix: SM601 reports it as high.",
            fix="Review it with `smreg observe review ID --state confirmed|dismissed|removal-requested|resolved "
                "--note …`: dismiss it when it is harmless, ask the platform or the holder to remove or rename "
                "it, or register it when it is in fact a work account (`smreg account add`).",
        ),
        "nl": RuleText(
            title="Niet-geregistreerd account met een merknaam",
            what="Vindt elk waargenomen account dat geen account uit de registratie is en een merknaam van de "
                 "organisatie (`smreg brand term list`) draagt, of een vermomde vorm ervan — andere hoofdletters, "
                 "scheidingstekens, voor- of achtervoegsels, leetspeak, gelijkende letters, onzichtbare tekens of "
                 "een kleine typfout — in de gebruikersnaam (hoog) of alleen in de weergavenaam (middel). "
                 "Afgewezen en afgehandelde waargenomen accounts worden overgeslagen.",
            why="Medewerkers mogen de naam of handelsmerken van de organisatie niet gebruiken in een schermnaam, "
                "pagina of groep die suggereert dat zij namens de organisatie spreken (P-I.6b). Een account van "
                "buiten met de naam misleidt ouders en leerlingen, en wat het plaatst wordt gelezen als van de "
                "organisatie.",
            example="`instagram:lindewijs_fans` is waargenomen en niet geregistreerd; de gebruikersnaam bevat de "
                    "merknaam `Lindewijs` met een achtervoegsel: SM601 meldt het als hoog.",
            fix="Beoordeel het met `smreg observe review ID --state confirmed|dismissed|removal-requested|resolved "
                "--note …`: wijs het af als het onschuldig is, vraag het platform of de houder het te verwijderen "
                "of te hernoemen, of registreer het als het toch een werkaccount is (`smreg account add`).",
        ),
    }
    messages = {
        "handle": (
            "The handle uses the brand term '{term}' ({reasons}) and the account is not registered.",
            "De gebruikersnaam gebruikt de merknaam '{term}' ({reasons}) en het account is niet geregistreerd.",
        ),
        "display_name": (
            "The display name uses the brand term '{term}' ({reasons}) and the account is not registered.",
            "De weergavenaam gebruikt de merknaam '{term}' ({reasons}) en het account is niet geregistreerd.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        verdicts = brand_verdicts(state)
        for obs in state.observed:
            verdict = verdicts.get(obs.id)
            if verdict is None or verdict.rule != "SM601":
                continue
            field = "handle" if verdict.field == "handle" else "display_name"
            yield self.observed_finding(obs, field, severity=Severity.high if field == "handle" else Severity.medium,
                                        details=_details(verdict, obs), term=verdict.term,
                                        reasons=reason_words(verdict.reasons))


class SM602(_ObservedRule):
    id = "SM602"
    name = "logo-as-avatar"
    severity = Severity.medium
    clause = "P-I.6c"
    controls = {ISO: ("A.5.7",)}
    text = {
        "en": RuleText(
            title="Unregistered account with an official logo as its avatar",
            what="Finds every observed account that is not one of the registry's accounts and whose avatar "
                 "matches one of the organisation's logos (`smreg brand logo add`). Images are compared by "
                 "perceptual hash, so a resized, re-compressed or slightly cropped copy still matches. Dismissed "
                 "and resolved observed accounts are skipped.",
            why="The protocol says: no logo as profile photo, and never a logo without permission (P-I.6c). An "
                "account showing the logo looks official whatever its name says.",
            example="`tiktok:juf_sanne_klas` shows a copy of the board's logo as its profile photo and is not "
                    "registered: SM602 reports it.",
            fix="Ask the holder to change the profile photo, or report the account to the platform; then review "
                "it with `smreg observe review ID --state removal-requested --note …` and `--state resolved` "
                "once it is gone.",
        ),
        "nl": RuleText(
            title="Niet-geregistreerd account met een officieel logo als profielfoto",
            what="Vindt elk waargenomen account dat geen account uit de registratie is en waarvan de profielfoto "
                 "overeenkomt met een logo van de organisatie (`smreg brand logo add`). Afbeeldingen worden "
                 "vergeleken met een perceptuele hash, dus een verkleinde, opnieuw gecomprimeerde of iets "
                 "bijgesneden kopie komt ook overeen. Afgewezen en afgehandelde accounts worden overgeslagen.",
            why="Het protocol zegt: geen logo als profielfoto, en nooit een logo zonder toestemming (P-I.6c). Een "
                "account met het logo ziet er officieel uit, wat de naam ook zegt.",
            example="`tiktok:juf_sanne_klas` toont een kopie van het logo van het bestuur als profielfoto en is "
                    "niet geregistreerd: SM602 meldt het.",
            fix="Vraag de houder de profielfoto te wijzigen, of meld het account bij het platform; leg het daarna "
                "vast met `smreg observe review ID --state removal-requested --note …` en `--state resolved` "
                "zodra het weg is.",
        ),
    }
    messages = {
        "logo": (
            "The avatar matches an official logo (distance {distance}) and the account is not registered.",
            "De profielfoto komt overeen met een officieel logo (afstand {distance}) en het account is niet geregistreerd.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        from audit.brand import LOGO_THRESHOLD

        if not state.logo_hashes:
            return
        verdicts = brand_verdicts(state)
        for obs in state.observed:
            verdict = verdicts.get(obs.id)
            if verdict is None or verdict.verdict == "official":
                continue
            distance = logo_distance(state, obs.avatar_hash)
            if distance is not None and distance <= LOGO_THRESHOLD:
                yield self.observed_finding(obs, "logo", distance=distance,
                                            details={"distance": distance, "avatar": obs.avatar,
                                                     "review_state": obs.state})


class SM603(_ObservedRule):
    id = "SM603"
    name = "official-account-lookalike"
    severity = Severity.high
    clause = "P-I.6a"
    controls = {ISO: ("A.5.7",)}
    text = {
        "en": RuleText(
            title="Unregistered lookalike of an official account",
            what="Finds every observed account that is not one of the registry's accounts and whose handle is a "
                 "near copy of a registered official account's handle (kind `official`) — the same name with "
                 "other case, separators, affixes, leetspeak, lookalike letters, invisible characters or a small "
                 "typo, on any platform. Dismissed and resolved observed accounts are skipped.",
            why="Staff speak under their own name and function and use no alternative user id to speak for the "
                "organisation (P-I.6a). A copy of an official account is the classic impersonation: followers "
                "cannot tell it from the real one.",
            example="`x:LindewijsWe5t` copies the official `x:LindewijsWest` with a 5 for an s: SM603 reports it "
                    "and names the account it resembles.",
            fix="Report the copy to the platform as impersonation and review it with "
                "`smreg observe review ID --state removal-requested --note …`; mark it `resolved` once it is gone.",
        ),
        "nl": RuleText(
            title="Niet-geregistreerde kopie van een officieel account",
            what="Vindt elk waargenomen account dat geen account uit de registratie is en waarvan de "
                 "gebruikersnaam een bijna-kopie is van die van een geregistreerd officieel account (soort "
                 "`official`) — dezelfde naam met andere hoofdletters, scheidingstekens, voor- of achtervoegsels, "
                 "leetspeak, gelijkende letters, onzichtbare tekens of een kleine typfout, op elk platform. "
                 "Afgewezen en afgehandelde accounts worden overgeslagen.",
            why="Medewerkers spreken onder hun eigen naam en functie en gebruiken geen andere gebruikersnaam om "
                "namens de organisatie te spreken (P-I.6a). Een kopie van een officieel account is de klassieke "
                "nabootsing: volgers zien het verschil met het echte account niet.",
            example="`x:LindewijsWe5t` kopieert het officiële `x:LindewijsWest` met een 5 voor een s: SM603 meldt "
                    "het en noemt het account dat wordt nagebootst.",
            fix="Meld de kopie bij het platform als nabootsing en leg het vast met "
                "`smreg observe review ID --state removal-requested --note …`; zet het op `resolved` zodra het "
                "weg is.",
        ),
    }
    messages = {
        "copy": (
            "The handle imitates the official account {resembles} ({reasons}) and the account is not registered.",
            "De gebruikersnaam bootst het officiële account {resembles} na ({reasons}) en het account is niet geregistreerd.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        verdicts = brand_verdicts(state)
        for obs in state.observed:
            verdict = verdicts.get(obs.id)
            if verdict is None or verdict.rule != "SM603":
                continue
            yield self.observed_finding(obs, "copy", details=_details(verdict, obs), resembles=verdict.resembles,
                                        reasons=reason_words(verdict.reasons))


class SM707(Rule):
    id = "SM707"
    name = "account-renamed"
    severity = Severity.medium
    clause = "P-I.7c"
    controls = {ISO: ("A.5.9",), BIO: ("5.09.01",)}
    text = {
        "en": RuleText(
            title="Registered account renamed",
            what="Finds every registered account with a platform id (the platform's stable number, which survives "
                 "a rename) for which an observed account on the same platform has that id but another handle or "
                 "another display name than the registry holds. The finding is about the registered account.",
            why="The custodian may not change the account's name (P-I.7c). A renamed account slips out of sight: "
                "the registry, the vault entry and the offboarding checklist all name a handle that no longer "
                "exists, and followers may be taken along to something else.",
            example="`x:LindewijsOost` has platform id 1432102; a monitoring export shows id 1432102 on x as "
                    "`LindewijsOost_Juf`: SM707 reports `x:LindewijsOost`.",
            fix="Find out who renamed it and why. Undo the rename on the platform, or when the new name is agreed, "
                "record it: `smreg account update x:LindewijsOost --handle …` (and `--display-name …`).",
        ),
        "nl": RuleText(
            title="Geregistreerd account hernoemd",
            what="Vindt elk geregistreerd account met een platform-id (het vaste nummer van het platform, dat een "
                 "naamswijziging overleeft) waarvoor een waargenomen account op hetzelfde platform dat id heeft, "
                 "maar een andere gebruikersnaam of weergavenaam dan de registratie. De bevinding gaat over het "
                 "geregistreerde account.",
            why="De beheerder mag de naam van het account niet wijzigen (P-I.7c). Een hernoemd account raakt uit "
                "beeld: de registratie, de kluis en de vertrekchecklist noemen een naam die niet meer bestaat, en "
                "volgers kunnen worden meegenomen naar iets anders.",
            example="`x:LindewijsOost` heeft platform-id 1432102; een monitoringexport toont id 1432102 op x als "
                    "`LindewijsOost_Juf`: SM707 meldt `x:LindewijsOost`.",
            fix="Zoek uit wie het hernoemde en waarom. Draai de naamswijziging terug op het platform, of leg de "
                "nieuwe naam vast als die is afgesproken: `smreg account update x:LindewijsOost --handle …` (en "
                "`--display-name …`).",
        ),
    }
    messages = {
        "handle": (
            "Observed under platform id {platform_id} as {observed}: the handle differs from the registry's.",
            "Waargenomen onder platform-id {platform_id} als {observed}: de gebruikersnaam wijkt af van de registratie.",
        ),
        "display_name": (
            "Observed under platform id {platform_id} with the display name '{shown}' instead of '{registered}'.",
            "Waargenomen onder platform-id {platform_id} met de weergavenaam '{shown}' in plaats van '{registered}'.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        if not state.observed:
            return
        from registry.platforms import same_key

        by_pid = {(a.platform, a.platform_id.strip()): a for a in state.accounts if a.platform_id}
        reported: set[int] = set()
        for obs in state.observed:
            account = by_pid.get((obs.platform, (obs.platform_id or "").strip())) if obs.platform_id else None
            if account is None or account.id in reported:
                continue
            details = {"platform_id": account.platform_id, "observed": f"{obs.platform}:{obs.handle}",
                       "observed_display_name": obs.display_name, "observed_id": obs.id}
            if same_key(account.platform, account.handle) != obs.handle_key:
                reported.add(account.id)
                yield self.account_finding(state, account, "handle", since=obs.first_seen, details=details,
                                           platform_id=account.platform_id, observed=f"{obs.platform}:{obs.handle}")
            elif account.display_name and obs.display_name and (
                    " ".join(account.display_name.split()).casefold() != " ".join(obs.display_name.split()).casefold()):
                reported.add(account.id)
                yield self.account_finding(state, account, "display_name", since=obs.first_seen, details=details,
                                           platform_id=account.platform_id, shown=obs.display_name,
                                           registered=account.display_name)


class SM708(_ObservedRule):
    id = "SM708"
    name = "leaver-account-copied"
    severity = Severity.high
    clause = "P-I.7d"
    controls = {ISO: ("A.5.7", "A.6.5")}
    text = {
        "en": RuleText(
            title="Lookalike of a work account, appearing after its custodian left",
            what="Finds every observed account that is not one of the registry's accounts, resembles a registered "
                 "work account (kind `work`) — the same handle with other case, separators, affixes, leetspeak, "
                 "lookalike letters or a small typo — and was first seen after that account's custodian left. "
                 "Dismissed and resolved observed accounts are skipped.",
            why="At the end of employment the employee may not create a similar account (P-I.7d): a copy of the "
                "class or school channel they ran takes its followers, parents and pupils along with them.",
            example="Teacher 20143 held `youtube:@meanderklas` and left on 1 May; on 20 May `youtube:@meanderklas2` "
                    "is observed: SM708 reports it and names the account and the leaver.",
            fix="Talk to the former employee and ask them to close or rename the copy, or report it to the "
                "platform; record the outcome with `smreg observe review ID --state … --note …`.",
        ),
        "nl": RuleText(
            title="Kopie van een werkaccount, verschenen na vertrek van de beheerder",
            what="Vindt elk waargenomen account dat geen account uit de registratie is, lijkt op een geregistreerd "
                 "werkaccount (soort `work`) — dezelfde gebruikersnaam met andere hoofdletters, scheidingstekens, "
                 "voor- of achtervoegsels, leetspeak, gelijkende letters of een kleine typfout — en voor het eerst "
                 "werd gezien nadat de beheerder van dat account uit dienst ging. Afgewezen en afgehandelde "
                 "accounts worden overgeslagen.",
            why="Na het einde van het dienstverband mag de medewerker geen vergelijkbaar account aanmaken (P-I.7d): "
                "een kopie van het klas- of schoolkanaal dat hij of zij beheerde, neemt volgers, ouders en "
                "leerlingen mee.",
            example="Leerkracht 20143 beheerde `youtube:@meanderklas` en ging op 1 mei uit dienst; op 20 mei wordt "
                    "`youtube:@meanderklas2` waargenomen: SM708 meldt het en noemt het account en de vertrokken "
                    "medewerker.",
            fix="Spreek de oud-medewerker aan en vraag de kopie te sluiten of te hernoemen, of meld haar bij het "
                "platform; leg de uitkomst vast met `smreg observe review ID --state … --note …`.",
        ),
    }
    messages = {
        "copy": (
            "Resembles the work account {resembles}, whose custodian ({person}) left on {end}; first seen on {seen}.",
            "Lijkt op het werkaccount {resembles}, waarvan de beheerder ({person}) op {end} uit dienst ging; voor het eerst gezien op {seen}.",
        ),
    }

    def check(self, state: RegistryState) -> Iterator[Finding]:
        candidates = [o for o in state.observed if o.open and o.first_seen is not None]
        if not candidates:
            return
        people, on = state.people, state.on
        left: dict[str, tuple[AccountFacts, Any]] = {}
        for account in state.accounts:
            person = people.get(account.custodian) if account.custodian else None
            if account.kind == "work" and person is not None and person.end_date is not None and person.end_date < on:
                left[f"{account.platform}:{account.handle}"] = (account, person)
        if not left:
            return
        from audit.brand import Detector

        verdicts = brand_verdicts(state)
        unregistered = [o for o in candidates if o.id in verdicts and verdicts[o.id].verdict != "official"]
        detector = Detector(state.brand_terms, _registered([a for a, _ in left.values()], "official"))
        for verdict in detector.check_many(_rows(unregistered)):
            found = left.get(verdict.resembles or "")
            if verdict.verdict != "suspect" or found is None:
                continue
            account, person = found
            obs = next(o for o in unregistered if o.id == verdict.row)
            if obs.first_seen is None or obs.first_seen <= person.end_date:
                continue
            yield self.observed_finding(
                obs, "copy", resembles=verdict.resembles, person=who(state, account.custodian),
                end=format_date(person.end_date), seen=format_date(obs.first_seen),
                details={"resembles": verdict.resembles, "account_id": account.id,
                         "custodian": state.employee_id(account.custodian), "end_date": iso(person.end_date),
                         "reasons": list(verdict.reasons), "score": verdict.score, "review_state": obs.state})


RULES = (SM601, SM602, SM603, SM707, SM708)
