"""X (formerly Twitter): handles of up to 15 characters, older ones of up to 20 accepted with a warning."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from registry import i18n
from registry.platforms.core import Platform, Url, words

i18n.register(
    {
        "platform.x_long": (
            "'{handle}' has {length} characters, more than the 15 X allows for a handle; it was accepted, but check that it is right.",
            "'{handle}' heeft {length} tekens, meer dan de 15 die X voor een handle toestaat; het is aanvaard, maar controleer of het klopt.",
        ),
    }
)


class X(Platform):
    name = "x"
    label = "X"
    aliases = ("twitter",)
    hosts = ("x.com", "twitter.com")
    # New X handles are at most 15 characters; registries carry older or mistyped records of up
    # to 20 (the length X itself recognises in mentions), accepted with a warning.
    pattern = re.compile(r"[A-Za-z0-9_]{1,20}")
    url_template = "https://x.com/{}"
    reserved_paths = words(
        "home i intent search explore hashtag settings share messages notifications compose login logout signup tos privacy account"
    )
    rule = (
        "X handles are 1–15 letters, digits or underscores.",
        "X-handles bestaan uit 1–15 letters, cijfers of underscores.",
    )

    def handle_in_url(self, url: Url) -> str | None:
        # /intent/user?screen_name=<handle> and /intent/follow?… name the profile in the query
        if len(url.segments) >= 2 and url.segments[0] == "intent" and url.segments[1] in ("user", "follow"):
            names = parse_qs(url.query).get("screen_name")
            return names[0] if names else None
        return super().handle_in_url(url)

    def warnings(self, handle: str) -> tuple[str, ...]:
        if len(handle) > 15:
            return (i18n.t("platform.x_long", handle=handle, length=len(handle)),)
        return ()
