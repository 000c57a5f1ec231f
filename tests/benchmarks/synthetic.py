"""Synthetic registries for the benchmarks: many units, people, accounts and events, fast.

Rows go in through SQLAlchemy core in batches (the benchmarks measure the commands, not this
loader); protected fields are encrypted and person keys written as the services would.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from registry import crypto, events, snapshots
from registry.db import Store

PLATFORMS = ("x", "instagram", "facebook", "youtube", "tiktok", "linkedin")


def handle_for(platform: str, i: int) -> tuple[str, str, str]:
    if platform == "linkedin":
        h = f"company/school-{i}"
        return h, h, f"https://www.linkedin.com/{h}"
    if platform == "youtube":
        h = f"@school{i}"
        return h, h.lower(), f"https://www.youtube.com/{h}"
    if platform == "facebook":
        h = f"school.{i:06d}"
        return h, h.replace(".", "").lower(), f"https://www.facebook.com/{h}"
    h = f"School_{i}"
    url = {"x": "https://x.com/", "instagram": "https://www.instagram.com/", "tiktok": "https://www.tiktok.com/@"}[platform] + h
    return h, h.lower(), url


def populate(store: Store, *, accounts: int, persons: int, leavers: int, today: date, seed: int = 1) -> None:
    """Fill an initialised store: 100 units, ``persons`` people (``leavers`` of them leaving or
    gone), ``accounts`` accounts spread over them."""
    from sqlalchemy import insert

    from registry.models import Account, Person, PersonKey, Unit

    rng = random.Random(seed)
    cipher = store.cipher
    with store.engine.begin() as conn:
        conn.execute(insert(Unit), [{"id": 1, "code": "ORG", "name": "Org", "kind": "organisation", "parent_id": None}])
        conn.execute(insert(Unit), [{"id": i, "code": f"U{i:03d}", "name": f"School {i}", "kind": "school", "parent_id": 1}
                                    for i in range(2, 101)])
        people, keys = [], []
        for i in range(1, persons + 1):
            end = None
            if i <= leavers:
                end = today + timedelta(days=rng.randint(-400, 60))
            ref = f"{i:032x}"
            people.append({"id": i, "ref": ref, "employee_id": str(100000 + i), "name": f"Person {i}",
                           "email": f"p{i}@example.org", "unit_id": rng.randint(2, 100), "function": "leerkracht",
                           "start_date": date(2015, 1, 1), "end_date": end, "version": 1})
            keys.append({"ref": ref, "key": cipher.encrypt(crypto.new_key().decode())})
        for start in range(0, len(people), 20000):
            conn.execute(insert(Person), people[start:start + 20000])
            conn.execute(insert(PersonKey), keys[start:start + 20000])
        rows = []
        vault = cipher.encrypt("op://Social/item/password")
        recovery = cipher.encrypt("social@example.org")
        for i in range(1, accounts + 1):
            platform = PLATFORMS[i % len(PLATFORMS)]
            handle, key, url = handle_for(platform, i)
            custodian = rng.randint(1, persons)
            backup = rng.randint(1, persons) if i % 3 else None
            rows.append({"id": i, "platform": platform, "handle": handle, "handle_key": key, "display_name": f"School {i}",
                         "url": url, "platform_id": str(10_000_000 + i), "unit_id": rng.randint(2, 100),
                         "kind": ("official", "work", "group")[i % 3], "purpose": "communicatie",
                         "custodian_id": custodian, "backup_custodian_id": backup if backup != custodian else None,
                         "vault_ref": vault if i % 50 else None, "vault_scheme": "1password" if i % 50 else None,
                         "recovery_contact": recovery, "recovery_domain": "example.org" if i % 7 else "gmail.com",
                         "rotated_on": today - timedelta(days=rng.randint(0, 700)),
                         "verified_on": today - timedelta(days=rng.randint(0, 500)), "status": "active",
                         "created_on": date(2020, 1, 1), "notes": None, "version": 1})
        for start in range(0, len(rows), 20000):
            conn.execute(insert(Account), rows[start:start + 20000])


def append_events(store: Store, count: int) -> None:
    """Append ``count`` chained events of a realistic size (~300 bytes a record).

    Their subjects are of a kind the table check does not compare (``note:N``), so ``log verify``
    times the hash chain over them and finds the tables as the log left them.
    """
    from sqlalchemy import insert

    from registry import clock
    from registry.models import Event

    seq, previous = events.head(store)
    at = clock.stamp()  # never before the entries the store was created with: the log's times only increase
    batch = []
    with store.engine.begin() as conn:
        for i in range(count):
            seq += 1
            data = {"before": None, "after": {"id": i, "platform": "x", "handle": f"School_{i}", "unit": "U001",
                                             "custodian": f"{i:032x}", "status": "active", "vault_scheme": "1password"}}
            body = events.make_body("benchmark", data)
            previous = events.chain(previous, events.make_record(seq, at, "note.added", f"note:{i}", body))
            batch.append({"seq": seq, "at": at, "action": "note.added", "subject": f"note:{i}",
                          "body": body, "hash": previous})
            if len(batch) == 20000:
                conn.execute(insert(Event), batch)
                batch = []
        if batch:
            conn.execute(insert(Event), batch)


def history(store: Store, *, today: date, years: int = 2, seed: int = 2, sealed: bool = False) -> int:
    """Write the event log a registry filled by :func:`populate` would have: snapshots spread over
    the past ``years``, ending in what the tables hold now. Returns the number of events.

    Every unit and person is added at some moment in that span; every account is added with an
    earlier custodian and rotation date, a third of them are changed later to what they are now,
    and the leavers' end dates are recorded some weeks before they fall. Settings are recorded
    at the start, so an audit "as of" any moment in the span sees the organisation's domains.
    With ``sealed`` each person's personal data is sealed with their own key, as smreg logs it.
    """
    import json

    from sqlalchemy import insert, text

    from registry.models import Event

    rng = random.Random(seed)
    start = datetime.combine(today - timedelta(days=365 * years), time(8), tzinfo=UTC)
    span = (datetime.combine(today, time(8), tzinfo=UTC) - start).total_seconds()

    def moment(low: float = 0.0, high: float = 1.0) -> datetime:
        return start + timedelta(seconds=span * rng.uniform(low, high))

    pending: list[tuple[datetime, str, str, dict]] = []
    with store.engine.connect() as conn:
        for key, value in conn.execute(text("SELECT key, value FROM setting")):
            if not key.startswith("_"):
                pending.append((start, "setting.set", f"setting:{key}", {"before": None, "after": json.loads(value)}))
        units = {}
        for uid, code, name, kind, parent, policy in conn.execute(text(
                "SELECT u.id, u.code, u.name, u.kind, p.code, u.policy FROM unit u LEFT JOIN unit p ON p.id = u.parent_id")):
            units[uid] = code
            after = {"id": uid, "code": code, "name": name, "kind": kind, "parent": parent, "lead": None,
                     "policy": json.loads(policy) if policy else None}
            pending.append((start + timedelta(seconds=uid), "unit.added", f"unit:{code}", {"before": None, "after": after}))
        refs = {}
        keys = dict(conn.execute(text("SELECT ref, key FROM person_key")).all()) if sealed else {}
        for pid, ref, unit_id, start_date, end_date, *pii in conn.execute(text(
                "SELECT id, ref, unit_id, start_date, end_date, employee_id, name, email, function FROM person")):
            refs[pid] = ref
            token = None
            if sealed:
                plain = json.dumps(dict(zip(snapshots.PII_FIELDS, pii, strict=True)), ensure_ascii=False, sort_keys=True)
                token = crypto.seal(store.cipher.decrypt(keys[ref]).encode(), plain)
            base = {"id": pid, "ref": ref, "unit": units.get(unit_id), "start_date": str(start_date)[:10],
                    "end_date": None, "erased_on": None, "pii": token}
            added = moment(0.0, 0.5)
            pending.append((added, "person.added", f"person:{ref}", {"before": None, "after": base}))
            if end_date is not None:
                end = date.fromisoformat(str(end_date)[:10])
                told = datetime.combine(end - timedelta(days=rng.randint(10, 60)), time(9), tzinfo=UTC)
                pending.append((max(told, added + timedelta(minutes=1)), "person.updated", f"person:{ref}",
                                {"before": base, "after": {**base, "end_date": end.isoformat()}}))
        for row in conn.execute(text(
                "SELECT id, platform, handle, handle_key, display_name, url, platform_id, unit_id, kind, purpose,"
                " custodian_id, backup_custodian_id, vault_scheme, vault_ref IS NOT NULL, recovery_domain, rotated_on,"
                " verified_on, status, created_on FROM account")):
            (aid, platform, handle, key, display, url, pid, unit_id, kind, purpose, cust, back, scheme, vault_set,
             domain, rotated, verified, status, created) = row
            now = {"id": aid, "platform": platform, "handle": handle, "key": key, "display_name": display, "url": url,
                   "platform_id": pid, "unit": units.get(unit_id), "kind": kind, "purpose": purpose,
                   "custodian": refs.get(cust), "backup_custodian": refs.get(back), "vault_scheme": scheme,
                   "vault_set": bool(vault_set), "recovery_domain": domain,
                   "rotated_on": str(rotated)[:10] if rotated else None,
                   "verified_on": str(verified)[:10] if verified else None, "status": status,
                   "created_on": str(created)[:10] if created else None, "notes_set": False}
            added = moment(0.0, 0.9)
            if aid % 3:
                pending.append((added, "account.added", f"account:{aid}", {"before": None, "after": now}))
                continue
            first = {**now, "custodian": refs.get(rng.choice(list(refs))), "rotated_on": None, "verified_on": None}
            pending.append((added, "account.added", f"account:{aid}", {"before": None, "after": first}))
            pending.append((moment(0.9, 1.0), "account.updated", f"account:{aid}", {"before": first, "after": now}))
    pending.sort(key=lambda item: item[0])
    seq, previous = events.head(store)
    rows = []
    with store.engine.begin() as conn:
        for when, action, subject, data in pending:
            seq += 1
            at = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            body = events.make_body("benchmark", data)
            previous = events.chain(previous, events.make_record(seq, at, action, subject, body))
            rows.append({"seq": seq, "at": at, "action": action, "subject": subject, "body": body, "hash": previous})
            if len(rows) == 20000:
                conn.execute(insert(Event), rows)
                rows = []
        if rows:
            conn.execute(insert(Event), rows)
    return len(pending)


__all__ = ["populate", "append_events", "history", "snapshots"]
