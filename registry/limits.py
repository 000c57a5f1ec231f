"""How long a text field may be: the ``max_length`` of its column in :mod:`registry.models`.

The limit is declared once, beside the model; every validator asks here before a value is
written, so both backends refuse the same values with the same sentence. (PostgreSQL would
otherwise stop the command with a database error, and SQLite stores text of any length.)
"""

from __future__ import annotations

from functools import cache

from registry import i18n
from registry.errors import ValidationError

i18n.register(
    {
        "field.too_long": (
            "{length} characters is too long; at most {limit} fit.",
            "{length} tekens is te lang; er passen er hoogstens {limit}.",
        ),
        "field.too_long_named": (
            "{column}: {length} characters is too long; at most {limit} fit.",
            "{column}: {length} tekens is te lang; er passen er hoogstens {limit}.",
        ),
    }
)


@cache
def limit(table: str, column: str) -> int:
    """The most characters ``table.column`` holds, as its model declares."""
    from sqlmodel import SQLModel

    import registry.models  # noqa: F401 - declares the tables

    length = SQLModel.metadata.tables[table].c[column].type.length
    if length is None:
        raise KeyError(f"{table}.{column} has no length limit")
    return length


def too_long(value: str | None, table: str, column: str) -> ValidationError | None:
    """The problem with ``value`` if it does not fit ``table.column``, else None."""
    if value is None:
        return None
    most = limit(table, column)
    if len(value) <= most:
        return None
    return ValidationError("field.too_long", length=len(value), limit=most)


def check(value: str | None, table: str, column: str) -> str | None:
    """``value`` unchanged, or :class:`ValidationError` when it does not fit ``table.column``."""
    problem = too_long(value, table, column)
    if problem is not None:
        raise problem
    return value


def named(column: str, problem: ValidationError) -> ValidationError:
    """A too-long problem as a sentence of its own, naming the field (for a command's error)."""
    from registry.labels import field

    if problem.key != "field.too_long":
        return problem
    return ValidationError("field.too_long_named", column=field(column), **problem.params)
