"""Tumblr: blog names, as a subdomain or a /blog/ path."""

from __future__ import annotations

import re

from registry.platforms.core import Platform, Url, words

_TUMBLR_NOT_BLOGS = words("www m mobile assets media api help static")


class Tumblr(Platform):
    name = "tumblr"
    label = "Tumblr"
    hosts = ("tumblr.com",)
    # strict shape, but blogs from before today's rule may start or end with a hyphen
    pattern = re.compile(r"(?=.*[a-z0-9])[a-z0-9-]{1,32}")
    url_template = "https://www.tumblr.com/{}"
    reserved_paths = words("dashboard explore tagged search settings login register help about")
    rule = (
        "Tumblr blog names are 1–32 lower-case letters, digits or hyphens.",
        "Tumblr-blognamen zijn 1–32 kleine letters, cijfers of koppeltekens.",
    )

    def handle_in_text(self, text: str) -> str:
        text = super().handle_in_text(text)
        return text[: -len(".tumblr.com")] if text.lower().endswith(".tumblr.com") else text

    def handle_in_url(self, url: Url) -> str | None:
        blog = url.host[: -len(".tumblr.com")] if url.host.endswith(".tumblr.com") else ""
        if blog and "." not in blog and blog not in _TUMBLR_NOT_BLOGS:
            return blog
        seg = url.segments
        if len(seg) >= 2 and seg[0] == "blog":  # /blog/<name> and /blog/view/<name>
            if seg[1] == "view":  # /blog/view alone names no blog, not one called "view"
                return seg[2] if len(seg) >= 3 else None
            return seg[1]
        return super().handle_in_url(url)

    def canonical(self, handle: str) -> str:
        return handle.lower()
