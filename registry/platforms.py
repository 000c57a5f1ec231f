"""Social platforms: each platform's handle rule, canonical form, and profile URL in and out.

Every platform is declared once, as a class registered in ``PLATFORMS``; the functions at the end
are the only way the rest of smreg reads them. Two entrances with different duties:

- :func:`parse_handle` is for registering an account: it validates by the platform's own rule and
  refuses, with that rule in the message, anything else — including handles with invisible or
  text-direction characters, a known trick to imitate another account.
- :func:`same_key` is for observed accounts from the wild, whose handles may break the rules: it
  never refuses, and gives the same key as :func:`parse_handle` for every valid handle. It keeps
  invisible characters, so a disguised copy never looks like the registered account itself.

What counts as "the same handle" follows the platform (case never counts; on Facebook dots do not
count either), and is captured in :attr:`Handle.key`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar
from urllib.parse import parse_qs, quote, unquote, urlsplit

from registry import i18n
from registry.errors import ValidationError


@dataclass(frozen=True, slots=True)
class Handle:
    """A validated handle: how it is shown, what makes it unique, and where its profile lives."""

    platform: str
    handle: str
    key: str
    url: str | None
    warnings: tuple[str, ...] = ()  # rendered texts: accepted, but worth a second look


# --- characters that must never hide in a handle ---------------------------------------------

# Default_Ignorable_Code_Point ranges plus C0/C1 controls; format characters (Cf) outside these
# ranges are caught by category below. Hangul fillers are letters (Lo) yet render as nothing.
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _is_hidden(ch: str) -> bool:
    return _HIDDEN.match(ch) is not None or unicodedata.category(ch) == "Cf"


def _has_hidden(text: str) -> bool:
    if text.isascii():
        return _ASCII_CONTROL.search(text) is not None
    return _HIDDEN.search(text) is not None or any(
        unicodedata.category(ch) == "Cf" for ch in text if not ch.isascii()
    )


def _shown(text: str, limit: int = 60) -> str:
    """The text for an error message: hidden characters spelled out, long text shortened."""
    if len(text) > limit:
        text = text[:limit] + "…"
    if text.isascii() and _ASCII_CONTROL.search(text) is None:
        return text
    return "".join(f"\\u{ord(ch):04x}" if _is_hidden(ch) else ch for ch in text)


# --- host names -------------------------------------------------------------------------------

_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")


def _ascii_host(host: str) -> str | None:
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
class _Url:
    host: str
    segments: tuple[str, ...]
    query: str
    port: str
    path: str


def _as_url(text: str) -> _Url | None:
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
    return _Url(
        host=hostname.rstrip("."),
        segments=segments,
        query=parts.query,
        port="" if port in (None, 80, 443) else f":{port}",
        path=parts.path,
    )


def _words(text: str) -> frozenset[str]:
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

    def handle_in_url(self, url: _Url) -> str | None:
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
        return _has_hidden(handle)

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


_PLATFORMS: dict[str, Platform] = {}
_BY_ALIAS: dict[str, Platform] = {}
_BY_HOST: dict[str, Platform] = {}


i18n.register(
    {
        "platform.x_long": (
            "'{handle}' has {length} characters, more than the 15 X allows for a handle; it was accepted, but check that it is right.",
            "'{handle}' heeft {length} tekens, meer dan de 15 die X voor een handle toestaat; het is aanvaard, maar controleer of het klopt.",
        ),
    }
)


def _register(cls: type[Platform]) -> type[Platform]:
    platform = cls()
    _PLATFORMS[cls.name] = platform
    for alias in (cls.name, *cls.aliases):
        _BY_ALIAS[alias] = platform
    for host in cls.hosts:
        _BY_HOST[host] = platform
    i18n.register({f"platform.rule.{cls.name}": cls.rule})
    return cls


_INSTAGRAM = re.compile(r"(?!\.)(?!.*\.\.)[A-Za-z0-9_.]{1,30}(?<!\.)")


@_register
class X(Platform):
    name = "x"
    label = "X"
    aliases = ("twitter",)
    hosts = ("x.com", "twitter.com")
    # New X handles are at most 15 characters; registries carry older or mistyped records of up
    # to 20 (the length X itself recognises in mentions), accepted with a warning.
    pattern = re.compile(r"[A-Za-z0-9_]{1,20}")
    url_template = "https://x.com/{}"
    reserved_paths = _words(
        "home i intent search explore hashtag settings share messages notifications compose login logout signup tos privacy account"
    )
    rule = (
        "X handles are 1–15 letters, digits or underscores.",
        "X-handles bestaan uit 1–15 letters, cijfers of underscores.",
    )

    def handle_in_url(self, url: _Url) -> str | None:
        # /intent/user?screen_name=<handle> and /intent/follow?… name the profile in the query
        if len(url.segments) >= 2 and url.segments[0] == "intent" and url.segments[1] in ("user", "follow"):
            names = parse_qs(url.query).get("screen_name")
            return names[0] if names else None
        return super().handle_in_url(url)

    def warnings(self, handle: str) -> tuple[str, ...]:
        if len(handle) > 15:
            return (i18n.t("platform.x_long", handle=handle, length=len(handle)),)
        return ()


@_register
class Instagram(Platform):
    name = "instagram"
    label = "Instagram"
    aliases = ("ig", "insta")
    hosts = ("instagram.com", "instagr.am")
    pattern = _INSTAGRAM
    url_template = "https://www.instagram.com/{}"
    reserved_paths = _words("p reel reels tv explore accounts direct about legal")
    rule = (
        "Instagram usernames are at most 30 letters, digits, underscores or dots, "
        "not starting or ending with a dot and without two dots in a row.",
        "Instagram-gebruikersnamen zijn hoogstens 30 letters, cijfers, underscores of punten, "
        "niet beginnend of eindigend met een punt en zonder twee punten achter elkaar.",
    )

    def handle_in_url(self, url: _Url) -> str | None:
        # /stories/<user>/… and the app link /_u/<user> still name one profile;
        # /stories/highlights/<number>/ is a collection of stories, not a user called "highlights"
        if len(url.segments) >= 2 and url.segments[0] in ("stories", "_u"):
            return url.segments[1] if url.segments[1] != "highlights" else None
        return super().handle_in_url(url)


@_register
class Threads(Platform):
    name = "threads"
    label = "Threads"
    hosts = ("threads.net", "threads.com")
    pattern = _INSTAGRAM
    url_template = "https://www.threads.net/@{}"
    profile_prefix = "@"
    rule = (
        "Threads usernames follow Instagram's rule: at most 30 letters, digits, underscores or dots, "
        "not starting or ending with a dot and without two dots in a row.",
        "Threads-gebruikersnamen volgen de regel van Instagram: hoogstens 30 letters, cijfers, "
        "underscores of punten, niet beginnend of eindigend met een punt en zonder twee punten achter elkaar.",
    )


_FACEBOOK_GROUP_PAGES = _words("feed discover joins create search notifications about")


@_register
class Facebook(Platform):
    name = "facebook"
    label = "Facebook"
    aliases = ("fb",)
    hosts = ("facebook.com", "fb.com")
    pattern = re.compile(r"[A-Za-z0-9.]{5,50}|groups/[A-Za-z0-9._-]{1,100}")
    url_template = "https://www.facebook.com/{}"
    reserved_paths = _words(
        "watch events photo photo.php photos story.php permalink.php share sharer sharer.php login marketplace gaming help hashtag search home.php reel reels videos pages people policies stories notes media"
    )
    rule = (
        "Facebook usernames are 5–50 letters (A–Z), digits or dots; a group is groups/<name or number>.",
        "Facebook-gebruikersnamen zijn 5–50 letters (A–Z), cijfers of punten; een groep is "
        "groups/<naam of nummer>.",
    )

    def handle_in_text(self, text: str) -> str:
        text = super().handle_in_text(text)
        return "groups/" + text[7:].strip("/") if text.lower().startswith("groups/") else text

    def handle_in_url(self, url: _Url) -> str | None:
        seg = url.segments
        if not seg:
            return None
        first = seg[0].lower()
        if first == "profile.php":
            ids = parse_qs(url.query).get("id")
            return ids[0] if ids else None
        if first == "groups":
            # /groups/<group>/…; /groups/feed/ and the like are Facebook's own pages about groups
            return "groups/" + seg[1] if len(seg) >= 2 and seg[1].lower() not in _FACEBOOK_GROUP_PAGES else None
        if first in ("people", "pages") and len(seg) >= 3:  # /people/<name>/<numeric id>
            return seg[2]
        if first == "pg" and len(seg) >= 2:  # the older page address /pg/<page>/about
            return seg[1]
        if first == "p" and len(seg) >= 2:  # /p/<Name>-<numeric id>/: the id names the profile
            number = seg[1].rsplit("-", 1)[-1]
            return number if number.isdigit() else None
        return super().handle_in_url(url)

    def key(self, handle: str) -> str:
        # Facebook: "Periods and capitalization can't be used to differentiate usernames."
        if handle[:7].lower() == "groups/":
            return "groups/" + handle[7:].casefold()
        return handle.replace(".", "").casefold()


_LINKEDIN_KINDS = ("in", "company", "school", "showcase", "groups")
_LINKEDIN_SLUG = re.compile(r"[\w-]{1,100}")


@_register
class LinkedIn(Platform):
    name = "linkedin"
    label = "LinkedIn"
    hosts = ("linkedin.com",)
    url_template = "https://www.linkedin.com/{}"
    rule = (
        "LinkedIn handles are in/<name> for a person, company/<name>, school/<name> or "
        "showcase/<name> for a page, or groups/<number> for a group; a name is letters, digits, "
        "hyphens or underscores (3–100 for a person, 1–100 for a page).",
        "LinkedIn-handles zijn in/<naam> voor een persoon, company/<naam>, school/<naam> of "
        "showcase/<naam> voor een pagina, of groups/<nummer> voor een groep; een naam bestaat uit "
        "letters, cijfers, koppeltekens of underscores (3–100 voor een persoon, 1–100 voor een pagina).",
    )

    def _from_segments(self, segments: list[str] | tuple[str, ...]) -> str | None:
        if len(segments) >= 2 and segments[0].lower() in _LINKEDIN_KINDS:
            return segments[0].lower() + "/" + segments[1]
        return None

    def handle_in_text(self, text: str) -> str:
        segments = [s for s in unquote(text).split("/") if s]
        return self._from_segments(segments) or text

    def handle_in_url(self, url: _Url) -> str | None:
        return self._from_segments(url.segments)

    def canonical(self, handle: str) -> str:
        kind, sep, slug = handle.partition("/")
        if not sep:
            return handle
        if not slug.isascii():
            slug = unicodedata.normalize("NFC", slug)
        return kind.lower() + sep + slug

    def is_valid(self, handle: str) -> bool:
        kind, _, slug = handle.partition("/")
        if kind == "groups":
            return slug.isascii() and slug.isdigit() and len(slug) <= 20
        if kind not in _LINKEDIN_KINDS or _LINKEDIN_SLUG.fullmatch(slug) is None:
            return False
        return len(slug) >= 3 if kind == "in" else True

    def key(self, handle: str) -> str:
        kind, sep, slug = handle.partition("/")
        return kind.lower() + sep + slug.casefold()


_YOUTUBE_ASCII = re.compile(r"@[A-Za-z0-9_.-]{3,30}")
_MIXING_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


@_register
class YouTube(Platform):
    name = "youtube"
    label = "YouTube"
    aliases = ("yt",)
    hosts = ("youtube.com", "youtu.be")
    url_template = "https://www.youtube.com/{}"
    profile_prefix = "@"
    rule = (
        "YouTube handles are @ followed by 3–30 letters, digits, underscores, hyphens or dots, "
        "without mixing Latin, Greek and Cyrillic letters.",
        "YouTube-handles zijn @ gevolgd door 3–30 letters, cijfers, underscores, koppeltekens of "
        "punten, zonder Latijnse, Griekse en Cyrillische letters te mengen.",
    )

    def handle_in_text(self, text: str) -> str:
        return text if text.startswith("@") else "@" + text

    def handle_in_url(self, url: _Url) -> str | None:
        first = url.segments[0] if url.segments else ""
        return first if first.startswith("@") else None

    def is_valid(self, handle: str) -> bool:
        if handle.isascii():
            return _YOUTUBE_ASCII.fullmatch(handle) is not None
        body = handle[1:]
        if not handle.startswith("@") or not 3 <= len(body) <= 30:
            return False
        scripts = set()
        for ch in body:
            if ch in "_.-":
                continue
            category = unicodedata.category(ch)
            if category[0] not in "LMN":
                return False
            if category[0] == "L":
                script = unicodedata.name(ch, "").split(" ", 1)[0]
                if script in _MIXING_SCRIPTS:
                    scripts.add(script)
        # YouTube forbids mixing these scripts: the mix is how lookalike handles are built
        return len(scripts) <= 1


@_register
class TikTok(Platform):
    name = "tiktok"
    label = "TikTok"
    hosts = ("tiktok.com",)
    pattern = re.compile(r"[A-Za-z0-9_.]{1,29}[A-Za-z0-9_]")
    url_template = "https://www.tiktok.com/@{}"
    profile_prefix = "@"
    rule = (
        "TikTok usernames are 2–30 letters, digits, underscores or dots, not ending with a dot.",
        "TikTok-gebruikersnamen zijn 2–30 letters, cijfers, underscores of punten, niet eindigend "
        "met een punt.",
    )


@_register
class Pinterest(Platform):
    name = "pinterest"
    label = "Pinterest"
    hosts = tuple(
        f"pinterest.{tld}"
        for tld in _words("com nl be de fr at ch es it pt se dk ie co.uk ca com.au nz com.mx jp co.kr ph cl")
    ) + ("pin.it",)
    pattern = re.compile(r"[A-Za-z0-9_]{3,30}")
    url_template = "https://www.pinterest.com/{}"
    reserved_paths = _words("pin search ideas today business settings categories explore _ about login")
    rule = (
        "Pinterest usernames are 3–30 letters, digits or underscores.",
        "Pinterest-gebruikersnamen zijn 3–30 letters, cijfers of underscores.",
    )

    def handle_in_url(self, url: _Url) -> str | None:
        # pin.it/<code> is a short link to a pin, not a profile
        return None if url.host == "pin.it" else super().handle_in_url(url)


_TUMBLR_NOT_BLOGS = _words("www m mobile assets media api help static")


@_register
class Tumblr(Platform):
    name = "tumblr"
    label = "Tumblr"
    hosts = ("tumblr.com",)
    # strict shape, but blogs from before today's rule may start or end with a hyphen
    pattern = re.compile(r"(?=.*[a-z0-9])[a-z0-9-]{1,32}")
    url_template = "https://www.tumblr.com/{}"
    reserved_paths = _words("dashboard explore tagged search settings login register help about")
    rule = (
        "Tumblr blog names are 1–32 lower-case letters, digits or hyphens.",
        "Tumblr-blognamen zijn 1–32 kleine letters, cijfers of koppeltekens.",
    )

    def handle_in_text(self, text: str) -> str:
        text = super().handle_in_text(text)
        return text[: -len(".tumblr.com")] if text.lower().endswith(".tumblr.com") else text

    def handle_in_url(self, url: _Url) -> str | None:
        blog = url.host[: -len(".tumblr.com")] if url.host.endswith(".tumblr.com") else ""
        if blog and "." not in blog and blog not in _TUMBLR_NOT_BLOGS:
            return blog
        seg = url.segments
        if len(seg) >= 2 and seg[0] == "blog":  # /blog/<name> and /blog/view/<name>
            return seg[2] if seg[1] == "view" and len(seg) >= 3 else seg[1]
        return super().handle_in_url(url)

    def canonical(self, handle: str) -> str:
        return handle.lower()


_BLUESKY = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")
_BLUESKY_DISALLOWED_TLDS = _words("alt arpa example internal invalid local localhost onion")


@_register
class Bluesky(Platform):
    name = "bluesky"
    label = "Bluesky"
    aliases = ("bsky",)
    hosts = ("bsky.app",)
    url_template = "https://bsky.app/profile/{}"
    rule = (
        "Bluesky handles are domain names such as name.bsky.social: ASCII letters, digits and "
        "hyphens in two or more parts separated by dots, the last part not starting with a digit, "
        "at most 253 characters; endings such as .local, .onion or .example are not allowed.",
        "Bluesky-handles zijn domeinnamen zoals naam.bsky.social: ASCII-letters, cijfers en "
        "koppeltekens in twee of meer delen gescheiden door punten, het laatste deel niet beginnend "
        "met een cijfer, hoogstens 253 tekens; eindes zoals .local, .onion of .example mogen niet.",
    )

    def handle_in_url(self, url: _Url) -> str | None:
        seg = url.segments
        return seg[1] if len(seg) >= 2 and seg[0] == "profile" else None

    def canonical(self, handle: str) -> str:
        # the AT Protocol: handles "should be normalized to lowercase"
        return handle.lower()

    def is_valid(self, handle: str) -> bool:
        return (
            len(handle) <= 253
            and handle.isascii()
            and _BLUESKY.fullmatch(handle) is not None
            and handle.rsplit(".", 1)[-1] not in _BLUESKY_DISALLOWED_TLDS
        )


_MASTODON_USER = re.compile(r"[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*")


@_register
class Mastodon(Platform):
    name = "mastodon"
    label = "Mastodon"
    rule = (
        "Mastodon handles are user@instance, for example jan@mastodon.social: the user name is at "
        "most 30 letters, digits or underscores, with dots or hyphens only between them, and the "
        "instance is a domain name.",
        "Mastodon-handles zijn gebruiker@instantie, bijvoorbeeld jan@mastodon.social: de "
        "gebruikersnaam is hoogstens 30 letters, cijfers of underscores, met punten of koppeltekens "
        "alleen daartussen, en de instantie is een domeinnaam.",
    )

    def handle_in_url(self, url: _Url) -> str | None:
        seg = url.segments
        if seg and seg[0] == "web":  # the older web interface: /web/@user
            seg = seg[1:]
        if seg and seg[0].startswith("@") and len(seg[0]) > 1:
            user = seg[0][1:]
        elif len(seg) >= 2 and seg[0] == "users":
            user = seg[1]
        else:
            return None
        # /@user@other.instance is a remote account shown on this instance
        return user if "@" in user else f"{user}@{url.host}"

    def canonical(self, handle: str) -> str:
        user, sep, instance = handle.rpartition("@")
        return f"{user}@{instance.lower().rstrip('.')}" if sep and user else handle

    def is_valid(self, handle: str) -> bool:
        user, sep, instance = handle.partition("@")
        return (
            bool(sep)
            and len(user) <= 30
            and _MASTODON_USER.fullmatch(user) is not None
            and _ascii_host(instance) is not None
        )

    def key(self, handle: str) -> str:
        # identity is (user, instance): the same user name on another instance is another account
        user, sep, instance = handle.rpartition("@")
        if not sep:
            return handle.casefold()
        return f"{user.casefold()}@{_ascii_host(instance) or instance.casefold()}"

    def url(self, handle: str) -> str | None:
        user, _, instance = handle.partition("@")
        return f"https://{_ascii_host(instance)}/@{user}"


_WHATSAPP_LINK = re.compile(r"chat\.whatsapp\.com|whatsapp\.com/|wa\.me/", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_EMOJI_JOINERS = frozenset("\u200d\ufe0e\ufe0f")


@_register
class WhatsApp(Platform):
    name = "whatsapp"
    label = "WhatsApp"
    aliases = ("wa",)
    hosts = ("whatsapp.com", "wa.me")
    invalid_key = "platform.whatsapp.invalid"
    rule = (
        "A WhatsApp group is registered by its name, 1–100 characters; it has no public handle or address.",
        "Een WhatsApp-groep wordt geregistreerd met zijn naam, 1–100 tekens; hij heeft geen openbare "
        "handle of adres.",
    )

    def handle_in_text(self, text: str) -> str:
        if _WHATSAPP_LINK.search(text):
            raise ValidationError("platform.whatsapp_invite")
        if "://" in text:
            raise ValidationError("platform.whatsapp_url")
        return _WHITESPACE.sub(" ", text)

    def is_valid(self, handle: str) -> bool:
        return 1 <= len(handle) <= 100

    def has_hidden(self, handle: str) -> bool:
        if handle.isascii():
            return _has_hidden(handle)
        # emoji sequences need joiners and variation selectors; between letters they only hide
        for i, ch in enumerate(handle):
            if ch in _EMOJI_JOINERS or "\U000e0020" <= ch <= "\U000e007f":
                before = handle[i - 1] if i else " "
                after = handle[i + 1] if i + 1 < len(handle) else " "
                if before.isalnum() and after.isalnum():
                    return True
            elif _is_hidden(ch):
                return True
        return False

    def key(self, handle: str) -> str:
        return handle.casefold()

    def url(self, handle: str) -> str | None:
        return None

    def loose_key(self, text: str) -> str:
        if _WHATSAPP_LINK.search(text):
            # an invite link is a credential: key it by a digest so it is never kept as text
            return "invite:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return _WHITESPACE.sub(" ", text).casefold()


@_register
class Snapchat(Platform):
    name = "snapchat"
    label = "Snapchat"
    hosts = ("snapchat.com",)
    pattern = re.compile(r"[A-Za-z][A-Za-z0-9._-]{2,14}")
    url_template = "https://www.snapchat.com/add/{}"
    rule = (
        "Snapchat usernames are 3–15 letters, digits, hyphens, underscores or dots, starting with a letter.",
        "Snapchat-gebruikersnamen zijn 3–15 letters, cijfers, koppeltekens, underscores of punten, "
        "beginnend met een letter.",
    )

    def handle_in_url(self, url: _Url) -> str | None:
        seg = url.segments
        if len(seg) >= 2 and seg[0] == "add":
            return seg[1]
        return seg[0][1:] if seg and seg[0].startswith("@") else None


_WEBSITE_PATH = re.compile(r"[^\s\\]*")
_URL_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


@_register
class Website(Platform):
    name = "website"
    label = "website"
    aliases = ("site", "blog", "web")
    # blog hosts whose /@name paths would otherwise read as Mastodon profiles
    hosts = ("medium.com", "substack.com")
    invalid_key = "platform.website.invalid"
    rule = (
        "A website is given by its address, such as example.org/blog or https://example.org/blog: "
        "a domain name with an optional path.",
        "Een website wordt gegeven met zijn adres, zoals example.org/blog of https://example.org/blog: "
        "een domeinnaam met eventueel een pad.",
    )

    def handle_in_url(self, url: _Url) -> str | None:
        return url.host.lower() + url.port + url.path.rstrip("/")

    def _split(self, handle: str) -> tuple[str, str, str]:
        """(host, ':port' or '', path) of a handle."""
        slash = handle.find("/")
        hostport, path = (handle, "") if slash < 0 else (handle[:slash], handle[slash:])
        host, colon, port = hostport.partition(":")
        return host, colon + port, path

    def is_valid(self, handle: str) -> bool:
        host, port, path = self._split(handle)
        if port and not (port[1:].isascii() and port[1:].isdigit() and len(port) <= 6):
            return False
        return (
            len(handle) <= 2000
            and _ascii_host(host) is not None
            and _WEBSITE_PATH.fullmatch(path) is not None
            and not path.endswith("/")
            and "?" not in path
            and "#" not in path
        )

    def key(self, handle: str) -> str:
        host, port, path = self._split(handle)
        host = _ascii_host(host) or host.casefold()
        host = host[4:] if host.startswith("www.") else host
        path = unquote(path)
        if not path.isascii():
            path = unicodedata.normalize("NFC", path)
        return host + port + path

    def url(self, handle: str) -> str | None:
        host, port, path = self._split(handle)
        host = _ascii_host(host) or host
        return f"https://{host}{port}{quote(path, safe=_URL_PATH_SAFE)}"


_MASTODON: Platform = _PLATFORMS["mastodon"]
_WEBSITE: Platform = _PLATFORMS["website"]
_WHATSAPP: Platform = _PLATFORMS["whatsapp"]
PLATFORMS = MappingProxyType(_PLATFORMS)


# --- messages ---------------------------------------------------------------------------------

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


# --- public API -------------------------------------------------------------------------------


def platform_names() -> list[str]:
    """The canonical platform names, sorted."""
    return sorted(_PLATFORMS)


def _lookup(name: str) -> Platform | None:
    platform = _BY_ALIAS.get(name)
    if platform is None and isinstance(name, str):
        platform = _BY_ALIAS.get(name.strip().casefold())
    return platform


def resolve_platform(name: str) -> str:
    """The canonical name of a platform given by name or alias ('Twitter' -> 'x')."""
    platform = _lookup(name)
    if platform is None:
        raise ValidationError("platform.unknown", name=_shown(str(name)), names=", ".join(platform_names()))
    return platform.name


def platform_label(name: str) -> str:
    """How a platform is written in a sentence ('linkedin' -> 'LinkedIn')."""
    return _PLATFORMS[resolve_platform(name)].label


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
    url = _as_url(text if "/" in text else text + "/") if platform is _WEBSITE else _as_url(text)
    if url is None:
        return platform.canonical(platform.handle_in_text(text))
    owner = _owner(url.host)
    if owner is _WHATSAPP and url.host.endswith("chat.whatsapp.com"):
        raise ValidationError("platform.whatsapp_invite")
    if platform is _WEBSITE:
        # a profile on a known platform belongs under that platform, not as a website
        recognised = handle_from_url(text) if owner is not None and owner is not _WEBSITE else None
        if recognised is not None:
            raise _not_this_platform(platform, _PLATFORMS[recognised[0]])
    elif owner is not platform and not (owner is None and platform is _MASTODON):
        raise _not_this_platform(platform, owner)
    found = platform.handle_in_url(url)
    if found is None:
        raise _not_profile(platform)
    return platform.canonical(found if found.isascii() else unicodedata.normalize("NFC", found))


def _owner(host: str) -> Platform | None:
    """The platform a host belongs to, looking through subdomains (nl.linkedin.com, blog.tumblr.com)."""
    while True:
        platform = _BY_HOST.get(host)
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
    entry = _lookup(platform) or _PLATFORMS[resolve_platform(platform)]
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
            handle=_shown(handle),
            rule=rule_text(entry.name),
        )
    if not handle or not entry.is_valid(handle):
        raise ValidationError(
            entry.invalid_key, handle=_shown(handle), platform=entry.label, rule=rule_text(entry.name)
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
    entry = _lookup(platform) or _PLATFORMS[resolve_platform(platform)]
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
        parts = _as_url(text) if "/" in text else None
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
        parts = _as_url(text) if "/" in text else None
        owner = _owner(parts.host) if parts is not None else None
        return owner.name if owner is not None and owner is not _WEBSITE else None
    except (ValidationError, ValueError):
        return None
