"""``smreg audit --as-of``: a past audit reproduced exactly from the log, a future day forecast.

The registry changes over several months (people leave, accounts arrive, handovers are recorded
step by step, a waiver is given, a unit's policy and the organisation's settings change); the
audit taken at each moment is kept, and at the end ``--as-of`` each of those moments must give
exactly the same findings.
"""

from __future__ import annotations

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

from audit.model import fingerprint


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def _audit(db: str, *args: str) -> dict:
    result = smreg(db, "audit", "--format", "json", *args)
    assert result.exit_code in (0, 1) and result.stdout, (args, result.exit_code, result.stderr)
    return result.json()


def _at(monkeypatch, moment: str) -> None:
    monkeypatch.setenv("SMREG_CLOCK", moment)


def test_an_audit_as_of_an_earlier_moment_gives_exactly_the_findings_it_gave_then(db, monkeypatch):
    taken: dict[str, dict] = {}

    def snapshot(moment: str) -> None:
        _at(monkeypatch, moment)
        taken[moment] = _audit(db)

    snapshot("2026-06-15T11:00:00+00:00")
    _at(monkeypatch, "2026-06-20T09:00:00+00:00")
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    ok(db, "account", "add", "youtube", "@zonklas", "--unit", "ZON", "--custodian", "1003", "--vault",
       "op://Social/zonklas/password", "--recovery-contact", "juf@gmail.com", "--created-on", "2024-01-01")
    snapshot("2026-06-20T09:30:00+00:00")

    _at(monkeypatch, "2026-07-10T09:00:00+00:00")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--on", "2026-07-09", "--mfa-reset")
    snapshot("2026-07-10T09:30:00+00:00")

    _at(monkeypatch, "2026-08-15T09:00:00+00:00")
    ok(db, "waive", fingerprint("SM702", "account:1"), "--reason", "Rotation booked", "--until", "2026-09-15")
    ok(db, "unit", "update", "WEST", "--policy", "notice_days=60")
    ok(db, "person", "leave", "1003", "--on", "2026-09-20")
    ok(db, "config", "set", "domains", "voorbeeld.nl,gmail.com")
    ok(db, "account", "add", "tiktok", "zon_school", "--unit", "ZON", "--custodian", "1001", "--vault",
       "op://Social/tiktok/password", "--kind", "official", "--created-on", "2026-08-15")
    snapshot("2026-08-15T09:30:00+00:00")

    _at(monkeypatch, "2026-10-01T09:00:00+00:00")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--rotated-on", "2026-10-01", "--recovery-moved",
       "--sessions-revoked", "--vault-updated")
    ok(db, "handover", "youtube:@zonklas", "--to", "1001", "--rotated-on", "2026-10-01")
    ok(db, "account", "archive", "tiktok:zon_school")
    snapshot("2026-10-01T23:59:59.999999+00:00")

    _at(monkeypatch, "2026-11-24T12:00:00+00:00")
    today = _audit(db)
    assert len({str(t["findings"]) for t in taken.values()} | {str(today["findings"])}) == len(taken) + 1, \
        "every moment of this history has findings of its own"
    for moment, then in taken.items():
        again = _audit(db, "--as-of", moment)
        assert again["findings"] == then["findings"], moment
        assert again["summary"] == then["summary"], moment
    # A bare date is the end of that day.
    by_date = _audit(db, "--as-of", "2026-10-01")
    assert by_date["as_of"] == "2026-10-01"
    assert by_date["findings"] == taken["2026-10-01T23:59:59.999999+00:00"]["findings"]
    # What the history looked like, in the terms of the rules.
    rules_then = {m: sorted({(f["rule"], f["subject"]["handle"], f["waived"]) for f in t["findings"]})
                  for m, t in taken.items()}
    assert ("SM703", "VoorbeeldWest", False) in rules_then["2026-06-20T09:30:00+00:00"]
    assert ("SM702", "VoorbeeldWest", False) in rules_then["2026-07-10T09:30:00+00:00"]
    assert ("SM702", "VoorbeeldWest", True) in rules_then["2026-08-15T09:30:00+00:00"]
    assert ("SM706", "@zonklas", False) not in rules_then["2026-08-15T09:30:00+00:00"]


def test_a_future_moment_forecasts_the_current_registry_on_that_day(db, monkeypatch):
    ok(db, "person", "leave", "1003", "--on", "2026-12-31")
    ok(db, "account", "add", "youtube", "@zonklas", "--unit", "ZON", "--custodian", "1003", "--vault",
       "op://Social/zonklas/password", "--created-on", "2026-01-01")
    ok(db, "attest", "x:VoorbeeldWest", "--on", "2025-12-01")
    assert _audit(db)["findings"] == []
    forecast = _audit(db, "--as-of", "2027-01-15")
    assert forecast["as_of"] == "2027-01-15"
    assert sorted((f["rule"], f["subject"]["handle"], f["severity"], f["since"]) for f in forecast["findings"]) == [
        ("SM702", "@zonklas", "high", "2027-01-01"),
        ("SM710", "@zonklas", "low", "2027-01-02"),
        ("SM710", "VoorbeeldWest", "low", "2026-12-02"),
    ]
    # The same as an audit run on that day with the registry as it is now.
    _at(monkeypatch, "2027-01-15T23:59:59.999999+00:00")
    assert _audit(db)["findings"] == forecast["findings"]


def test_as_of_takes_dutch_dates_and_refuses_what_is_not_a_moment(db):
    assert _audit(db, "--as-of", "15-06-2026")["as_of"] == "2026-06-15"
    result = smreg(db, "audit", "--as-of", "yesterday")
    assert result.exit_code == 3 and "is not a date" in result.stderr
