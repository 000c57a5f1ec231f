"""Offboarding cases follow the accounts, on SQLite and PostgreSQL: whatever moves an account to or
from a leaver (add, update, import, handover, archive) changes their case, and the checklist always
agrees with the audit."""

from __future__ import annotations

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

VAULT = "op://Social/DeZonJuf/password"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def _case(db: str, employee_id: str, lang: str = "en") -> dict:
    return ok(db, "offboard", employee_id, "--format", "json", lang=lang).json()["cases"][0]


def _open(db: str, employee_id: str) -> dict[str, str]:
    """The accounts the checklist still lists as open, with the leaver's role."""
    return {a["account"]: a["role"] for a in _case(db, employee_id)["accounts"] if not a["complete"]}


def _findings(db: str, *rules: str) -> set[tuple[str, str, str]]:
    args = [arg for rule in rules for arg in ("--rule", rule)]
    result = smreg(db, "audit", "--format", "json", *args)
    return {(f["rule"], f"{f['subject']['platform']}:{f['subject']['handle']}", f["details"]["custodian"])
            for f in result.json()["findings"]}


def _carla(db: str, end: str = "2026-07-01") -> None:
    ok(db, "person", "add", "2003", "--name", "Carla Mulder", "--unit", "ZON", "--end", end)


def test_an_account_given_to_a_leaver_afterwards_joins_the_case_and_the_audit_agrees(db):
    _carla(db)
    empty = _case(db, "2003")
    assert (empty["closed"], empty["accounts"]) == (True, [])
    result = ok(db, "account", "add", "x", "DeZonJuf", "--unit", "ZON", "--custodian", "2003", "--vault", VAULT)
    assert result.stderr.count("\n") == 1
    assert "Carla Mulder (2003) leaves on 2026-07-01, so x:DeZonJuf joins their offboarding checklist" in result.stderr
    assert "smreg handover x:DeZonJuf --to ID" in result.stderr
    case = _case(db, "2003")
    assert case["closed"] is False
    assert _open(db, "2003") == {"x:DeZonJuf": "custodian"}
    assert _findings(db, "SM702", "SM703") == {("SM703", "x:DeZonJuf", "2003")}


def test_a_person_who_already_left_gets_the_account_on_their_checklist_with_a_warning(db):
    _carla(db, end="2026-06-01")
    result = ok(db, "account", "add", "x", "DeZonJuf", "--unit", "ZON", "--custodian", "2003", "--vault", VAULT)
    assert "Carla Mulder (2003) left on 2026-06-01, so x:DeZonJuf joins their offboarding checklist" in result.stderr
    assert "hand it over to a current member of staff" in result.stderr
    assert _open(db, "2003") == {"x:DeZonJuf": "custodian"}
    assert _findings(db, "SM702", "SM703") == {("SM702", "x:DeZonJuf", "2003")}


def test_the_warning_speaks_dutch_with_a_dutch_date(db):
    _carla(db)
    result = ok(db, "account", "add", "x", "DeZonJuf", "--unit", "ZON", "--custodian", "2003", "--vault", VAULT,
                lang="nl")
    assert "Carla Mulder (2003) vertrekt op 01-07-2026, dus x:DeZonJuf komt op de vertrekchecklist" in result.stderr


def test_a_leaver_far_beyond_the_notice_window_gets_the_account_listed_without_a_warning(db):
    _carla(db, end="2026-12-31")
    result = ok(db, "account", "add", "x", "DeZonJuf", "--unit", "ZON", "--custodian", "2003", "--vault", VAULT)
    assert "Warning" not in result.stderr
    assert _open(db, "2003") == {"x:DeZonJuf": "custodian"}
    assert _findings(db, "SM702", "SM703") == set()


def test_a_backup_custodian_given_by_update_joins_the_case_and_taking_it_away_removes_it(db):
    _carla(db)
    result = ok(db, "account", "update", "instagram:de.zon.school", "--backup-custodian", "2003")
    assert "joins their offboarding checklist" in result.stderr
    assert _open(db, "2003") == {"instagram:de.zon.school": "backup_custodian"}
    ok(db, "account", "update", "instagram:de.zon.school", "--backup-custodian", "1003")
    case = _case(db, "2003")
    assert (case["accounts"], case["closed"]) == ([], True)
    # The history stays in the log: added, then taken off the list, then the case closed.
    log = ok(db, "log", "show", "--format", "json").json()
    actions = [e["action"] for e in log if e["subject"].startswith("case:")]
    assert actions[-4:] == ["case.account_added", "case.reopened", "case.account_removed", "case.closed"]


def test_a_closed_case_reopens_when_the_leaver_gets_an_account_again(db):
    ok(db, "person", "leave", "1001", "--on", "2026-06-30")
    for account in ("instagram:de.zon.school", "x:VoorbeeldWest"):
        ok(db, "handover", account, "--to", "1003", "--rotated-on", "2026-06-15", "--recovery-moved", "--mfa-reset",
           "--sessions-revoked", "--vault-updated")
    assert _case(db, "1001")["closed"] is True
    ok(db, "account", "update", "instagram:de.zon.school", "--custodian", "1001")
    case = _case(db, "1001")
    assert case["closed"] is False
    assert _open(db, "1001") == {"instagram:de.zon.school": "custodian"}
    assert _findings(db, "SM703") == {("SM703", "instagram:de.zon.school", "1001")}


def test_a_handover_to_a_leaver_puts_the_account_on_the_receivers_checklist(db):
    _carla(db)
    result = ok(db, "handover", "instagram:de.zon.school", "--to", "2003")
    assert _open(db, "2003") == {"instagram:de.zon.school": "custodian"}
    assert "joins their offboarding checklist" in result.stderr


def test_an_account_taken_away_without_a_handover_leaves_the_list_but_one_half_handed_over_stays(db):
    ok(db, "person", "leave", "1002", "--on", "2026-06-10")
    assert _open(db, "1002") == {"x:VoorbeeldWest": "custodian"}
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1003", "--on", "2026-06-12", "--mfa-reset")
    assert _open(db, "1002") == {"x:VoorbeeldWest": "custodian"}
    assert _findings(db, "SM702") == {("SM702", "x:VoorbeeldWest", "1002")}
    # 1001 was the backup custodian; the two swap (one person cannot hold both roles).
    ok(db, "account", "update", "x:VoorbeeldWest", "--custodian", "1001", "--backup-custodian", "1003")
    # The handover from the leaver is still incomplete: it stays on the list and in the audit.
    assert _open(db, "1002") == {"x:VoorbeeldWest": "custodian"}
    assert _findings(db, "SM702") == {("SM702", "x:VoorbeeldWest", "1002")}


def test_an_import_that_gives_accounts_to_a_leaver_adds_them_to_the_case_and_warns(db, tmp_path):
    _carla(db)
    path = tmp_path / "accounts.csv"
    path.write_text("platform,handle,unit,custodian,vault_ref\n"
                    f"x,DeZonJuf,ZON,2003,{VAULT}\n"
                    "instagram,de.zon.school,ZON,2003,\n", encoding="utf-8")
    result = ok(db, "account", "import", str(path))
    assert result.stderr.count("joins their offboarding checklist") == 2
    assert _open(db, "2003") == {"x:DeZonJuf": "custodian", "instagram:de.zon.school": "custodian"}
    assert _findings(db, "SM703") == {("SM703", "x:DeZonJuf", "2003"), ("SM703", "instagram:de.zon.school", "2003")}


def test_archiving_the_last_open_account_closes_the_case(db):
    ok(db, "person", "leave", "1002", "--on", "2026-06-30")
    ok(db, "account", "archive", "x:VoorbeeldWest")
    case = _case(db, "1002")
    assert case["closed"] is True
    assert [a["complete"] for a in case["accounts"]] == [True]


def test_the_empty_checklist_speaks_of_the_person_in_both_languages(db):
    _carla(db)
    english = ok(db, "offboard", "2003").stdout
    assert "Carla Mulder holds no accounts that need a handover." in english
    assert "this unit" not in english
    dutch = ok(db, "offboard", "2003", lang="nl").stdout
    assert "Carla Mulder beheert geen accounts die overgedragen moeten worden." in dutch
    html = ok(db, "offboard", "2003", "--format", "html").stdout
    assert "Carla Mulder holds no accounts that need a handover." in html


def test_the_offboarding_queue_shows_every_open_case_with_its_progress(db):
    from registry import settings
    from registry.db import Store
    from registry.services import checklists

    ok(db, "person", "leave", "1001", "--on", "2026-06-30")
    ok(db, "person", "leave", "1002", "--on", "2026-06-20")
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1003", "--rotated-on", "2026-06-15", "--recovery-moved",
       "--mfa-reset", "--sessions-revoked", "--vault-updated")
    store = Store(settings.resolve(db))
    with store.unit_of_work(actor="test", write=False) as uow:
        from datetime import date

        queue = checklists.queue(uow.session, today=date(2026, 6, 15))
    assert [(q.employee_id, q.accounts, q.open_accounts) for q in queue] == [("1001", 2, 2)]


def test_an_import_dry_run_warns_of_an_account_given_to_a_leaver_as_the_import_does_and_writes_nothing(db, tmp_path):
    _carla(db)
    ok(db, "person", "add", "2004", "--name", "Dirk Mulder", "--unit", "ZON", "--end", "2026-06-01")
    file = tmp_path / "accounts.csv"
    file.write_text("platform,handle,unit,custodian,vault_ref\n"
                    f"x,DeZonJuf,ZON,2003,{VAULT}\n"
                    f"x,DeZonMeester,ZON,2004,{VAULT}\n"
                    f"x,DeZonConcierge,ZON,1001,{VAULT}\n", encoding="utf-8")
    events = len(ok(db, "log", "show", "--format", "json").json())
    dry = ok(db, "account", "import", str(file), "--dry-run")
    assert "Carla Mulder (2003) leaves on 2026-07-01, so x:DeZonJuf joins their offboarding checklist" in dry.stderr
    assert "Dirk Mulder (2004) left on 2026-06-01, so x:DeZonMeester joins their offboarding checklist" in dry.stderr
    assert "DeZonConcierge" not in dry.stderr
    assert len(ok(db, "log", "show", "--format", "json").json()) == events
    assert "DeZonJuf" not in ok(db, "account", "list").stdout
    assert _case(db, "2003")["accounts"] == []
    real = ok(db, "account", "import", str(file))
    warnings = sorted(line for line in real.stderr.splitlines() if "joins their offboarding checklist" in line)
    assert warnings == sorted(line for line in dry.stderr.splitlines() if "joins their offboarding checklist" in line)
    assert _open(db, "2003") == {"x:DeZonJuf": "custodian"}
