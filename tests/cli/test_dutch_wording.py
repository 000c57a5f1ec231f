"""Dutch texts as a native speaker writes them, read where a user meets them; on both backends."""

from __future__ import annotations

from pathlib import Path

from helpers import ok, small_registry, smreg

VAULTS = Path(__file__).resolve().parents[1] / "data" / "vaults"


def test_init_says_the_store_was_made_in_its_place(store_url):
    result = ok(store_url, "init", "--org", "Test", "--brand", "Test", "--domain", "test.nl", lang="nl")
    assert "Registratie aangemaakt in " in result.stderr and "aangemaakt op" not in result.stderr


def test_a_duplicate_spelled_the_same_is_named_once(store_url):
    small_registry(store_url)
    same = smreg(store_url, "account", "add", "x", "VoorbeeldWest", "--unit", "WEST", "--custodian", "1002",
                 "--vault", "op://Social/W/password", lang="nl")
    assert same.exit_code != 0 and same.stderr.strip() == "Fout: x:VoorbeeldWest is al geregistreerd (account 1)."
    other = smreg(store_url, "account", "add", "x", "voorbeeldwest", "--unit", "WEST", "--custodian", "1002",
                  "--vault", "op://Social/W/password", lang="nl")
    assert "op x zijn 'VoorbeeldWest' en 'voorbeeldwest' hetzelfde account." in other.stderr


def test_a_malformed_1password_reference_shows_a_dutch_example(store_url):
    small_registry(store_url)
    refused = smreg(store_url, "account", "add", "tiktok", "zonklas", "--unit", "ZON", "--custodian", "1003",
                    "--vault", "op://alleen-de-kluis", lang="nl")
    assert refused.exit_code == 3
    assert "Een 1Password-verwijzing ziet eruit als op://kluis/item/veld." in refused.stderr


def test_the_vault_summary_counts_in_words(store_url):
    small_registry(store_url)
    dutch = ok(store_url, "vault", "import", str(VAULTS / "bitwarden.json"), "--dry-run", lang="nl")
    assert ("Kluis bitwarden: 3 items gelezen, 2 voor sociale media; 1 hoort bij een geregistreerd account, "
            "1 bij een account dat niet in het register staat.") in dutch.stdout
    english = ok(store_url, "vault", "import", str(VAULTS / "bitwarden.json"), "--dry-run")
    assert ("Vault bitwarden: 3 items read, 2 for social media; 1 belongs to a registered account, "
            "1 to an account not in the registry.") in english.stdout


def test_an_account_confirmed_long_ago_is_reported_as_confirmed_not_checked(store_url):
    small_registry(store_url)
    ok(store_url, "attest", "x:VoorbeeldWest", "--on", "2025-05-10")
    found = smreg(store_url, "audit", "--rule", "SM710", "--format", "json", lang="nl").json()["findings"]
    messages = {f["subject"]["handle"]: f["message"] for f in found}
    assert messages["VoorbeeldWest"] == ("Voor het laatst bevestigd op 10-05-2025; een nieuwe bevestiging was "
                                         "uiterlijk 10-05-2026 nodig.")


def test_a_recorded_audit_is_called_an_audit(store_url):
    small_registry(store_url)
    ok(store_url, "audit", "--record", "--fail-on", "critical", lang="nl")
    second = ok(store_url, "audit", "--record", "--fail-on", "critical", lang="nl")
    assert second.stderr.strip().endswith("Deze audit is vastgelegd als audit 2.")
