"""Synthetic registries for the benchmarks: many units, people, accounts and events, fast.

Rows go in through SQLAlchemy core in batches (the benchmarks measure the commands, not this
loader); protected fields are encrypted and person keys written as the services would.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

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
    """Append ``count`` chained events of a realistic size (~300 bytes a record)."""
    from sqlalchemy import insert

    from registry.models import Event

    seq, previous = events.head(store)
    at = "2026-01-01T00:00:00.000000Z"
    batch = []
    with store.engine.begin() as conn:
        for i in range(count):
            seq += 1
            data = {"before": None, "after": {"id": i, "platform": "x", "handle": f"School_{i}", "unit": "U001",
                                             "custodian": f"{i:032x}", "status": "active", "vault_scheme": "1password"}}
            body = events.make_body("benchmark", data)
            previous = events.chain(previous, events.make_record(seq, at, "account.added", f"account:{i}", body))
            batch.append({"seq": seq, "at": at, "action": "account.added", "subject": f"account:{i}",
                          "body": body, "hash": previous})
            if len(batch) == 20000:
                conn.execute(insert(Event), batch)
                batch = []
        if batch:
            conn.execute(insert(Event), batch)


__all__ = ["populate", "append_events", "snapshots"]
