"""`?as_of=`: one form, YYYY-MM-DD, for the API and the pages alike (`npz_registry.asof`)."""

import datetime

import pytest
from django.utils import translation

from npz_registry.asof import parse_as_of

DEFAULT = datetime.date(2026, 6, 1)


@pytest.mark.parametrize("value", ["2027-01-01", " 2027-01-01 ", "1990-01-01", "2100-12-31"])
def test_a_day_written_yyyy_mm_dd_is_read(value):
    day = datetime.date.fromisoformat(value.strip())
    assert parse_as_of(value, DEFAULT) == (day, None)
    assert parse_as_of(value, DEFAULT, falls_back=False) == (day, None)


@pytest.mark.parametrize("value", ["", None])
def test_nothing_asked_is_the_default_without_a_message(value):
    assert parse_as_of(value, DEFAULT) == (DEFAULT, None)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("20270101", "2027-01-01"),  # Python's ISO reader takes it (found by review)
        ("2027-W01-1", "2027-01-04"),
        ("2027W011", "2027-01-04"),
    ],
)
def test_a_date_in_another_form_is_refused_and_the_message_shows_the_form(value, written):
    with translation.override("en"):
        refused = parse_as_of(value, DEFAULT, falls_back=False)
        shown_instead = parse_as_of(value, DEFAULT)
    assert refused == (DEFAULT, f"{value} is not written as YYYY-MM-DD (write {written}).")
    assert shown_instead == (
        DEFAULT,
        f"{value} is not written as YYYY-MM-DD (write {written}); showing 01/06/2026 instead.",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("morgen", "morgen is not a date (use YYYY-MM-DD)."),
        ("2027-1-1", "2027-1-1 is not a date (use YYYY-MM-DD)."),
        ("\uff12\uff10\uff12\uff17-01-01", "\uff12\uff10\uff12\uff17-01-01 is not a date (use YYYY-MM-DD)."),
        ("1800-01-01", "1800-01-01 lies outside 1990–2100."),
    ],
)
def test_what_is_no_usable_day_keeps_its_message(value, message):
    with translation.override("en"):
        assert parse_as_of(value, DEFAULT, falls_back=False) == (DEFAULT, message)
