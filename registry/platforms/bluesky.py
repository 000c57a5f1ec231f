"""Bluesky: handles that are domain names (the AT Protocol)."""

from __future__ import annotations

import re

from registry.platforms.core import Platform, Url, words

_BLUESKY = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")
_BLUESKY_DISALLOWED_TLDS = words("alt arpa example internal invalid local localhost onion")


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

    def handle_in_url(self, url: Url) -> str | None:
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
