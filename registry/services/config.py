"""Organisation-wide configuration: name, brand terms, mail domains, policy windows.

Settings are JSON values in the ``setting`` table; per-unit policy overrides live on the unit
and are inherited down the tree (P-II: sectors and schools may set their own within the frame).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from registry import i18n, limits
from registry.errors import Conflict, NotFound, ValidationError

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork

DEFAULTS: dict[str, Any] = {
    "organisation": "",
    "domains": [],
    "notice_days": 30,
    "verify_months": 12,
    "critical_after_days": 30,
    "retention_years": 2,
    "vault_schemes": [],
    # brand scan: words glued to a brand term that still make it brand use, and real words or
    # names that stay clear even when close to a term (both added to the built-in lists)
    "brand_affixes": [],
    "brand_allow": [],
    # Notifications (``smreg notify``): where mail goes, who receives the digests, and how often.
    "smtp.host": "",
    "smtp.port": 587,
    "smtp.security": "starttls",
    "smtp.user": "",
    "smtp.from": "",
    "smtp.ca_file": "",
    "notify.hr": [],
    "notify.comms": [],
    "notify.language": "",
    "notify.reminder_days": 7,
    "web.url": "",
}
# Policy keys a unit may override for itself and the units below it.
POLICY_KEYS = ("notice_days", "verify_months", "critical_after_days")
# ``controls.<framework>.<rule or report section>``: the controls of a framework that a rule or a
# report section gives evidence for (the audit package declares its own and reads these on top).
CONTROLS_PREFIX = "controls."
_FRAMEWORK = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_CONTROLS_SUBJECT = re.compile(r"sm\d{3}|[a-z]+(?:\.[a-z_]+)+")

i18n.register(
    {
        "config.unknown_setting": (
            "Unknown setting '{key}'. Known settings: {known}.",
            "Onbekende instelling '{key}'. Bekende instellingen: {known}.",
        ),
        "config.bad_number": (
            "The setting '{key}' needs a whole number of 0 or more, not '{value}'.",
            "De instelling '{key}' vraagt een heel getal van 0 of meer, niet '{value}'.",
        ),
        "config.bad_controls_key": (
            "'{key}' is not a control mapping. Write controls.FRAMEWORK.RULE (for example controls.ibp.SM702) or controls.FRAMEWORK.SECTION (for example controls.ibp.period.leavers).",
            "'{key}' is geen koppeling aan normen. Schrijf controls.NORMENKADER.REGEL (bijvoorbeeld controls.ibp.SM702) of controls.NORMENKADER.ONDERDEEL (bijvoorbeeld controls.ibp.period.leavers).",
        ),
        "config.bad_control": (
            "'{value}' is not a control id: give short ids separated by commas, for example 'A.5.9, A.5.18'.",
            "'{value}' is geen normnummer: geef korte nummers gescheiden door komma's, bijvoorbeeld 'A.5.9, A.5.18'.",
        ),
        "config.bad_address": (
            "The setting '{key}' needs e-mail addresses (like hr@example.org); '{value}' is not one.",
            "De instelling '{key}' vraagt e-mailadressen (zoals hr@voorbeeld.nl); '{value}' is er geen.",
        ),
        "config.bad_choice": (
            "The setting '{key}' takes one of {choices}, not '{value}'.",
            "De instelling '{key}' kan een van deze waarden hebben: {choices}; niet '{value}'.",
        ),
        "config.bad_url": (
            "The setting '{key}' needs a web address that begins with https://, not '{value}'.",
            "De instelling '{key}' vraagt een webadres dat met https:// begint, niet '{value}'.",
        ),
        "config.bad_domain": (
            "'{value}' is not a mail domain (like example.org). Give the part after the @.",
            "'{value}' is geen maildomein (zoals voorbeeld.nl). Geef het deel na de @.",
        ),
        "config.internal": (
            "'{key}' is kept by smreg itself and cannot be set.",
            "'{key}' wordt door smreg zelf bijgehouden en kan niet worden ingesteld.",
        ),
        "brand.term_exists": ("The brand term '{term}' is already configured.", "De merknaam '{term}' is al ingesteld."),
        "brand.term_missing": ("There is no brand term '{term}'.", "Er is geen merknaam '{term}'."),
        "brand.term_empty": (
            "A brand term needs at least two letters or digits.",
            "Een merknaam heeft minstens twee letters of cijfers nodig.",
        ),
    }
)


def get(session: Session, key: str) -> Any:
    from registry.models import Setting

    if key.lower().startswith(CONTROLS_PREFIX):
        key = check_controls(key, ())[0]
    row = session.get(Setting, key)
    return json.loads(row.value) if row else DEFAULTS.get(key)


def value(uow: UnitOfWork, *, key: str) -> Any:
    """One setting's value, the default where none is set."""
    return get(uow.session, key)


def all_settings(session: Session) -> dict[str, Any]:
    from sqlmodel import select

    from registry.models import Setting

    values = dict(DEFAULTS)
    for row in session.exec(select(Setting)):
        values[row.key] = json.loads(row.value)
    return values


# Settings smreg keeps itself; ``config set`` refuses them.
INTERNAL = ("key_check",)


def listing(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every organisation-wide setting with its value (the default where none is set), in a fixed
    order, then the control mappings that are set."""
    values = all_settings(uow.session)
    keys = [*DEFAULTS, *sorted(key for key in values if key.startswith(CONTROLS_PREFIX))]
    return [{"key": key, "value": values[key]} for key in keys]


def set_value(uow: UnitOfWork, *, key: str, value: str) -> dict[str, Any]:
    """Set one setting from the text a user typed: lists are comma-separated, names have their
    spaces folded, numbers are checked. Returns the setting as ``config show`` lists it."""
    name = key.strip().lower()
    if name in INTERNAL:
        raise ValidationError("config.internal", key=key)
    if name.startswith(CONTROLS_PREFIX):
        name = check_controls(name, ())[0]
    parsed: Any = value
    if isinstance(DEFAULTS.get(name), list):
        parsed = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(DEFAULTS.get(name), str):
        parsed = " ".join(value.split())
    put(uow, name, parsed)
    uow.session.flush()
    return {"key": name, "value": get(uow.session, name)}


def put(uow: UnitOfWork, key: str, value: Any) -> None:
    """Store one setting's value (already parsed), checked and logged."""
    from registry.models import Setting

    if key.lower().startswith(CONTROLS_PREFIX):
        key, value = check_controls(key, value)
    elif key not in DEFAULTS:
        raise ValidationError("config.unknown_setting", key=key,
                              known=", ".join([*sorted(DEFAULTS), "controls.FRAMEWORK.RULE"]))
    if key in POLICY_KEYS or key == "retention_years" or type(DEFAULTS.get(key)) is int:
        value = check_number(key, value)
    value = _check_notify(key, value)
    if key == "domains":
        value = [check_domain(d) for d in value]
    before = get(uow.session, key)
    row = uow.session.get(Setting, key)
    text = json.dumps(value, ensure_ascii=False)
    if row is None:
        uow.session.add(Setting(key=key, value=text))
    else:
        row.value = text
        uow.session.add(row)
    if before != value:
        uow.log.record("setting.set", f"setting:{key}", before=before, after=value)


_SECURITY = ("starttls", "tls", "none")


def _check_notify(key: str, value: Any) -> Any:
    """The notification settings' own checks: addresses, the TLS mode, the language, the web address."""
    if key in ("notify.hr", "notify.comms", "smtp.from"):
        for address in value if isinstance(value, list) else [value]:
            text = str(address).strip()
            if text and not _looks_like_address(text):
                raise ValidationError("config.bad_address", key=key, value=text[:80])
    if key == "smtp.security" and str(value).strip().lower() not in _SECURITY:
        raise ValidationError("config.bad_choice", key=key, value=str(value)[:40], choices=", ".join(_SECURITY))
    if key == "notify.language" and str(value).strip().lower() not in ("", "nl", "en"):
        raise ValidationError("config.bad_choice", key=key, value=str(value)[:40], choices="nl, en")
    if key == "web.url" and value and not str(value).startswith(("https://", "http://")):
        raise ValidationError("config.bad_url", key=key, value=str(value)[:80])
    if key == "smtp.port" and not 0 < int(value) < 65536:
        raise ValidationError("config.bad_number", key=key, value=value)
    if key in ("smtp.security", "notify.language"):
        return str(value).strip().lower()
    return value


def _looks_like_address(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain and " " not in text and "\n" not in text)


def check_number(key: str, value: Any) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise ValidationError("config.bad_number", key=key, value=value) from None
    if number < 0:
        raise ValidationError("config.bad_number", key=key, value=value)
    return number


def check_controls(key: str, value: Any) -> tuple[str, list[str]]:
    """A control-mapping key in its normal form (rule ids in capitals) and its list of control ids.

    The value is a list or comma-separated text; an empty one says the rule or section gives
    evidence for no control of that framework.
    """
    parts = key.strip().split(".", 2)
    if len(parts) != 3 or not _FRAMEWORK.fullmatch(parts[1].lower()) or not _CONTROLS_SUBJECT.fullmatch(parts[2].lower()):
        raise ValidationError("config.bad_controls_key", key=key)
    subject = parts[2].upper() if "." not in parts[2] else parts[2].lower()
    items = value.split(",") if isinstance(value, str) else list(value or ())
    controls = []
    for item in items:
        control = " ".join(str(item).split())
        if not control:
            continue
        if len(control) > 40 or not any(c.isalnum() for c in control):
            raise ValidationError("config.bad_control", value=item)
        if control not in controls:
            controls.append(control)
    return f"{CONTROLS_PREFIX}{parts[1].lower()}.{subject}", controls


def check_domain(value: str) -> str:
    domain = value.strip().lower().lstrip("@")
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels) or any(not all(c.isalnum() or c == "-" for c in lab) for lab in labels):
        raise ValidationError("config.bad_domain", value=value)
    return domain


def _brand_subject(term: str) -> str:
    import re

    return "brand:" + (re.sub(r"[\W_]+", "-", term.casefold()).strip("-") or "term")


def brand_terms(uow: UnitOfWork) -> list[str]:
    """The configured brand terms, alphabetically."""
    from sqlmodel import select

    from registry.models import BrandTerm

    return [row.term for row in uow.session.exec(select(BrandTerm).order_by(BrandTerm.term))]


def add_brand_term(uow: UnitOfWork, term: str) -> str:
    from sqlmodel import select

    from registry.models import BrandTerm

    clean = " ".join(term.split())
    if sum(ch.isalnum() for ch in clean) < 2:
        raise ValidationError("brand.term_empty")
    problem = limits.too_long(clean, "brand_term", "term")
    if problem is not None:
        raise limits.named("term", problem)
    existing = uow.session.exec(select(BrandTerm)).all()
    if any(row.term.casefold() == clean.casefold() for row in existing):
        raise Conflict("brand.term_exists", term=clean)
    uow.session.add(BrandTerm(term=clean))
    uow.log.record("brand.term_added", _brand_subject(clean), after={"term": clean})
    return clean


def remove_brand_term(uow: UnitOfWork, term: str) -> None:
    from sqlmodel import select

    from registry.models import BrandTerm

    for row in uow.session.exec(select(BrandTerm)).all():
        if row.term.casefold() == " ".join(term.split()).casefold():
            uow.session.delete(row)
            # ``after: None`` tells an audit rebuilt from the log that the term is gone.
            uow.log.record("brand.term_removed", _brand_subject(row.term), before={"term": row.term}, after=None)
            return
    raise NotFound("brand.term_missing", term=term)
