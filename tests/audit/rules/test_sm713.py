"""SM713: the vault's password revision date contradicts the recorded rotation."""

from __future__ import annotations

from datetime import date

HANDED = date(2026, 5, 2)


def vault_with(kit, changed: date | None, *, by: str = "reference"):
    return kit.vault("1password", kit.entry("VoorbeeldWest", item="vw4", handle="VoorbeeldWest", account=1, by=by,
                                            changed=changed), checked=[1])


def test_a_recorded_rotation_the_vault_does_not_show_is_reported(kit):
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest", custodian="kees", rotated=HANDED)],
                      handovers=[kit.handover(1, 1, "pieter", "kees", HANDED)],
                      vaults=[vault_with(kit, date(2025, 9, 1))])
    assert kit.findings("SM713", state) == [("x:VoorbeeldWest", "high", "2026-05-02")]
    [finding] = kit.run("SM713", state)
    assert finding.message == ("A rotation on 2026-05-02 is recorded after the handover of 2026-05-02, but the vault "
                               "1password shows the password unchanged since 2025-09-01.")
    assert finding.details == {"vault": "1password", "item": "vw4", "vault_changed_on": "2025-09-01",
                               "rotated_on": "2026-05-02", "handed_on": "2026-05-02"}


def test_a_password_changed_after_the_recorded_rotation_is_reported(kit):
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest", rotated=date(2026, 1, 10))],
                      vaults=[vault_with(kit, date(2026, 3, 4), by="url")])
    [finding] = kit.run("SM713", state)
    assert (finding.subject.label, finding.since) == ("x:VoorbeeldWest", date(2026, 3, 4))
    assert finding.message == ("The vault 1password shows the password changed on 2026-03-04, after the recorded "
                               "rotation of 2026-01-10.")


def test_a_vault_that_agrees_with_the_registry_is_not_reported(kit):
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest", custodian="kees", rotated=HANDED)],
                      handovers=[kit.handover(1, 1, "pieter", "kees", HANDED)],
                      vaults=[vault_with(kit, HANDED)])
    assert kit.findings("SM713", state) == []


def test_no_revision_date_or_no_recorded_rotation_is_not_reported(kit):
    no_date = kit.state(accounts=[kit.account(1, "VoorbeeldWest", rotated=HANDED)], vaults=[vault_with(kit, None)])
    no_rotation = kit.state(accounts=[kit.account(1, "VoorbeeldWest", rotated=None)],
                            vaults=[vault_with(kit, date(2026, 6, 1))])
    assert kit.findings("SM713", no_date) == []
    assert kit.findings("SM713", no_rotation) == []


def test_a_stale_rotation_is_left_to_sm704(kit):
    # rotation recorded before the handover: SM704's finding; the vault's older date adds nothing here
    state = kit.state(accounts=[kit.account(1, "VoorbeeldWest", custodian="kees", rotated=date(2026, 1, 10))],
                      handovers=[kit.handover(1, 1, "pieter", "kees", HANDED)],
                      vaults=[vault_with(kit, date(2025, 9, 1))])
    assert kit.findings("SM713", state) == []
