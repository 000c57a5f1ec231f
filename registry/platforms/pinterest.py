"""Pinterest: usernames on every country domain; pin.it short links name a pin, not a profile."""

from __future__ import annotations

import re

from registry.platforms.core import Platform, Url, words


class Pinterest(Platform):
    name = "pinterest"
    label = "Pinterest"
    hosts = tuple(
        f"pinterest.{tld}"
        for tld in words("com nl be de fr at ch es it pt se dk ie co.uk ca com.au nz com.mx jp co.kr ph cl")
    ) + ("pin.it",)
    pattern = re.compile(r"[A-Za-z0-9_]{3,30}")
    url_template = "https://www.pinterest.com/{}"
    reserved_paths = words("pin search ideas today business settings categories explore _ about login")
    rule = (
        "Pinterest usernames are 3–30 letters, digits or underscores.",
        "Pinterest-gebruikersnamen zijn 3–30 letters, cijfers of underscores.",
    )

    def handle_in_url(self, url: Url) -> str | None:
        # pin.it/<code> is a short link to a pin, not a profile
        return None if url.host == "pin.it" else super().handle_in_url(url)
