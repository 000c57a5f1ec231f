"""Snapchat: usernames, profiles at /add/<name> or /@name."""

from __future__ import annotations

import re

from registry.platforms.core import Platform, Url


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

    def handle_in_url(self, url: Url) -> str | None:
        seg = url.segments
        if len(seg) >= 2 and seg[0] == "add":
            return seg[1]
        return seg[0][1:] if seg and seg[0].startswith("@") else None
