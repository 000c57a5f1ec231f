"""A large file is scanned in two processes with the same verdicts, order and problems as in one."""

import pytest

from audit.brand import Detector, ObservedRejected, scan_file
from audit.brand import scan as scan_module
from audit.brand.observed import csv_parts, read_columns

detector = Detector(["Aloysius"], [])


def observed_file(tmp_path, rows=400, bad=()):
    lines = ["platform,handle,display_name"]
    for i in range(rows):
        if i in bad:
            lines.append(f",nobody{i},")
        elif i % 7 == 0:
            lines.append(f'x,al0ysius{i},"Team, with a comma"')
        elif i % 11 == 0:
            lines.append(f'instagram,jan{i},"two\nlines ""quoted"""')
        else:
            lines.append(f"tiktok,user{i},User {i}")
    path = tmp_path / "seen.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig", newline="")
    return path


def test_a_file_is_cut_between_whole_records_with_the_right_line_numbers(tmp_path):
    path = observed_file(tmp_path)
    parts = csv_parts(path, smallest=0)
    assert parts is not None and len(parts) == 2
    whole = [n for batch in read_columns(path) for n in batch.rows]
    halves = [n for part in parts for batch in read_columns(path, part=part) for n in batch.rows]
    assert halves == whole


def test_scanning_in_two_processes_gives_the_verdicts_of_one(tmp_path, monkeypatch):
    path = observed_file(tmp_path)
    alone = list(scan_file(path, detector, suspects_only=True))
    monkeypatch.setattr(scan_module, "PARALLEL_BYTES", 0)
    together = list(scan_file(path, detector, suspects_only=True))
    assert together == alone
    assert len(alone) == len(range(0, 400, 7))


def test_bad_rows_of_both_halves_are_reported_together(tmp_path, monkeypatch):
    path = observed_file(tmp_path, bad=(3, 390))
    with pytest.raises(ObservedRejected) as alone:
        list(scan_file(path, detector, suspects_only=True))
    monkeypatch.setattr(scan_module, "PARALLEL_BYTES", 0)
    found = []
    with pytest.raises(ObservedRejected) as together:
        found.extend(scan_file(path, detector, suspects_only=True))
    # line 5 is the fourth record; 30 records of two lines come before record 390
    assert [line for line, _, _ in together.value.problems] == [5, 2 + 390 + 30]
    assert together.value.problems == alone.value.problems
    assert len(found) == len(range(0, 400, 7))


def test_small_files_and_other_formats_are_not_cut(tmp_path):
    path = observed_file(tmp_path)
    assert csv_parts(path) is None  # smaller than the default size
    json_path = tmp_path / "seen.jsonl"
    json_path.write_text('{"platform": "x", "handle": "a"}\n' * 10, encoding="utf-8")
    assert csv_parts(json_path, smallest=0) is None


def test_a_quote_inside_an_unquoted_cell_does_not_mislead_the_cut(tmp_path, monkeypatch):
    # csv reads a quote within an unquoted cell as text, so counting quotes puts the cut inside
    # the later quoted cell; the first half then ends inside quotes and the file is scanned whole.
    lines = ["platform,handle,display_name", 'tiktok,monitor,Screen 24" wide']
    lines += [f"tiktok,user{i},User {i}" if i % 9 else f'x,al0ysius{i},"two\nlines"' for i in range(400)]
    path = tmp_path / "stray.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    alone = list(scan_file(path, detector, suspects_only=True))
    monkeypatch.setattr(scan_module, "PARALLEL_BYTES", 0)
    assert list(scan_file(path, detector, suspects_only=True)) == alone
    assert len(alone) == len(range(0, 400, 9))


def _written(path, fmt, *, parallel):
    import io

    from cli.scanout import ScanWriter

    out = io.StringIO()
    writer = ScanWriter(fmt, out)
    writer.parallel = parallel
    problems = None
    try:
        scan_module.write_scan(path, detector, writer)
    except ObservedRejected as error:
        problems = error.problems
    writer.finish()
    return out.getvalue(), (writer.rows, writer.suspects, writer.high), problems


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_table_or_json_written_from_two_processes_is_the_one_of_one(tmp_path, monkeypatch, fmt):
    path = observed_file(tmp_path, rows=1200, bad=(3, 1100))
    alone = _written(path, fmt, parallel=False)
    monkeypatch.setattr(scan_module, "PARALLEL_BYTES", 0)
    monkeypatch.setattr("cli.scanout._ALIGNED", 100)  # the table's widths come from the first half
    together = _written(path, fmt, parallel=True)
    assert together[1:] == alone[1:]
    assert together[1] == (1198, len(range(0, 1200, 7)), len(range(0, 1200, 7)))
    assert [line for line, _, _ in together[2]] == [5, 2 + 1100 + 85]  # 85 records of two lines before
    if fmt == "json":
        import json

        assert json.loads(together[0]) == json.loads(alone[0])
        assert [r["row"] for r in json.loads(together[0])["results"]] == list(range(1, 1201))[:3] + list(range(5, 1101)) \
            + list(range(1102, 1201))
    else:
        monkeypatch.setattr("cli.scanout._ALIGNED", 100)
        assert together[0] == _written(path, fmt, parallel=False)[0]


def test_a_misleading_quote_gets_the_whole_file_written_in_one_process(tmp_path, monkeypatch):
    lines = ["platform,handle,display_name", 'tiktok,monitor,Screen 24" wide']
    lines += [f"tiktok,user{i},User {i}" if i % 9 else f'x,al0ysius{i},"two\nlines"' for i in range(400)]
    path = tmp_path / "stray.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    alone = _written(path, "json", parallel=False)
    monkeypatch.setattr(scan_module, "PARALLEL_BYTES", 0)
    assert _written(path, "json", parallel=True) == alone
