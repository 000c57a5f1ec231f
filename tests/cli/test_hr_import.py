"""``smreg person import`` of HR systems' own exports: AFAS Profit, Raet HR Core Onderwijs, Youforce, Nmbrs.

The example files in ``tests/data/hr`` are laid out as docs/imports.md describes each system's
export. The Nmbrs sheet (and the others where the system has them) carries a BSN, a bank account,
a birth date and an address with distinctive values: none may reach the store, an output or the log.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ok, small_registry, smreg, store_bytes

DATA = Path(__file__).resolve().parents[1] / "data" / "hr"
COLUMNS = ("employee_id", "name", "email", "unit", "function", "start_date", "end_date")
PEOPLE = [
    ("{n}1", "Jan de Vries", "j.devries@voorbeeld.nl", "ZON", "Leerkracht", "2019-08-01", None),
    ("{n}2", "Anna de Boer-van Dijk", "a.deboer@voorbeeld.nl", "ZON", "Directeur", "2015-01-01", None),
    (
        "{n}3",
        "Kees 't Hart-Bakker",
        "k.thart@voorbeeld.nl",
        "WEST",
        "Administratief medewerker",
        "2021-02-01",
        "2026-12-31",
    ),
]
# example -> (format recognised, employee-number prefix, what is expected beyond PEOPLE)
EXAMPLES = {
    "afas-getconnector.json": ("AFAS Profit (GetConnector JSON)", "200", None),
    "afas-export.csv": ("AFAS Profit (CSV or XLSX export)", "200", "no function"),
    "raet": ("Raet HR Core Onderwijs (CSV set)", "300", "raet"),
    "youforce.json": ("Visma Raet Youforce (IAM API JSON)", "400", None),
    "nmbrs.csv": ("Visma Nmbrs (employee sheet)", "500", None),
}
FORMAT_NAMES = {"afas-getconnector.json": "afas-json", "afas-export.csv": "afas-csv", "raet": "raet-hr-core",
                "youforce.json": "youforce", "nmbrs.csv": "nmbrs"}
PLANTED = (
    "987654329",
    "876543210",
    "NL91PLNT0417164300",
    "PLNT",
    "17-03-1961",
    "1961-03-17",
    "19610317",
    "Plantagelaan",
    "Plantedorp",
    "9999 ZZ",
    "jan.prive@example.com",
)


def _expected(name: str) -> list[tuple]:
    _label, prefix, extra = EXAMPLES[name]
    people = [(p[0].format(n=prefix), *p[1:]) for p in PEOPLE]
    if extra == "no function":
        people = [(*p[:4], None, *p[5:]) for p in people]
    if extra == "raet":  # Raet's set: the partner's name only for name-use 3; a fourth employee
        people[2] = (people[2][0], "Kees 't Hart", *people[2][2:])
        people.append(
            ("3004", "Merve Özdemir", "m.ozdemir@voorbeeld.nl", "ZON", "Leerkracht", "2024-08-01", None)
        )
    return people


def _people(db: str, prefix: str) -> list[tuple]:
    listed = ok(db, "person", "list", "--format", "json").json()
    return [tuple(p.get(c) for c in COLUMNS) for p in listed if p["employee_id"].startswith(prefix)]


def _import(db: str, *args: str):
    return smreg(db, "person", "import", *args, "--partial")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_hr_export_imports_as_its_system_writes_it_and_again_changes_nothing(store_url, name):
    label, prefix, _extra = EXAMPLES[name]
    small_registry(store_url)
    result = _import(store_url, str(DATA / name))
    assert result.exit_code == 0, result.stderr
    assert f"read as {label}." in result.stderr
    assert _people(store_url, prefix) == _expected(name)
    log = ok(store_url, "log", "show", "--format", "json").json()
    again = _import(store_url, str(DATA / name), "--format", "json")
    assert again.exit_code == 0, again.stderr
    summary = again.json()
    assert (summary["added"], summary["changed"], summary["unchanged"]) == (0, 0, len(_expected(name)))
    assert summary["format"] == FORMAT_NAMES[name]
    assert ok(store_url, "log", "show", "--format", "json").json() == log


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_dry_run_shows_what_it_would_add_and_writes_nothing(store_url, name):
    small_registry(store_url)
    log = ok(store_url, "log", "show", "--format", "json").json()
    result = _import(store_url, str(DATA / name), "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["added"] == len(_expected(name))
    assert _people(store_url, EXAMPLES[name][1]) == []
    assert ok(store_url, "log", "show", "--format", "json").json() == log


def _bad_afas_json(tmp: Path) -> Path:
    data = json.loads((DATA / "afas-getconnector.json").read_text())
    data["rows"][1]["Email_werk"] = "geen adres"
    data["rows"][3]["Naamgebruik_code"] = "7"
    (tmp / "afas.json").write_text(json.dumps(data))
    return tmp / "afas.json"


def _bad_afas_csv(tmp: Path) -> Path:
    text = (DATA / "afas-export.csv").read_text().replace("01-02-2021", "31-02-2021")
    (tmp / "afas.csv").write_text(text)
    return tmp / "afas.csv"


def _bad_raet(tmp: Path) -> Path:
    folder = tmp / "raet"
    shutil.copytree(DATA / "raet", folder)
    text = (folder / "Aanstellingen.csv").read_text().replace("20210201", "20211301")
    (folder / "Aanstellingen.csv").write_text(text)
    return folder


def _bad_youforce(tmp: Path) -> Path:
    data = json.loads((DATA / "youforce.json").read_text())
    data["value"][0]["nameAssembleOrder"] = "X"
    data["value"][2]["employments"][0]["hireDate"] = "gisteren"
    (tmp / "yf.json").write_text(json.dumps(data))
    return tmp / "yf.json"


def _bad_nmbrs(tmp: Path) -> Path:
    text = (
        (DATA / "nmbrs.csv").read_text().replace(";4;765432109;k.thart@voorbeeld.nl", ";9;765432109;k.thart@")
    )
    (tmp / "nmbrs.csv").write_text(text)
    return tmp / "nmbrs.csv"


BAD = {
    "afas-json": (
        _bad_afas_json,
        ["line 2: Email_werk: ", "line 4: Naamgebruik_code: '7' is not a name-use code of AFAS Profit"],
    ),
    "afas-csv": (_bad_afas_csv, ["line 5: Begindatum contract: '31-02-2021' is not a date"]),
    "raet": (
        _bad_raet,
        ["line 4: Aanstellingen.csv, line 5: [Begindatum]: '20211301' is not a date written as yyyyMMdd"],
    ),
    "youforce": (
        _bad_youforce,
        [
            "line 1: nameAssembleOrder: 'X' is not a name-use code of Youforce",
            "line 3: hireDate: 'gisteren' is not a date",
        ],
    ),
    "nmbrs": (
        _bad_nmbrs,
        ["line 4: NaamSamenstelling: '9' is not a name-use code of Visma Nmbrs", "line 4: EmailWerk: "],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_every_bad_row_is_listed_under_the_files_own_header_and_nothing_is_imported(
    store_url, tmp_path, name
):
    make, expected = BAD[name]
    small_registry(store_url)
    log = ok(store_url, "log", "show", "--format", "json").json()
    result = _import(store_url, str(make(tmp_path)))
    assert result.exit_code == 3, result.stderr
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert ok(store_url, "log", "show", "--format", "json").json() == log
    assert len(ok(store_url, "person", "list", "--format", "json").json()) == 3


def _as_xlsx(tmp: Path, name: str) -> Path:
    """The example CSV saved as a workbook, as the system's spreadsheet export writes it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in (DATA / name).read_text().splitlines():
        sheet.append(line.split(";"))
    target = tmp / name.replace(".csv", ".xlsx")
    book.save(target)
    return target


def test_the_afas_export_reads_from_xlsx_and_from_a_csv_excel_saved_with_a_separator_line(store_url, tmp_path):
    small_registry(store_url)
    result = _import(store_url, str(_as_xlsx(tmp_path, "afas-export.csv")))
    assert result.exit_code == 0, result.stderr
    assert "read as AFAS Profit (CSV or XLSX export)." in result.stderr
    assert _people(store_url, "200") == _expected("afas-export.csv")
    excel = tmp_path / "excel.csv"
    excel.write_text("sep=;\n" + (DATA / "afas-export.csv").read_text().replace("01-02-2021", "31-02-2021"))
    bad = _import(store_url, str(excel))
    assert "line 6: Begindatum contract: '31-02-2021' is not a date" in bad.stderr


def test_map_does_not_apply_to_an_hr_systems_own_layout(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    result = _import(db, str(DATA / "nmbrs.csv"), "--map", "Persnr=employee_id")
    assert result.exit_code == 2
    assert "--map renames the columns of smreg's own HR layout; Visma Nmbrs (employee sheet)" in result.stderr


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_nmbrs_bsn_bank_birth_date_and_address_are_never_stored_shown_or_logged(store_url, tmp_path, kind):
    small_registry(store_url)
    sheet = DATA / "nmbrs.csv" if kind == "csv" else _as_xlsx(tmp_path, "nmbrs.csv")
    outputs = []
    for args in (["--dry-run"], [], ["--format", "json"], ["--debug"]):
        result = _import(store_url, str(sheet), *args)
        assert result.exit_code == 0, result.stderr
        outputs += [result.stdout, result.stderr]
    assert (
        "the columns BSN, Geboortedatum, Geboorteplaats, Postcode, Huisadres, Huisnummer, Woonplaats, IBAN"
        in outputs[1]
    )
    assert "they were not read" in outputs[1]
    for command in (
        ["person", "list", "--format", "json"],
        ["person", "export", "--format", "csv"],
        ["log", "show", "--format", "json"],
        ["person", "show", "5001", "--format", "json"],
    ):
        run = ok(store_url, *command)
        outputs += [run.stdout, run.stderr]
    for text in outputs:
        for value in PLANTED:
            assert value not in text
    for data in store_bytes(store_url, tmp_path):
        for value in PLANTED:
            assert value.encode() not in data


@pytest.mark.parametrize("name, ignored", [
    ("raet", "Medewerker.csv: the columns [Geboortedatum] hold personal data"),
    ("youforce.json", "youforce.json: the columns addresses, dateOfBirth hold personal data"),
])
def test_raet_and_youforce_birth_dates_addresses_and_private_mail_stay_out(store_url, tmp_path, name, ignored):
    small_registry(store_url)
    result = _import(store_url, str(DATA / name))
    assert result.exit_code == 0, result.stderr
    assert ignored in result.stderr
    outputs = [result.stdout, result.stderr]
    for command in (["person", "list", "--format", "json"], ["log", "show", "--format", "json"]):
        outputs.append(ok(store_url, *command).stdout)
    for value in PLANTED:
        assert all(value not in text for text in outputs)
        assert all(value.encode() not in data for data in store_bytes(store_url, tmp_path))


def test_the_raet_set_reads_from_its_files_as_well_as_its_folder(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    files = [
        str(DATA / "raet" / f)
        for f in ("Medewerker.csv", "Telefoon.csv", "Aanstellingen.csv", "Functie.csv", "Echtgenoot.csv")
    ]
    result = _import(db, *files)
    assert result.exit_code == 0, result.stderr
    assert "Medewerker.csv: the columns [Geboortedatum] hold personal data" in result.stderr
    assert _people(db, "300") == _expected("raet")


def test_a_raet_set_saved_as_utf7_reads_its_letters(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    folder = tmp_path / "raet"
    shutil.copytree(DATA / "raet", folder)
    text = (folder / "Medewerker.csv").read_bytes().decode("cp1252")
    # as a writer that also encodes the optional characters (.NET's UTF-7): ';' is '+ADs-', '"' is '+ACI-'
    encoded = text.encode("utf-7").replace(b";", b"+ADs-").replace(b'"', b"+ACI-")
    (folder / "Medewerker.csv").write_bytes(encoded)
    assert b"+ANY-zdemir" in encoded
    result = _import(db, str(folder))
    assert result.exit_code == 0, result.stderr
    assert _people(db, "300") == _expected("raet")


def test_from_forces_a_format_and_an_unknown_name_is_refused(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    wrong = _import(db, str(DATA / "nmbrs.csv"), "--from", "afas-csv")
    assert wrong.exit_code == 3
    assert "nmbrs.csv does not look like AFAS Profit (CSV or XLSX export): it lacks Geboortenaam" in wrong.stderr
    unknown = _import(db, str(DATA / "nmbrs.csv"), "--from", "loket")
    assert unknown.exit_code == 2
    assert (
        "'loket' is not an HR format. Use one of: afas-json, afas-csv, raet-hr-core, youforce, nmbrs"
        in unknown.stderr
    )
    forced = _import(db, str(DATA / "afas-getconnector.json"), "--from", "afas")
    assert forced.exit_code == 0 and "read as AFAS Profit (GetConnector JSON)." in forced.stderr
    several = _import(db, str(DATA / "nmbrs.csv"), str(DATA / "youforce.json"))
    assert several.exit_code == 2 and "only a Raet HR Core Onderwijs CSV set" in several.stderr


def test_the_messages_are_dutch_under_lang_nl(tmp_path):
    db = str(tmp_path / "s.db")
    small_registry(db)
    result = smreg(db, "person", "import", str(DATA / "nmbrs.csv"), "--partial", "--dry-run", lang="nl")
    assert result.exit_code == 0, result.stderr
    assert "nmbrs.csv: gelezen als Visma Nmbrs (werknemersblad)." in result.stderr
    assert "bevatten persoonsgegevens die smreg niet bewaart" in result.stderr
    bad = smreg(db, "person", "import", str(_bad_nmbrs(tmp_path)), "--partial", lang="nl")
    assert "regel 4: NaamSamenstelling: '9' is geen naamgebruikcode van Visma Nmbrs" in bad.stderr
