"""Which controls of which standard a rule or a report section gives evidence for.

Each rule declares its controls beside its own text (``Rule.controls``), each report section in
:data:`SECTIONS` below: ISO/IEC 27001:2022 Annex A and BIO2 out of the box. The mapping is
configuration on top of that: ``smreg config set controls.<framework>.<rule or section> "id, id"``
adds a framework of the organisation's own (for example the IBP norm ids it uses) or replaces the
controls of a built-in one for that rule or section; an empty value says "none". Settings come
from the same :class:`~audit.state.RegistryState` the audit evaluates, so an audit "as of" last
quarter names the controls as they were mapped then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from registry import i18n

PREFIX = "controls."
ISO = "iso27001"
BIO = "bio2"

# The built-in frameworks: id → the name a report prints.
FRAMEWORKS: dict[str, str] = {ISO: "ISO/IEC 27001:2022", BIO: "BIO2"}

# Control titles, English and Dutch, for the controls the built-in mapping names.
TITLES: dict[tuple[str, str], tuple[str, str]] = {
    (ISO, "A.5.7"): ("Threat intelligence", "Informatie over dreigingen"),
    (ISO, "A.5.9"): ("Inventory of information and other associated assets",
                     "Inventarisatie van informatie en andere gerelateerde bedrijfsmiddelen"),
    (ISO, "A.5.11"): ("Return of assets", "Retourneren van bedrijfsmiddelen"),
    (ISO, "A.5.16"): ("Identity management", "Identiteitsbeheer"),
    (ISO, "A.5.17"): ("Authentication information", "Authenticatie-informatie"),
    (ISO, "A.5.18"): ("Access rights", "Toegangsrechten"),
    (ISO, "A.6.5"): ("Responsibilities after termination or change of employment",
                     "Verantwoordelijkheden na beëindiging of wijziging van het dienstverband"),
    (ISO, "A.5.34"): ("Privacy and protection of personal identifiable information",
                      "Privacy en bescherming van persoonsgegevens"),
    (ISO, "A.8.15"): ("Logging", "Logging"),
    (BIO, "5.09.01"): ("Inventory, including cloud services outside the organisation's control, checked periodically",
                       "Inventaris, ook van clouddiensten buiten eigen beheer, periodiek gecontroleerd"),
    (BIO, "5.16.01"): ("A closing procedure for registering and deregistering users",
                       "Een sluitende procedure voor het registreren en afmelden van gebruikers"),
    (BIO, "5.16.02"): ("Group accounts only when justified, recorded and agreed",
                       "Groepsaccounts alleen als dat gerechtvaardigd, vastgelegd en afgestemd is"),
    (BIO, "5.17.02"): ("A password manager for all staff", "Een wachtwoordkluis voor alle medewerkers"),
    (BIO, "5.18.02"): ("Access rights reviewed at least once a year", "Toegangsrechten minstens jaarlijks beoordeeld"),
    (BIO, "8.15.01"): ("Each log line holds action, object, result, origin, actor and time",
                       "Elke logregel bevat actie, object, resultaat, herkomst, actor en tijdstip"),
    (BIO, "8.15.05"): ("Tampering with logs is handled as an incident", "Knoeien met logbestanden is een incident"),
    (BIO, "8.15.06"): ("Logs are checked independently", "Logbestanden worden onafhankelijk gecontroleerd"),
}

# Report sections and the controls each gives evidence for, by section id (report.section). The
# findings report's list names each finding's own controls, its coverage section all of them.
SECTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "ownership.accounts": {ISO: ("A.5.9", "A.5.16", "A.5.18"), BIO: ("5.09.01",)},
    "ownership.overdue": {ISO: ("A.5.11", "A.6.5"), BIO: ("5.16.01",)},
    "offboarding.cases": {ISO: ("A.5.11", "A.6.5", "A.5.18"), BIO: ("5.16.01",)},
    "period.leavers": {ISO: ("A.5.11", "A.6.5"), BIO: ("5.16.01",)},
    "period.accounts": {ISO: ("A.5.9",), BIO: ("5.09.01",)},
    "period.vault": {ISO: ("A.5.17",), BIO: ("5.17.02",)},
    "period.attestations": {ISO: ("A.5.18", "A.5.16"), BIO: ("5.18.02",)},
    "period.brand": {ISO: ("A.5.7",)},
    "period.waivers": {ISO: ("A.5.18",)},
    "evidence.log": {ISO: ("A.8.15",), BIO: ("8.15.01", "8.15.05", "8.15.06")},
    "retention.due": {ISO: ("A.5.34",)},
}

i18n.register(
    {
        "controls.none": ("no control mapped", "geen norm gekoppeld"),
        "controls.evidence_for": ("Evidence for: {controls}", "Bewijs voor: {controls}"),
    }
)


@dataclass(frozen=True)
class ControlMap:
    """The effective mapping: subject (rule id or section id) → framework → control ids."""

    by_subject: Mapping[str, Mapping[str, tuple[str, ...]]]
    frameworks: tuple[str, ...]

    def of(self, subject: str) -> dict[str, tuple[str, ...]]:
        """The controls a rule or section gives evidence for, per framework, frameworks in order."""
        found = self.by_subject.get(subject, {})
        return {framework: found[framework] for framework in self.frameworks if found.get(framework)}

    def tags(self, subject: str) -> list[str]:
        """Each control as one text, e.g. ``ISO/IEC 27001:2022 A.5.9``, for SARIF tags."""
        return [f"{framework_name(fw)} {control}" for fw, controls in self.of(subject).items() for control in controls]

    def text(self, subject: str, lang: str | None = None) -> str:
        """The controls as one line: ``ISO/IEC 27001:2022 A.5.9, A.5.16; BIO2 5.09.01``."""
        parts = [f"{framework_name(fw)} {', '.join(controls)}" for fw, controls in self.of(subject).items()]
        none = i18n.text_pair("controls.none")[1 if (lang or i18n.get_language()) == "nl" else 0]
        return "; ".join(parts) or none

    def coverage(self, subjects: Iterable[str]) -> list[tuple[str, str, tuple[str, ...]]]:
        """Every control the subjects name: (framework, control, subjects naming it), in framework order."""
        found: dict[tuple[str, str], list[str]] = {}
        for subject in subjects:
            for framework, controls in self.of(subject).items():
                for control in controls:
                    found.setdefault((framework, control), []).append(subject)
        order = {fw: i for i, fw in enumerate(self.frameworks)}
        return [(fw, control, tuple(names)) for (fw, control), names in
                sorted(found.items(), key=lambda item: (order[item[0][0]], _control_key(item[0][1])))]


def _control_key(control: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in control.replace("-", ".").split("."))


def framework_name(framework: str) -> str:
    """The name a report prints for a framework: the built-in's full name, else the id in capitals."""
    return FRAMEWORKS.get(framework, framework.upper())


def title(framework: str, control: str, lang: str) -> str:
    """A control's title in the language, or empty for a control the organisation added."""
    pair = TITLES.get((framework, control))
    return pair[1 if lang == "nl" else 0] if pair else ""


def declared(rules: Iterable[type] | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """The built-in mapping: every rule's own declaration and every report section's."""
    if rules is None:
        from audit.rules import all_rules

        rules = all_rules()
    mapping = {rule.id: dict(rule.controls) for rule in rules}
    mapping.update({section: dict(controls) for section, controls in SECTIONS.items()})
    return mapping


def effective(settings: Mapping[str, Any], rules: Iterable[type] | None = None) -> ControlMap:
    """The built-in mapping with the organisation's ``controls.*`` settings applied on top."""
    mapping = declared(rules)
    extra: set[str] = set()
    for key, value in settings.items():
        if not key.startswith(PREFIX):
            continue
        _prefix, framework, subject = key.split(".", 2)
        mapping.setdefault(subject, {})[framework] = tuple(value or ())
        extra.add(framework)
    frameworks = tuple(FRAMEWORKS) + tuple(sorted(extra - set(FRAMEWORKS)))
    return ControlMap(mapping, frameworks)


def as_json(controls: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """A subject's controls as JSON: framework id → list of control ids."""
    return {framework: list(ids) for framework, ids in controls.items()}


def current(store) -> ControlMap:
    """The mapping as configured in the store now (the built-in one where the store has none)."""
    import json

    with store.reader() as reader:
        rows = reader.rows("SELECT key, value FROM setting")
    return effective({key: json.loads(value) for key, value in rows if key.startswith(PREFIX)})
