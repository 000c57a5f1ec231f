"""One validation of a person's fields, shared by `person add`, `person update` and `person import`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import ok, small_registry, smreg

from registry.services import people


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_validation_returns_every_problem_of_a_person_not_just_the_first():
    checked = people.validate(employee_id="2001", new=True, name="  ", email="geen-adres",
                              start_date=date(2026, 8, 1), end_date=date(2026, 7, 1))
    assert [field for field, _error in checked.problems] == ["name", "email", "end_date"]
    assert [error.key for _field, error in checked.problems] == ["person.empty_name", "person.bad_email",
                                                                  "person.end_before_start"]


def test_a_stored_date_counts_when_only_the_other_one_is_given():
    checked = people.validate(employee_id=None, new=False, start_date=date(2026, 9, 1),
                              stored_start=date(2020, 1, 1), stored_end=date(2026, 7, 31))
    assert [error.key for _field, error in checked.problems] == ["person.end_before_start"]
    cleared = people.validate(employee_id=None, new=False, start_date=date(2026, 9, 1),
                              stored_end=date(2026, 7, 31), clear_end=True)
    assert cleared.problems == [] and cleared.values == {"start_date": date(2026, 9, 1)}


def test_add_refuses_what_the_import_refuses_and_the_import_lists_it_all_under_its_own_headers(store_url, tmp_path):
    small_registry(store_url)
    added = smreg(store_url, "person", "add", "2001", "--name", "Anna Smit", "--email", "geen-adres")
    assert added.exit_code == 3 and "'geen-adres' is not an e-mail address." in added.stderr
    file = write(tmp_path / "hr.csv", "Personeelsnummer;Naam;E-mailadres;Datum in dienst;Datum uit dienst\n"
                 "2001;;geen-adres;01-08-2026;01-07-2026\n")
    result = smreg(store_url, "person", "import", str(file))
    assert result.exit_code == 3
    for expected in ("line 2: Naam: A person needs a name.", "line 2: E-mailadres: 'geen-adres' is not an e-mail address.",
                     "line 2: Datum uit dienst: The end date 2026-07-01 lies before the start date 2026-08-01."):
        assert expected in result.stderr, result.stderr
    assert "2001" not in ok(store_url, "person", "list").stdout


def test_a_start_after_the_stored_end_is_refused_by_update_and_by_import_alike(store_url, tmp_path):
    small_registry(store_url)
    ok(store_url, "person", "leave", "1003", "--on", "2026-07-31")
    updated = smreg(store_url, "person", "update", "1003", "--start", "2026-09-01")
    assert updated.exit_code == 3 and "lies before the start date 2026-09-01" in updated.stderr
    file = write(tmp_path / "hr.csv", "employee_id;name;start_date\n1003;Kees Jansen;01-09-2026\n")
    imported = smreg(store_url, "person", "import", str(file), "--partial")
    assert imported.exit_code == 3
    assert "line 2: end: The end date 2026-07-31 lies before the start date 2026-09-01." in imported.stderr
    # With the end-date column present but empty, the end date is cleared and the new start fits.
    rehired = write(tmp_path / "rehired.csv", "employee_id;name;start_date;end_date\n1003;Kees Jansen;01-09-2026;\n")
    ok(store_url, "person", "import", str(rehired), "--partial")
    person = ok(store_url, "person", "show", "1003", "--format", "json").json()
    assert person["start_date"] == "2026-09-01" and person["end_date"] is None
