"""Observed accounts from username-search and monitoring tools, read from files laid out as each tool writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.io.sources import Skipped, SourceRow, detect_source, hyperlink_text, read_source

DATA = Path(__file__).resolve().parents[2] / "data" / "observed"

# file -> (format recognised, accounts read, rows skipped as (line, column))
EXPECTED = {
    "sherlock.csv": ("sherlock", [(2, "instagram", "voorbeeldwest"), (3, "x", "voorbeeldwest")], [(5, "url_user")]),
    "sherlock.xlsx": ("sherlock", [(2, "instagram", "voorbeeldwest"), (3, "x", "voorbeeldwest")], [(5, "url_user")]),
    "maigret.csv": ("maigret", [(2, "instagram", "voorbeeld_fans")], [(4, "url_user")]),
    "maigret-simple.json": ("maigret-json", [(1, "instagram", "voorbeeld_fans"), (2, "x", "voorbeeld_fans")],
                            [(3, "status.url")]),
    "maigret.ndjson": ("maigret-json", [(1, "instagram", "voorbeeld_fans"), (2, "x", "voorbeeld_fans")],
                       [(3, "status.url")]),
    "social-analyzer.json": ("social-analyzer", [(1, "instagram", "voorbeeld.school"),
                                                 (2, "pinterest", "voorbeeldschool")], [(3, "link")]),
    "brandwatch.csv": ("brandwatch", [(6, "x", "voorbeeld_nieuws"), (7, "instagram", "voorbeeld.fotos")], [(8, "url")]),
    "meltwater.csv": ("meltwater", [(2, "x", "voorbeeld_actueel"), (3, "facebook", "voorbeeld.ouders")], [(4, "url")]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_tool_is_recognised_and_read_through_the_platform_table(name):
    fmt, accounts, skipped = EXPECTED[name]
    source = detect_source(DATA / name)
    assert source is not None and source.name == fmt
    rows = list(read_source(DATA / name, source))
    assert [(r.line, r.platform, r.handle) for r in rows if isinstance(r, SourceRow)] == accounts
    assert [(r.line, r.column) for r in rows if isinstance(r, Skipped)] == skipped
    for row in rows:
        if isinstance(row, SourceRow):
            assert row.source == f"{source.tool}: {name}"
            assert row.unverified is (fmt not in ("brandwatch", "meltwater"))


def test_only_claimed_sherlock_rows_are_accounts():
    rows = list(read_source(DATA / "sherlock.csv", detect_source(DATA / "sherlock.csv")))
    handles = {(r.platform, r.handle) for r in rows if isinstance(r, SourceRow)}
    assert ("tiktok", "voorbeeldwest") not in handles  # Available
    assert ("pinterest", "voorbeeldwest") not in handles  # Unknown
    assert ("youtube", "@voorbeeldwest") not in handles  # WAF


def test_a_hyperlink_formula_gives_its_text_and_is_never_evaluated():
    assert hyperlink_text('=HYPERLINK("https://x.com/a")') == "https://x.com/a"
    assert hyperlink_text('=hyperlink( "https://x.com/say""hi""" )') == 'https://x.com/say"hi"'
    assert hyperlink_text('=WEBSERVICE("http://127.0.0.1/")') == '=WEBSERVICE("http://127.0.0.1/")'
    assert hyperlink_text(None) == ""


def test_a_monitoring_row_names_the_author_at_the_account_address_with_the_day_of_the_mention():
    rows = [r for r in read_source(DATA / "meltwater.csv", detect_source(DATA / "meltwater.csv"))
            if isinstance(r, SourceRow)]
    assert (rows[0].url, rows[0].first_seen) == ("https://x.com/voorbeeld_actueel", "2026-06-03")
    brandwatch = [r for r in read_source(DATA / "brandwatch.csv", detect_source(DATA / "brandwatch.csv"))
                  if isinstance(r, SourceRow)]
    assert (brandwatch[1].display_name, brandwatch[1].first_seen) == ("Voorbeeld Foto's", "2026-06-04")


def test_smregs_own_columns_are_no_tool_and_a_wrong_from_is_a_usage_error(tmp_path):
    from registry.errors import UsageError

    own = tmp_path / "own.csv"
    own.write_text("platform,handle\nx,VoorbeeldWest\n")
    assert detect_source(own) is None
    assert detect_source(own, "sherlock").name == "sherlock"
    with pytest.raises(UsageError):
        detect_source(own, "whatsmyname")


@pytest.mark.parametrize("url", [
    "https://x.com/VoorbeeldWest", "https://x.com/login", "x.com/abc", "https://www.instagram.com/de.zon.school/",
    "https://mastodon.social/@lindewijs", "https://portal3.example.org/login", "https://blog.tumblr.com",
    "https://bsky.app/profile/a.bsky.social", "https://www.linkedin.com/company/voorbeeld/", "https://user:pw@x.com/a",
    "https://www.youtube.com/@VoorbeeldTV", "https://chat.whatsapp.com/AbCdEf", "not a url", "",
])
def test_the_fast_url_check_gives_the_platform_tables_answer(url):
    from registry.io.profile_urls import account_of_url, site_of_url
    from registry.platforms import handle_from_url, platform_of_url

    assert account_of_url(url) == handle_from_url(url)
    if "://" in url:
        assert site_of_url(url) == platform_of_url(url)
