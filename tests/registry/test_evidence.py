"""The handover evidence is declared once (registry.evidence): the model, the audit's facts, the
command's options, the checklist and the report all follow that one list."""

from __future__ import annotations

import datetime
from dataclasses import fields

import pytest

from registry import evidence, i18n
from registry.domain import AccountKind


def test_every_item_is_a_column_of_the_handover_table_of_the_right_type():
    from sqlalchemy import Boolean, Date

    from registry.models import Handover

    columns = Handover.__table__.columns
    for item in evidence.ITEMS:
        assert item.key in columns, item.key
        assert isinstance(columns[item.key].type, Date if item.dated else Boolean), item.key
        assert columns[item.key].nullable is item.dated, item.key


def test_every_evidence_column_of_the_handover_table_is_an_item():
    from registry.models import Handover

    bookkeeping = {"id", "account_id", "from_person_id", "to_person_id", "handed_on", "recorded_by", "version", "role",
                   "receiver_reason"}
    assert set(Handover.__table__.columns.keys()) - bookkeeping == set(evidence.KEYS)


def test_every_item_has_words_in_both_languages_and_its_own_option():
    flags = [item.flag for item in evidence.ITEMS]
    assert len(set(flags)) == len(flags)
    for item in evidence.ITEMS:
        for pair in (item.label, item.checklist, item.help):
            english, dutch = pair
            assert english.strip() and dutch.strip() and english != dutch, item.key
        assert i18n.text_pair(f"handover.item.{item.key}") == item.label


def test_every_account_kind_has_required_evidence_and_a_group_has_no_password_to_rotate():
    for kind in AccountKind:
        assert evidence.required_for(kind.value), kind
    assert evidence.required_for("group") == ("admin_moved", "leaver_removed")
    assert evidence.required_for("work") == evidence.required_for("official") == (
        "rotated_on", "recovery_moved", "mfa_reset", "sessions_revoked", "vault_updated")
    group_items = {item.key for item in evidence.items_for("group", "whatsapp")}
    assert not group_items & {"rotated_on", "recovery_moved", "mfa_reset", "sessions_revoked", "vault_updated"}
    assert group_items == {"admin_moved", "leaver_removed", "identity_confirmed"}


def test_an_item_limited_to_some_platforms_applies_only_there():
    item = evidence.Item("x_only", ("a", "b"), ("c", "d"), ("e", "f"), platforms=frozenset({"x"}))
    assert item.applies("work", "x") and not item.applies("work", "instagram") and not item.applies("group", "x")


def test_missing_reads_a_mapping_or_a_row_and_counts_only_what_applies_to_the_kind():
    from types import SimpleNamespace

    done = {"admin_moved": True, "leaver_removed": True}
    assert evidence.missing(done, "group") == ()
    assert evidence.missing(done, "work") == evidence.required_for("work")
    row = SimpleNamespace(**{**dict.fromkeys(evidence.KEYS, None), "admin_moved": True})
    assert evidence.missing(row, "group") == ("leaver_removed",)


def test_the_evidence_shape_has_one_field_per_item():
    shape = {f.name: f.type for f in fields(evidence.Evidence)}
    assert list(shape) == list(evidence.KEYS)
    given = evidence.Evidence(rotated_on=datetime.date(2026, 6, 1), mfa_reset=True)
    assert given.given() == ("rotated_on", "mfa_reset")
    with pytest.raises(TypeError):
        evidence.Evidence(password="secret")


def test_the_audit_facts_and_the_report_keys_follow_the_declaration():
    from audit.reports.model import CHECKLIST_KEYS
    from audit.reports.texts import TEXTS
    from audit.state import HandoverFacts

    assert tuple(item.report_code for item in evidence.ITEMS) == CHECKLIST_KEYS
    for item in evidence.ITEMS:
        assert TEXTS[f"report.item.{item.report_code}"] == item.checklist
    facts = HandoverFacts(1, 1, "a", "b", datetime.date(2026, 6, 1), "custodian", {"admin_moved": True}, kind="group")
    assert facts.missing == ("leaver_removed",)
    facts.evidence["leaver_removed"] = True
    assert facts.complete


def test_the_handover_command_has_one_option_per_item():
    from typer.main import get_command

    from cli.app import app

    command = get_command(app).commands["handover"]
    options = {opt for param in command.params for opt in param.opts if opt.startswith("--")}
    assert {item.flag for item in evidence.ITEMS} <= options
    assert options - {item.flag for item in evidence.ITEMS} == {"--to", "--on"}
