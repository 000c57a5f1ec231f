"""Dutch and English texts for everything a user reads.

Every module that speaks to users registers its own texts with :func:`register` as
``{key: (english, dutch)}``; :func:`t` renders one in the current language. A count with its
noun ("1 row", "6 rows"; "1 rij", "6 rijen") is written in a text as ``{count:row}``, over nouns
registered with :func:`register_nouns` (or made with :func:`count`): never "row(s)" or "rij(en)". Dates filled into a text read dd-mm-jjjj in
Dutch and stay ISO in English. The language is
chosen once per command (``--lang``, ``SMREG_LANG``, else the locale) with :func:`set_language`.
"""

from __future__ import annotations

import contextvars
import locale
import os
from collections.abc import Callable

LANGUAGES = ("nl", "en")

_catalog: dict[str, tuple[str, str]] = {}
_nouns: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {}
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


def register_nouns(nouns: dict[str, tuple[tuple[str, str], tuple[str, str]]]) -> None:
    """Add nouns as ``{name: ((english one, english many), (dutch one, dutch many))}``."""
    for name, forms in nouns.items():
        existing = _nouns.get(name)
        if existing is not None and existing != forms:
            raise ValueError(f"noun {name!r} registered twice with different forms")
        _nouns[name] = forms


def noun(name: str, number: int) -> str:
    """The noun in the current language, singular for 1 and plural otherwise ("0 rijen", "1 rij")."""
    if name not in _nouns:
        import registry.labels  # noqa: F401 - where the nouns live; far cheaper than loading every module

        if name not in _nouns:
            load_all()
    english, dutch = _nouns[name]
    one, many = dutch if get_language() == "nl" else english
    return one if number == 1 else many


def count(number: int, name: str) -> str:
    """A number with its noun: ``count(6, "row")`` is "6 rows", or "6 rijen" in Dutch."""
    return f"{number} {noun(name, number)}"


def nouns() -> list[str]:
    return sorted(_nouns)


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
    dutch = get_language() == "nl"
    text = pair[1] if dutch else pair[0]
    if not params:
        return text
    if dutch:
        params = {name: dutch_date(value) for name, value in params.items()}
    return text.format(**{name: _Number(value) if type(value) is int else value for name, value in params.items()})


class _Number(int):
    """A number filled into a text: ``{n:row}`` writes it with its noun, singular or plural."""

    def __format__(self, spec: str) -> str:
        if spec and (spec in _nouns or spec.isidentifier()):
            return count(int(self), spec)
        return int.__format__(self, spec)


def dutch_date(value: object) -> object:
    """A date as dd-mm-jjjj (a moment with its time), as Dutch readers write it; anything else as it is."""
    from datetime import date, datetime

    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:  # a date, or a moment as smreg writes it ('2026-12-03T16:53:03+00:00')
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        zone = f" {value.tzname()}" if value.tzinfo is not None else ""
        return f"{value.day:02d}-{value.month:02d}-{value.year:04d} {value.hour:02d}:{value.minute:02d}{zone}"
    if isinstance(value, date):
        return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
    return value


def text_pair(key: str) -> tuple[str, str]:
    """Both texts of a key (English, Dutch): for reading back what smreg itself wrote."""
    return _catalog[key]


def has(key: str) -> bool:
    return key in _catalog


def keys() -> list[str]:
    return sorted(_catalog)
