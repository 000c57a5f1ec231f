"""Finding the line of the first bytes a file's encoding cannot read, block by block."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.io import text

LINES = st.lists(st.text(alphabet=st.sampled_from(list("ab,é€😀 ")), max_size=6), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=LINES, bad=st.data(), block=st.integers(1, 9))
def test_the_line_of_the_first_bad_byte_is_found_across_block_edges(tmp_path, monkeypatch, lines, bad, block):
    monkeypatch.setattr(text, "_CHUNK", block)  # small blocks cut characters in two
    data = "\n".join(lines).encode("utf-8")
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    assert text.first_undecodable_line(path, "utf-8") is None
    at = bad.draw(st.integers(0, len(data)))
    while at < len(data) and 0x80 <= data[at] < 0xC0:  # not inside a character: before it
        at -= 1
    broken = data[:at] + b"\xff" + data[at:]
    path.write_bytes(broken)
    assert text.first_undecodable_line(path, "utf-8") == broken.count(b"\n", 0, at) + 1


def test_a_file_cut_off_inside_its_last_character_is_found_on_its_last_line(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes(b"platform,handle\nx,a\nx,caf\xc3")
    assert text.first_undecodable_line(path, "utf-8") == 3


@pytest.mark.parametrize("lang, words", [("en", "is on line 10921"), ("nl", "staat op regel 10921")])
def test_an_observed_file_that_stops_being_utf8_names_the_exact_line(tmp_path, lang, words):
    from helpers import small_registry, smreg

    db = str(tmp_path / "o.db")
    small_registry(db)
    good = b"platform,handle\n" + b"x,abc\n" * 20_000
    path = tmp_path / "observed.csv"
    path.write_bytes(good[:65535] + b"\xc3" + good[65535:])
    result = smreg(db, "observe", "import", str(path), lang=lang)
    assert result.exit_code == 3 and words in result.stderr, result.stderr


def test_a_byte_order_mark_does_not_shift_the_line_found(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfa\nb\n\xe9\n")
    assert text.first_undecodable_line(path, "utf-8-sig") == 3


def test_one_delimiter_sniffer_reads_the_header_outside_its_quotes_for_every_reader():
    from registry.io import readers, sources
    from registry.io.text import sniff_delimiter

    assert sniff_delimiter('naam;"Zon, De";school') == ";"
    assert sniff_delimiter('"a;b",c,d') == ","
    assert sniff_delimiter("platform\thandle;x") == "\t"  # a tie keeps tab, then ';'
    assert sniff_delimiter("handle") == ","
    # The account, person and observed readers and the monitoring-tool and HR readers all use it.
    assert readers.sniff_delimiter is sources.sniff_delimiter is sniff_delimiter
