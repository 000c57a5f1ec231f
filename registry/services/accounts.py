"""Accounts: the organisation's work accounts, each with a unit, custodian and vault reference.

:func:`validate` turns one row of text (from the command line or a file) into clean values and
a list of problems, so ``account add`` and ``account import`` apply exactly the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import i18n, platforms, snapshots
from registry.domain import AccountKind, AccountStatus
from registry.errors import Conflict, FieldProblems, NotFound, ValidationError
from registry.services import offboarding
from registry.services.account_checks import (  # noqa: F401 - part of this service's interface
    EMAIL_RE,
    PHONE_RE,
    Context,
    check_recovery,
    cross_field,
    required_columns,
    unit_key,
    validate,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork
    from registry.models import Account

# The columns of PRODUCT.md §5, in file order.
COLUMNS = (
    "platform", "handle", "display_name", "url", "platform_id", "unit", "kind", "purpose", "custodian",
    "backup_custodian", "vault_ref", "recovery_contact", "rotated_on", "created_on", "notes",
)
# Fields whose value is shown as set / not set unless the user asks to reveal it.
PROTECTED = ("vault_ref", "recovery_contact", "notes")

i18n.register(
    {
        "account.not_found": (
            "There is no account '{ref}'. Name it as PLATFORM:HANDLE (for example x:AloysiusWest) or by its id; see `smreg account list`.",
            "Er is geen account '{ref}'. Noem het als PLATFORM:HANDLE (bijvoorbeeld x:AloysiusWest) of met het nummer; zie `smreg account list`.",
        ),
        "account.duplicate": (
            "{platform}:{handle} is already registered (account {id}); on {platform} '{handle}' and '{other}' are the same account.",
            "{platform}:{handle} is al geregistreerd (account {id}); op {platform} zijn '{handle}' en '{other}' hetzelfde account.",
        ),
        "account.duplicate_same": (
            "{platform}:{handle} is already registered (account {id}).",
            "{platform}:{handle} is al geregistreerd (account {id}).",
        ),
        "account.archived": (
            "Account {ref} is archived and cannot be changed.",
            "Account {ref} is gearchiveerd en kan niet worden gewijzigd.",
        ),
        "account.changed_since_read": (
            "Account {ref} was changed by someone else while you were working on it. Nothing was saved; look at it again and retry.",
            "Account {ref} is door iemand anders gewijzigd terwijl u ermee bezig was. Er is niets opgeslagen; bekijk het opnieuw en probeer het nog eens.",
        ),
        "account.attest_future": (
            "The confirmation date {on} lies in the future; record it on the day the custodian confirmed the account.",
            "De datum van de bevestiging {on} ligt in de toekomst; leg haar vast op de dag dat de beheerder het account bevestigde.",
        ),
        "account.use_archive": (
            "To archive an account use `smreg account archive`.",
            "Gebruik `smreg account archive` om een account te archiveren.",
        ),
        "value.set": ("set", "ingesteld"),
        "value.not_set": ("not set", "niet ingesteld"),
    }
)


def _raise_first(problems: list[tuple[str, str]]) -> None:
    """Every problem found, read as the first: see :class:`~registry.errors.FieldProblems`."""
    if problems:
        raise FieldProblems(problems)


i18n.register(
    {
        "field.problem": ("{column}: {message}", "{column}: {message}"),
    }
)


def find_account(session: Session, ref: str) -> Account:
    """An account by id or by PLATFORM:HANDLE (handle compared the platform's way)."""
    from sqlmodel import select

    from registry.models import Account

    text = ref.strip()
    if text.isdigit():
        account = session.get(Account, int(text))
        if account is None:
            raise NotFound("account.not_found", ref=ref)
        return account
    platform_name, sep, handle = text.partition(":")
    if not sep or not handle:
        raise NotFound("account.not_found", ref=ref)
    try:
        platform = platforms.resolve_platform(platform_name)
    except ValidationError:
        raise NotFound("account.not_found", ref=ref) from None
    key = platforms.same_key(platform, handle)
    rows = session.exec(
        select(Account).where(Account.platform == platform, Account.handle_key == key).order_by(Account.id)
    ).all()
    live = [a for a in rows if a.status != AccountStatus.archived.value]
    if live:
        return live[0]
    if rows:
        return rows[-1]
    raise NotFound("account.not_found", ref=ref)


def snapshot(session: Session, account: Account) -> dict[str, Any]:
    from registry.models import Person, Unit

    unit = session.get(Unit, account.unit_id)
    custodian = session.get(Person, account.custodian_id) if account.custodian_id else None
    backup = session.get(Person, account.backup_custodian_id) if account.backup_custodian_id else None
    return snapshots.account(
        account,
        unit=unit.code if unit else None,
        custodian=custodian.ref if custodian else None,
        backup=backup.ref if backup else None,
    )


def subject(account: Account) -> str:
    return f"account:{account.id}"


def _check_duplicate(session: Session, platform: str, key: str, handle: str, exclude: int | None = None) -> None:
    from sqlmodel import select

    from registry.models import Account

    query = select(Account).where(
        Account.platform == platform, Account.handle_key == key, Account.status != AccountStatus.archived.value
    )
    for other in session.exec(query):
        if other.id != exclude:
            key = "account.duplicate_same" if other.handle == handle else "account.duplicate"
            raise Conflict(key, platform=platform, handle=other.handle, other=handle, id=other.id)


def add_account(uow: UnitOfWork, raw: dict[str, str | None], *, today: date) -> tuple[Account, list[str]]:
    """Register one account; returns it with any warnings (an ambiguous vault reference)."""
    from registry.models import Account

    session = uow.session
    ctx = Context.load(session, today)
    values, problems = validate(raw, ctx)
    _raise_first(problems)
    _check_duplicate(session, values["platform"], values["handle_key"], values["handle"])
    cipher = uow.cipher
    for column in PROTECTED:
        if values.get(column):
            values[column] = cipher.encrypt(values[column])
    values.setdefault("kind", AccountKind.work.value)
    values.setdefault("status", AccountStatus.active.value)
    values.setdefault("created_on", today)
    account = Account(**values)
    session.add(account)
    session.flush()
    uow.log.record("account.added", subject(account), before=None, after=snapshot(session, account))
    warnings = offboarding.sync(uow, person_ids=[account.custodian_id, account.backup_custodian_id], today=today)
    return account, ctx.warnings + warnings


def update_account(uow: UnitOfWork, ref: str, raw: dict[str, str | None], *, today: date,
                   expected_version: int | None = None) -> tuple[Account, list[str]]:
    session = uow.session
    account = find_account(session, ref)
    if account.status == AccountStatus.archived.value:
        raise ValidationError("account.archived", ref=ref)
    ctx = Context.load(session, today)
    ctx.allow_left_custodian = False
    if "handle" in raw and "platform" not in raw:
        raw = {**raw, "platform": account.platform}
    values, problems = validate(raw, ctx, partial=True)
    _raise_first(problems or cross_field(values, account))
    if "handle_key" in values:
        _check_duplicate(session, values.get("platform", account.platform), values["handle_key"], values["handle"], exclude=account.id)
    before = snapshot(session, account)
    holders = {account.custodian_id, account.backup_custodian_id}
    protected_before = {c: getattr(account, c) for c in PROTECTED}
    for column in PROTECTED:
        if values.get(column):
            values[column] = uow.cipher.encrypt(values[column])
    for column, value in values.items():
        setattr(account, column, value)
    write_versioned(uow, account, expected_version, ref)
    after = snapshot(session, account)
    changed_protected = [c for c in PROTECTED if c in values and values[c] != protected_before[c]]
    if after != before or changed_protected:
        uow.log.record("account.updated", subject(account), before=before, after=after,
                       protected_changed=sorted(changed_protected))
    holders |= {account.custodian_id, account.backup_custodian_id, *offboarding.case_people(session, account.id)}
    warnings = offboarding.sync(uow, person_ids=holders, today=today)
    return account, ctx.warnings + warnings


def write_versioned(uow: UnitOfWork, account: Account, expected_version: int | None, ref: str) -> None:
    """Save the account only if nobody else changed it since it was read (optimistic lock)."""
    from registry.db import bump_version
    from registry.errors import StaleData

    read_version = account.version if expected_version is None else expected_version
    if not bump_version(uow.session, account, read_version):
        raise StaleData("account.changed_since_read", ref=ref)


def archive_account(uow: UnitOfWork, ref: str) -> Account:
    session = uow.session
    account = find_account(session, ref)
    if account.status == AccountStatus.archived.value:
        return account
    before = snapshot(session, account)
    account.status = AccountStatus.archived.value
    write_versioned(uow, account, None, ref)
    uow.log.record("account.archived", subject(account), before=before, after=snapshot(session, account))
    # An archived account needs no handover: cases waiting only for it can close now.
    offboarding.sync(uow, person_ids=offboarding.case_people(session, account.id))
    return account


@dataclass(frozen=True)
class Attested:
    """What one attestation recorded: the account, the day, who holds it (employee id)."""

    label: str
    verified_on: date
    custodian: str | None
    version: int


def attest(uow: UnitOfWork, ref: str, on: date, *, today: date | None = None,
           expected_version: int | None = None) -> Attested:
    """The custodian confirmed the account is still right: its last verified date."""
    from registry.models import Person

    session = uow.session
    account = find_account(session, ref)
    if account.status == AccountStatus.archived.value:
        raise ValidationError("account.archived", ref=ref)
    if today is not None and on > today:
        from registry.io.dates import format_date

        raise ValidationError("account.attest_future", on=format_date(on))
    before = snapshot(session, account)
    account.verified_on = on
    write_versioned(uow, account, expected_version, ref)
    uow.log.record("account.attested", subject(account), before=before, after=snapshot(session, account))
    custodian = session.get(Person, account.custodian_id) if account.custodian_id else None
    return Attested(f"{account.platform}:{account.handle}", on, custodian.employee_id if custodian else None,
                    account.version)


def find(uow: UnitOfWork, *, ref: str) -> Account:
    """The account named by id or PLATFORM:HANDLE, or :class:`NotFound` with a sentence naming it."""
    return find_account(uow.session, ref)


def shown(uow: UnitOfWork, *, account: Account, reveal: bool = False) -> dict[str, Any]:
    """One account as ``show`` prints it: unit code and custodians' employee ids; protected values
    as set / not set unless ``reveal`` (which needs the key)."""
    from registry.models import Person, Unit

    session = uow.session
    unit = session.get(Unit, account.unit_id)
    cust = session.get(Person, account.custodian_id) if account.custodian_id else None
    back = session.get(Person, account.backup_custodian_id) if account.backup_custodian_id else None
    return public(account, unit=unit.code if unit else None, custodian=cust.employee_id if cust else None,
                  backup=back.employee_id if back else None, cipher=uow.cipher if reveal else None, reveal=reveal)


def public(account: Account, *, unit: str | None, custodian: str | None, backup: str | None,
           cipher=None, reveal: bool = False) -> dict[str, Any]:
    """The account as listings and `show` print it (field names as in the files of §5)."""

    def protected(column: str) -> str | None:
        stored = getattr(account, column)
        if not stored:
            return None
        if reveal and cipher is not None:
            return cipher.reveal(stored)
        return i18n.t("value.set")

    recovery = protected("recovery_contact")
    if recovery and not reveal:
        recovery = _masked_recovery(account.recovery_domain)
    return {
        "id": account.id,
        "platform": account.platform,
        "handle": account.handle,
        "display_name": account.display_name,
        "url": account.url,
        "platform_id": account.platform_id,
        "unit": unit,
        "kind": account.kind,
        "purpose": account.purpose,
        "custodian": custodian,
        "backup_custodian": backup,
        "vault_ref": protected("vault_ref"),
        "vault_scheme": account.vault_scheme,
        "recovery_contact": recovery,
        "rotated_on": account.rotated_on,
        "verified_on": account.verified_on,
        "status": account.status,
        "created_on": account.created_on,
        "notes": protected("notes"),
    }


LISTING_SQL = """
SELECT a.id, a.platform, a.handle, a.display_name, a.url, a.platform_id, u.code, a.kind, a.purpose,
       c.employee_id, b.employee_id, a.vault_ref, a.vault_scheme, a.recovery_contact, a.recovery_domain,
       a.rotated_on, a.verified_on, a.status, a.created_on, a.notes
FROM account a
JOIN unit u ON u.id = a.unit_id
LEFT JOIN person c ON c.id = a.custodian_id
LEFT JOIN person b ON b.id = a.backup_custodian_id
"""


def listing(reader, *, include_archived: bool = False, unit: str | None = None,
            platform: str | None = None) -> list[dict[str, Any]]:
    """Every account as a public dict (protected fields as set / not set), in one query.

    Takes a plain reader (``store.reader()``): listings of tens of thousands of accounts build no
    ORM objects. ``unit`` is a unit's code (any case). Dates come back as ISO text from SQLite
    and as dates from PostgreSQL; both print the same.
    """
    where, params = [], {}
    if not include_archived:
        where.append("a.status != 'archived'")
    if unit is not None:
        from registry.services import units  # noqa: F401 - its texts name the unit that is missing

        found = reader.rows("SELECT id FROM unit WHERE lower(code) = :code", {"code": unit.strip().lower()})
        if not found:
            raise NotFound("unit.not_found", code=unit)
        where.append("a.unit_id = :unit_id")
        params["unit_id"] = found[0][0]
    if platform:
        where.append("a.platform = :platform")
        params["platform"] = platforms.resolve_platform(platform)
    sql = LISTING_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.platform, a.handle_key, a.id"
    set_text = i18n.t("value.set")
    rows = []
    for (aid, platform_name, handle, display, url, pid, unit, kind, purpose, cust, back, vault_ref, scheme,
         recovery, domain, rotated, verified, status, created, notes) in reader.rows(sql, params):
        rows.append({
            "id": aid, "platform": platform_name, "handle": handle, "display_name": display, "url": url,
            "platform_id": pid, "unit": unit, "kind": kind, "purpose": purpose, "custodian": cust,
            "backup_custodian": back, "vault_ref": set_text if vault_ref else None, "vault_scheme": scheme,
            "recovery_contact": _masked_recovery(domain) if recovery else None,
            "rotated_on": rotated, "verified_on": verified, "status": status,
            "created_on": created, "notes": set_text if notes else None,
        })
    return rows


def _masked_recovery(domain: str | None) -> str:
    if domain == "tel":
        return "tel:…"
    return "…@" + domain if domain else i18n.t("value.set")
