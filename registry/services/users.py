"""The people who may sign in to ``smreg serve``: their roles, passwords, sign-ins and sessions.

A web user has one role. What each role may do is declared once, in :data:`PERMISSIONS`, and
matches the PostgreSQL roles of ``smreg db roles``: the auditor reads and makes reports; HR
manages people, offboarding and handovers; IT manages accounts, observed accounts and imports;
the admin may do all of that and manage the web users.

Passwords are hashed with argon2 (argon2-cffi); the password itself is never stored, logged or
shown. After a few failed sign-ins a user must wait before the next try, twice as long after
every further failure; so must a client address after more failures, whichever user names it
tried (only a hash of the address is kept, and only for a while). A session is a random token in a cookie; the store keeps only its
SHA-256 hash, the session's CSRF token and when it expires.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from registry import clock, i18n, limits
from registry.errors import Conflict, NotFound, RegistryError, ValidationError

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.db import UnitOfWork
    from registry.models import WebUser

ROLES = ("it", "hr", "auditor", "admin")

# What a role may do. ``read`` covers every page; the others name what a change touches.
PERMISSIONS: dict[str, frozenset[str]] = {
    "auditor": frozenset({"read", "report"}),
    "hr": frozenset({"read", "report", "people", "handover", "import_persons"}),
    "it": frozenset({"read", "report", "accounts", "reveal", "observed", "import_accounts", "import_persons", "waive"}),
}
PERMISSIONS["admin"] = frozenset().union(*PERMISSIONS.values()) | {"users"}

MIN_PASSWORD = 12
FREE_FAILURES = 3           # failed sign-ins before retries are slowed down
MAX_WAIT_SECONDS = 15 * 60
# One address may be a whole school behind one router, so it is allowed more; its count is
# forgotten this long after its last failure (a success does not reset it: the guesser may hold
# one account of their own).
ADDRESS_FREE_FAILURES = 10
ADDRESS_FORGET = timedelta(minutes=15)
SESSION_HOURS = 8

i18n.register(
    {
        "user.bad_role": ("'{role}' is not a role. Use one of: {roles}.", "'{role}' is geen rol. Gebruik een van: {roles}."),
        "user.bad_name": (
            "A user name is 1 to 200 characters without spaces or control characters.",
            "Een gebruikersnaam heeft 1 tot 200 tekens, zonder spaties of stuurtekens.",
        ),
        "user.exists": ("There is already a user '{name}'; nothing was changed.", "Er is al een gebruiker '{name}'; er is niets gewijzigd."),
        "user.not_found": (
            "There is no user '{name}'; see `smreg user list`.",
            "Er is geen gebruiker '{name}'; zie `smreg user list`.",
        ),
        "user.short_password": (
            "The password must be at least {min} characters long; nothing was changed.",
            "Het wachtwoord moet minstens {min} tekens lang zijn; er is niets gewijzigd.",
        ),
        "user.login_failed": (
            "The user name or password is wrong.",
            "De gebruikersnaam of het wachtwoord klopt niet.",
        ),
        "user.login_wait": (
            "Too many failed sign-ins. Wait {seconds} seconds and try again.",
            "Te veel mislukte aanmeldpogingen. Wacht {seconds} seconden en probeer het opnieuw.",
        ),
    }
)


class LoginRefused(RegistryError):
    """Wrong user name or password, or a sign-in tried too soon after failures."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key, **params)
        self.wait = int(params.get("seconds", 0) or 0)


@dataclass(frozen=True)
class WebIdentity:
    """Who is signed in: name, role and what the role may do."""

    id: int
    name: str
    role: str

    @property
    def permissions(self) -> frozenset[str]:
        return PERMISSIONS[self.role]

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS[self.role]


def check_role(role: str) -> str:
    clean = (role or "").strip().lower()
    if clean not in ROLES:
        raise ValidationError("user.bad_role", role=role, roles=", ".join(ROLES))
    return clean


def check_name(name: str) -> str:
    clean = (name or "").strip()
    if not clean or len(clean) > limits.limit("web_user", "name") or any(ch.isspace() or not ch.isprintable() for ch in clean):
        raise ValidationError("user.bad_name")
    return clean


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("user.short_password", min=MIN_PASSWORD)
    return _hasher().hash(password)


def _snapshot(user: WebUser) -> dict[str, Any]:
    # Never the hash: the log says only whether a password is set.
    return {"id": user.id, "name": user.name, "role": user.role, "password": user.password_hash is not None}


def _get(session: Session, name: str) -> WebUser:
    from sqlmodel import select

    from registry.models import WebUser

    user = session.exec(select(WebUser).where(WebUser.name == name.strip())).first()
    if user is None:
        raise NotFound("user.not_found", name=name)
    return user


def add_user(uow: UnitOfWork, *, name: str, role: str, password: str | None, today: date) -> WebUser:
    """A new web user; without a password the user can only sign in through single sign-on."""
    from sqlmodel import select

    from registry.models import WebUser

    name, role = check_name(name), check_role(role)
    if uow.session.exec(select(WebUser.id).where(WebUser.name == name)).first() is not None:
        raise Conflict("user.exists", name=name)
    user = WebUser(name=name, role=role, created_on=today,
                   password_hash=hash_password(password) if password is not None else None)
    uow.session.add(user)
    uow.session.flush()
    uow.log.record("user.added", f"user:{user.id}", before=None, after=_snapshot(user))
    return user


def set_password(uow: UnitOfWork, *, name: str, password: str) -> WebUser:
    """A new password; every open session of the user ends."""
    user = _get(uow.session, name)
    user.password_hash = hash_password(password)
    user.failed_logins, user.retry_after = 0, None
    uow.session.add(user)
    _end_sessions(uow.session, user.id)
    uow.session.flush()
    uow.log.record("user.password_set", f"user:{user.id}", before=None, after=_snapshot(user))
    return user


def set_role(uow: UnitOfWork, *, name: str, role: str) -> WebUser:
    user = _get(uow.session, name)
    before = _snapshot(user)
    user.role = check_role(role)
    uow.session.add(user)
    uow.session.flush()
    if _snapshot(user) != before:
        uow.log.record("user.role_set", f"user:{user.id}", before=before, after=_snapshot(user))
    return user


def remove_user(uow: UnitOfWork, *, name: str) -> None:
    user = _get(uow.session, name)
    before = _snapshot(user)
    _end_sessions(uow.session, user.id)
    uow.session.delete(user)
    uow.session.flush()
    uow.log.record("user.removed", f"user:{before['id']}", before=before, after=None)


def listing(uow: UnitOfWork) -> list[dict[str, Any]]:
    from sqlmodel import select

    from registry.models import WebUser

    session = uow.session
    return [{"name": u.name, "role": u.role, "password": u.password_hash is not None, "created_on": u.created_on}
            for u in session.exec(select(WebUser).order_by(WebUser.name))]


def _end_sessions(session: Session, user_id: int) -> None:
    from sqlalchemy import delete

    from registry.models import WebSession

    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


def _wait_for(failures: int, free: int = FREE_FAILURES) -> int:
    if failures < free:
        return 0
    return min(2 ** (failures - free + 1), MAX_WAIT_SECONDS)


def _seconds_until(stamp: str, now: datetime) -> int:
    wait = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=now.tzinfo) - now
    return max(1, int(wait.total_seconds()) + 1)


def _address_hash(address: str) -> str:
    return hashlib.sha256(f"smreg sign-in address:{address}".encode()).hexdigest()


def _address_waiting(session: Session, address: str | None, now: datetime) -> int:
    """Seconds this client address must still wait after its failed sign-ins (0: none)."""
    from registry.models import WebSignInAddress

    row = session.get(WebSignInAddress, _address_hash(address)) if address else None
    if row is None or not row.retry_after or clock.stamp(now) >= row.retry_after:
        return 0
    return _seconds_until(row.retry_after, now)


def _address_failed(session: Session, address: str | None, now: datetime) -> int:
    """Count a failure from this address (atomically, as workers race); the wait it now has."""
    from sqlalchemy import case, delete, select, update

    from registry.models import WebSignInAddress as Row

    if not address:
        return 0
    key, stamp, forgotten = _address_hash(address), clock.stamp(now), clock.stamp(now - ADDRESS_FORGET)
    session.execute(delete(Row).where(Row.last_failed < forgotten))
    insert = _insert(session, Row)
    session.execute(insert.values(address_hash=key, failures=1, last_failed=stamp).on_conflict_do_update(
        index_elements=[Row.address_hash],
        set_={"failures": case((Row.last_failed < forgotten, 1), else_=Row.failures + 1), "last_failed": stamp}))
    failures = session.execute(select(Row.failures).where(Row.address_hash == key)).scalar_one()
    wait = _wait_for(failures, ADDRESS_FREE_FAILURES)
    retry = clock.stamp(now + timedelta(seconds=wait)) if wait else None
    session.execute(update(Row).where(Row.address_hash == key).values(retry_after=retry))
    return wait


def _insert(session: Session, table):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


# Checked against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY: list[str] = []


def authenticate(uow: UnitOfWork, *, name: str, password: str, address: str | None = None,
                 now: datetime | None = None) -> WebIdentity:
    """The user, if the password is right; a failure is counted against the user name and the
    client ``address`` (the caller commits either way)."""
    from argon2.exceptions import InvalidHashError, VerificationError
    from sqlmodel import select

    from registry.models import WebUser

    now = now or clock.now()
    hasher = _hasher()
    waiting = _address_waiting(uow.session, address, now)
    if waiting:
        raise LoginRefused("user.login_wait", seconds=waiting)
    user = uow.session.exec(select(WebUser).where(WebUser.name == (name or "").strip())).first()
    if user is None or user.password_hash is None:
        if not _DUMMY:
            _DUMMY.append(hasher.hash(secrets.token_hex(16)))
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY[0], password or "")
        wait = _address_failed(uow.session, address, now)
        raise LoginRefused("user.login_wait", seconds=wait) if wait else LoginRefused("user.login_failed")
    if user.retry_after and clock.stamp(now) < user.retry_after:
        raise LoginRefused("user.login_wait", seconds=_seconds_until(user.retry_after, now))
    try:
        hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        wait = _wait_for(user.failed_logins)
        user.retry_after = clock.stamp(now + timedelta(seconds=wait)) if wait else None
        uow.session.add(user)
        uow.session.flush()
        wait = max(wait, _address_failed(uow.session, address, now))
        if wait:
            raise LoginRefused("user.login_wait", seconds=wait) from None
        raise LoginRefused("user.login_failed") from None
    if user.failed_logins or user.retry_after:
        user.failed_logins, user.retry_after = 0, None
        uow.session.add(user)
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        uow.session.add(user)
    uow.session.flush()
    return WebIdentity(user.id, user.name, user.role)


def known_user(uow: UnitOfWork, *, name: str) -> WebIdentity | None:
    """A user named by an authenticating proxy (single sign-on), if smreg knows them."""
    from sqlmodel import select

    from registry.models import WebUser

    user = uow.session.exec(select(WebUser).where(WebUser.name == (name or "").strip())).first()
    return WebIdentity(user.id, user.name, user.role) if user else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class OpenedSession:
    token: str
    csrf: str
    expires: datetime


def open_session(uow: UnitOfWork, *, user: WebIdentity, now: datetime | None = None,
                 hours: int = SESSION_HOURS) -> OpenedSession:
    """A new session for a signed-in user; expired sessions are cleared on the way."""
    from sqlalchemy import delete

    from registry.models import WebSession

    now = now or clock.now()
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = now + timedelta(hours=hours)
    uow.session.execute(delete(WebSession).where(WebSession.expires_at < clock.stamp(now)))
    uow.session.add(WebSession(token_hash=_token_hash(token), user_id=user.id, csrf=csrf,
                               created_at=clock.stamp(now), expires_at=clock.stamp(expires)))
    uow.session.flush()
    return OpenedSession(token, csrf, expires)


@dataclass(frozen=True)
class ActiveSession:
    user: WebIdentity
    csrf: str


def session_for(uow: UnitOfWork, *, token: str, now: datetime | None = None) -> ActiveSession | None:
    """The signed-in user of a session cookie, or None when it is unknown or expired."""
    from sqlmodel import select

    from registry.models import WebSession, WebUser

    if not token or len(token) > 200:
        return None
    row = uow.session.exec(
        select(WebSession, WebUser).join(WebUser, WebUser.id == WebSession.user_id)
        .where(WebSession.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None
    web_session, user = row
    if web_session.expires_at <= clock.stamp(now or clock.now()):
        return None
    return ActiveSession(WebIdentity(user.id, user.name, user.role), web_session.csrf)


def close_session(uow: UnitOfWork, *, token: str) -> None:
    from sqlalchemy import delete

    from registry.models import WebSession

    uow.session.execute(delete(WebSession).where(WebSession.token_hash == _token_hash(token or "")))


# The demo's web users, one per role; their passwords are printed by ``smreg demo`` and are
# only ever used on the demo's own store.
DEMO_USERS = tuple((f"{role}-demo", role, f"demo-{role}-lindewijs") for role in ROLES)


def add_demo_users(uow: UnitOfWork, *, today: date) -> tuple[tuple[str, str, str], ...]:
    """One web user per role for the demo store: (name, role, password)."""
    for name, role, password in DEMO_USERS:
        add_user(uow, name=name, role=role, password=password, today=today)
    return DEMO_USERS
