"""The account behind a URL, fast enough for exports of many thousands of rows.

Most URLs in a password manager or a username-search export are on sites that are no platform
(a school portal, GitHub, a news site). The host alone says so: it is looked up once per host
(:func:`registry.platforms.platform_of_url`), and only URLs on a platform's host, or with the
``/@user`` path a Mastodon instance uses, go through the platform table's own parser.
"""

from __future__ import annotations

import re
from functools import lru_cache

_HOST = re.compile(r"\s*(?:https?://)?([^/?#\s]+)(/[^?#\s]*)?", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _site(host: str) -> str | None:
    from registry.platforms import platform_of_url

    return platform_of_url(f"https://{host}/")


def _host_path(url: str) -> tuple[str, str] | None:
    match = _HOST.match(url)
    if match is None or ("://" not in url[:12] and "/" not in url):
        return None
    host = match.group(1).lower()
    if "@" in host:  # a user name or password in the address: the platform table refuses it too
        return None
    return host.split(":", 1)[0], match.group(2) or ""


def site_of_url(url: str) -> str | None:
    """The platform whose site a URL is on (any page of it), or None."""
    found = _host_path(url)
    return _site(found[0]) if found else None


def account_of_url(url: str) -> tuple[str, str] | None:
    """(platform, handle) of a profile URL, or None; the same answer as ``handle_from_url``."""
    from registry.platforms import handle_from_url

    found = _host_path(url)
    if found is None:
        return None
    host, path = found
    if _site(host) is None and not path.startswith("/@"):
        return None
    return handle_from_url(url)
