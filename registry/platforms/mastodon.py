"""Mastodon: user@instance, on any instance; the same user name elsewhere is another account."""

from __future__ import annotations

import re

from registry.platforms.core import Platform, Url, ascii_host

_MASTODON_USER = re.compile(r"[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*")


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

    def handle_in_url(self, url: Url) -> str | None:
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
            and ascii_host(instance) is not None
        )

    def key(self, handle: str) -> str:
        # identity is (user, instance): the same user name on another instance is another account
        user, sep, instance = handle.rpartition("@")
        if not sep:
            return handle.casefold()
        return f"{user.casefold()}@{ascii_host(instance) or instance.casefold()}"

    def url(self, handle: str) -> str | None:
        user, _, instance = handle.partition("@")
        return f"https://{ascii_host(instance)}/@{user}"
