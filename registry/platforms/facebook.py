"""Facebook: usernames where dots and case do not count, groups, and the many page addresses."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from registry.platforms.core import Platform, Url, words

_FACEBOOK_GROUP_PAGES = words("feed discover joins create search notifications about")


class Facebook(Platform):
    name = "facebook"
    label = "Facebook"
    aliases = ("fb",)
    hosts = ("facebook.com", "fb.com")
    pattern = re.compile(r"[A-Za-z0-9.]{5,50}|groups/[A-Za-z0-9._-]{1,100}")
    url_template = "https://www.facebook.com/{}"
    reserved_paths = words(
        "watch events photo photo.php photos story.php permalink.php share sharer sharer.php login marketplace gaming help hashtag search home.php reel reels videos pages people policies stories notes media"
    )
    rule = (
        "Facebook usernames are 5–50 letters (A–Z), digits or dots; a group is groups/<name or number>.",
        "Facebook-gebruikersnamen zijn 5–50 letters (A–Z), cijfers of punten; een groep is "
        "groups/<naam of nummer>.",
    )

    def handle_in_text(self, text: str) -> str:
        text = super().handle_in_text(text)
        return "groups/" + text[7:].strip("/") if text.lower().startswith("groups/") else text

    def handle_in_url(self, url: Url) -> str | None:
        seg = url.segments
        if not seg:
            return None
        first = seg[0].lower()
        if first == "profile.php":
            ids = parse_qs(url.query).get("id")
            return ids[0] if ids else None
        if first == "groups":
            # /groups/<group>/…; /groups/feed/ and the like are Facebook's own pages about groups
            return "groups/" + seg[1] if len(seg) >= 2 and seg[1].lower() not in _FACEBOOK_GROUP_PAGES else None
        if first in ("people", "pages") and len(seg) >= 3:  # /people/<name>/<numeric id>
            return seg[2]
        if first == "pg" and len(seg) >= 2:  # the older page address /pg/<page>/about
            return seg[1]
        if first == "p" and len(seg) >= 2:  # /p/<Name>-<numeric id>/: the id names the profile
            number = seg[1].rsplit("-", 1)[-1]
            return number if number.isdigit() else None
        return super().handle_in_url(url)

    def key(self, handle: str) -> str:
        # Facebook: "Periods and capitalization can't be used to differentiate usernames."
        if handle[:7].lower() == "groups/":
            return "groups/" + handle[7:].casefold()
        return handle.replace(".", "").casefold()
