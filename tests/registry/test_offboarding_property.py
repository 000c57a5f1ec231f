"""Whatever happens to people and accounts, the offboarding checklist agrees with the audit.

Random sequences of what users do (end dates set, moved and cleared, accounts added, reassigned,
imported and archived, handovers with some or all evidence, to leavers too) run through the
command line on a real store. Afterwards, for every person with an end date, the accounts
``smreg offboard ID`` lists as open in the custodian's role are compared with the SM702 and SM703
findings ``smreg audit`` reports for that person, today and in a forecast for a day after every
end date (when the whole list of each leaver must be SM702). The relation, as docs/audit.md
states it:

- a person who has **left** has SM702 for exactly the open accounts that are active, except those
  whose current custodian is someone else who has left too (SM702 then names that custodian);
- a person who is **leaving** (or leaves later) has SM703 for exactly the open accounts they still
  hold whose end date falls within the notice window; an account whose handover is under way is
  open on the checklist and silent in the audit until the end date;
- nobody else has an SM702 or SM703 finding.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from helpers import smreg
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from template_store import small_registry_copy

TODAY = date(2026, 6, 15)
NOTICE = 30
PEOPLE = ("2001", "2002", "1001", "1002", "1003")
HANDLES = ("VoorbeeldWest", "Zon1", "Zon2", "Zon3")
ACCOUNTS = tuple(f"x:{h}" for h in HANDLES)
EVIDENCE = ("--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated")
# Days from today: left long ago, left yesterday, last day today, inside the window, its edge, beyond.
OFFSETS = (-40, -1, 0, 10, NOTICE, NOTICE + 1, 90)

person = st.sampled_from(PEOPLE)  # hypothesis shrinks towards the first: a leaver
account = st.sampled_from(ACCOUNTS)
end_date = st.sampled_from(OFFSETS).map(lambda d: (TODAY + timedelta(days=d)).isoformat())
soon = st.sampled_from(OFFSETS[:5]).map(lambda d: (TODAY + timedelta(days=d)).isoformat())  # left or leaving
operation = st.one_of(
    st.tuples(st.just("end"), person, st.one_of(end_date, st.none())),
    st.tuples(st.just("add"), account, person, st.booleans()),
    st.tuples(st.just("assign"), account, st.sampled_from(("--custodian", "--backup-custodian")), person),
    st.tuples(st.just("import"), account, person),
    st.tuples(st.just("handover"), account, person, st.booleans(), st.booleans()),
    st.tuples(st.just("archive"), account),
)


def _apply(db: str, op: tuple, tmp) -> None:
    kind, *args = op
    if kind == "end":
        emp, end = args
        smreg(db, "person", "update", emp, *(("--end", end) if end else ("--clear-end",)))
    elif kind == "add":
        ref, emp, with_backup = args
        backup = ("--backup-custodian", "1003") if with_backup and emp != "1003" else ()
        smreg(db, "account", "add", "x", ref[2:], "--unit", "ZON", "--custodian", emp, *backup,
              "--vault", f"op://Social/{ref[2:]}/password")
    elif kind == "assign":
        ref, option, emp = args
        smreg(db, "account", "update", ref, option, emp)
    elif kind == "import":
        ref, emp = args
        path = tmp / f"import-{next(_counter)}.csv"
        path.write_text(f"platform,handle,unit,custodian,vault_ref\nx,{ref[2:]},ZON,{emp},op://Social/{ref[2:]}/p\n",
                        encoding="utf-8")
        smreg(db, "account", "import", str(path))
    elif kind == "handover":
        ref, emp, rotate, complete = args
        items = (*(("--rotated-on", TODAY.isoformat()) if rotate else ()), *(EVIDENCE if complete else EVIDENCE[:1]))
        smreg(db, "handover", ref, "--to", emp, *items)
    elif kind == "archive":
        smreg(db, "account", "archive", args[0])


_counter = itertools.count()


def _relation_holds(db: str, on: date) -> None:
    """The relation of the module docstring, for the audit evaluated on ``on`` (today, or a forecast)."""
    people = {p["employee_id"]: p for p in smreg(db, "person", "list", "--format", "json").json()}
    accounts = {f"{a['platform']}:{a['handle']}": a
                for a in smreg(db, "account", "list", "--format", "json").json()}
    audit = smreg(db, "audit", "--rule", "SM702", "--rule", "SM703", "--as-of", on.isoformat(),
                  "--format", "json").json()["findings"]
    reported: dict[str, set[tuple[str, str]]] = {}
    for f in audit:
        label = f"{f['subject']['platform']}:{f['subject']['handle']}"
        reported.setdefault(f["details"]["custodian"], set()).add((f["rule"], label))

    def left(emp: str | None) -> bool:
        end = people[emp]["end_date"] if emp else None
        return bool(end) and date.fromisoformat(end) < on

    for emp, p in people.items():
        if not p["end_date"]:
            assert emp not in reported, (emp, reported.get(emp))
            continue
        end = date.fromisoformat(p["end_date"])
        case = smreg(db, "offboard", emp, "--format", "json").json()["cases"][0]
        open_accounts = {a["account"] for a in case["accounts"] if not a["complete"] and a["role"] == "custodian"}
        expected = set()
        for label in open_accounts:
            acc = accounts.get(label)
            if acc is None or acc["status"] != "active":
                continue
            holder = acc["custodian"]
            if end < on:
                if holder == emp or not left(holder):
                    expected.add(("SM702", label))
            elif holder == emp and end <= on + timedelta(days=NOTICE):
                expected.add(("SM703", label))
        assert reported.get(emp, set()) == expected, (on, emp, open_accounts, case["closed"])
        # A case is open exactly when something on it is open.
        assert case["closed"] is (not any(not a["complete"] for a in case["accounts"]))


def _property(kind: str, request, tmp_path_factory, examples: int) -> None:
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck),
              phases=(Phase.explicit, Phase.reuse, Phase.generate))  # a failure prints its sequence; shrinking it takes minutes
    @given(soon, end_date, st.lists(operation, min_size=1, max_size=8))
    def run(carla_leaves, daan_leaves, ops):
        tmp = tmp_path_factory.mktemp("run")
        db = small_registry_copy(kind, request, tmp)
        # Two people with end dates from the start, so that accounts given to leavers are common.
        smreg(db, "person", "add", "2001", "--name", "Carla Mulder", "--unit", "ZON", "--end", carla_leaves)
        smreg(db, "person", "add", "2002", "--name", "Daan Smit", "--unit", "ZON", "--end", daan_leaves)
        for op in ops:
            _apply(db, op, tmp)
        _relation_holds(db, TODAY)
        # A forecast for the day after every end date: then each leaver's whole list is SM702.
        _relation_holds(db, TODAY + timedelta(days=max(OFFSETS) + 1))

    run()


def test_the_checklist_agrees_with_the_audit_after_any_sequence_of_changes_on_sqlite(request, tmp_path_factory):
    _property("sqlite", request, tmp_path_factory, examples=15)


@pytest.mark.postgres
def test_the_checklist_agrees_with_the_audit_after_any_sequence_of_changes_on_postgresql(request, tmp_path_factory):
    _property("postgresql", request, tmp_path_factory, examples=6)

