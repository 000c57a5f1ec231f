"""What ``smreg handover`` tells the user: who gave the account to whom, by name; an account left
without a backup custodian; the evidence a handover to someone else sets aside; and a leaver's
warning whose command can be copied as it is. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from helpers import ok
from template_store import BACKENDS, small_registry_copy


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    """x:VoorbeeldWest: custodian Pieter van Leeuwen (1002), backup custodian Sanne de Wit (1001)."""
    url = small_registry_copy(request.param, request, tmp_path)
    ok(url, "person", "leave", "1002", "--on", "2026-06-30")
    return url


def test_the_success_message_names_giver_and_receiver_by_name_in_both_languages(db):
    english = ok(db, "handover", "x:VoorbeeldWest", "--to", "1003")
    assert english.stdout.splitlines()[0] == (
        "Recorded the handover of x:VoorbeeldWest from Pieter van Leeuwen (1002) to Kees Jansen (1003) on 2026-06-15.")
    ok(db, "handover", "instagram:de.zon.school", "--to", "1003")
    dutch = ok(db, "handover", "instagram:de.zon.school", "--to", "1001", lang="nl")
    assert dutch.stdout.splitlines()[0] == (
        "Overdracht van instagram:de.zon.school door Kees Jansen (1003) aan Sanne de Wit (1001) op 15-06-2026 vastgelegd.")


def test_handing_an_account_to_its_own_backup_custodian_warns_that_it_has_none_now(db):
    result = ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", lang="nl")
    assert result.stderr.strip() == (
        "Let op: x:VoorbeeldWest heeft nu geen reservebeheerder: Sanne de Wit (1001) was de reservebeheerder en is nu "
        "de beheerder; wijs een nieuwe aan met `smreg account update x:VoorbeeldWest --backup-custodian PERSONEELSNR`.")
    assert ok(db, "account", "show", "x:VoorbeeldWest", "--format", "json").json()["backup_custodian"] is None
    # Adding evidence to that handover says it no more.
    assert ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--mfa-reset").stderr == ""


def test_a_handover_to_someone_else_names_the_evidence_it_sets_aside(db):
    ok(db, "handover", "x:VoorbeeldWest", "--to", "1001", "--mfa-reset", "--sessions-revoked")
    result = ok(db, "handover", "x:VoorbeeldWest", "--to", "1003")
    assert ("Warning: This replaces the handover of x:VoorbeeldWest to Sanne de Wit (1001) of 2026-06-15, which had "
            "recorded: second factor reset, sessions signed out; record that evidence again for Kees Jansen (1003).\n"
            ) in result.stderr
    checklist = ok(db, "offboard", "1002", "--format", "json").json()
    items = {i["key"]: i["done"] for a in checklist["cases"][0]["accounts"] for i in a["items"]}
    assert items["mfa_reset"] is False  # the new handover is the one the checklist counts, as the sentence says


def test_the_leaver_warning_names_the_person_and_quotes_an_account_with_spaces(db):
    result = ok(db, "account", "add", "whatsapp", "Ouders groep 8 De Zon", "--unit", "ZON", "--custodian", "1002",
                "--kind", "group", "--vault", "op://Social/Ouders/password", lang="nl")
    assert ("Let op: Pieter van Leeuwen (1002) vertrekt op 30-06-2026, dus whatsapp:Ouders groep 8 De Zon komt op de "
            "vertrekchecklist: spreek af wie het overneemt en leg dat vast met "
            '`smreg handover "whatsapp:Ouders groep 8 De Zon" --to PERSONEELSNR`.') in result.stderr
    # The command as quoted works.
    ok(db, "handover", "whatsapp:Ouders groep 8 De Zon", "--to", "1003")
