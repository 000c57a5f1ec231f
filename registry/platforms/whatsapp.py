"""WhatsApp groups: registered by name; an invite link is a secret and never kept."""

from __future__ import annotations

import hashlib
import re

from registry.errors import ValidationError
from registry.platforms.core import Platform, has_hidden, is_hidden

_WHATSAPP_LINK = re.compile(r"chat\.whatsapp\.com|whatsapp\.com/|wa\.me/", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_EMOJI_JOINERS = frozenset("\u200d\ufe0e\ufe0f")


class WhatsApp(Platform):
    name = "whatsapp"
    label = "WhatsApp"
    aliases = ("wa",)
    hosts = ("whatsapp.com", "wa.me")
    invalid_key = "platform.whatsapp.invalid"
    rule = (
        "A WhatsApp group is registered by its name, 1–100 characters; it has no public handle or address.",
        "Een WhatsApp-groep wordt geregistreerd met zijn naam, 1–100 tekens; hij heeft geen openbare "
        "handle of adres.",
    )

    def handle_in_text(self, text: str) -> str:
        if _WHATSAPP_LINK.search(text):
            raise ValidationError("platform.whatsapp_invite")
        if "://" in text:
            raise ValidationError("platform.whatsapp_url")
        return _WHITESPACE.sub(" ", text)

    def is_valid(self, handle: str) -> bool:
        return 1 <= len(handle) <= 100

    def has_hidden(self, handle: str) -> bool:
        if handle.isascii():
            return has_hidden(handle)
        # emoji sequences need joiners and variation selectors; between letters they only hide
        for i, ch in enumerate(handle):
            if ch in _EMOJI_JOINERS or "\U000e0020" <= ch <= "\U000e007f":
                before = handle[i - 1] if i else " "
                after = handle[i + 1] if i + 1 < len(handle) else " "
                if before.isalnum() and after.isalnum():
                    return True
            elif is_hidden(ch):
                return True
        return False

    def key(self, handle: str) -> str:
        return handle.casefold()

    def url(self, handle: str) -> str | None:
        return None

    def loose_key(self, text: str) -> str:
        if _WHATSAPP_LINK.search(text):
            # an invite link is a credential: key it by a digest so it is never kept as text
            return "invite:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return _WHITESPACE.sub(" ", text).casefold()
