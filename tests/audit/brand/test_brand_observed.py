"""Reading observed-account files: formats, column names, line numbers, bad rows, avatars."""

import json

import pytest

from audit.brand import Detector, ObservedRejected, ObservedRow, read_observed, scan_file
from audit.brand.observed import read_columns
from registry.errors import NotFound, ValidationError


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding, newline="")
    return path


def test_a_csv_file_gives_rows_numbered_by_their_line(tmp_path):
    path = write(
        tmp_path / "seen.csv",
        "platform,handle,display_name,url,platform_id,avatar,first_seen,source\n"
        "x,aloysiusnl,Aloysius NL,https://x.com/aloysiusnl,123,,2026-01-02,monitor\n"
        "instagram,jan,,,,,,\n",
    )
    assert list(read_observed(path)) == [
        ObservedRow(2, "x", "aloysiusnl", "Aloysius NL", "https://x.com/aloysiusnl", "123", "", "2026-01-02", "monitor"),
        ObservedRow(3, "instagram", "jan"),
    ]


def test_semicolons_a_byte_order_mark_and_dutch_column_names_are_understood(tmp_path):
    path = write(
        tmp_path / "gezien.csv",
        "\ufeffPlatform;Gebruikersnaam;Weergavenaam;Eerst gezien;Bron\r\nx;juf_anna;Juf Anna;05-01-2026;melding\r\n",
    )
    (row,) = read_observed(path)
    assert (row.row, row.platform, row.handle, row.display_name, row.first_seen, row.source) == (
        2, "x", "juf_anna", "Juf Anna", "05-01-2026", "melding"
    )  # fmt: skip


def test_blank_lines_and_quoted_line_breaks_keep_the_physical_line_numbers(tmp_path):
    path = write(
        tmp_path / "seen.csv",
        'platform,handle,display_name\n\nx,a,"two\nlines"\nx,b,plain\n\n\nx,c,\n',
    )
    assert [(r.row, r.handle) for r in read_observed(path)] == [(3, "a"), (5, "b"), (8, "c")]


def test_json_lines_are_read_too(tmp_path):
    lines = [{"platform": "x", "gebruikersnaam": "aloysius"}, {"platform": "tiktok", "gebruikersnaam": "jan", "weergavenaam": "Jan"}]
    path = write(tmp_path / "seen.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    assert [(r.row, r.platform, r.handle, r.display_name) for r in read_observed(path)] == [
        (1, "x", "aloysius", ""), (2, "tiktok", "jan", "Jan")
    ]  # fmt: skip


def test_a_file_without_a_handle_column_is_refused(tmp_path):
    path = write(tmp_path / "seen.csv", "platform,naam\nx,Jan\n")
    with pytest.raises(ValidationError) as error:
        list(read_observed(path))
    assert "handle" in str(error.value)


def test_a_missing_file_is_not_found(tmp_path):
    with pytest.raises(NotFound):
        list(read_observed(tmp_path / "nowhere.csv"))


def test_rows_without_platform_or_handle_are_all_reported_after_the_good_ones(tmp_path):
    path = write(
        tmp_path / "seen.csv",
        "platform,handle,url\nx,jan,\n,piet,\nx,,\nx,,https://x.com/kees\n,,\ninstagram,anna,\n",
    )
    rows = []
    with pytest.raises(ObservedRejected) as error:
        rows.extend(read_observed(path))
    assert [r.handle for r in rows] == ["jan", "kees", "anna"]  # the URL read by X's parser
    assert [(line, column) for line, column, _ in error.value.problems] == [(3, "platform"), (4, "handle")]
    assert isinstance(error.value, ValidationError)
    assert "line 3" in str(error.value) or "regel 3" in str(error.value)


def test_a_row_with_too_many_cells_is_a_problem_not_a_shifted_row(tmp_path):
    path = write(tmp_path / "seen.csv", "platform,handle\nx,jan\nx,piet,extra\nx,kees,\n")
    rows = []
    with pytest.raises(ObservedRejected) as error:
        rows.extend(read_observed(path))
    assert [r.handle for r in rows] == ["jan", "kees"]
    assert [line for line, _, _ in error.value.problems] == [3]


def test_avatar_paths_are_relative_to_the_observed_file(tmp_path):
    (tmp_path / "sub").mkdir()
    path = write(tmp_path / "sub" / "seen.csv", "platform,handle,avatar\nx,jan,pics/jan.png\nx,piet,/abs/piet.png\n")
    rows = []
    with pytest.raises(ObservedRejected) as error:  # /abs is outside the file's folder
        rows.extend(read_observed(path))
    assert rows[0].avatar == str(tmp_path / "sub" / "pics" / "jan.png")
    assert [(line, column) for line, column, _ in error.value.problems] == [(3, "avatar")]
    (allowed,) = read_observed(write(tmp_path / "sub" / "one.csv", "platform,handle,avatar\nx,piet,/abs/piet.png\n"),
                               avatar_dirs=("/abs",))
    assert allowed.avatar == "/abs/piet.png"


def test_reading_in_batches_keeps_every_row_once(tmp_path):
    body = "".join(f"x,user{i}\n" for i in range(1000))
    path = write(tmp_path / "seen.csv", "platform,handle\n" + body)
    batches = list(read_columns(path, batch=64))
    assert sum(len(b) for b in batches) == 1000
    assert [n for b in batches for n in b.rows] == list(range(2, 1002))


def test_a_scan_gives_one_verdict_per_row_or_only_the_suspects(tmp_path):
    path = write(
        tmp_path / "seen.csv",
        "platform,handle,display_name,avatar\nx,lotte,,\nx,al0ysius,,missing.png\ninstagram,jan,Juf bij Aloysius,\n",
    )
    detector = Detector(["Aloysius"], [])
    assert [(v.row, v.line, v.verdict) for v in scan_file(path, detector)] == [
        (1, 2, "clear"), (2, 3, "suspect"), (3, 4, "suspect")]
    assert [v.row for v in scan_file(path, detector, suspects_only=True)] == [2, 3]


def test_rows_are_counted_from_the_first_data_row_and_lines_where_they_are_in_the_file(tmp_path):
    # a quoted line break makes the third row start on line 5
    path = write(tmp_path / "seen.csv", 'platform,handle,display_name\nx,lotte,\nx,kees,"Kees\nJansen"\nx,aloysius_nl,\n')
    (found,) = scan_file(path, Detector(["Aloysius"], []), suspects_only=True)
    assert (found.row, found.line) == (3, 5)
    assert found.to_json()["row"] == 3 and found.to_json()["line"] == 5


def test_a_scan_strips_spaces_around_the_values_it_reports(tmp_path):
    path = write(tmp_path / "seen.csv", "platform,handle,display_name\n x , aloysius_nl , Team \n")
    (found,) = scan_file(path, Detector(["Aloysius"], []))
    assert (found.platform, found.handle, found.display_name) == ("x", "aloysius_nl", "Team")


def test_a_windows_1252_file_is_read_as_such(tmp_path):
    path = tmp_path / "seen.csv"
    path.write_bytes("platform,handle,display_name\nx,rene,René Smit\n".encode("cp1252"))
    (row,) = read_observed(path)
    assert row.display_name == "René Smit"


def test_a_file_that_stops_being_utf8_halfway_is_refused_at_that_line(tmp_path):
    path = tmp_path / "seen.csv"
    good = "".join(f"x,user{i},Naam {i}\n" for i in range(5000)).encode()
    path.write_bytes(b"platform,handle,display_name\n" + good + "x,rene,Ren\xe9\n".encode("latin-1"))
    with pytest.raises(ValidationError) as error:
        list(read_observed(path))
    assert "UTF-8" in str(error.value)
