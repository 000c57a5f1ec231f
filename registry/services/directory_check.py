"""``person check-directory``: a user directory held against what HR says, changing nothing.

A directory (Entra ID, Google Workspace) knows accounts, not employment: it never adds, changes
or ends a person. Each account is matched to a person by employee id where the file has one,
else by e-mail address (the sign-in name or the mail address against the person's work
address). What needs attention:

- ``missing``: HR says employed today, and the directory has no account for the person;
- ``disabled``: HR says employed today, and the person's directory account is disabled;
- ``enabled_after_leaving``: the person left (end date before today) and their account is enabled.

People who have not started yet are not listed; accounts that match nobody (shared mailboxes,
service accounts) are counted, not listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry import i18n
from registry.errors import ValidationError

if TYPE_CHECKING:
    from registry.db import Store

CODES = ("missing", "disabled", "enabled_after_leaving")

i18n.register(
    {
        "directory.rejected": (
            "{file} has {count:bad_row}; nothing was compared. Fix the rows listed and try again.",
            "{file} heeft {count:bad_row}; er is niets vergeleken. Herstel de genoemde rijen en probeer het opnieuw.",
        ),
        "directory.missing": (
            "employed according to HR, but has no account in the directory",
            "volgens HR in dienst, maar heeft geen account in de gebruikersmap",
        ),
        "directory.disabled": (
            "employed according to HR, but the directory account {account} is disabled",
            "volgens HR in dienst, maar het account {account} in de gebruikersmap staat uit",
        ),
        "directory.enabled_after_leaving": (
            "left on {end} according to HR, but the directory account {account} is still enabled",
            "volgens HR vertrokken op {end}, maar het account {account} in de gebruikersmap staat nog aan",
        ),
    }
)


class DirectoryRejected(ValidationError):
    """A directory file had bad rows; nothing was compared. ``problems`` lists every one."""

    def __init__(self, problems: list[tuple[int, str, str]], /, **params: object) -> None:
        self.problems = sorted(problems)
        super().__init__("directory.rejected", count=len({line for line, _c, _m in problems}), **params)


@dataclass(frozen=True)
class Attention:
    """One person whose directory account and employment disagree."""

    code: str  # one of CODES
    employee_id: str
    name: str
    account: str
    detail: str


@dataclass
class DirectoryCheck:
    file: str
    format: str
    label: str
    accounts: int
    people: int
    unmatched_accounts: int
    attention: list[Attention] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "accounts": self.accounts,
            "people": self.people,
            "unmatched_accounts": self.unmatched_accounts,
            "needs_attention": [
                {
                    "code": a.code,
                    "employee_id": a.employee_id,
                    "name": a.name,
                    "account": a.account,
                    "detail": a.detail,
                }
                for a in self.attention
            ],
        }


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def check_directory(store: Store, path: Path, *, today: date, forced: str | None = None) -> DirectoryCheck:
    """Hold a directory export against the people HR knows; nothing is written."""
    from registry.io.dates import format_date
    from registry.io.hr.directory import read_directory

    fmt, accounts, problems = read_directory(path, forced)
    if problems:
        raise DirectoryRejected(problems, file=path.name)
    with store.reader() as reader:
        people = reader.rows(
            "SELECT employee_id, name, email, start_date, end_date FROM person"
            " WHERE employee_id IS NOT NULL AND erased_on IS NULL ORDER BY employee_id"
        )
    by_id: dict[str, list] = {}
    by_mail: dict[str, list] = {}
    for account in accounts:
        if account.employee_id:
            by_id.setdefault(account.employee_id.casefold(), []).append(account)
        for address in {account.login.casefold(), account.email.casefold()} - {""}:
            by_mail.setdefault(address, []).append(account)
    matched: set[int] = set()
    report = DirectoryCheck(str(path), fmt.name, fmt.label, len(accounts), len(people), 0)
    for emp, name, email, start, end in people:
        start, end = _day(start), _day(end)
        own = by_id.get(emp.casefold()) or by_mail.get((email or "").casefold()) or []
        matched.update(a.line for a in own)
        shown = ", ".join(a.login for a in own)
        left = end is not None and end < today
        employed = not left and (start is None or start <= today)
        if employed and not own:
            report.attention.append(Attention("missing", emp, name or "", "", i18n.t("directory.missing")))
        elif employed and not any(a.enabled for a in own):
            report.attention.append(
                Attention("disabled", emp, name or "", shown, i18n.t("directory.disabled", account=shown))
            )
        elif left and any(a.enabled for a in own):
            enabled = ", ".join(a.login for a in own if a.enabled)
            report.attention.append(
                Attention(
                    "enabled_after_leaving",
                    emp,
                    name or "",
                    enabled,
                    i18n.t("directory.enabled_after_leaving", account=enabled, end=format_date(end)),
                )
            )
    report.unmatched_accounts = sum(1 for a in accounts if a.line not in matched)
    return report
