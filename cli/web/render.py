"""The pages' templates: Jinja2 with autoescaping, the catalogue's texts, dates as the language writes them."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from registry import i18n


def _date(value: Any) -> str:
    """dd-mm-jjjj in Dutch, ISO in English; text dates (from SQLite) are read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d-%m-%Y") if i18n.get_language() == "nl" else value.isoformat()


def _shown(value: Any) -> Any:
    """A value in a table cell: yes/no for booleans, dates written out, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return i18n.t("bool.yes") if value else i18n.t("bool.no")
    if isinstance(value, date):
        return _date(value)
    return value


def _t(key: str, **params: Any) -> str:
    return i18n.t(key, **params)


def _query(page, **changes: Any) -> str:
    """The current query string with some parameters changed (for filters and paging)."""
    from urllib.parse import urlencode

    params = {k: v for k, v in page.query.items() if k != "lang"}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else "?"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cli.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(t=_t, query=_query)
    env.filters["date"] = _date
    env.filters["shown"] = _shown
    return env


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(**values)


__all__ = ["Markup", "render"]
