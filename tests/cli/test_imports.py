"""Account imports and HR sync through the command line: all-or-nothing, every bad row listed, idempotent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
HEADER = "platform,handle,display_name,unit,kind,purpose,custodian,backup_custodian,vault_ref,recovery_contact,rotated_on,created_on\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def event_count(db: str) -> int:
    return len(ok(db, "log", "show", "--format", "json").json())


def test_accounts_import_adds_then_changes_nothing_on_a_second_run(store_url, tmp_path):
    small_registry(store_url)
    file = write(tmp_path / "a.csv", HEADER
                 + "x,VoorbeeldZon,De Zon,ZON,official,communicatie,1001,1003,op://Social/Zon/password,info@voorbeeld.nl,2026-01-10,01-05-2014\n"
                 + "facebook,de.zon.school,Basisschool De Zon,ZON,official,communicatie,1001,,vault://kv/social/zon#pw,,,\n")
    first = ok(store_url, "account", "import", str(file), "--format", "json").json()
    assert (first["added"], first["changed"], first["unchanged"]) == (2, 0, 0)
    before = event_count(store_url)
    second = ok(store_url, "account", "import", str(file), "--format", "json").json()
    assert (second["added"], second["changed"], second["unchanged"]) == (0, 0, 2)
    assert event_count(store_url) == before
    shown = ok(store_url, "account", "show", "x:voorbeeldzon", "--reveal", "--format", "json").json()
    assert shown["created_on"] == "2014-05-01" and shown["vault_ref"] == "op://Social/Zon/password"
    assert shown["backup_custodian"] == "1003"


def test_a_changed_row_updates_only_what_changed(store_url, tmp_path):
    small_registry(store_url)
    file = write(tmp_path / "a.csv", "platform,handle,display_name,purpose\nx,voorbeeldwest,Voorbeeld West,profilering\n")
    summary = ok(store_url, "account", "import", str(file), "--format", "json").json()
    assert summary["changed_items"] == [{"item": "x:voorbeeldwest", "fields": ["display_name", "handle", "purpose"]}]
    shown = ok(store_url, "account", "show", "x:VoorbeeldWest", "--reveal", "--format", "json").json()
    assert shown["custodian"] == "1002" and shown["vault_ref"] == "op://Social/VoorbeeldWest/password"


def test_dry_run_shows_the_plan_and_writes_nothing(store_url, tmp_path):
    small_registry(store_url)
    file = write(tmp_path / "a.csv", HEADER + "x,NieuwAccount,,ZON,work,,1001,,op://a/b/c,,,\n")
    before = event_count(store_url)
    out = ok(store_url, "account", "import", str(file), "--dry-run").stdout
    assert "would add 1" in out and "x:NieuwAccount" in out
    assert event_count(store_url) == before
    assert smreg(store_url, "account", "show", "x:NieuwAccount").exit_code == 3


BAD_ROWS = [
    ("x,Goed_Account,,ZON,work,,1001,,op://a/b/c,,31-02-2026,", 2, "rotated_on", "does not exist"),
    ("x,Goed_Account2,,NERGENS,work,,1001,,op://a/b/c,,,", 3, "unit", "no unit 'NERGENS'"),
    ("x,Goed_Account3,,ZON,work,,9999,,op://a/b/c,,,", 4, "custodian", "no person with employee id '9999'"),
    ("x,slecht-account,,ZON,work,,1001,,op://a/b/c,,,", 5, "handle", "X handles are 1–15 letters, digits or underscores"),
    ("x,Goed_Account5,,ZON,work,,1001,,Welkom2026!,,,", 6, "vault_ref", "not a credential-vault reference"),
    ("x,goed_account6,,ZON,work,,1001,,op://a/b/c,,,", 7, "handle", None),
    ("x,GOED_ACCOUNT6,,ZON,work,,1001,,op://a/b/c,,,", 8, "handle", "same account as line 7"),
    ("x,Goed_Account8,,ZON,hobby,,1001,,op://a/b/c,,,", 9, "kind", "not an account kind"),
    ("instagram,de.zon.school,,ZON,work,,1001,1001,,,,", 10, "backup_custodian", "someone other than the custodian"),
]


def test_every_bad_row_is_listed_with_its_line_and_nothing_is_written(store_url, tmp_path):
    small_registry(store_url)
    file = write(tmp_path / "bad.csv", HEADER + "\n".join(row for row, *_ in BAD_ROWS) + "\n")
    before = event_count(store_url)
    result = smreg(store_url, "account", "import", str(file))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    bad_lines = {line for _row, line, _column, text in BAD_ROWS if text is not None}
    assert lines[-1] == f"Error: The file has {len(bad_lines)} bad rows; nothing was imported. Fix the rows listed and import it again."
    for _row, line, column, text in BAD_ROWS:
        if text is None:
            continue
        matching = [entry for entry in lines if entry.strip().startswith(f"line {line}: {column}:")]
        assert matching and text in matching[0], (line, column, lines)
    assert "Welkom2026!" not in result.stderr and "Welkom2026!" not in result.stdout
    # Nothing is written but the refused secret's entry: its line, never its value.
    assert event_count(store_url) == before + 1
    refused = ok(store_url, "log", "show", "--last", "1", "--format", "json").json()[0]
    assert refused["result"] == "refused" and "lines=[6]" in refused["changes"] and "Welkom2026!" not in str(refused)
    assert len(ok(store_url, "account", "list", "--format", "json").json()) == 2


def test_a_platform_id_of_another_account_is_a_duplicate_against_the_store(store_url, tmp_path):
    small_registry(store_url)
    ok(store_url, "account", "update", "x:VoorbeeldWest", "--platform-id", "1234567")
    file = write(tmp_path / "a.csv", "platform,handle,platform_id,unit,custodian,vault_ref\nx,AnderAccount,1234567,ZON,1001,op://a/b/c\n")
    result = smreg(store_url, "account", "import", str(file))
    assert result.exit_code == 3
    assert "line 2: platform_id: platform id 1234567 belongs to another registered account (x:VoorbeeldWest)" in result.stderr


def test_messages_of_a_rejected_import_speak_dutch(tmp_path):
    db = str(tmp_path / "nl.db")
    small_registry(db)
    file = write(tmp_path / "bad.csv", HEADER + "x,Goed,,NERGENS,work,,1001,,op://a/b/c,,,\n")
    result = smreg(db, "account", "import", str(file), lang="nl")
    assert result.exit_code == 3
    assert "foute rij" in result.stderr and "regel 2: unit: Er is geen eenheid 'NERGENS'" in result.stderr


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8-sig", HEADER + "x,BomAccount,Café Één,ZON,work,,1001,,op://a/b/c,,,\n"),
        ("utf-8", (HEADER + "x,BomAccount,Café Één,ZON,work,,1001,,op://a/b/c,,,\n\n\n").replace("\n", "\r\n")),
        ("cp1252", HEADER + "x,BomAccount,Café Één,ZON,work,,1001,,op://a/b/c,,,\n"),
        ("utf-16", HEADER.replace(",", ";") + "x;BomAccount;Café Één;ZON;work;;1001;;op://a/b/c;;;\n"),
    ],
    ids=["bom", "crlf-and-trailing-lines", "latin1", "utf16-semicolons"],
)
def test_files_from_windows_spreadsheets_are_read_correctly(tmp_path, encoding, text):
    db = str(tmp_path / "w.db")
    small_registry(db)
    file = write(tmp_path / "w.csv", text, encoding)
    ok(db, "account", "import", str(file))
    shown = ok(db, "account", "show", "x:BomAccount", "--format", "json").json()
    assert shown["display_name"] == "Café Één"


def test_a_binary_file_is_refused_whole(tmp_path):
    db = str(tmp_path / "b.db")
    small_registry(db)
    file = tmp_path / "photo.csv"
    file.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    result = smreg(db, "account", "import", str(file))
    assert result.exit_code == 3 and "Traceback" not in result.stderr


def test_the_dutch_hr_sample_imports_and_opens_cases_for_leavers(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SMREG_CLOCK", "2026-11-24T09:00:00+00:00")
    ok(store_url, "init", "--org", "Aloysius")
    for code, kind in (("WEST", "sector"), ("DEZON", "school"), ("ACAD", "office")):
        ok(store_url, "unit", "add", code, "--name", code.title(), "--kind", kind)
    sample = shutil.copy(SAMPLES / "hr_export_nl.csv", tmp_path / "hr.csv")
    summary = ok(store_url, "person", "import", str(sample), "--format", "json").json()
    assert (summary["added"], summary["changed"], summary["unchanged"]) == (4, 0, 0)
    people = {p["employee_id"]: p for p in ok(store_url, "person", "list", "--format", "json").json()}
    assert people["10235"]["name"] == "Pieter van Leeuwen" and people["10235"]["end_date"] == "2026-12-31"
    assert people["10237"]["status"] == "left" and people["10234"]["start_date"] == "2016-08-01"
    again = ok(store_url, "person", "import", str(sample), "--format", "json").json()
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, 4)
    accounts = shutil.copy(SAMPLES / "accounts_sample.csv", tmp_path / "accounts.csv")
    result = ok(store_url, "account", "import", str(accounts), "--format", "json")
    assert result.json()["added"] == 3
    assert "16 characters" in result.stderr and "left on 2026-06-30" in result.stderr


def test_hr_sync_updates_takes_end_dates_and_lists_who_is_missing(store_url, tmp_path):
    small_registry(store_url)
    file = write(tmp_path / "hr.csv", "personeelsnummer;voornaam;tussenvoegsel;achternaam;e-mail;school;functie;datum_in_dienst;datum_uit_dienst\n"
                 "1001;Sanne;de;Wit;s.dewit@voorbeeld.nl;ZON;directeur;;01-07-2026\n"
                 "1003;Kees;;Jansen;;Basisschool De Zon;;;\n"
                 "1004;Jan;van der;Berg;j.vanderberg@voorbeeld.nl;WEST;leerkracht;01-08-2026;\n")
    summary = ok(store_url, "person", "import", str(file), "--format", "json").json()
    assert summary["added_items"] == ["1004"]
    assert summary["changed_items"] == [{"item": "1001", "fields": ["end_date", "function"]}]
    assert summary["unchanged"] == 1
    attention = " ".join(summary["attention"])
    assert "1002 (Pieter van Leeuwen) is in the store but not in this export" in attention
    assert "1001 (Sanne de Wit) leaves on 2026-07-01 and holds 2 accounts" in attention
    people = {p["employee_id"]: p for p in ok(store_url, "person", "list", "--format", "json").json()}
    assert people["1004"]["name"] == "Jan van der Berg" and "1002" in people
    assert people["1001"]["status"] == "leaving"
    partial = ok(store_url, "person", "import", str(file), "--partial", "--format", "json").json()
    assert not any("not in this export" in text for text in partial["attention"])


def test_an_hr_row_with_problems_rejects_the_whole_export(store_url, tmp_path):
    small_registry(store_url)
    file = write(tmp_path / "hr.csv", "employee_id,name,email,unit,start_date,end_date\n"
                 "2001,Nieuw Persoon,geen-adres,ZON,,\n"
                 "2002,Ander Persoon,a@voorbeeld.nl,MAAN,,\n"
                 "2003,Derde,,ZON,01-08-2026,01-07-2026\n"
                 "2003,Derde Dubbel,,ZON,,\n"
                 "2004,,,ZON,,\n")
    result = smreg(store_url, "person", "import", str(file))
    assert result.exit_code == 3
    for expected in ("line 2: email: 'geen-adres' is not an e-mail address", "line 3: unit: there is no unit 'MAAN'",
                     "line 4: end_date: The end date 2026-07-01 lies before", "line 5: employee_id: employee id 2003 appears again",
                     "line 6: name: A person needs a name"):
        assert expected in result.stderr, result.stderr
    assert [p["employee_id"] for p in ok(store_url, "person", "list", "--format", "json").json()] == ["1001", "1002", "1003"]


def test_export_then_import_into_an_empty_store_gives_the_same_registry(store_url, tmp_path):
    small_registry(store_url)
    ok(store_url, "account", "update", "x:VoorbeeldWest", "--display-name", "=HYPERLINK(\"http://x\")", "--notes", "+31 6 1234")
    target = str(tmp_path / "copy.db")
    ok(target, "init")
    for code, parent, kind in (("ORG", None, "organisation"), ("WEST", "ORG", "sector"), ("ZON", "WEST", "school")):
        ok(target, "unit", "add", code, "--name", code, "--kind", kind, *(["--parent", parent] if parent else []))
    people = tmp_path / "people.csv"
    ok(store_url, "person", "export", "--out", str(people))
    ok(target, "person", "import", str(people))
    for fmt in ("csv", "json", "xlsx"):
        exported = tmp_path / f"accounts.{fmt}"
        ok(store_url, "account", "export", "--format", fmt, "--out", str(exported), "--include-vault-refs")
        ok(target, "account", "import", str(exported))
        original = ok(store_url, "account", "export", "--format", "json", "--include-vault-refs").json()
        copied = ok(target, "account", "export", "--format", "json", "--include-vault-refs").json()
        assert copied == original, fmt


def test_csv_and_xlsx_exports_neutralise_formulas(tmp_path):
    import openpyxl

    db = str(tmp_path / "f.db")
    small_registry(db)
    # A leading tab or carriage return never gets this far (names are trimmed on input); the
    # writers' own tests cover those two characters.
    dangerous = ["=1+2", "+31 6", "-2", "@SUM(A1)"]
    for index, value in enumerate(dangerous):
        ok(db, "account", "add", "x", f"Formule{index}", "--unit", "ZON", "--custodian", "1001", "--vault", "op://a/b/c",
           "--display-name", value)
    csv_text = ok(db, "account", "export", "--format", "csv").stdout
    for value in dangerous:
        assert f",'{value}," in csv_text, value
    out = tmp_path / "a.xlsx"
    ok(db, "account", "export", "--format", "xlsx", "--out", str(out))
    sheet = openpyxl.load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    column = headers.index("display_name") + 1
    cells = {sheet.cell(row=r, column=column).value: sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)}
    for value in dangerous:
        cell = cells[value]
        assert cell.data_type == "s" and cell.quotePrefix


def test_json_export_is_an_array_of_objects_with_the_import_columns(tmp_path):
    db = str(tmp_path / "j.db")
    small_registry(db)
    rows = json.loads(ok(db, "account", "export", "--format", "json").stdout)
    assert rows[0]["vault_ref"] == "set" and list(rows[0])[:3] == ["platform", "handle", "display_name"]


def test_an_apostrophe_that_kept_a_line_break_in_is_removed_with_the_space_behind_it(tmp_path):
    # An export puts an apostrophe before a cell starting with a tab or a line break; reading it
    # back removes the apostrophe, and the value is trimmed as every imported value is.
    db = str(tmp_path / "n.db")
    small_registry(db)
    file = tmp_path / "notes.csv"
    file.write_text('platform,handle,unit,custodian,vault_ref,notes\nx,Notities,ZON,1001,op://a/b/c,"\'\n  hello "\n')
    ok(db, "account", "import", str(file))
    shown = ok(db, "account", "show", "x:Notities", "--reveal", "--format", "json").json()
    assert shown["notes"] == "hello"


def test_a_refused_row_is_named_by_the_files_own_column_header(store_url, tmp_path):
    small_registry(store_url)
    file = write(tmp_path / "hr.csv", "Personeelsnummer;Naam;Datum in dienst;Datum uit dienst\n"
                 "2001;Anna Smit;ooit;31-02-2027\n2002;Bram Smit;01-08-2020;\n")
    result = smreg(store_url, "person", "import", str(file))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert sorted(line.split(":")[1] for line in lines[:2]) == [" Datum in dienst", " Datum uit dienst"]
    assert "start_date" not in result.stderr and "end_date" not in result.stderr
    # Two problems on one row are one bad row, and the count comes after the list.
    assert lines[-1] == "Error: The file has 1 bad row; nothing was imported. Fix the row listed and import it again."
    dutch = smreg(store_url, "person", "import", str(file), lang="nl").stderr.splitlines()
    assert "  regel 2: Datum in dienst: " in "\n".join(dutch)
    assert dutch[-1] == "Fout: Het bestand heeft 1 foute rij; er is niets geïmporteerd. Herstel de genoemde rij en importeer opnieuw."


def test_a_long_list_of_problems_is_cut_and_errors_out_writes_every_one(store_url, tmp_path):
    small_registry(store_url)
    rows = "".join(f"x,Account{n},,NERGENS,work,,1001,,op://a/b/c,,,\n" for n in range(45))
    file = write(tmp_path / "many.csv", HEADER + rows)
    result = smreg(store_url, "account", "import", str(file))
    problems = [line for line in result.stderr.splitlines() if line.startswith("  line ")]
    assert result.exit_code == 3 and len(problems) == 30
    assert "  … and 15 more problems; --errors-out FILE writes them all." in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: The file has 45 bad rows")
    out = tmp_path / "problems.csv"
    result = smreg(store_url, "account", "import", str(file), "--errors-out", str(out))
    assert result.exit_code == 3 and "more problems" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"All 45 problems are in {out}."
    import csv

    with out.open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [r["line"] for r in written] == [str(n) for n in range(2, 47)]
    assert {r["column"] for r in written} == {"unit"} and "NERGENS" in written[0]["problem"]
    assert len(ok(store_url, "account", "list", "--format", "json").json()) == 2


def test_account_import_takes_unit_names_and_dutch_values_in_any_case(store_url, tmp_path):
    small_registry(store_url)
    file = write(tmp_path / "nl.csv", "platform;gebruikersnaam;eenheid;soort;pijler;beheerder;kluis;status\n"
                 "x;ZonOfficieel;Basisschool  de zon;Officieel;PROFILERING;1001;op://a/b/c;Actief\n"
                 "youtube;@zonwerk;zon;werk;Curriculum;1001;op://a/b/d;opgeschort\n"
                 "whatsapp;Ouders groep 8;Sector West;GROEP;communicatie;1001;op://a/b/e;gearchiveerd\n")
    ok(store_url, "account", "import", str(file))
    shown = {a["handle"]: a for a in ok(store_url, "account", "list", "--archived", "--format", "json").json()}
    assert (shown["ZonOfficieel"]["unit"], shown["ZonOfficieel"]["kind"], shown["ZonOfficieel"]["purpose"]) == ("ZON", "official", "profilering")
    assert (shown["@zonwerk"]["kind"], shown["@zonwerk"]["status"]) == ("work", "suspended")
    assert (shown["Ouders groep 8"]["kind"], shown["Ouders groep 8"]["status"], shown["Ouders groep 8"]["unit"]) == ("group", "archived", "WEST")
    again = ok(store_url, "account", "import", str(file), "--format", "json").json()
    assert (again["added"], again["changed"]) == (0, 0)


def test_an_id_a_spreadsheet_turned_into_a_number_gets_a_hint(store_url, tmp_path):
    small_registry(store_url)
    ok(store_url, "person", "add", "000128", "--name", "Nora Bakker", "--unit", "ZON")
    file = write(tmp_path / "a.csv", "platform,handle,unit,custodian,vault_ref\nx,ZonNora,ZON,128,op://a/b/c\n")
    result = smreg(store_url, "account", "import", str(file))
    assert result.exit_code == 3
    assert "line 2: custodian: there is no employee id '128', but there is '000128'" in result.stderr


TITLED = ("Accountoverzicht december 2026;;;;\n;;;;\n\nplatform;handle;unit;custodian;vault_ref\n"
          "x;ZonEen;ZON;1001;op://a/b/c\n;;;;\nx;ZonTwee;ZON;1001;op://a/b/d\n\nTotaal;2;;;\nOpgesteld door ICT;;;;\n")


def test_a_title_above_and_a_total_below_the_table_are_not_data(store_url, tmp_path):
    small_registry(store_url)
    result = ok(store_url, "account", "import", str(write(tmp_path / "t.csv", TITLED)), "--format", "json")
    assert result.json()["added"] == 2
    assert "Row 4 was taken as the header" in result.stderr
    assert "Row 9 ('Totaal') ends the table" in result.stderr


def test_a_workbook_with_a_merged_title_and_a_total_row_imports_its_table(store_url, tmp_path):
    import openpyxl

    small_registry(store_url)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Personeel Basisschool De Zon"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["Personeelsnummer", "Naam", "School", "Datum in dienst"])
    sheet.append([2001, "Anna Smit", "Basisschool De Zon", "01-08-2020"])
    sheet.append([None, None, None, None])
    sheet.append(["2002", "Bram Smit", "ZON", "01-08-2021"])
    sheet.append(["Totaal", 2])
    path = tmp_path / "hr.xlsx"
    book.save(path)
    result = smreg(store_url, "person", "import", str(path), "--partial", lang="nl")
    assert result.exit_code == 0, result.stderr
    assert "Rij 3 is als kopregel genomen" in result.stderr and "Rij 7 ('Totaal') sluit de tabel af" in result.stderr
    people = {p["employee_id"]: p for p in ok(store_url, "person", "list", "--format", "json").json()}
    assert people["2001"]["unit"] == "ZON" and "Totaal" not in people
