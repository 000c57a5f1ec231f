"""Each text field's length limit, declared beside the model, refused before writing on both backends.

PostgreSQL would stop the command with a database error and SQLite would store any length: the
same over-long file and the same over-long option get the same answer on both.
"""

from __future__ import annotations

import pytest
from helpers import ok, smreg
from template_store import BACKENDS, small_registry_copy

from registry import limits

HEADER = "platform,handle,display_name,unit,custodian,vault_ref,platform_id\n"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def test_the_limits_are_the_models_own_column_lengths():
    from registry.models import Account, Person

    assert limits.limit("account", "display_name") == Account.__table__.c.display_name.type.length == 300
    assert limits.limit("person", "name") == Person.__table__.c.name.type.length == 200
    assert limits.too_long("x" * 300, "account", "display_name") is None
    assert limits.too_long("x" * 301, "account", "display_name").params == {"length": 301, "limit": 300}


def test_an_over_long_account_file_is_refused_row_by_row_and_nothing_is_written(db, tmp_path):
    file = tmp_path / "accounts.csv"
    file.write_text(HEADER
                    + "x,LangeNaam,{},ZON,1001,op://Social/Lang/password,\n".format("N" * 100_000)
                    + "x,LangId,,ZON,1001,op://Social/Lang/password,{}\n".format("1" * 65)
                    + "website,voorbeeld.nl/{},,ZON,1001,op://Social/Lang/password,\n".format("a" * 400)
                    + "x,PastNog,{},ZON,1001,op://Social/Lang/password,\n".format("N" * 300), encoding="utf-8")
    before = ok(db, "account", "list", "--format", "json").json()
    result = smreg(db, "account", "import", str(file))
    assert result.exit_code == 3, result.stderr
    for expected in ("line 2: display_name: 100000 characters is too long; at most 300 fit.",
                     "line 3: platform_id: 65 characters is too long; at most 64 fit.",
                     "line 4: handle: 413 characters is too long; at most 300 fit."):
        assert expected in result.stderr, result.stderr
    assert "line 5" not in result.stderr and "DataError" not in result.stderr
    assert "3 bad rows" in result.stderr
    assert ok(db, "account", "list", "--format", "json").json() == before
    dutch = smreg(db, "account", "import", str(file), lang="nl")
    assert "regel 2: display_name: 100000 tekens is te lang; er passen er hoogstens 300." in dutch.stderr


def test_account_add_and_update_refuse_an_over_long_display_name_in_a_sentence(db):
    added = smreg(db, "account", "add", "x", "LangeNaam", "--unit", "ZON", "--custodian", "1001",
                  "--vault", "op://Social/Lang/password", "--display-name", "N" * 301)
    assert added.exit_code == 3
    assert "display name: 301 characters is too long; at most 300 fit." in added.stderr
    assert "x:LangeNaam" not in ok(db, "account", "list").stdout
    updated = smreg(db, "account", "update", "x:VoorbeeldWest", "--display-name", "N" * 100_000)
    assert updated.exit_code == 3 and "100000 characters is too long; at most 300 fit." in updated.stderr
    shown = ok(db, "account", "show", "x:VoorbeeldWest", "--format", "json").json()
    assert shown["display_name"] != "N" * 100_000


def test_an_over_long_hr_file_is_refused_under_its_own_headers(db, tmp_path):
    file = tmp_path / "hr.csv"
    file.write_text("Personeelsnummer;Naam;Functie;E-mail\n"
                    f"2001;{'Anna ' * 50};leerkracht;\n"
                    f"2002;Bram Smit;{'f' * 201};\n"
                    f"2003;Cor Smit;;{'c' * 250}@voorbeeld.nl\n"
                    f"2004;Dirk Smit;{'f' * 200};\n", encoding="utf-8")
    result = smreg(db, "person", "import", str(file), "--partial")
    assert result.exit_code == 3, result.stderr
    for expected in ("line 2: Naam: 249 characters is too long; at most 200 fit.",
                     "line 3: Functie: 201 characters is too long; at most 200 fit.",
                     "line 4: E-mail: 263 characters is too long; at most 254 fit."):
        assert expected in result.stderr, result.stderr
    assert "line 5" not in result.stderr
    assert [p["employee_id"] for p in ok(db, "person", "list", "--format", "json").json()] == ["1001", "1002", "1003"]


def test_person_add_and_update_refuse_an_over_long_name_or_function_in_a_sentence(db):
    added = smreg(db, "person", "add", "2001", "--name", "A" * 201)
    assert added.exit_code == 3
    assert "name: 201 characters is too long; at most 200 fit." in added.stderr
    updated = smreg(db, "person", "update", "1001", "--function", "f" * 5000)
    assert updated.exit_code == 3
    assert "function: 5000 characters is too long; at most 200 fit." in updated.stderr
    assert ok(db, "person", "show", "1001", "--format", "json").json()["function"] is None
    dutch = smreg(db, "person", "add", "2001", "--name", "A" * 201, lang="nl")
    assert "naam: 201 tekens is te lang; er passen er hoogstens 200." in dutch.stderr


def test_an_over_long_unit_name_and_brand_term_are_refused(db):
    unit = smreg(db, "unit", "add", "LANG", "--name", "U" * 201, "--kind", "school", "--parent", "WEST")
    assert unit.exit_code == 3 and "name: 201 characters is too long; at most 200 fit." in unit.stderr
    term = smreg(db, "brand", "term", "add", "T" * 201)
    assert term.exit_code == 3 and "term: 201 characters is too long; at most 200 fit." in term.stderr


def test_an_over_long_observed_file_is_refused_with_line_and_column(db, tmp_path):
    file = tmp_path / "observed.csv"
    file.write_text("platform,handle,display_name,url,platform_id,avatar,first_seen,source\n"
                    f"x,kees_jansen,{'Voorbeeld ' * 40},,,,,melding\n"
                    f"x,juf_anna,Juf Anna,,,,,{'s' * 201}\n", encoding="utf-8")
    result = smreg(db, "observe", "import", str(file))
    assert result.exit_code == 3, result.stderr
    assert "line 2: display_name: 399 characters is too long; at most 300 fit." in result.stderr
    assert "line 3: source: 201 characters is too long; at most 200 fit." in result.stderr
    assert ok(db, "observe", "list", "--format", "json").json() == []
