"""Reading import files: encodings, separators, JSON, XLSX, column names and row problems."""

from __future__ import annotations

import json
import random
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from registry import i18n
from registry.errors import NotFound, UsageError, ValidationError
from registry.io import open_table, parse_map_option, read_table

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
ACCOUNTS_HEADER = "platform,handle,display_name\r\n"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def handles(table) -> list[str]:
    return [row["handle"] for _, row in table.rows]


# Encodings and line endings -------------------------------------------------------------------


def test_a_utf8_byte_order_mark_does_not_end_up_in_the_first_column_name(tmp_path):
    path = write(tmp_path, "a.csv", b"\xef\xbb\xbfplatform,handle\r\nx,Caf\xc3\xa9\r\n")
    table = read_table(path, kind="accounts")
    assert table.columns == ["platform", "handle"]
    assert table.rows == [(2, {"platform": "x", "handle": "Café"})]
    assert table.notices == []


def test_a_utf16_file_with_a_mark_reads_like_utf8(tmp_path):
    text = "platform\thandle\tdisplay_name\r\ninstagram\tzoë.school\tZoë Ëlla\r\n"
    path = write(tmp_path, "unicode.txt", text.encode("utf-16"))
    table = read_table(path, kind="accounts")
    assert table.rows == [(2, {"platform": "instagram", "handle": "zoë.school", "display_name": "Zoë Ëlla"})]
    assert table.notices == []


def test_windows_line_endings_leave_no_carriage_return_in_any_value(tmp_path):
    path = write(tmp_path, "a.csv", ACCOUNTS_HEADER + "x,one,One\r\nx,two,Two\r\n")
    table = read_table(path, kind="accounts")
    assert [row for _, row in table.rows] == [
        {"platform": "x", "handle": "one", "display_name": "One"},
        {"platform": "x", "handle": "two", "display_name": "Two"},
    ]


def test_a_latin1_file_is_read_correctly_and_says_so_in_a_notice(tmp_path):
    text = "personeelsnummer;naam;functie\r\n1;Zoë Müller;coördinator\r\n2;René Dupré;leerkracht €\r\n"
    path = write(tmp_path, "hr.csv", text.encode("cp1252"))
    table = read_table(path, kind="persons")
    assert [row["name"] for _, row in table.rows] == ["Zoë Müller", "René Dupré"]
    assert table.rows[1][1]["function"] == "leerkracht €"
    assert table.notices == [f"{path} was read as Latin-1 (Windows-1252) because it is not UTF-8."]


def test_the_latin1_notice_reads_in_dutch_when_the_language_is_dutch(tmp_path):
    path = write(tmp_path, "hr.csv", "personeelsnummer;naam\n1;Zoë\n".encode("cp1252"))
    i18n.set_language("nl")
    table = read_table(path, kind="persons")
    assert table.notices == [f"{path} is gelezen als Latin-1 (Windows-1252) omdat het geen UTF-8 is."]


def test_trailing_empty_lines_and_fully_empty_rows_are_ignored(tmp_path):
    text = "platform;handle;display_name\n\nx;one;One\n;;\n  ;  ; \nx;two;Two\n\n\n\r\n"
    table = read_table(write(tmp_path, "a.csv", text + "\x1a"), kind="accounts")
    assert [(line, row["handle"]) for line, row in table.rows] == [(3, "one"), (6, "two")]
    assert table.problems == []


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_separator_is_recognised_from_the_header(tmp_path, separator):
    lines = [["platform", "handle", "notes"], ["x", "one", "a, b; c"]]
    text = "\n".join(separator.join(f'"{cell}"' if "," in cell else cell for cell in line) for line in lines)
    table = read_table(write(tmp_path, "a.txt", text + "\n"), kind="accounts")
    assert table.rows == [(2, {"platform": "x", "handle": "one", "notes": "a, b; c"})]


def test_an_excel_separator_line_sets_the_separator_and_is_not_the_header(tmp_path):
    text = "sep=;\nplatform;handle\nx;a,b\n"
    table = read_table(write(tmp_path, "a.csv", text), kind="accounts")
    assert table.rows == [(3, {"platform": "x", "handle": "a,b"})]


def test_values_are_stripped_of_surrounding_spaces(tmp_path):
    table = read_table(write(tmp_path, "a.csv", "platform , handle\n x ,  one \n"), kind="accounts")
    assert table.rows == [(2, {"platform": "x", "handle": "one"})]


def test_a_row_shorter_than_the_header_reads_the_missing_cells_as_empty(tmp_path):
    table = read_table(write(tmp_path, "a.csv", ACCOUNTS_HEADER + "x,one\n"), kind="accounts")
    assert table.rows == [(2, {"platform": "x", "handle": "one", "display_name": ""})]


# JSON -----------------------------------------------------------------------------------------


def test_json_lines_are_read_with_their_line_numbers_and_values_as_text(tmp_path):
    lines = [
        {"platform": "x", "handle": "one", "platform_id": 1234567890123},
        {},
        {"Platform": "tiktok", "Handle": "two", "first_seen": None, "avatar": 10234.0},
    ]
    text = "\n".join(json.dumps(line) for line in lines[:1]) + "\n\n" + json.dumps(lines[2]) + "\n"
    table = read_table(write(tmp_path, "seen.jsonl", text), kind="observed")
    assert table.columns == ["platform", "handle", "platform_id", "avatar", "first_seen"]
    assert table.rows == [
        (
            1,
            {
                "platform": "x",
                "handle": "one",
                "platform_id": "1234567890123",
                "avatar": "",
                "first_seen": "",
            },
        ),
        (3, {"platform": "tiktok", "handle": "two", "platform_id": "", "avatar": "10234", "first_seen": ""}),
    ]


def test_a_file_starting_with_a_brace_is_read_as_json_lines_whatever_its_name(tmp_path):
    path = write(tmp_path, "export.txt", '{"platform": "x", "handle": "one"}\n')
    assert handles(read_table(path, kind="observed")) == ["one"]


def test_a_json_array_is_read_with_the_line_each_object_starts_on(tmp_path):
    text = '[\n  {"platform": "x",\n   "handle": "one"},\n  {"platform": "x", "handle": "two"}\n]\n'
    table = read_table(write(tmp_path, "seen.json", text), kind="observed")
    assert [(line, row["handle"]) for line, row in table.rows] == [(2, "one"), (4, "two")]


def test_bad_json_lines_and_nested_values_are_row_problems_not_file_errors(tmp_path):
    text = (
        '{"platform": "x", "handle": "one"}\n'
        "{not json\n"
        '["a list"]\n'
        '{"platform": "x", "handle": ["nested"]}\n'
        '{"platform": "x", "handle": "five"}\n'
    )
    table = read_table(write(tmp_path, "seen.jsonl", text), kind="observed")
    assert handles(table) == ["one", "five"]
    assert table.problems == [
        (2, "*", "this line is not valid JSON; each line must hold one object"),
        (3, "*", "this entry is not an object with column names"),
        (4, "handle", "the value is a list or an object; give text or a number"),
    ]


def test_a_broken_json_array_is_refused_with_the_place_of_the_error(tmp_path):
    path = write(tmp_path, "seen.json", '[\n{"platform": "x", "handle": "one"},\n{"platform": }\n]')
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="observed")
    assert caught.value.key == "io.json_invalid"
    assert caught.value.params["line"] == 3


def test_a_pretty_printed_single_object_is_refused_with_the_expected_shape(tmp_path):
    path = write(tmp_path, "seen.json", '{\n  "platform": "x",\n  "handle": "one"\n}\n')
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="observed")
    assert caught.value.key == "io.json_shape"


# XLSX -----------------------------------------------------------------------------------------


def test_xlsx_dates_and_numbers_become_iso_dates_and_whole_numbers(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Personeelsnummer", "Naam", "Datum in dienst", "Datum uit dienst", "Functie"])
    sheet.append([10234.0, "Sanne de Wit", datetime(2016, 8, 1), date(2026, 12, 31), 12.5])
    sheet.append([None, None, None, None, None])
    sheet.append([10235, " Kees Jansen ", datetime(2012, 9, 1, 8, 30), None, True])
    workbook.create_sheet("Other")
    path = tmp_path / "hr.xlsx"
    workbook.save(path)
    table = read_table(path, kind="persons")
    assert table.columns == ["employee_id", "name", "function", "start_date", "end_date"]
    assert table.rows == [
        (
            2,
            {
                "employee_id": "10234",
                "name": "Sanne de Wit",
                "function": "12.5",
                "start_date": "2016-08-01",
                "end_date": "2026-12-31",
            },
        ),
        (
            4,
            {
                "employee_id": "10235",
                "name": "Kees Jansen",
                "function": "true",
                "start_date": "2012-09-01T08:30:00",
                "end_date": "",
            },
        ),
    ]
    assert table.notices == ["Only the first sheet, 'Sheet', was read; the workbook has 2 sheets."]


def test_a_damaged_xlsx_file_is_refused(tmp_path):
    path = write(tmp_path, "accounts.xlsx", b"PK\x03\x04" + b"not really a zip file" * 10)
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="accounts")
    assert caught.value.key == "io.xlsx_unreadable"


def test_an_old_binary_excel_file_is_refused_with_advice_to_save_as_xlsx(tmp_path):
    path = write(tmp_path, "accounts.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="accounts")
    assert "Save it as .xlsx" in str(caught.value)


# Column names ---------------------------------------------------------------------------------


def test_the_dutch_hr_sample_gives_the_canonical_columns_and_rows():
    table = read_table(SAMPLES / "hr_export_nl.csv", kind="persons")
    assert table.columns == ["employee_id", "name", "email", "unit", "function", "start_date", "end_date"]
    assert table.rows[:2] == [
        (2, {"employee_id": "10234", "name": "Sanne de Wit", "email": "s.dewit@aloysiusstichting.nl", "unit": "DEZON",
             "function": "leerkracht", "start_date": "01-08-2016", "end_date": ""}),
        (3, {"employee_id": "10235", "name": "Pieter van Leeuwen", "email": "p.vanleeuwen@aloysiusstichting.nl", "unit": "ACAD",
             "function": "docent", "start_date": "15-01-2019", "end_date": "31-12-2026"}),
    ]  # fmt: skip
    assert len(table.rows) == 4
    assert table.notices == [] and table.problems == []


def test_the_accounts_sample_reads_every_column_it_has():
    table = read_table(SAMPLES / "accounts_sample.csv", kind="accounts")
    assert "vault_ref" in table.columns and "url" not in table.columns
    assert [row["handle"] for _, row in table.rows] == ["AloysiusAcademie", "aloysius.stichting", "@DeZonTV"]
    assert table.rows[2][1]["rotated_on"] == ""


def test_column_names_match_regardless_of_case_spaces_dashes_and_underscores(tmp_path):
    text = "PERSNR; Voor-naam ;Tussen Voegsel;ACHTER_NAAM;E-mailadres werk;Datum-in-dienst\n7;Jan;van der;Berg;j@x.nl;1-8-2020\n"
    table = read_table(write(tmp_path, "hr.csv", text), kind="persons")
    assert table.rows == [
        (2, {"employee_id": "7", "name": "Jan van der Berg", "email": "j@x.nl", "start_date": "1-8-2020"})
    ]


def test_split_names_are_combined_with_single_spaces_and_without_empty_parts(tmp_path):
    text = "personeelsnummer,voornaam,tussenvoegsel,achternaam\n1,Jan,van der,Berg\n2, Fatima ,,El  Amrani\n3,,,Jansen\n"
    table = read_table(write(tmp_path, "hr.csv", text), kind="persons")
    assert [row["name"] for _, row in table.rows] == ["Jan van der Berg", "Fatima El Amrani", "Jansen"]
    assert table.columns == ["employee_id", "name"]


def test_name_parts_may_come_before_the_employee_number(tmp_path):
    text = "achternaam;voornaam;tussenvoegsel;persnr\nBerg;Jan;van der;7\n"
    table = read_table(write(tmp_path, "hr.csv", text), kind="persons")
    assert table.rows == [(2, {"employee_id": "7", "name": "Jan van der Berg"})]


def test_the_name_people_go_by_wins_over_the_official_first_names(tmp_path):
    text = "persnr,voornaam,roepnaam,achternaam\n1,Johannes Maria,Jan,Berg\n"
    table = read_table(write(tmp_path, "hr.csv", text), kind="persons")
    assert table.rows[0][1]["name"] == "Jan Berg"
    assert table.notices == ["Column 'roepnaam' was used for first_name; 'voornaam' was ignored."]


def test_a_full_name_column_is_used_and_the_parts_fill_in_only_where_it_is_empty(tmp_path):
    text = "persnr,naam,voornaam,achternaam\n1,J. van der Berg,Jan,Berg\n2,,Kees,Jansen\n"
    table = read_table(write(tmp_path, "hr.csv", text), kind="persons")
    assert [row["name"] for _, row in table.rows] == ["J. van der Berg", "Kees Jansen"]


def test_unknown_columns_are_ignored_and_listed_in_a_notice(tmp_path):
    text = "platform,handle,Followers,Last post\nx,one,12,yesterday\n"
    table = read_table(write(tmp_path, "a.csv", text), kind="accounts")
    assert table.rows == [(2, {"platform": "x", "handle": "one"})]
    assert table.notices == ["These columns were not used: Followers, Last post."]


def test_the_map_option_renames_columns_the_file_calls_otherwise(tmp_path):
    text = "Netwerknaam;Gebruiker;Locatie\nx;one;WEST\n"
    mapping = parse_map_option("Netwerknaam=platform; Gebruiker = handle,Locatie=eenheid")
    assert mapping == {"Netwerknaam": "platform", "Gebruiker": "handle", "Locatie": "eenheid"}
    table = read_table(write(tmp_path, "a.csv", text), kind="accounts", column_map=mapping)
    assert table.rows == [(2, {"platform": "x", "handle": "one", "unit": "WEST"})]


def test_a_map_entry_beats_a_column_that_already_has_the_name(tmp_path):
    text = "handle,Echte handle,platform\nold,new,x\n"
    table = read_table(write(tmp_path, "a.csv", text), kind="accounts", column_map={"echte handle": "handle"})
    assert table.rows[0][1]["handle"] == "new"


@pytest.mark.parametrize("text", ["handle", "=handle", "Naam=", "a=b=c", " , ", "A=handle,a=unit"])
def test_a_map_option_that_does_not_parse_is_a_usage_error(text):
    with pytest.raises(UsageError) as caught:
        parse_map_option(text)
    assert caught.value.key in ("io.map_syntax", "io.map_twice")


def test_a_map_to_an_unknown_column_or_from_an_absent_column_is_refused(tmp_path):
    path = write(tmp_path, "a.csv", "platform,handle\nx,one\n")
    with pytest.raises(UsageError) as caught:
        read_table(path, kind="accounts", column_map={"handle": "followers"})
    assert "followers" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="accounts", column_map={"Gebruiker": "handle"})
    assert "Gebruiker" in str(caught.value) and "platform, handle" in str(caught.value)


def test_a_missing_required_column_is_named_with_its_accepted_names_in_english(tmp_path):
    path = write(tmp_path, "a.csv", "platform,display_name\nx,One\n")
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="accounts")
    assert str(caught.value) == (
        "The file has no column 'handle'. Accepted names: handle, gebruikersnaam, account, accountnaam, "
        "username, user name. Rename the column, or use --map 'column name in your file=handle'."
    )


def test_a_missing_required_column_is_named_with_its_accepted_names_in_dutch(tmp_path):
    path = write(tmp_path, "hr.csv", "naam;functie\nJan;docent\n")
    i18n.set_language("nl")
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="persons")
    assert str(caught.value) == (
        "Het bestand heeft geen kolom 'employee_id'. Geaccepteerde namen: employee_id, personeelsnummer, "
        "persnr, medewerkernummer, employee_number, personeelsnr. Hernoem de kolom, of gebruik "
        "--map 'kolomnaam in uw bestand=employee_id'."
    )


def test_an_hr_export_without_any_name_column_is_refused(tmp_path):
    path = write(tmp_path, "hr.csv", "persnr;functie\n1;docent\n")
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="persons")
    assert caught.value.key == "io.column_missing_name"


def test_the_same_column_twice_in_the_header_is_refused(tmp_path):
    path = write(tmp_path, "a.csv", "platform,handle,Handle\nx,one,two\n")
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="accounts")
    assert caught.value.key == "io.column_twice"


# Whole-file refusals and row problems ---------------------------------------------------------


def test_binary_garbage_is_refused_as_not_a_text_file(tmp_path):
    garbage = random.Random(7).randbytes(4096)
    path = write(tmp_path, "accounts.csv", garbage)
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="accounts")
    assert str(caught.value).startswith(f"{path} does not look like a text/CSV file")


def test_an_image_is_refused_as_not_a_text_file(tmp_path):
    path = write(tmp_path, "logo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="accounts")
    assert caught.value.key == "io.not_text"


def test_a_nul_byte_deep_inside_a_large_file_refuses_the_whole_file(tmp_path):
    body = "".join(f"x,h{i},Name {i}\n" for i in range(20000))
    path = write(tmp_path, "a.csv", (ACCOUNTS_HEADER + body + "x,evil\x00,E\n").encode())
    with pytest.raises(ValidationError) as caught:
        read_table(path, kind="accounts")
    assert caught.value.key == "io.not_text"


def test_an_empty_file_or_a_file_with_only_a_header_has_no_rows(tmp_path):
    empty = read_table(write(tmp_path, "empty.csv", b""), kind="accounts")
    assert empty.rows == [] and empty.problems == []
    blank = read_table(write(tmp_path, "blank.csv", "\r\n\r\n"), kind="accounts")
    assert blank.rows == []
    header = read_table(write(tmp_path, "header.csv", ACCOUNTS_HEADER), kind="accounts")
    assert header.columns == ["platform", "handle", "display_name"] and header.rows == []


def test_a_row_with_more_cells_than_the_header_is_a_problem_with_its_line_number(tmp_path):
    text = ACCOUNTS_HEADER + "x,one,One\nx,two,Two, Jr.\nx,three,Three,,\n"
    table = read_table(write(tmp_path, "a.csv", text), kind="accounts")
    assert handles(table) == ["one", "three"]  # empty trailing cells are harmless
    assert table.problems == [
        (3, "*", "the row has 4 cells but the header has 3; check the separators and quotes on this line")
    ]


def test_line_numbers_count_physical_lines_across_quoted_multi_line_cells(tmp_path):
    text = (
        "platform,handle,notes\r\n"
        'x,one,"first line\r\nsecond line\r\nthird"\r\n'
        "\r\n"
        'x,two,"a ""quoted"" word"\r\n'
        'x,three,"line\nbreak"\r\n'
        "x,four,x,extra\r\n"
    )
    table = read_table(write(tmp_path, "a.csv", text), kind="accounts")
    assert [(line, row["handle"]) for line, row in table.rows] == [(2, "one"), (6, "two"), (7, "three")]
    assert table.rows[0][1]["notes"] == "first line\r\nsecond line\r\nthird"
    assert table.rows[1][1]["notes"] == 'a "quoted" word'
    assert [problem[0] for problem in table.problems] == [9]


def test_text_after_a_closing_quote_is_a_problem_of_that_row_only(tmp_path):
    text = ACCOUNTS_HEADER + 'x,"one"two,One\nx,three,Three\n'
    table = read_table(write(tmp_path, "a.csv", text), kind="accounts")
    assert handles(table) == ["three"]
    assert table.problems[0][:2] == (2, "*")


def test_a_quote_that_never_closes_refuses_the_whole_file(tmp_path):
    text = ACCOUNTS_HEADER + 'x,one,One\nx,"two,Two\nx,three,Three\n'
    with pytest.raises(ValidationError) as caught:
        read_table(write(tmp_path, "a.csv", text), kind="accounts")
    assert caught.value.key == "io.quote_unclosed"
    assert caught.value.params["line"] == 3


def test_a_missing_file_is_not_found_and_a_folder_is_refused(tmp_path):
    with pytest.raises(NotFound):
        read_table(tmp_path / "nope.csv", kind="accounts")
    with pytest.raises(ValidationError) as caught:
        read_table(tmp_path, kind="accounts")
    assert caught.value.key == "io.file_is_folder"


def test_an_unknown_kind_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError):
        read_table(write(tmp_path, "a.csv", ACCOUNTS_HEADER), kind="units")


def test_open_table_hands_out_rows_one_by_one_and_closes_the_file(tmp_path):
    body = "".join(f"x,h{i},Name {i}\n" for i in range(1000))
    path = write(tmp_path, "a.csv", ACCOUNTS_HEADER + body)
    with open_table(path, kind="observed") as stream:
        assert stream.columns == ["platform", "handle", "display_name"]
        assert not stream.closed
        first = next(iter(stream))
        rest = sum(1 for _ in stream)
    assert first == (2, {"platform": "x", "handle": "h0", "display_name": "Name 0"})
    assert rest == 999
    assert stream.closed
