"""LinkedIn: in/<name> for a person, company/, school/ and showcase/ pages, groups/<number>."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from registry.platforms.core import Platform, Url

_LINKEDIN_KINDS = ("in", "company", "school", "showcase", "groups")
_LINKEDIN_SLUG = re.compile(r"[\w-]{1,100}")


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

    def handle_in_url(self, url: Url) -> str | None:
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
