"""The web pages' searches and the offboarding queue, on SQLite and PostgreSQL: the database filters
and pages, each unit's notice window decides who is leaving, and a page takes the same few reads
however many cases or accounts there are."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import ok
from sqlalchemy import event
from template_store import BACKENDS, small_registry_copy

from registry import settings
from registry.db import Store
from registry.services import checklists, views

TODAY = date(2026, 6, 15)


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    db = small_registry_copy(request.param, request, tmp_path)
    ok(db, "unit", "update", "ZON", "--policy", "notice_days=60")
    ok(db, "person", "add", "1004", "--name", "Fleur Bakker", "--unit", "ZON", "--end", "2026-08-01")  # within ZON's 60 days
    ok(db, "person", "add", "1005", "--name", "Joost Smit", "--unit", "WEST", "--end", "2026-08-01")   # WEST keeps 30
    ok(db, "person", "add", "1006", "--name", "Anouk Visser", "--unit", "WEST", "--end", "2026-05-01")  # gone already
    for handle, custodian in (("zon.fleur", "1004"), ("zon.joost", "1005"), ("west.anouk", "1006")):
        ok(db, "account", "add", "instagram", handle, "--unit", "ZON", "--custodian", custodian,
           "--vault", f"op://Social/{handle}/password")
    return db


def _search(db: str, **filters):
    store = Store(settings.resolve(db))
    with store.reader() as reader, store.unit_of_work(actor="t", write=False) as uow:
        return views.search_accounts(reader, uow, today=TODAY, **filters)


def test_each_custodian_status_lists_exactly_the_accounts_whose_custodian_has_it(db):
    everything = _search(db, per_page=100).rows
    assert {r["handle"]: r["custodian_status"] for r in everything} == {
        "VoorbeeldWest": "active", "de.zon.school": "active", "zon.fleur": "leaving",
        "zon.joost": "active", "west.anouk": "left"}
    for status in views.CUSTODIAN_STATUSES:
        found = _search(db, custodian_status=status, per_page=100)
        assert [r["id"] for r in found.rows] == [r["id"] for r in everything if r["custodian_status"] == status], status
        assert found.total == len(found.rows)
    assert _search(db, custodian_status="retired").rows == []


def test_the_account_search_pages_in_the_listings_order_and_keeps_the_page_within_range(db):
    everything = [r["id"] for r in _search(db, per_page=100).rows]
    pages = [_search(db, per_page=2, page=n) for n in (1, 2, 3)]
    assert [p.page for p in pages] == [1, 2, 3] and {p.pages for p in pages} == {3} and {p.total for p in pages} == {5}
    assert [r["id"] for p in pages for r in p.rows] == everything
    beyond = _search(db, per_page=2, page=99)
    assert beyond.page == 3 and [r["id"] for r in beyond.rows] == everything[4:]


def test_a_text_search_or_the_findings_filter_pages_what_matches_in_the_same_order(db):
    everything = _search(db, per_page=100).rows
    by_name = _search(db, text="ZON.", per_page=1, page=2)
    assert by_name.total == 3 and [r["handle"] for r in by_name.rows] == ["zon.fleur"]
    assert [r["handle"] for r in _search(db, text="fleur bakker").rows] == ["zon.fleur"]
    chosen = {everything[0]["id"], everything[3]["id"]}
    found = _search(db, with_findings=chosen, custodian_status="active")
    assert [r["id"] for r in found.rows] == [r["id"] for r in everything if r["id"] in chosen and r["custodian_status"] == "active"]
    assert _search(db, with_findings=set()).rows == []


def test_the_people_search_pages_by_status_with_each_units_notice_window_and_counts_what_each_holds(db):
    store = Store(settings.resolve(db))
    with store.reader() as reader, store.unit_of_work(actor="t", write=False) as uow:
        leaving = views.search_people(reader, uow, today=TODAY, status="leaving")
        active = [views.search_people(reader, uow, today=TODAY, status="active", per_page=2, page=n) for n in (1, 2)]
        zon = views.search_people(reader, uow, today=TODAY, unit="zon", text="e")
    assert [(r["employee_id"], r["accounts"]) for r in leaving.rows] == [("1004", 1)]
    assert [[(r["employee_id"], r["accounts"]) for r in p.rows] for p in active] == [[("1001", 2), ("1002", 1)],
                                                                                     [("1003", 0), ("1005", 1)]]
    assert active[0].total == 4 and active[0].pages == 2
    assert [r["employee_id"] for r in zon.rows] == ["1001", "1003", "1004"]


def test_the_offboarding_queue_takes_the_same_few_reads_for_three_cases_or_five(db):
    store = Store(settings.resolve(db))

    def queue():
        seen: list[str] = []
        with store.unit_of_work(actor="t", write=False) as uow:
            listen = lambda *args: seen.append(args[2])  # noqa: E731
            event.listen(store.engine, "before_cursor_execute", listen)
            try:
                rows = checklists.queue(uow.session, today=TODAY)
            finally:
                event.remove(store.engine, "before_cursor_execute", listen)
        return [(q.employee_id, q.accounts, q.open_accounts) for q in rows], len(seen)

    three, few = queue()
    ok(db, "person", "leave", "1002", "--on", "2026-07-31")
    ok(db, "person", "leave", "1001", "--on", "2026-07-15")
    ok(db, "handover", "instagram:zon.joost", "--to", "1003", "--rotated-on", "2026-06-15", "--recovery-moved",
       "--mfa-reset", "--sessions-revoked", "--vault-updated")
    five, reads = queue()
    assert three == [("1006", 1, 1), ("1004", 1, 1), ("1005", 1, 1)]
    # 1001 holds one account and is the backup custodian of another; 1005 handed theirs over in full.
    assert five == [("1006", 1, 1), ("1001", 2, 2), ("1002", 1, 1), ("1004", 1, 1)]
    assert reads == few
