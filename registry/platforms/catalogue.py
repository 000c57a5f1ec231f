"""The catalogue: every platform smreg knows, in the order they are listed.

A platform is a module of its own in this package, holding a ``Platform`` subclass; it joins the
table by being named here.
"""

from __future__ import annotations

from types import MappingProxyType

from registry.platforms.bluesky import Bluesky
from registry.platforms.core import BY_NAME, Platform, register
from registry.platforms.facebook import Facebook
from registry.platforms.instagram import Instagram
from registry.platforms.linkedin import LinkedIn
from registry.platforms.mastodon import Mastodon
from registry.platforms.pinterest import Pinterest
from registry.platforms.snapchat import Snapchat
from registry.platforms.threads import Threads
from registry.platforms.tiktok import TikTok
from registry.platforms.tumblr import Tumblr
from registry.platforms.website import Website
from registry.platforms.whatsapp import WhatsApp
from registry.platforms.x import X
from registry.platforms.youtube import YouTube

for _platform in (X, Instagram, Threads, Facebook, LinkedIn, YouTube, TikTok, Pinterest, Tumblr, Bluesky, Mastodon,
                  WhatsApp, Snapchat, Website):
    register(_platform)

MASTODON: Platform = BY_NAME["mastodon"]
WEBSITE: Platform = BY_NAME["website"]
WHATSAPP: Platform = BY_NAME["whatsapp"]
PLATFORMS = MappingProxyType(BY_NAME)
