"""Instagram: usernames, and the story and app links that name a profile."""

from __future__ import annotations

import re

from registry.platforms.core import Platform, Url, words

# Threads shares the rule.
USERNAME = re.compile(r"(?!\.)(?!.*\.\.)[A-Za-z0-9_.]{1,30}(?<!\.)")



class Instagram(Platform):
    name = "instagram"
    label = "Instagram"
    aliases = ("ig", "insta")
    hosts = ("instagram.com", "instagr.am")
    pattern = USERNAME
    url_template = "https://www.instagram.com/{}"
    reserved_paths = words("p reel reels tv explore accounts direct about legal")
    rule = (
        "Instagram usernames are at most 30 letters, digits, underscores or dots, "
        "not starting or ending with a dot and without two dots in a row.",
        "Instagram-gebruikersnamen zijn hoogstens 30 letters, cijfers, underscores of punten, "
        "niet beginnend of eindigend met een punt en zonder twee punten achter elkaar.",
    )

    def handle_in_url(self, url: Url) -> str | None:
        # /stories/<user>/… and the app link /_u/<user> still name one profile;
        # /stories/highlights/<number>/ is a collection of stories, not a user called "highlights"
        if len(url.segments) >= 2 and url.segments[0] in ("stories", "_u"):
            return url.segments[1] if url.segments[1] != "highlights" else None
        return super().handle_in_url(url)
