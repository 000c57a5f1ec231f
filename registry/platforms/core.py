"""The core of the platform table: the ``Platform`` base class, its registry, and the text
and address handling every platform shares (hidden characters, host names, pasted URLs).

Each platform is a module of its own in this package; ``catalogue`` lists them in order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import quote, unquote, urlsplit

from registry import i18n
from registry.errors import ValidationError
from registry.invisible import has_invisible, is_invisible


@dataclass(frozen=True, slots=True)
class Handle:
    """A validated handle: how it is shown, what makes it unique, and where its profile lives."""

    platform: str
    handle: str
    key: str
    url: str | None
    warnings: tuple[str, ...] = ()  # rendered texts: accepted, but worth a second look


# --- characters that must never hide in a handle ---------------------------------------------

# Invisible characters (registry.invisible: Default_Ignorable_Code_Point and the bidi controls),
# control characters and format characters (Cf) may not hide in a handle.
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")
_CONTROL_OR_FORMAT = frozenset(("Cc", "Cf"))


def is_hidden(ch: str) -> bool:
    return is_invisible(ch) or unicodedata.category(ch) in _CONTROL_OR_FORMAT


def has_hidden(text: str) -> bool:
    if _ASCII_CONTROL.search(text) is not None:
        return True
    if text.isascii():
        return False
    return has_invisible(text) or any(
        unicodedata.category(ch) in _CONTROL_OR_FORMAT for ch in text if not ch.isascii()
    )


def shown(text: str, limit: int = 60) -> str:
    """The text for an error message: hidden characters spelled out, long text shortened."""
    if len(text) > limit:
        text = text[:limit] + "…"
    if text.isascii() and _ASCII_CONTROL.search(text) is None:
        return text
    return "".join(f"\\u{ord(ch):04x}" if is_hidden(ch) else ch for ch in text)


# --- host names -------------------------------------------------------------------------------

_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")


def ascii_host(host: str) -> str | None:
    """The host in ASCII (IDN labels as punycode), lower-cased; None when it is not a domain name."""
    host = host.lower().rstrip(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2:
        return None
    if not all(_HOST_LABEL.fullmatch(label) for label in labels[:-1]):
        return None
    return host if _TLD.fullmatch(labels[-1]) else None


# --- URLs -------------------------------------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class Url:
    host: str
    segments: tuple[str, ...]
    query: str
    port: str
    path: str


def as_url(text: str) -> Url | None:
    """Split a pasted address; None when the text is not URL-shaped (then it is a handle)."""
    if "://" in text:
        if not _SCHEME.match(text) or text.split("://", 1)[0].lower() not in ("http", "https"):
            raise ValidationError("platform.url_scheme")
        rest = text.split("://", 1)[1]
    elif "/" in text and "." in text.split("/", 1)[0]:
        rest = text
    else:
        return None
    try:
        parts = urlsplit("https://" + rest)
        hostname = parts.hostname
        port = parts.port
    except ValueError:
        raise ValidationError("platform.url_malformed") from None
    if parts.username is not None or parts.password is not None:
        # user:password@host — the address carries a credential; never echo it
        raise ValidationError("platform.url_credentials")
    if not hostname:
        raise ValidationError("platform.url_malformed")
    segments = tuple(unquote(s) for s in parts.path.split("/") if s)
    return Url(
        host=hostname.rstrip("."),
        segments=segments,
        query=parts.query,
        port="" if port in (None, 80, 443) else f":{port}",
        path=parts.path,
    )


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- platforms --------------------------------------------------------------------------------


class Platform:
    """One social platform. Subclasses override the hooks where the platform differs."""

    name: ClassVar[str]
    label: ClassVar[str]  # how the platform is written in a sentence
    rule: ClassVar[tuple[str, str]]  # the handle rule, English and Dutch
    aliases: ClassVar[tuple[str, ...]] = ()
    hosts: ClassVar[tuple[str, ...]] = ()  # subdomains of these belong to the platform too
    pattern: ClassVar[re.Pattern[str] | None] = None
    url_template: ClassVar[str | None] = None
    profile_prefix: ClassVar[str] = ""  # "@" where profiles live at /@handle
    reserved_paths: ClassVar[frozenset[str]] = frozenset()  # first path segments that are not profiles
    invalid_key: ClassVar[str] = "platform.invalid"

    def handle_in_text(self, text: str) -> str:
        return text[1:] if text.startswith("@") else text

    def handle_in_url(self, url: Url) -> str | None:
        if not url.segments:
            return None
        first = url.segments[0]
        if self.profile_prefix:
            return first[len(self.profile_prefix) :] if first.startswith(self.profile_prefix) else None
        return None if first.lower() in self.reserved_paths else first

    def canonical(self, handle: str) -> str:
        return handle

    def is_valid(self, handle: str) -> bool:
        assert self.pattern is not None
        return self.pattern.fullmatch(handle) is not None

    def is_reserved(self, handle: str) -> bool:
        """A word the platform keeps for its own pages (x.com/home): no account can have it."""
        return handle.lower() in self.reserved_paths

    def has_hidden(self, handle: str) -> bool:
        return has_hidden(handle)

    def key(self, handle: str) -> str:
        return handle.lower() if handle.isascii() else handle.casefold()

    def url(self, handle: str) -> str | None:
        assert self.url_template is not None
        return self.url_template.format(handle if handle.isascii() else quote(handle, safe="@._-/"))

    def loose_key(self, text: str) -> str:
        """The key of text that is not a handle at all (used by same_key only)."""
        return text.casefold()

    def warnings(self, handle: str) -> tuple[str, ...]:
        """Texts for a handle that is accepted but unusual for the platform."""
        return ()


BY_NAME: dict[str, Platform] = {}
BY_ALIAS: dict[str, Platform] = {}
BY_HOST: dict[str, Platform] = {}




def register(cls: type[Platform]) -> type[Platform]:
    """Enter a platform in the table (the catalogue does, in its order)."""
    platform = cls()
    BY_NAME[cls.name] = platform
    for alias in (cls.name, *cls.aliases):
        BY_ALIAS[alias] = platform
    for host in cls.hosts:
        BY_HOST[host] = platform
    i18n.register({f"platform.rule.{cls.name}": cls.rule})
    return cls
