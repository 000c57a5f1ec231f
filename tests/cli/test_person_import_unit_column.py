"""HR exports name the unit column "Afdeling", "Locatie" or "Vestiging": ``smreg person import``
reads each as the unit, by code or by the unit's name; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from helpers import ok, small_registry


@pytest.mark.parametrize("header", ["Afdeling", "Locatie", "Vestiging"])
def test_the_unit_column_may_be_called_as_hr_exports_call_it(store_url, tmp_path, header):
    small_registry(store_url)
    export = tmp_path / "hr.csv"
    export.write_text(f"Personeelsnummer;Naam;{header};E-mailadres werk\n"
                      "2001;Anna Smit;ZON;a.smit@voorbeeld.nl\n"
                      "2002;Bram Bos;Sector West;b.bos@voorbeeld.nl\n", encoding="utf-8")
    result = ok(store_url, "person", "import", str(export), lang="nl")
    assert header not in result.stderr  # used, so not among the columns left unused
    people = {p["employee_id"]: p["unit"] for p in ok(store_url, "person", "list", "--format", "json").json()}
    assert (people["2001"], people["2002"]) == ("ZON", "WEST")
