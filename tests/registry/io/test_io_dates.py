"""Parsing and showing dates: ISO and the Dutch way, dates that do not exist, end-of-day moments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry import i18n
from registry.errors import ValidationError
from registry.io import format_date, format_date_long, parse_date, parse_moment


@pytest.mark.parametrize("text", ["2026-11-24", "24-11-2026", "24/11/2026", "24.11.2026", " 24-11-2026 "])
def test_iso_and_dutch_ways_of_writing_a_date_give_the_same_day(text):
    assert parse_date(text) == date(2026, 11, 24)


@pytest.mark.parametrize("text", ["1-8-2016", "01-08-2016", "1/8/2016", "1.08.2016"])
def test_leading_zeros_may_be_left_out_of_dutch_dates(text):
    assert parse_date(text) == date(2016, 8, 1)


def test_the_29th_of_february_exists_only_in_a_leap_year():
    assert parse_date("29-02-2024") == date(2024, 2, 29)
    with pytest.raises(ValidationError) as caught:
        parse_date("29-02-2025")
    assert caught.value.key == "io.date_nonexistent"


@pytest.mark.parametrize("text", ["31-02-2026", "2026-13-01", "2026-02-30", "00-01-2026", "31.04.2026"])
def test_a_date_that_does_not_exist_is_refused_as_such(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text)
    assert caught.value.key == "io.date_nonexistent"
    assert str(caught.value).startswith(f"The date '{text}' does not exist")


def test_the_message_for_a_date_that_does_not_exist_reads_in_dutch():
    i18n.set_language("nl")
    with pytest.raises(ValidationError) as caught:
        parse_date("31-02-2026")
    assert str(caught.value) == (
        "De datum '31-02-2026' bestaat niet (dag 31 van maand 2 in 2026). Controleer de dag en de maand."
    )


@pytest.mark.parametrize(
    "text",
    ["", "2026/11/24", "24-11-26", "24-11.2026", "2026-1-5", "next tuesday", "24 nov 2026", "20261124"],
)
def test_an_unknown_date_format_is_refused_naming_the_accepted_formats(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text)
    assert caught.value.key == "io.date_invalid"
    assert "YYYY-MM-DD (2026-11-24)" in str(caught.value) and "DD-MM-YYYY (24-11-2026)" in str(caught.value)


def test_a_bare_date_as_a_moment_means_the_end_of_that_day_in_utc():
    moment = parse_moment("24-11-2026")
    assert moment == datetime(2026, 11, 24, 23, 59, 59, 999999, tzinfo=UTC)
    assert parse_moment("2026-11-24") == moment


def test_a_date_and_time_without_a_zone_is_taken_as_utc():
    assert parse_moment("2026-11-24T14:30") == datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
    assert parse_moment("2026-11-24 14:30:05") == datetime(2026, 11, 24, 14, 30, 5, tzinfo=UTC)
    assert parse_moment("24-11-2026 14:30") == datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


def test_a_date_and_time_with_a_zone_is_converted_to_utc():
    moment = parse_moment("2026-11-24T14:30:00+01:00")
    assert moment == datetime(2026, 11, 24, 13, 30, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(0)
    assert parse_moment("2026-11-24T14:30:00Z") == datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["tomorrow", "2026-11-24T25:00", "20261124", "2026-W48-2"])
def test_a_moment_that_is_not_a_date_or_date_and_time_is_refused(text):
    with pytest.raises(ValidationError) as caught:
        parse_moment(text)
    assert caught.value.key in ("io.moment_invalid", "io.date_invalid")


def test_a_moment_on_a_day_that_does_not_exist_says_so():
    with pytest.raises(ValidationError) as caught:
        parse_moment("31-02-2026")
    assert caught.value.key == "io.date_nonexistent"


def test_dates_show_as_iso_in_english_and_the_dutch_way_in_dutch():
    day = date(2026, 11, 4)
    assert format_date(day, "en") == "2026-11-04"
    assert format_date(day, "nl") == "04-11-2026"
    assert format_date(datetime(2026, 11, 4, 10, 0, tzinfo=UTC), "nl") == "04-11-2026"
    assert format_date(None, "nl") == ""


def test_the_long_form_names_the_month_in_the_language():
    day = date(2026, 11, 24)
    assert format_date_long(day, "nl") == "24 november 2026"
    assert format_date_long(day, "en") == "24 November 2026"
    assert format_date_long(date(2026, 3, 1), "nl") == "1 maart 2026"


def test_without_a_language_the_current_one_is_used():
    i18n.set_language("nl")
    assert format_date(date(2026, 1, 2)) == "02-01-2026"
    assert format_date_long(date(2026, 5, 2)) == "2 mei 2026"


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_date_shown_in_either_language_parses_back_to_itself(day):
    assert parse_date(format_date(day, "en")) == day
    assert parse_date(format_date(day, "nl")) == day
