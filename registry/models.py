"""The registry's tables and the enums of its domain (PRODUCT.md §2).

Tables are SQLModel models; Alembic migrations (``registry/migrations``) are the only way the
schema is created, and a test checks that these models and the migrations agree.

Personal data is kept where it can be erased: people are referred to by a random ``ref`` in the
event log, and the protected fields (vault reference, recovery contact, notes) are stored
encrypted (``registry.crypto``) beside a few derived, non-secret columns (``vault_scheme``,
``recovery_domain``) that the audit rules query as sets.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from registry.domain import AccountKind, AccountStatus, PersonStatus, Purpose, UnitKind  # noqa: F401


class Setting(SQLModel, table=True):
    """Organisation-wide configuration: name, mail domains, windows, retention (JSON values)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))


class BrandTerm(SQLModel, table=True):
    __tablename__ = "brand_term"
    id: int | None = Field(default=None, primary_key=True)
    term: str = Field(max_length=200, unique=True)


class Unit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    # The unit lead receives a leaver's accounts when there is no backup custodian; no foreign
    # key, because units and people refer to each other and one of the two must come first.
    lead_id: int | None = Field(default=None)
    policy: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32, unique=True)
    employee_id: str | None = Field(default=None, max_length=64, unique=True)
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    function: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    end_date: date | None = Field(default=None, index=True)
    erased_on: date | None = None
    version: int = Field(default=1)


class Account(SQLModel, table=True):
    __table_args__ = (
        Index(
            "uq_account_live_handle",
            "platform",
            "handle_key",
            unique=True,
            sqlite_where=text("status != 'archived'"),
            postgresql_where=text("status != 'archived'"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    handle: str = Field(max_length=300)
    handle_key: str = Field(max_length=300)
    display_name: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=500)
    # No index on platform_id or unit_id: lookups by them happen in memory over whole sets, and
    # every index costs a bulk import of 100,000 accounts about 0.2 s.
    platform_id: str | None = Field(default=None, max_length=64)
    unit_id: int = Field(foreign_key="unit.id")
    kind: str = Field(default="work", max_length=16)
    purpose: str | None = Field(default=None, max_length=16)
    custodian_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    backup_custodian_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    vault_ref: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    vault_scheme: str | None = Field(default=None, max_length=32)
    recovery_contact: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    recovery_domain: str | None = Field(default=None, max_length=254)
    rotated_on: date | None = None
    verified_on: date | None = None
    status: str = Field(default="active", max_length=16)
    created_on: date | None = None
    notes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    version: int = Field(default=1)


class Handover(SQLModel, table=True):
    """An account passing from one person to another; its evidence columns are ``registry.evidence.ITEMS``."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    from_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    to_person_id: int = Field(foreign_key="person.id", index=True)
    handed_on: date
    rotated_on: date | None = None
    recovery_moved: bool = False
    mfa_reset: bool = False
    sessions_revoked: bool = False
    vault_updated: bool = False
    admin_moved: bool = False
    leaver_removed: bool = False
    integrations_reconnected: bool = False
    identity_confirmed: bool = False
    recorded_by: str = Field(max_length=200)
    version: int = Field(default=1)
    # What the handover moved: the custodian's role, or a leaving backup custodian's.
    role: str = Field(default="custodian", max_length=16)
    # Why this receiver (backup_custodian, unit_lead, unit_colleague), for the checklist.
    receiver_reason: str | None = Field(default=None, max_length=16)


class OffboardingCase(SQLModel, table=True):
    __tablename__ = "offboarding_case"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    end_date: date
    opened_on: date
    closed_on: date | None = None


class CaseAccount(SQLModel, table=True):
    __tablename__ = "case_account"
    __table_args__ = (UniqueConstraint("case_id", "account_id", "role"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="offboarding_case.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    role: str = Field(max_length=16)
    # The day the account was taken away from the person without a handover: it left the to-do
    # list, and the row stays as the case's history.
    removed_on: date | None = None


class Waiver(SQLModel, table=True):
    """One finding (one rule, one subject) accepted until a date, with the reason and who decided."""

    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(max_length=32, unique=True)
    rule: str = Field(max_length=16)
    subject: str = Field(max_length=80)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    until: date
    waived_by: str = Field(max_length=200)
    waived_on: date
    version: int = Field(default=1, sa_column_kwargs={"server_default": text("1")})


class PersonKey(SQLModel, table=True):
    """One key per person for their personal data in the event log; erasure deletes it."""

    __tablename__ = "person_key"
    ref: str = Field(primary_key=True, max_length=32)
    key: str = Field(sa_column=Column(Text, nullable=False))


class Event(SQLModel, table=True):
    """One entry of the append-only, hash-chained log.

    The hashed record is rebuilt from the columns (see ``registry.events``); ``hash`` is
    SHA-256(previous hash ‖ record), so a change to any column is detected.
    """

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    action: str = Field(max_length=64)
    subject: str = Field(sa_column=Column(String(80), nullable=False, index=True))
    body: str = Field(sa_column=Column(Text, nullable=False))
    # Where the entry came from (canonical JSON) and how its attempt ended (``done``, ``refused``);
    # both empty on entries written before schema 0010, whose record has neither.
    origin: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    result: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    hash: str = Field(max_length=64)


class BrandLogo(SQLModel, table=True):
    """An official logo, kept only as its perceptual hash (the image itself is never stored)."""

    __tablename__ = "brand_logo"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    hash: str = Field(sa_column=Column(Text, nullable=False))
    added_on: date


class ObservedAccount(SQLModel, table=True):
    """An account seen in the wild, its review state, and the verdict of its last brand scan."""

    __tablename__ = "observed_account"
    __table_args__ = (Index("ix_observed_account_platform_key", "platform", "handle_key"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    handle: str = Field(max_length=300)
    handle_key: str = Field(max_length=300)
    display_name: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=500)
    platform_id: str | None = Field(default=None, max_length=64)
    avatar: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    avatar_hash: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    first_seen: date | None = None
    source: str | None = Field(default=None, max_length=200)
    state: str = Field(default="new", max_length=24)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reviewed_on: date | None = None
    reviewed_by: str | None = Field(default=None, max_length=200)
    verdict: str | None = Field(default=None, max_length=16)
    score: int | None = None
    term: str | None = Field(default=None, max_length=200)
    field: str | None = Field(default=None, max_length=16)
    reasons: str | None = Field(default=None, max_length=200)
    resembles: str | None = Field(default=None, max_length=340)
    rule: str | None = Field(default=None, max_length=16)
    severity: str | None = Field(default=None, max_length=16)
    # a username-search tool's hit (sherlock, maigret, Social Analyzer) not yet confirmed by a reviewer
    unverified: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    version: int = Field(default=1, sa_column_kwargs={"server_default": text("1")})


class AuditRun(SQLModel, table=True):
    """A recorded audit (``smreg audit --record``): when, as of what, and the findings it found.

    ``findings`` is JSON: one object per finding with its fingerprint, rule, severity, subject
    label and since date — enough to say later what is new, what is gone and how long it is open,
    and nothing secret (no message text, no vault reference, no recovery contact).
    """

    __tablename__ = "audit_run"
    id: int | None = Field(default=None, primary_key=True)
    recorded_at: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    as_of: str = Field(max_length=40)
    actor: str = Field(max_length=200)
    findings: str = Field(sa_column=Column(Text, nullable=False))


class Notification(SQLModel, table=True):
    """What ``smreg notify`` sent: one row per recipient, topic and item, updated on every reminder.

    The recipient is named as the event log names it (``person:<ref>``) or by the setting that holds
    the address (``setting:notify.hr``), never by the address itself, so erasing a person leaves no
    address behind. ``state`` is a short hash of what the message said about the item: when it
    changes, the item is sent again.
    """

    __table_args__ = (UniqueConstraint("recipient", "topic", "item"),)
    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(max_length=80)
    topic: str = Field(max_length=24)
    item: str = Field(max_length=80)
    state: str = Field(max_length=32)
    sent_at: str = Field(sa_column=Column(String(32), nullable=False))


class WebUser(SQLModel, table=True):
    """Someone who may sign in to ``smreg serve``, with one role (it, hr, auditor, admin).

    Only an argon2 hash of the password is kept; a user known only through single sign-on has
    none. Failed sign-ins are counted so that retries slow down.
    """

    __tablename__ = "web_user"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    role: str = Field(max_length=16)
    password_hash: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_on: date
    failed_logins: int = Field(default=0)
    retry_after: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))


class WebSession(SQLModel, table=True):
    """A signed-in browser: only a hash of its cookie is kept, with its CSRF token and expiry."""

    __tablename__ = "web_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="web_user.id", index=True)
    csrf: str = Field(max_length=64)
    created_at: str = Field(sa_column=Column(String(32), nullable=False))
    expires_at: str = Field(sa_column=Column(String(32), nullable=False, index=True))


class WebSignInAddress(SQLModel, table=True):
    """Failed sign-ins from one client address, so that guessing many user names from one place slows down.

    Only a SHA-256 hash of the address is kept, and only until some minutes after its last failure.
    """

    __tablename__ = "web_sign_in_address"
    address_hash: str = Field(primary_key=True, max_length=64)
    failures: int = Field(default=0)
    last_failed: str = Field(sa_column=Column(String(32), nullable=False))
    retry_after: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))

class VaultImport(SQLModel, table=True):
    """One import of a password-manager export: which vault, from which file, when, and its counts.

    Imports are kept, never changed: an audit as of a past moment uses the vault's import of that
    moment. ``digest`` covers everything kept, so importing the same content again changes nothing.
    """

    __tablename__ = "vault_import"
    id: int | None = Field(default=None, primary_key=True)
    vault: str = Field(max_length=64, index=True)
    manager: str = Field(max_length=16)
    format: str = Field(max_length=32)
    file: str = Field(max_length=300)
    imported_at: str = Field(sa_column=Column(String(32), nullable=False))
    imported_by: str = Field(max_length=200)
    items: int = 0
    social: int = 0
    matched: int = 0
    unmatched: int = 0
    references_checked: bool = False
    digest: str = Field(max_length=64)


class VaultItem(SQLModel, table=True):
    """What smreg keeps of one vault item: nothing secret, and the registered account it belongs to."""

    __tablename__ = "vault_item"
    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="vault_import.id", index=True)
    item_id: str | None = Field(default=None, max_length=200)
    title: str = Field(max_length=300)
    urls: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    username: str | None = Field(default=None, max_length=300)
    folder: str | None = Field(default=None, max_length=300)
    shared: bool | None = None
    created_on: date | None = None
    updated_on: date | None = None
    password_changed_on: date | None = None
    platform: str | None = Field(default=None, max_length=32)
    handle: str | None = Field(default=None, max_length=300)
    handle_key: str | None = Field(default=None, max_length=300)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    matched_by: str | None = Field(default=None, max_length=16)  # reference | url | handle


class VaultReference(SQLModel, table=True):
    """A registered account whose vault reference points into this import's password manager."""

    __tablename__ = "vault_reference"
    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="vault_import.id", index=True)
    account_id: int = Field(foreign_key="account.id")
    found: bool = False
