"""``smreg notify`` with a leaver who has several accounts, one of them partly handed over: the
leaver's checklist goes along with what is recorded so far ticked, and nothing crashes."""

from __future__ import annotations

import email
from pathlib import Path

import pytest
from helpers import ok
from template_store import BACKENDS


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    url = str(tmp_path / "reg.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    ok(url, "init", "--org", "Test", "--brand", "Test", "--domain", "test.nl")
    ok(url, "unit", "add", "ORG", "--name", "Org", "--kind", "organisation")
    ok(url, "person", "add", "1", "--name", "Anna Aalders", "--unit", "ORG", "--email", "a@test.nl")
    ok(url, "person", "add", "2", "--name", "Bram Bos", "--unit", "ORG", "--email", "b@test.nl")
    ok(url, "account", "add", "x", "TestA", "--unit", "ORG", "--custodian", "1", "--vault", "op://a/b/c")
    ok(url, "account", "add", "x", "TestB", "--unit", "ORG", "--custodian", "1", "--vault", "op://a/b/d")
    ok(url, "person", "leave", "1", "--on", "2026-06-20")
    ok(url, "handover", "x:TestA", "--to", "2", "--mfa-reset")
    return url


def test_a_dry_run_lists_the_messages_for_a_leaver_with_one_handover_partly_recorded(db):
    result = ok(db, "notify", "--dry-run", lang="nl")
    assert "a@test.nl" in result.stdout + result.stderr
    assert "onverwachte" not in result.stderr


def test_the_written_checklist_ticks_what_the_partial_handover_recorded(db, tmp_path: Path):
    out = tmp_path / "mail"
    written = ok(db, "notify", "--out", str(out))
    assert f"Wrote 1 message to {out};" in written.stderr
    files = sorted(out.glob("*.eml"))
    assert files
    custodian = next(f for f in files if "a@test.nl" in email.message_from_bytes(f.read_bytes())["To"])
    message = email.message_from_bytes(custodian.read_bytes())
    attachments = [part for part in message.walk() if part.get_filename()]
    assert attachments, "the leaver's checklist is attached"
    html = attachments[0].get_payload(decode=True).decode()
    test_a = html[html.index("x:TestA"):html.index("x:TestB")]
    ticked = [line for line in test_a.splitlines() if "☑" in line]
    assert len(ticked) == 1 and "(MFA)" in ticked[0]
    assert "done on" not in ticked[0].lower() and "gedaan op" not in ticked[0].lower()  # a yes/no item has no day
    assert "☑" not in html[html.index("x:TestB"):]
