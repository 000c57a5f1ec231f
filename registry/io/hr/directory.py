"""User directories: Microsoft Entra ID's "Download users" CSV and Google Workspace's user CSV.

A directory says who has an account and whether it is enabled; it holds no employment dates, so
it never adds, changes or ends a person. :mod:`registry.services.directory_check` compares it
with what HR says. Each format is declared once in :data:`FORMATS`, recognised by its header.

Only the columns below are read. Google's file also has ``Password [Required]`` and recovery
columns; they are never read.

- Entra ID: ``userPrincipalName``, ``mail``, ``displayName``, ``accountEnabled`` (``True`` or
  ``False``), and ``employeeId`` where a Graph export adds it.
- Google Workspace: ``Email Address [Required]``, ``First Name [Required]``,
  ``Last Name [Required]``, ``Employee ID``, ``Status [READ ONLY]`` (``Active`` or ``Suspended``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from registry import i18n
from registry.errors import UsageError, ValidationError
from registry.io.hr import fold, header_and_rows

i18n.register(
    {
        "directory.unknown_format": (
            '{file} is not a user directory smreg recognises (an Entra ID "Download users" CSV or a Google '
            "Workspace user CSV). Give the format with --from: {formats}.",
            '{file} is geen gebruikersmap die smreg herkent (een CSV uit "Gebruikers downloaden" van Entra ID of '
            "een gebruikers-CSV van Google Workspace). Geef de vorm op met --from: {formats}.",
        ),
        "directory.bad_from": (
            "'{name}' is not a directory format. Use one of: {formats}.",
            "'{name}' is geen vorm van een gebruikersmap. Gebruik een van: {formats}.",
        ),
        "directory.bad_state": (
            "'{value}' does not say whether the account is enabled; use {values}",
            "'{value}' zegt niet of het account aan staat; gebruik {values}",
        ),
        "directory.no_login": ("the row names no account", "de rij noemt geen account"),
        "dirformat.entra": (
            "Microsoft Entra ID (Download users CSV)",
            "Microsoft Entra ID (CSV uit Gebruikers downloaden)",
        ),
        "dirformat.google": ("Google Workspace (user CSV)", "Google Workspace (gebruikers-CSV)"),
    }
)


@dataclass(frozen=True, slots=True)
class DirectoryAccount:
    """One account of a directory: its sign-in name, addresses, employee id, and whether it is enabled."""

    line: int
    login: str
    email: str
    employee_id: str
    name: str
    enabled: bool


@dataclass(frozen=True)
class DirectoryFormat:
    name: str
    login: str  # the header of the sign-in name
    email: str
    employee_id: tuple[str, ...]
    names: tuple[str, ...]
    state: str
    states: dict[str, bool]  # folded value → enabled

    @property
    def label(self) -> str:
        return i18n.t(f"dirformat.{self.name}")

    def recognise(self, header: set[str]) -> bool:
        return {fold(self.login), fold(self.state)} <= header


_TRUE_FALSE = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}
FORMATS = (
    DirectoryFormat(
        "entra", "userPrincipalName", "mail", ("employeeId",), ("displayName",), "accountEnabled", _TRUE_FALSE
    ),
    DirectoryFormat(
        "google",
        "Email Address [Required]",
        "Email Address [Required]",
        ("Employee ID",),
        ("First Name [Required]", "Last Name [Required]"),
        "Status [READ ONLY]",
        {"active": True, "suspended": False, "archived": False},
    ),
)


def format_names() -> str:
    return ", ".join(f.name for f in FORMATS)


def read_directory(
    path: Path, forced: str | None = None
) -> tuple[DirectoryFormat, list[DirectoryAccount], list[tuple[int, str, str]]]:
    """The directory's format, its accounts, and its bad rows (line, the file's header, what is wrong)."""
    if not path.is_file():
        raise ValidationError("io.file_missing", file=str(path))
    if forced:
        fmt = next((f for f in FORMATS if f.name == forced.strip().casefold()), None)
        if fmt is None:
            raise UsageError("directory.bad_from", name=forced, formats=format_names())
    else:
        fmt = None
    keep = {fold(n) for f in FORMATS for n in (f.login, f.email, f.state, *f.employee_id, *f.names)}
    headers, rows = header_and_rows(path, keep)
    folded = {fold(h) for h in headers}
    fmt = fmt or next((f for f in FORMATS if f.recognise(folded)), None)
    if fmt is None or not fmt.recognise(folded):
        raise ValidationError("directory.unknown_format", file=path.name, formats=format_names())
    accounts: list[DirectoryAccount] = []
    problems: list[tuple[int, str, str]] = []
    values = ", ".join(sorted(fmt.states))
    for line, row in rows:
        login = row.get(fold(fmt.login), "")
        state = row.get(fold(fmt.state), "").casefold()
        if not login:
            problems.append((line, fmt.login, i18n.t("directory.no_login")))
            continue
        if state not in fmt.states:
            problems.append(
                (
                    line,
                    fmt.state,
                    i18n.t("directory.bad_state", value=row.get(fold(fmt.state), ""), values=values),
                )
            )
            continue
        accounts.append(
            DirectoryAccount(
                line,
                login,
                row.get(fold(fmt.email), ""),
                next((row[fold(n)] for n in fmt.employee_id if row.get(fold(n))), ""),
                " ".join(row.get(fold(n), "") for n in fmt.names).strip(),
                fmt.states[state],
            )
        )
    return fmt, accounts, problems
