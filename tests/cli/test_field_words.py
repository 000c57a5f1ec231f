"""Messages name a field by its word in the user's language, never by its internal name."""

from __future__ import annotations

from helpers import ok, small_registry, smreg


def test_a_refused_field_is_named_as_the_tables_name_it(tmp_path):
    db = str(tmp_path / "fields.db")
    small_registry(db)
    dutch = smreg(db, "account", "add", "x", "Nieuw", "--unit", "ZON", "--custodian", "1001", "--vault", "Zomer2026!",
                  lang="nl")
    assert dutch.exit_code == 3
    assert dutch.stderr.startswith("Fout: kluisverwijzing: ") and "vault_ref" not in dutch.stderr
    english = smreg(db, "account", "add", "x", "Nieuw", "--unit", "NERGENS", "--custodian", "1001", "--vault",
                    "op://Social/Nieuw/password")
    assert english.exit_code == 3 and english.stderr.startswith("Error: unit: ")
    custodian = smreg(db, "account", "update", "x:VoorbeeldWest", "--custodian", "999", lang="nl")
    assert custodian.exit_code == 3 and custodian.stderr.startswith("Fout: beheerder: ")


def test_an_import_names_changed_fields_and_counts_one_row_as_one(tmp_path):
    db = str(tmp_path / "import.db")
    small_registry(db)
    changed = tmp_path / "accounts.csv"
    changed.write_text("platform;gebruikersnaam;eenheid;reservebeheerder;notities\n"
                       "x;VoorbeeldWest;WEST;1003;overgenomen\n", encoding="utf-8")
    dutch = ok(db, "account", "import", str(changed), "--dry-run", lang="nl").stdout
    assert "accounts.csv: 1 rij — " in dutch
    assert "x:VoorbeeldWest (" in dutch and "reservebeheerder" in dutch and "notities" in dutch
    assert "backup_custodian" not in dutch and "notes" not in dutch
    english = ok(db, "account", "import", str(changed), "--dry-run").stdout
    assert "accounts.csv: 1 row — " in english and "backup custodian" in english


def test_a_missing_required_cell_is_named_by_the_files_header_once(tmp_path):
    db = str(tmp_path / "required.db")
    small_registry(db)
    rows = tmp_path / "new.csv"
    rows.write_text("platform;gebruikersnaam;eenheid;beheerder;kluisverwijzing\nx;Nieuw;ZON;;op://Social/Nieuw/pw\n",
                    encoding="utf-8")
    refused = smreg(db, "account", "import", str(rows), lang="nl")
    assert refused.exit_code == 3
    assert "regel 2: beheerder: verplicht voor een nieuw account." in refused.stderr
    assert "custodian" not in refused.stderr


def test_every_column_of_a_dutch_scan_table_has_its_own_header(tmp_path):
    db = str(tmp_path / "scan.db")
    small_registry(db)
    observed = tmp_path / "observed.csv"
    observed.write_text("platform,handle,display_name\ninstagram,voorbeeld_fans,Voorbeeld fans\n", encoding="utf-8")
    table = smreg(db, "scan", str(observed), lang="nl").stdout
    header = table.splitlines()[0].split()
    assert "regelnr" in header and "regel" in header
    assert len(header) == len(set(header)), header
