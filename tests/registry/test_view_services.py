"""The services the command line and the web call to show things: listings, one thing shown, settings."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import ok, small_registry
from sqlalchemy import event

from registry import settings as smreg_settings
from registry.db import Store
from registry.errors import NotFound, ValidationError
from registry.services import accounts, config, people, units

TODAY = date(2026, 6, 15)


@pytest.fixture
def store(store_url):
    small_registry(store_url)
    return Store(smreg_settings.resolve(store_url))


def _statements(store: Store):
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_the_people_listing_takes_the_same_few_queries_for_three_people_or_thirty(store, store_url):
    with store.unit_of_work(actor="t", write=False) as uow:
        seen = _statements(store)
        rows = people.listing(uow, on=TODAY)
        few = len(seen)
    assert [r["employee_id"] for r in rows] == ["1001", "1002", "1003"]
    assert {r["employee_id"]: r["unit"] for r in rows} == {"1001": "ZON", "1002": "WEST", "1003": "ZON"}
    for n in range(30):
        ok(store_url, "person", "add", f"20{n:02d}", "--name", f"Medewerker {n}", "--unit", "ZON")
    with store.unit_of_work(actor="t", write=False) as uow:
        seen.clear()
        assert len(people.listing(uow, on=TODAY)) == 33
        assert len(seen) == few


def test_the_people_listing_filters_by_unit_and_by_status_with_each_units_notice_window(store, store_url):
    ok(store_url, "unit", "update", "ZON", "--policy", "notice_days=60")
    ok(store_url, "person", "update", "1001", "--end", "2026-08-01")   # 47 days ahead: within ZON's 60
    ok(store_url, "person", "update", "1002", "--end", "2026-08-01")   # WEST keeps the default 30
    with store.unit_of_work(actor="t", write=False) as uow:
        assert [r["employee_id"] for r in people.listing(uow, on=TODAY, status="leaving")] == ["1001"]
        assert [r["employee_id"] for r in people.listing(uow, on=TODAY, status="Active")] == ["1002", "1003"]
        assert [r["employee_id"] for r in people.listing(uow, on=TODAY, unit="zon")] == ["1001", "1003"]
        with pytest.raises(ValidationError) as bad:
            people.listing(uow, on=TODAY, status="gone")
        assert bad.value.key == "person.bad_status"
        with pytest.raises(NotFound):
            people.listing(uow, on=TODAY, unit="NOPE")


def test_a_person_is_shown_with_the_accounts_they_hold(store):
    with store.unit_of_work(actor="t", write=False) as uow:
        shown = people.shown(uow, person=people.find(uow, employee_id="1001"), on=TODAY, holdings=True)
    assert shown["unit"] == "ZON" and shown["status"] == "active"
    assert shown["accounts"] == ["instagram:de.zon.school", "x:VoorbeeldWest (backup)"]


def test_an_account_is_shown_with_codes_and_ids_and_its_secrets_only_as_set(store):
    with store.unit_of_work(actor="t", write=False) as uow:
        shown = accounts.shown(uow, account=accounts.find(uow, ref="x:voorbeeldwest"))
    assert (shown["unit"], shown["custodian"], shown["backup_custodian"]) == ("WEST", "1002", "1001")
    assert shown["vault_ref"] == "set" and shown["recovery_contact"] == "…@voorbeeld.nl"


def test_the_account_listing_takes_a_unit_code_and_names_a_missing_one(store):
    with store.reader() as reader:
        assert [r["handle"] for r in accounts.listing(reader, unit="zon")] == ["de.zon.school"]
        with pytest.raises(NotFound) as missing:
            accounts.listing(reader, unit="NOPE")
    assert missing.value.key == "unit.not_found"


def test_units_are_listed_as_a_tree_and_shown_with_their_policy(store):
    with store.unit_of_work(actor="t", write=False) as uow:
        assert [(r["code"], r["depth"]) for r in units.listing(uow)] == [("ORG", 0), ("WEST", 1), ("ZON", 2)]
        shown = units.shown(uow, unit=units.find(uow, code="zon"), policy=True)
    assert "depth" not in shown and shown["parent"] == "WEST"
    assert shown["effective_policy"]["notice_days"] == 30


def test_a_setting_is_set_from_the_text_a_user_types(store):
    with store.unit_of_work(actor="t") as uow:
        assert config.set_value(uow, key="Domains", value=" voorbeeld.nl, @school.nl ,") == {
            "key": "domains", "value": ["voorbeeld.nl", "school.nl"]}
        assert config.set_value(uow, key="organisation", value="  Stichting   Zon ") == {
            "key": "organisation", "value": "Stichting Zon"}
        assert config.set_value(uow, key="notice_days", value="45")["value"] == 45
        with pytest.raises(ValidationError) as internal:
            config.set_value(uow, key="key_check", value="x")
        assert internal.value.key == "config.internal"
        with pytest.raises(ValidationError):
            config.set_value(uow, key="notice_days", value="soon")
        uow.commit()
    with store.unit_of_work(actor="t", write=False) as uow:
        shown = {row["key"]: row["value"] for row in config.listing(uow)}
    assert shown["domains"] == ["voorbeeld.nl", "school.nl"] and shown["notice_days"] == 45
    assert list(shown) == list(config.DEFAULTS)
