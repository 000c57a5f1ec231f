"""Named errors the library raises; the CLI maps each to an exit code and one clear sentence.

An error carries a message key and its parameters, so the same error reads in Dutch or English.
Never put a secret in the parameters: they are printed.
"""

from __future__ import annotations

from registry import i18n


class RegistryError(Exception):
    """Something the user can fix; exit code 3 (bad input) unless a subclass says otherwise."""

    exit_code = 3

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        return i18n.t(self.key, **self.params)


class UsageError(RegistryError):
    """The command was called wrongly; exit 2."""

    exit_code = 2


class ValidationError(RegistryError):
    """A value does not fit its field (a handle, a date, a vault reference)."""


class FieldProblems(ValidationError):
    """Several fields of one record do not fit; ``fields`` lists each problem as ``(column, message)``.

    It reads as the first problem (``column: message``), the same sentence a single problem
    gives, so the command line prints one line; a form shows every problem beside its field.
    """

    def __init__(self, problems: list[tuple[str, str]], /) -> None:
        from registry.labels import field

        self.fields = list(problems)
        column, message = self.fields[0]
        super().__init__("field.problem", column=field(column), message=message, more=len(self.fields) - 1)


class NotFound(RegistryError):
    """The named unit, person, account or finding does not exist."""


class Conflict(RegistryError):
    """The change clashes with what the store holds (a duplicate, an open handover)."""


class StaleData(RegistryError):
    """Someone else changed the record since it was read; try again."""


class ImportRejected(RegistryError):
    """An import file had bad rows; nothing was written. ``problems`` lists every one.

    ``headers`` (canonical column → the file's own header) names each problem's column as the
    file does, so the user finds it in their spreadsheet; a column the file lacks is named by
    its word in the user's language. ``rows`` counts the bad rows.
    """

    def __init__(self, problems: list[tuple[int, str, str]], /, *, headers: dict[str, str] | None = None,
                 **params: object) -> None:
        from registry.labels import field

        named = headers or {}
        self.source_problems = list(problems)  # columns by smreg's own names (a refused secret is logged by them)
        # a column the file does not have (a required one left out) goes by its word in the user's language
        self.problems = [(line, named.get(column) or (field(column) if named else column), message)
                         for line, column, message in problems]
        self.rows = len({line for line, _column, _message in problems})
        super().__init__("import.rejected_one" if self.rows == 1 else "import.rejected", count=self.rows, **params)


class IntegrityError(RegistryError):
    """The event log, a signature or a key does not check out; exit 4."""

    exit_code = 4


class StoreVersionError(RegistryError):
    """The store was written by a newer smreg, or needs `smreg db upgrade`."""


i18n.register(
    {
        "import.rejected": (
            "The file has {count:bad_row}; nothing was imported. Fix the rows listed and import it again.",
            "Het bestand heeft {count:bad_row}; er is niets geïmporteerd. Herstel de genoemde rijen en importeer opnieuw.",
        ),
        "import.rejected_one": (
            "The file has 1 bad row; nothing was imported. Fix the row listed and import it again.",
            "Het bestand heeft 1 foute rij; er is niets geïmporteerd. Herstel de genoemde rij en importeer opnieuw.",
        ),
    }
)
