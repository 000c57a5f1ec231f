"""Reading handles: the only way the rest of smreg uses the platform table.

Two entrances with different duties: :func:`parse_handle` validates a handle (or pasted profile
URL) for registering an account, :func:`same_key` keys any text from observed data and never
refuses. :func:`observed_handle`, :func:`handle_from_url` and :func:`platform_of_url` read pasted
addresses.
"""

from __future__ import annotations

import unicodedata

from registry import i18n
from registry.errors import ValidationError
from registry.platforms.catalogue import MASTODON as _MASTODON
from registry.platforms.catalogue import WEBSITE as _WEBSITE
from registry.platforms.catalogue import WHATSAPP as _WHATSAPP
from registry.platforms.core import BY_ALIAS, BY_HOST, BY_NAME, Handle, Platform, as_url, shown

i18n.register(
    {
        "platform.unknown": (
            "'{name}' is not a platform smreg knows. Use one of: {names}.",
            "'{name}' is geen platform dat smreg kent. Gebruik een van: {names}.",
        ),
        "platform.empty": (
            "The {platform} handle is empty. {rule}",
            "De {platform}-handle is leeg. {rule}",
        ),
        "platform.invalid": (
            "'{handle}' is not a valid {platform} handle: {rule} Correct the handle or paste the profile URL.",
            "'{handle}' is geen geldige {platform}-handle: {rule} Verbeter de handle of plak de URL van het profiel.",
        ),
        "platform.website.invalid": (
            "This is not a website address. {rule}",
            "Dit is geen websiteadres. {rule}",
        ),
        "platform.whatsapp.invalid": (
            "This WhatsApp group name is not valid. {rule}",
            "Deze naam van een WhatsApp-groep is niet geldig. {rule}",
        ),
        "platform.reserved": (
            "'{handle}' is a word {platform} keeps for its own pages, so no account can have it. Check the handle. {rule}",
            "'{handle}' is een woord dat {platform} voor eigen pagina's gebruikt, dus geen account kan zo "
            "heten. Controleer de handle. {rule}",
        ),
        "platform.hidden_characters": (
            "The {platform} handle '{handle}' contains invisible, control or text-direction characters, "
            "a known trick to imitate another account. Type the handle again without them. {rule}",
            "De {platform}-handle '{handle}' bevat onzichtbare, stuur- of schrijfrichtingstekens, een "
            "bekende truc om een ander account na te bootsen. Typ de handle opnieuw zonder die tekens. {rule}",
        ),
        "platform.url_other": (
            "This address is a profile on {owner}, so it does not belong under {platform}. "
            "Register it under platform '{owner_name}'.",
            "Dit adres is een profiel op {owner} en hoort dus niet bij {platform}. "
            "Registreer het onder platform '{owner_name}'.",
        ),
        "platform.url_not_profile": (
            "This address is not a {platform} profile address. Paste the profile's URL or give the handle. {rule}",
            "Dit adres is geen adres van een {platform}-profiel. Plak de URL van het profiel of geef de handle. {rule}",
        ),
        "platform.url_scheme": (
            "Only http and https addresses can be pasted. Give the profile's web address or the handle.",
            "Alleen http- en https-adressen kunnen worden geplakt. Geef het webadres van het profiel of de handle.",
        ),
        "platform.url_malformed": (
            "This address cannot be read as a web address. Check it, or give the handle.",
            "Dit adres is niet als webadres te lezen. Controleer het, of geef de handle.",
        ),
        "platform.url_credentials": (
            "The address contains a user name or password, so it was not stored. Give the address without them.",
            "Het adres bevat een gebruikersnaam of wachtwoord en is daarom niet opgeslagen. Geef het adres zonder.",
        ),
        "platform.whatsapp_invite": (
            "A WhatsApp invite link is a secret: anyone who has it can join the group, so it is not "
            "stored. Give the group's name instead, and reset the link in WhatsApp if it was shared.",
            "Een WhatsApp-uitnodigingslink is geheim: iedereen die hem heeft kan lid worden van de groep, "
            "dus hij wordt niet opgeslagen. Geef in plaats daarvan de naam van de groep, en stel de link "
            "in WhatsApp opnieuw in als hij gedeeld is.",
        ),
        "platform.whatsapp_url": (
            "A WhatsApp group has no public address. Give the group's name.",
            "Een WhatsApp-groep heeft geen openbaar adres. Geef de naam van de groep.",
        ),
    }
)



def platform_names() -> list[str]:
    """The canonical platform names, sorted."""
    return sorted(BY_NAME)


def _lookup(name: str) -> Platform | None:
    platform = BY_ALIAS.get(name)
    if platform is None and isinstance(name, str):
        platform = BY_ALIAS.get(name.strip().casefold())
    return platform


def resolve_platform(name: str) -> str:
    """The canonical name of a platform given by name or alias ('Twitter' -> 'x')."""
    platform = _lookup(name)
    if platform is None:
        raise ValidationError("platform.unknown", name=shown(str(name)), names=", ".join(platform_names()))
    return platform.name


def platform_label(name: str) -> str:
    """How a platform is written in a sentence ('linkedin' -> 'LinkedIn')."""
    return BY_NAME[resolve_platform(name)].label


def rule_text(platform: str) -> str:
    """The platform's handle rule, in the current language."""
    return i18n.t(f"platform.rule.{resolve_platform(platform)}")


def _prepare(value: str) -> str:
    text = value.strip()
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _extract(platform: Platform, text: str) -> str:
    """The handle in text (a handle or a pasted profile URL), canonical but not yet validated."""
    if platform is _WHATSAPP:
        return platform.handle_in_text(text)
    # a website may be a bare domain name; any other platform's text needs a slash to be a URL
    url = as_url(text if "/" in text else text + "/") if platform is _WEBSITE else as_url(text)
    if url is None:
        return platform.canonical(platform.handle_in_text(text))
    owner = _owner(url.host)
    if owner is _WHATSAPP and url.host.endswith("chat.whatsapp.com"):
        raise ValidationError("platform.whatsapp_invite")
    if platform is _WEBSITE:
        # a profile on a known platform belongs under that platform, not as a website
        recognised = handle_from_url(text) if owner is not None and owner is not _WEBSITE else None
        if recognised is not None:
            raise _not_this_platform(platform, BY_NAME[recognised[0]])
    elif owner is not platform and not (owner is None and platform is _MASTODON):
        raise _not_this_platform(platform, owner)
    found = platform.handle_in_url(url)
    if found is None:
        raise _not_profile(platform)
    return platform.canonical(found if found.isascii() else unicodedata.normalize("NFC", found))


def _owner(host: str) -> Platform | None:
    """The platform a host belongs to, looking through subdomains (nl.linkedin.com, blog.tumblr.com)."""
    while True:
        platform = BY_HOST.get(host)
        if platform is not None:
            return platform
        dot = host.find(".")
        if dot < 0:
            return None
        host = host[dot + 1 :]


def _not_this_platform(platform: Platform, owner: Platform | None) -> ValidationError:
    if owner is None or owner is _WEBSITE:
        return _not_profile(platform)
    return ValidationError(
        "platform.url_other", owner=owner.label, owner_name=owner.name, platform=platform.label
    )


def _not_profile(platform: Platform) -> ValidationError:
    return ValidationError("platform.url_not_profile", platform=platform.label, rule=rule_text(platform.name))


def parse_handle(platform: str, value: str) -> Handle:
    """Validate a handle or a pasted profile URL by the platform's rule; the canonical Handle."""
    entry = _lookup(platform) or BY_NAME[resolve_platform(platform)]
    if not isinstance(value, str):
        raise ValidationError("platform.empty", platform=entry.label, rule=rule_text(entry.name))
    text = _prepare(value)
    if not text:
        raise ValidationError("platform.empty", platform=entry.label, rule=rule_text(entry.name))
    handle = _extract(entry, text)
    if entry.has_hidden(handle):
        raise ValidationError(
            "platform.hidden_characters",
            platform=entry.label,
            handle=shown(handle),
            rule=rule_text(entry.name),
        )
    if not handle or not entry.is_valid(handle):
        raise ValidationError(
            entry.invalid_key, handle=shown(handle), platform=entry.label, rule=rule_text(entry.name)
        )
    if entry.is_reserved(handle):
        raise ValidationError(
            "platform.reserved", handle=handle, platform=entry.label, rule=rule_text(entry.name)
        )
    return Handle(entry.name, handle, entry.key(handle), entry.url(handle), entry.warnings(handle))


def observed_handle(platform: str, value: str) -> str:
    """The handle in a cell of observed data: a handle, ``@handle`` or a pasted profile URL.

    The platform's own URL parser takes the handle out of a profile address and its pages
    (``x.com/<handle>/status/…``, ``tiktok.com/@<handle>/video/…``, ``linkedin.com/company/<name>/posts``),
    exactly as :func:`parse_handle` does when an account is registered, and the result is in the
    platform's canonical form. Unlike :func:`parse_handle` it does not hold the handle to the
    platform's rule: accounts seen in the wild may break it. Raises ValidationError (with the
    sentence :func:`parse_handle` gives) for an unknown platform, and for an address that names
    no profile of this platform: a link to a post, a search, or a profile on another platform.
    """
    entry = _lookup(platform) or BY_NAME[resolve_platform(platform)]
    text = _prepare(value) if isinstance(value, str) else ""
    if not text:
        raise ValidationError("platform.empty", platform=entry.label, rule=rule_text(entry.name))
    return _extract(entry, text)


def same_key(platform: str, value: str) -> str:
    """The uniqueness key of any text, without validating it; equal to parse_handle's for valid handles."""
    try:
        entry = _lookup(platform)
        text = _prepare(value)
        if entry is None:
            return text.casefold()
        try:
            handle = _extract(entry, text)
        except ValidationError:
            return entry.loose_key(text)
        return entry.key(handle) if handle else ""
    except Exception:  # observed data may be anything; a key is always better than a crash
        return value.casefold() if isinstance(value, str) else ""


def handle_from_url(url: str) -> tuple[str, str] | None:
    """(platform, handle) of a pasted profile URL of any known platform, or None."""
    try:
        text = _prepare(url)
        parts = as_url(text) if "/" in text else None
        if parts is None:
            return None
        owner = _owner(parts.host)
        if owner is None:
            # any other host may be a Mastodon instance, but only /@user says so with confidence
            if not parts.segments or not parts.segments[0].startswith("@"):
                return None
            owner = _MASTODON
        elif owner is _WEBSITE or owner is _WHATSAPP:
            return None
        found = owner.handle_in_url(parts)
        if not found:
            return None
        handle = owner.canonical(found if found.isascii() else unicodedata.normalize("NFC", found))
        if owner.has_hidden(handle) or not owner.is_valid(handle):
            return None
        return owner.name, handle
    except (ValidationError, ValueError):
        return None


def platform_of_url(url: str) -> str | None:
    """The platform whose site a web address is on (a login page as well as a profile), or None."""
    try:
        text = _prepare(url)
        parts = as_url(text) if "/" in text else None
        owner = _owner(parts.host) if parts is not None else None
        return owner.name if owner is not None and owner is not _WEBSITE else None
    except (ValidationError, ValueError):
        return None
