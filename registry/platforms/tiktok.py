"""TikTok: usernames, profiles at /@name."""

from __future__ import annotations

import re

from registry.platforms.core import Platform


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
