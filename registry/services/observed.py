"""Observed accounts: accounts seen in the wild, kept with their review state (P-I.6d).

An import hands over rows already checked and scanned (:class:`ObservedInput`); this module
matches each to a kept observed account — same platform and same handle by the platform's rules,
else same platform and platform id — and adds, updates or leaves it. Two review decisions
survive a later import: a *dismissed* account stays dismissed unless its handle or display name
changes (then it is ``new`` again), and a *resolved* account that is seen again is reopened.

Every change is an event with subject ``observed:<id>`` and the full snapshot after it, so an
audit as of a past moment sees the observed accounts and their review states of that moment.
The scan itself lives in ``audit``; nothing here imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import i18n, labels
from registry.errors import NotFound, StaleData, ValidationError

if TYPE_CHECKING:
    from registry.db import Reader, UnitOfWork
    from registry.models import ObservedAccount

STATES = ("new", "confirmed", "dismissed", "removal-requested", "resolved")
# The states a reviewer sets; ``new`` is where every observed account starts.
REVIEW_STATES = STATES[1:]
# The columns an observed-accounts listing shows, in order.
COLUMNS = ("id", "platform", "handle", "display_name", "state", "verdict", "rule", "score", "term", "reasons",
           "resembles", "first_seen", "source", "note", "reviewed_on", "reviewed_by", "unverified")

i18n.register(
    {
        "observed.bad_state": (
            "'{state}' is not a review state. Use one of: {states}.",
            "'{state}' is geen beoordelingsstatus. Gebruik een van: {states}.",
        ),
        "observed.changed_since_read": (
            "The observed account {ref} was changed by someone else (a review or an import) while you were working on it. Nothing was saved; look at it again and retry.",
            "Het waargenomen account {ref} is door iemand anders gewijzigd (een beoordeling of een import) terwijl u ermee bezig was. Er is niets opgeslagen; bekijk het opnieuw en probeer het nog eens.",
        ),
        "observed.missing": (
            "There is no observed account '{ref}'. See `smreg observe list` for the ids.",
            "Er is geen waargenomen account '{ref}'. Zie `smreg observe list` voor de nummers.",
        ),
        "observed.reopened": (
            "Reopened on {day}: seen again after it was resolved.",
            "Heropend op {day}: opnieuw gezien nadat het was afgehandeld.",
        ),
        "observed.renamed": (
            "Back to new on {day}: the handle or display name changed after it was dismissed.",
            "Terug naar nieuw op {day}: de gebruikersnaam of weergavenaam is gewijzigd nadat het was afgewezen.",
        ),
    }
)


@dataclass(frozen=True)
class ObservedInput:
    """One checked row of an observed-accounts file and the verdict of its scan."""

    line: int
    platform: str  # canonical
    handle: str
    handle_key: str
    display_name: str | None
    url: str | None
    platform_id: str | None
    avatar: str | None
    avatar_hash: str | None
    first_seen: date
    source: str | None
    verdict: str
    score: int
    term: str | None
    field: str | None
    reasons: str | None
    resembles: str | None
    rule: str | None
    severity: str | None
    unverified: bool = False  # a username-search tool's hit, until a reviewer confirms it


@dataclass
class ImportOutcome:
    """What an import did: labels (``platform:handle``) added, changed and reopened."""

    rows: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)
    unchanged: int = 0
    suspects: int = 0
    # rows of a tool's export that name no account smreg can place (a platform it does not know)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "added": self.added, "changed": self.changed, "reopened": self.reopened,
                "unchanged": self.unchanged, "suspects": self.suspects,
                "skipped": [{"line": line, "column": column, "reason": reason}
                            for line, column, reason in self.skipped]}


_SCANNED = ("verdict", "score", "term", "field", "reasons", "resembles", "rule", "severity")
_SEEN = ("display_name", "url", "platform_id", "avatar", "avatar_hash", "source")


def snapshot(obs: ObservedAccount) -> dict[str, Any]:
    """Everything the audit needs about an observed account, for the event log."""
    return {
        "id": obs.id,
        "platform": obs.platform,
        "handle": obs.handle,
        "key": obs.handle_key,
        "display_name": obs.display_name,
        "url": obs.url,
        "platform_id": obs.platform_id,
        "avatar": obs.avatar,
        "avatar_hash": obs.avatar_hash,
        "first_seen": obs.first_seen.isoformat() if obs.first_seen else None,
        "source": obs.source,
        "state": obs.state,
        "note": obs.note,
        "reviewed_on": obs.reviewed_on.isoformat() if obs.reviewed_on else None,
        "reviewed_by": obs.reviewed_by,
        **{name: getattr(obs, name) for name in _SCANNED},
        # only when set, so the snapshots of accounts from other sources stay as they were
        **({"unverified": True} if obs.unverified else {}),
    }


def subject(obs: ObservedAccount) -> str:
    return f"observed:{obs.id}"


def _same_name(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def apply(uow: UnitOfWork, rows: list[ObservedInput], *, today: date) -> ImportOutcome:
    """Keep every row: add the new ones, update the changed ones, log each change."""
    from sqlmodel import select

    from registry.models import ObservedAccount

    outcome = ImportOutcome(rows=len(rows))
    kept = list(uow.session.exec(select(ObservedAccount)).all())
    read = {id(o): o.version for o in kept}
    by_key = {(o.platform, o.handle_key): o for o in kept}
    by_pid = {(o.platform, o.platform_id): o for o in kept if o.platform_id}
    pending: list[tuple[str, ObservedAccount, dict[str, Any] | None]] = []
    for row in rows:
        outcome.suspects += row.verdict == "suspect"
        obs = by_key.get((row.platform, row.handle_key))
        if obs is None and row.platform_id:
            obs = by_pid.get((row.platform, row.platform_id))
        label = f"{row.platform}:{row.handle}"
        if obs is None:
            obs = ObservedAccount(platform=row.platform, handle=row.handle, handle_key=row.handle_key,
                                  first_seen=row.first_seen, state="new", unverified=row.unverified,
                                  **{name: getattr(row, name) for name in (*_SEEN, *_SCANNED)})
            uow.session.add(obs)
            pending.append(("observed.added", obs, None))
            outcome.added.append(label)
        else:
            before = snapshot(obs)
            renamed = obs.handle_key != row.handle_key or not _same_name(obs.display_name, row.display_name)
            if obs.handle_key != row.handle_key:
                by_key.pop((obs.platform, obs.handle_key), None)
            obs.handle, obs.handle_key = row.handle, row.handle_key
            for name in _SEEN:
                value = getattr(row, name)
                if value is not None or name in ("display_name", "avatar", "avatar_hash"):
                    setattr(obs, name, value)
            if row.first_seen and (obs.first_seen is None or row.first_seen < obs.first_seen):
                obs.first_seen = row.first_seen
            for name in _SCANNED:
                setattr(obs, name, getattr(row, name))
            reopened = False
            if obs.state == "resolved":
                obs.state, obs.note, reopened = "new", i18n.t("observed.reopened", day=today.isoformat()), True
            elif obs.state == "dismissed" and renamed:
                obs.state, obs.note, reopened = "new", i18n.t("observed.renamed", day=today.isoformat()), True
            if snapshot(obs) == before:
                outcome.unchanged += 1
                continue
            uow.session.add(obs)
            pending.append(("observed.reopened" if reopened else "observed.updated", obs, before))
            (outcome.reopened if reopened else outcome.changed).append(label)
        by_key[(obs.platform, obs.handle_key)] = obs
        if obs.platform_id:
            by_pid[(obs.platform, obs.platform_id)] = obs
    uow.session.flush()  # the new rows get their ids
    from registry.db import bump_version

    bumped: set[int] = set()
    for _action, obs, before in pending:
        if before is not None and id(obs) not in bumped:
            bumped.add(id(obs))
            if not bump_version(uow.session, obs, read[id(obs)]):  # reviewed meanwhile
                raise StaleData("observed.changed_since_read", ref=subject(obs))
    logged: set[int] = set()
    for action, obs, before in reversed(pending):  # one event per account: its last change in this import
        if id(obs) in logged:
            continue
        logged.add(id(obs))
        uow.log.record(action, subject(obs), before=before, after=snapshot(obs))
    return outcome


def find(session, ref: str) -> ObservedAccount:  # type: ignore[no-untyped-def]
    """An observed account by its id, or by ``platform:handle``."""
    from sqlmodel import select

    from registry.models import ObservedAccount
    from registry.platforms import resolve_platform, same_key

    text = ref.strip()
    found = None
    if text.isdigit():
        found = session.get(ObservedAccount, int(text))
    elif ":" in text:
        platform_text, _, handle = text.partition(":")
        try:
            platform = resolve_platform(platform_text)
        except ValidationError:
            platform = None
        if platform is not None:
            found = session.exec(select(ObservedAccount).where(
                ObservedAccount.platform == platform,
                ObservedAccount.handle_key == same_key(platform, handle))).first()
    if found is None:
        raise NotFound("observed.missing", ref=ref)
    return found


def check_state(state: str, allowed: tuple[str, ...] = REVIEW_STATES) -> str:
    """The review state ``state`` names: its code or its word in either language (``bevestigd``)."""
    clean = labels.accepted("state", allowed).get(state.strip().casefold())
    if clean is None:
        raise ValidationError("observed.bad_state", state=state, states=labels.choices("state", allowed))
    return clean


def review(uow: UnitOfWork, ref: str, *, state: str, note: str | None, today: date) -> ObservedAccount:
    """A reviewer's decision about an observed account; logged when it changes anything."""
    from registry.db import bump_version

    new_state = check_state(state)
    obs = find(uow.session, ref)
    read_version = obs.version
    before = snapshot(obs)
    obs.state = new_state
    if new_state == "confirmed":
        obs.unverified = False
    if note is not None:
        obs.note = " ".join(note.split()) or None
    if snapshot(obs) == before:
        return obs
    obs.reviewed_on, obs.reviewed_by = today, uow.actor
    uow.session.add(obs)
    uow.session.flush()
    # Another review, or an import that renamed or reopened the account, since it was read: refuse.
    if not bump_version(uow.session, obs, read_version):
        raise StaleData("observed.changed_since_read", ref=ref)
    uow.log.record("observed.reviewed", subject(obs), before=before, after=snapshot(obs))
    return obs


def listing(reader: Reader, *, state: str | None = None) -> list[dict[str, Any]]:
    """The observed accounts (optionally in one review state), by id, as listing rows."""
    sql = f"SELECT {', '.join(COLUMNS)} FROM observed_account"
    params: dict[str, object] = {}
    if state is not None:
        sql += " WHERE state = :state"
        params["state"] = check_state(state, STATES)
    rows = []
    for values in reader.rows(sql + " ORDER BY id", params):
        row = dict(zip(COLUMNS, values, strict=True))
        row["unverified"] = bool(row["unverified"])
        for name in ("first_seen", "reviewed_on"):
            if row[name] is not None and not isinstance(row[name], str):
                row[name] = row[name].isoformat()
        rows.append(row)
    return rows
