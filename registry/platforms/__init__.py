"""Social platforms: each platform's handle rule, canonical form, and profile URL in and out.

Every platform is declared once, as a class registered in ``PLATFORMS``; the functions at the end
are the only way the rest of smreg reads them. Two entrances with different duties:

- :func:`parse_handle` is for registering an account: it validates by the platform's own rule and
  refuses, with that rule in the message, anything else — including handles with invisible or
  text-direction characters, a known trick to imitate another account.
- :func:`same_key` is for observed accounts from the wild, whose handles may break the rules: it
  never refuses, and gives the same key as :func:`parse_handle` for every valid handle. It keeps
  invisible characters, so a disguised copy never looks like the registered account itself.

What counts as "the same handle" follows the platform (case never counts; on Facebook dots do not
count either), and is captured in :attr:`Handle.key`.
"""

from registry.platforms.catalogue import PLATFORMS
from registry.platforms.core import Handle, Platform
from registry.platforms.handles import (
    handle_from_url,
    observed_handle,
    parse_handle,
    platform_label,
    platform_names,
    platform_of_url,
    resolve_platform,
    rule_text,
    same_key,
)

__all__ = [
    "PLATFORMS",
    "Handle",
    "Platform",
    "handle_from_url",
    "observed_handle",
    "parse_handle",
    "platform_label",
    "platform_names",
    "platform_of_url",
    "resolve_platform",
    "rule_text",
    "same_key",
]
