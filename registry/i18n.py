"""Dutch and English texts for everything a user reads.

Every module that speaks to users registers its own texts with :func:`register` as
``{key: (english, dutch)}``; :func:`t` renders one in the current language. The language is
chosen once per command (``--lang``, ``SMREG_LANG``, else the locale) with :func:`set_language`.
"""

from __future__ import annotations

import contextvars
import locale
import os
from collections.abc import Callable

LANGUAGES = ("nl", "en")

_catalog: dict[str, tuple[str, str]] = {}
_language: contextvars.ContextVar[str] = contextvars.ContextVar("smreg_language", default="")
# What registers the texts of modules not imported yet: run once, the first time a key is missing,
# so a message raised in one module and registered in another is never shown as its key.
_loaders: list[Callable[[], None]] = []
_loaded = {"all": False}


def add_loader(loader: Callable[[], None]) -> None:
    """Have ``loader`` import a package's modules (and so register their texts) when a key is missing."""
    _loaders.append(loader)
    _loaded["all"] = False


def import_package(name: str, *, skip: tuple[str, ...] = ()) -> None:
    """Import every module of package ``name`` (but those whose dotted name contains a ``skip`` part)."""
    import importlib
    import pkgutil

    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        parts = info.name.split(".")
        if not any(part in skip or part.startswith("__") for part in parts):
            importlib.import_module(info.name)


def load_all() -> None:
    """Register the texts of every module: the registry's own and those of the loaders added."""
    if _loaded["all"]:
        return
    _loaded["all"] = True
    import_package("registry", skip=("migrations",))
    for loader in list(_loaders):
        loader()


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add texts to the catalogue; a key registered twice must carry the same texts."""
    for key, pair in messages.items():
        existing = _catalog.get(key)
        if existing is not None and existing != pair:
            raise ValueError(f"message key {key!r} registered twice with different texts")
        _catalog[key] = pair


def detect_language(flag: str | None = None) -> str:
    """The language a command speaks: the flag, else SMREG_LANG, else the locale."""
    for candidate in (flag, os.environ.get("SMREG_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "nl" if loc.lower().startswith("nl") else "en"


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _language.set(lang)


def get_language() -> str:
    lang = _language.get()
    if not lang:
        lang = detect_language()
        _language.set(lang)
    return lang


def t(key: str, /, **params: object) -> str:
    """Render the text ``key`` in the current language with ``params`` filled in."""
    pair = _catalog.get(key)
    if pair is None:
        load_all()
        pair = _catalog.get(key)
    if pair is None:
        return key if not params else f"{key} {params}"
    text = pair[1] if get_language() == "nl" else pair[0]
    return text.format(**params) if params else text


def text_pair(key: str) -> tuple[str, str]:
    """Both texts of a key (English, Dutch): for reading back what smreg itself wrote."""
    return _catalog[key]


def has(key: str) -> bool:
    return key in _catalog


def keys() -> list[str]:
    return sorted(_catalog)
