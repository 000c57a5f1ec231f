"""Websites and blogs: a domain name with an optional path."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

from registry.platforms.core import Platform, Url, ascii_host

_WEBSITE_PATH = re.compile(r"[^\s\\]*")
_URL_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


class Website(Platform):
    name = "website"
    label = "website"
    aliases = ("site", "blog", "web")
    # blog hosts whose /@name paths would otherwise read as Mastodon profiles
    hosts = ("medium.com", "substack.com")
    invalid_key = "platform.website.invalid"
    rule = (
        "A website is given by its address, such as example.org/blog or https://example.org/blog: "
        "a domain name with an optional path.",
        "Een website wordt gegeven met zijn adres, zoals example.org/blog of https://example.org/blog: "
        "een domeinnaam met eventueel een pad.",
    )

    def handle_in_url(self, url: Url) -> str | None:
        return url.host.lower() + url.port + url.path.rstrip("/")

    def _split(self, handle: str) -> tuple[str, str, str]:
        """(host, ':port' or '', path) of a handle."""
        slash = handle.find("/")
        hostport, path = (handle, "") if slash < 0 else (handle[:slash], handle[slash:])
        host, colon, port = hostport.partition(":")
        return host, colon + port, path

    def is_valid(self, handle: str) -> bool:
        host, port, path = self._split(handle)
        if port and not (port[1:].isascii() and port[1:].isdigit() and len(port) <= 6):
            return False
        return (
            len(handle) <= 2000
            and ascii_host(host) is not None
            and _WEBSITE_PATH.fullmatch(path) is not None
            and not path.endswith("/")
            and "?" not in path
            and "#" not in path
        )

    def key(self, handle: str) -> str:
        host, port, path = self._split(handle)
        host = ascii_host(host) or host.casefold()
        host = host[4:] if host.startswith("www.") else host
        path = unquote(path)
        if not path.isascii():
            path = unicodedata.normalize("NFC", path)
        return host + port + path

    def url(self, handle: str) -> str | None:
        host, port, path = self._split(handle)
        host = ascii_host(host) or host
        return f"https://{host}{port}{quote(path, safe=_URL_PATH_SAFE)}"

