"""YouTube: @handles, without mixing Latin, Greek and Cyrillic letters."""

from __future__ import annotations

import re
import unicodedata

from registry.platforms.core import Platform, Url

_YOUTUBE_ASCII = re.compile(r"@[A-Za-z0-9_.-]{3,30}")
_MIXING_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


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

    def handle_in_url(self, url: Url) -> str | None:
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
