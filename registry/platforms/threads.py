"""Threads: Instagram's username rule, profiles at /@name."""

from __future__ import annotations

from registry.platforms.core import Platform
from registry.platforms.instagram import USERNAME


class Threads(Platform):
    name = "threads"
    label = "Threads"
    hosts = ("threads.net", "threads.com")
    pattern = USERNAME
    url_template = "https://www.threads.net/@{}"
    profile_prefix = "@"
    rule = (
        "Threads usernames follow Instagram's rule: at most 30 letters, digits, underscores or dots, "
        "not starting or ending with a dot and without two dots in a row.",
        "Threads-gebruikersnamen volgen de regel van Instagram: hoogstens 30 letters, cijfers, "
        "underscores of punten, niet beginnend of eindigend met een punt en zonder twee punten achter elkaar.",
    )
