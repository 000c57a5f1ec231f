"""Every log entry says where it came from and how it ended, and the hash covers both.

Entries written before schema 0010 (origins) have neither and still verify after the upgrade; new ones
carry the origin of their face (command line, scheduled run, import, demo) and a result, and a
refused secret is logged without its value after the command's own work rolled back.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg
from sqlalchemy import text

from registry import db as smreg_db
from registry import events
from registry import settings as smreg_settings
from registry.db import Store
from registry.errors import IntegrityError
from registry.migrations import run_upgrade

PASSWORD = "Tr0ub4dor&3-horse"
# The migration that added origin and result, and the revision before it (whatever their numbers).
_VERSIONS = Path(smreg_db.__file__).with_name("migrations") / "versions"
ORIGINS = next(
    r for r in smreg_db.KNOWN_REVISIONS if (_VERSIONS / f"{r}_event_origin_and_result.py").exists()
)
PREVIOUS = smreg_db.KNOWN_REVISIONS[smreg_db.KNOWN_REVISIONS.index(ORIGINS) - 1]


def _store(url: str) -> Store:
    return Store(smreg_settings.resolve(url))


def _rows(store: Store):
    with store.engine.connect() as conn:
        return conn.execute(
            text("SELECT seq, action, subject, body, origin, result FROM event ORDER BY seq")
        ).all()


def _old_entries(store: Store, count: int) -> str:
    """``count`` entries chained the way smreg wrote them before origins; the head's hash."""
    previous = events.GENESIS
    with store.engine.begin() as conn:
        for seq in range(1, count + 1):
            at = f"2026-06-01T09:00:0{seq}.000000Z"
            body = events.make_body("hr-anna", {"after": {"code": f"U{seq}"}, "before": None})
            previous = events.chain(previous, events.make_record(seq, at, "unit.added", f"unit:U{seq}", body))
            conn.execute(
                text(
                    "INSERT INTO event (seq, at, action, subject, body, hash) VALUES (:s, :at, :a, :u, :b, :h)"
                ),
                {"s": seq, "at": at, "a": "unit.added", "u": f"unit:U{seq}", "b": body, "h": previous},
            )
    return previous


def test_the_upgrade_from_the_previous_revision_keeps_old_entries_verifying_and_new_ones_carry_origin_and_result(
    store_url,
):
    store = _store(store_url)
    run_upgrade(store.engine, PREVIOUS)
    head = _old_entries(store, 4)
    assert events.verify(store).head_hash == head
    store.upgrade()
    assert store.revision() == smreg_db.HEAD_REVISION >= ORIGINS
    after_upgrade = events.verify(store)
    assert (after_upgrade.count, after_upgrade.head_hash) == (4, head)
    with store.unit_of_work(actor="it-bram") as uow:
        uow.log.record("unit.added", "unit:NEW", before=None, after={"code": "NEW"})
        uow.commit()
    rows = _rows(store)
    assert [(r.origin, r.result) for r in rows[:4]] == [(None, None)] * 4
    assert (json.loads(rows[4].origin), rows[4].result) == ({"kind": "cli"}, "done")
    assert events.verify(store).count == 5
    # The new entry's record holds both, and the chain goes on from the old head.
    record = json.loads(
        events.make_record(5, "x", "unit.added", "unit:NEW", rows[4].body, rows[4].origin, "done")
    )
    assert (record["origin"], record["result"]) == ({"kind": "cli"}, "done")


@pytest.mark.parametrize(
    ("seq", "change"),
    [
        (2, 'origin = \'{"kind":"cli"}\''),  # an old entry given an origin afterwards
        (2, "result = 'done'"),
        (5, "origin = NULL, result = NULL"),  # a new entry passed off as an old one
        (5, "result = 'refused'"),
        (5, 'origin = \'{"kind":"web"}\''),
    ],
)
def test_changing_or_removing_an_origin_or_result_breaks_that_entry(store_url, seq, change):
    store = _store(store_url)
    run_upgrade(store.engine, PREVIOUS)
    _old_entries(store, 4)
    store.upgrade()
    with store.unit_of_work(actor="it-bram") as uow:
        uow.log.record("unit.added", "unit:NEW", before=None, after={"code": "NEW"})
        uow.commit()
    with store.engine.begin() as conn:
        conn.execute(text(f"UPDATE event SET {change} WHERE seq = :s"), {"s": seq})
    with pytest.raises(IntegrityError) as caught:
        events.verify(store)
    assert caught.value.params["seq"] == seq


def _last(db: str, **filters) -> dict:
    return ok(
        db, "log", "show", "--format", "json", *[a for k, v in filters.items() for a in (f"--{k}", v)]
    ).json()[-1]


def test_the_command_line_a_scheduled_run_and_the_demo_name_their_origin(store_url, tmp_path):
    small_registry(store_url)
    assert _last(store_url)["origin"] == {"kind": "cli"} and _last(store_url)["result"] == "done"
    ok(
        store_url,
        "unit",
        "add",
        "OOST",
        "--name",
        "Sector Oost",
        "--kind",
        "sector",
        "--parent",
        "ORG",
        env={"SMREG_ORIGIN": "scheduled"},
    )
    assert _last(store_url)["origin"] == {"kind": "scheduled"}
    refused = smreg(
        store_url,
        "unit",
        "add",
        "NOORD",
        "--name",
        "Noord",
        "--kind",
        "sector",
        "--parent",
        "ORG",
        env={"SMREG_ORIGIN": "the-boss"},
    )
    assert refused.exit_code == 2 and "SMREG_ORIGIN" in refused.stderr
    assert _last(store_url)["subject"] == "unit:OOST"


def test_the_demo_records_its_events_as_the_demo(tmp_path):
    ok(str(tmp_path / "unused.db"), "demo", "--dir", str(tmp_path / "demo"))
    store = _store(str(tmp_path / "demo" / "demo.db"))
    kinds = {json.loads(r.origin)["kind"] for r in _rows(store)}
    vias = {json.loads(r.origin).get("via") for r in _rows(store)}
    assert kinds == {"demo", "import"} and vias == {None, "demo"}
    assert events.verify(store).count == len(_rows(store))


def test_an_import_names_its_file_and_the_files_sha256(store_url, tmp_path):
    small_registry(store_url)
    path = tmp_path / "accounts.csv"
    path.write_text(
        "platform,handle,unit,custodian,vault_ref\nx,ZonNieuws,ZON,1001,op://Social/ZonNieuws/password\n",
        encoding="utf-8",
    )
    ok(store_url, "account", "import", str(path))
    entry = _last(store_url)
    assert entry["action"] == "account.imported" and entry["result"] == "done"
    assert entry["origin"] == {
        "kind": "import",
        "file": "accounts.csv",
        "via": "cli",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }
    table = ok(store_url, "log", "show", "--last", "1").stdout
    assert "import accounts.csv sha256:" + entry["origin"]["sha256"][:12] in table and entry["hash"] in table


def _store_bytes(url: str, tmp_path) -> bytes:
    if url.startswith("postgresql"):
        store = _store(url)
        with store.engine.connect() as conn:
            return "\n".join(
                str(row)
                for table in ("event", "account")
                for row in conn.execute(text(f"SELECT * FROM {table}"))
            ).encode()
    return b"".join(p.read_bytes() for p in tmp_path.glob("smreg.db*"))


def test_a_password_offered_as_a_vault_reference_is_logged_as_refused_without_the_value(store_url, tmp_path):
    small_registry(store_url)
    accounts_before = ok(store_url, "account", "list", "--format", "json").json()
    result = smreg(
        store_url,
        "account",
        "add",
        "x",
        "ZonNieuws",
        "--unit",
        "ZON",
        "--custodian",
        "1001",
        "--vault",
        PASSWORD,
    )
    assert result.exit_code == 3
    assert ok(store_url, "account", "list", "--format", "json").json() == accounts_before
    entry = _last(store_url)
    assert (entry["action"], entry["subject"], entry["result"], entry["origin"]) == (
        "account.add",
        "store",
        "refused",
        {"kind": "cli"},
    )
    assert "reason=secret" in entry["changes"] and "vault_ref" in entry["changes"]
    assert _last(store_url, result="refused")["seq"] == entry["seq"]
    assert PASSWORD not in json.dumps(ok(store_url, "log", "show", "--format", "json").json())
    assert PASSWORD.encode() not in _store_bytes(store_url, tmp_path)
    assert "intact" in ok(store_url, "log", "verify").stdout


def test_an_import_refused_for_a_secret_logs_the_lines_under_the_files_origin(store_url, tmp_path):
    small_registry(store_url)
    count = len(ok(store_url, "log", "show", "--format", "json").json())
    path = tmp_path / "bad.csv"
    path.write_text(
        "platform,handle,unit,custodian,vault_ref\n"
        f"x,ZonNieuws,ZON,1001,{PASSWORD}\nx,ZonSport,ZON,1001,op://Social/ZonSport/password\n"
        f"x,ZonMuziek,ZON,1001,{PASSWORD}2\n",
        encoding="utf-8",
    )
    assert smreg(store_url, "account", "import", str(path)).exit_code == 3
    entries = ok(store_url, "log", "show", "--format", "json").json()
    assert len(entries) == count + 1
    entry = entries[-1]
    assert (entry["action"], entry["result"], entry["origin"]["kind"], entry["origin"]["file"]) == (
        "account.import",
        "refused",
        "import",
        "bad.csv",
    )
    assert "lines=[2, 4]" in entry["changes"] and PASSWORD not in json.dumps(entries)
    assert "intact" in ok(store_url, "log", "verify").stdout


def test_a_refusal_that_is_not_about_a_secret_writes_nothing(store_url, tmp_path):
    small_registry(store_url)
    count = len(ok(store_url, "log", "show", "--format", "json").json())
    unknown_unit = [
        "x",
        "ZonNieuws",
        "--unit",
        "NOPE",
        "--custodian",
        "1001",
        "--vault",
        "op://Social/Zon/pw",
    ]
    assert smreg(store_url, "account", "add", *unknown_unit).exit_code == 3
    missing = tmp_path / "missing.csv"  # no vault reference at all: bad, but nothing secret was offered
    missing.write_text("platform,handle,unit,custodian,vault_ref\nx,ZonNieuws,ZON,1001,\n", encoding="utf-8")
    assert smreg(store_url, "account", "import", str(missing)).exit_code == 3
    assert len(ok(store_url, "log", "show", "--format", "json").json()) == count


def test_log_show_refuses_a_result_it_does_not_know(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    result = smreg(db, "log", "show", "--result", "maybe")
    assert result.exit_code == 3 and "done or refused" in result.stderr
    assert "uitgevoerd" in ok(db, "log", "show", "--last", "1", lang="nl").stdout


@pytest.mark.postgres
def test_refusals_and_changes_written_at_once_on_postgresql_keep_one_unbroken_chain(pg_url, tmp_path):
    import os
    import subprocess
    import sys

    small_registry(pg_url)
    count = len(ok(pg_url, "log", "show", "--format", "json").json())
    command = [sys.executable, "-c", "from cli.app import run; run()", "--db", pg_url, "--lang", "en"]
    runs = []
    for i in range(4):
        runs.append(
            (
                [
                    *command,
                    "unit",
                    "add",
                    f"S{i}",
                    "--name",
                    f"School {i}",
                    "--kind",
                    "school",
                    "--parent",
                    "WEST",
                ],
                0,
            )
        )
        runs.append(
            (
                [
                    *command,
                    "account",
                    "add",
                    "x",
                    f"Zon{i}",
                    "--unit",
                    "ZON",
                    "--custodian",
                    "1001",
                    "--vault",
                    f"{PASSWORD}{i}",
                ],
                3,
            )
        )
    processes = [
        (
            subprocess.Popen(
                args, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
            ),
            expected,
        )
        for args, expected in runs
    ]
    for process, expected in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == expected, err
    entries = ok(pg_url, "log", "show", "--format", "json").json()
    assert len(entries) == count + 8
    assert [e["seq"] for e in entries] == list(range(1, count + 9))
    assert sorted(e["result"] for e in entries[count:]) == ["done"] * 4 + ["refused"] * 4
    assert "intact" in ok(pg_url, "log", "verify").stdout


def test_a_signed_reports_log_head_is_checked_with_smreg_after_the_log_has_grown(tmp_path):
    import re

    db = str(tmp_path / "s.db")
    small_registry(db)
    report = tmp_path / "ownership.html"
    ok(db, "report", "ownership", "--format", "html", "--out", str(report), "--sign")
    signed = re.search(
        r"last entry number (\d+) \(hash ([0-9a-f]{64})\)", ok(db, "verify", str(report)).stdout
    )
    seq, digest = int(signed.group(1)), signed.group(2)
    ok(db, "unit", "add", "OOST", "--name", "Sector Oost", "--kind", "sector", "--parent", "ORG")
    # The documented steps: the chain is intact, and entry N still carries the signed hash.
    assert "intact" in ok(db, "log", "verify").stdout
    entries = ok(db, "log", "show", "--format", "json").json()
    assert len(entries) > seq and [e["hash"] for e in entries if e["seq"] == seq] == [digest]
    assert digest in ok(db, "log", "show").stdout
    # A log cut back to before the report and rebuilt no longer has that hash at entry N.
    store = _store(db)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM event WHERE seq >= :s"), {"s": seq})
    ok(db, "unit", "add", "NOORD", "--name", "Sector Noord", "--kind", "sector", "--parent", "ORG")
    rebuilt = [e["hash"] for e in ok(db, "log", "show", "--format", "json").json() if e["seq"] == seq]
    assert len(rebuilt) == 1 and rebuilt != [digest]


def test_an_hr_set_of_several_files_or_its_folder_names_each_file_and_its_sha256(tmp_path):
    hr = Path(__file__).resolve().parents[1] / "data" / "hr" / "raet"
    names = ["Aanstellingen.csv", "Echtgenoot.csv", "Functie.csv", "Medewerker.csv", "Telefoon.csv"]
    expected = (",".join(names), ",".join(hashlib.sha256((hr / n).read_bytes()).hexdigest() for n in names))
    for how, args in (("files", [str(hr / n) for n in names]), ("folder", [str(hr)])):
        db = str(tmp_path / f"{how}.db")
        small_registry(db)
        ok(db, "person", "import", *args)
        origin = _last(db)["origin"]
        if how == "folder":  # a folder's files, in name order, whatever else it holds
            files = sorted(p for p in hr.iterdir() if p.is_file())
            expected = (
                ",".join(p.name for p in files),
                ",".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in files),
            )
        assert (origin["kind"], origin["via"], origin["file"], origin["sha256"]) == (
            "import",
            "cli",
            *expected,
        )


def test_every_origin_and_result_code_has_a_word_in_both_languages():
    from registry import i18n, labels, origin
    from registry.services import history  # noqa: F401 - registers the words

    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        for column, codes in (("origin", origin.ORIGINS), ("result", events.RESULTS)):
            for code in codes:
                assert i18n.has(f"value.{column}.{code}") and labels.label(column, code), (language, code)
    i18n.set_language("en")
    assert history.origin_text(
        {"kind": "import", "file": "hr.csv", "sha256": "ab" * 32, "via": "scheduled"}
    ) == ("import hr.csv sha256:abababababab… via scheduled")
