"""Imprecise dates stay as precise as their source, and the database refuses free text."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from npz_registry.imprecise import ImpreciseDate
from npz_registry.models import Certainty, ImpreciseDateField

D = datetime.date


@pytest.mark.parametrize(
    ("text", "first", "last", "sort", "dutch"),
    [
        ("2027-01-01", D(2027, 1, 1), D(2027, 1, 1), D(2027, 1, 1), "1 januari 2027"),
        ("2023-09", D(2023, 9, 1), D(2023, 9, 30), D(2023, 9, 1), "september 2023"),
        ("2027-Q3", D(2027, 7, 1), D(2027, 9, 30), D(2027, 7, 1), "derde kwartaal 2027"),
        ("2027-H2", D(2027, 7, 1), D(2027, 12, 31), D(2027, 7, 1), "tweede helft van 2027"),
        ("2026-early", D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1), "begin 2026"),
        ("2027-mid", D(2027, 1, 1), D(2027, 12, 31), D(2027, 7, 1), "midden 2027"),
        ("2025-late", D(2025, 1, 1), D(2025, 12, 31), D(2025, 10, 1), "eind 2025"),
        ("2024", D(2024, 1, 1), D(2024, 12, 31), D(2024, 1, 1), "2024"),
    ],
)
def test_each_form_keeps_its_bounds_and_is_shown_as_the_source_said_it(text, first, last, sort, dutch):
    value = ImpreciseDate.parse(text)
    assert (value.first_day, value.last_day, value.sort_day) == (first, last, sort)
    with translation.override("nl-be"):
        assert value.display() == dutch
    assert value.is_past_on(last + datetime.timedelta(days=1))
    assert not value.is_past_on(last)
    assert value.contains(first) and value.contains(last)


def test_a_month_is_written_as_each_language_writes_it():
    value = ImpreciseDate.parse("2025-07")
    with translation.override("nl-be"):
        assert value.display() == "juli 2025"
    with translation.override("en"):
        assert value.display() == "July 2025"


@pytest.mark.parametrize("text", ["midden 2027", "2027-06-31", "2027-13", "2027-Q5", "27-01-01", ""])
def test_free_text_and_impossible_days_are_refused(text):
    with pytest.raises(ValueError):
        ImpreciseDate.parse(text)


def test_the_field_refuses_what_the_parser_refuses():
    field = ImpreciseDateField()
    field.clean("2027-mid", None)
    for bad in ("midden 2027", "2027-02-30"):
        with pytest.raises(ValidationError):
            field.clean(bad, None)


def test_rows_sort_by_the_earliest_sensible_day():
    texts = ["2027-mid", "2027-01-01", "2026-late", "2027-Q3", "2027"]
    ordered = sorted(texts, key=lambda t: (ImpreciseDate.parse(t).sort_day, t))
    assert ordered == ["2026-late", "2027", "2027-01-01", "2027-Q3", "2027-mid"]


def test_the_middle_of_a_year_comes_before_its_second_half():
    """The reform calendar listed "tweede helft van 2027" (the VLEPZ starts) before "midden 2027"
    (the award): both sort on 1 July, and the tie went to the more precise (found by review)."""
    texts = ["2027-H2", "2027-Q3", "2027-07", "2027-mid", "2027-07-01", "2027-H1", "2027-06"]
    ordered = sorted(texts, key=lambda t: ImpreciseDate.parse(t).order)
    assert ordered == ["2027-H1", "2027-06", "2027-07-01", "2027-mid", "2027-07", "2027-Q3", "2027-H2"]


def test_on_the_same_sort_day_the_more_precise_still_comes_first():
    texts = ["2027", "2027-early", "2027-H1", "2027-Q1", "2027-01", "2027-01-01", "2026-late", "2026-Q4"]
    ordered = sorted(texts, key=lambda t: ImpreciseDate.parse(t).order)
    assert ordered == [
        "2026-Q4",
        "2026-late",
        "2027-01-01",
        "2027-01",
        "2027-Q1",
        "2027-H1",
        "2027-early",
        "2027",
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("midden 2027", "2027-mid"),
        ("begin 2026", "2026-early"),
        ("eind 2025", "2025-late"),
        ("tweede helft van 2027", "2027-H2"),
        ("derde kwartaal 2027", "2027-Q3"),
        ("september 2023", "2023-09"),
        ("1 januari 2027", "2027-01-01"),
        ("mid 2027", "2027-mid"),
        ("early 2026", "2026-early"),
        ("second half of 2027", "2027-H2"),
        ("third quarter of 2027", "2027-Q3"),
        ("July 2025", "2025-07"),
        ("1 January 2027", "2027-01-01"),
        ("  Midden   2027 ", "2027-mid"),
        ("2027-mid", "2027-mid"),
        ("2027-q3", "2027-Q3"),
        ("2024", "2024"),
    ],
)
def test_a_date_is_read_as_the_pages_write_it_in_either_language(typed, stored):
    """ "midden 2027", as every page shows it, was refused in the back office, which took only
    "2027-mid" (found by review). Whatever the active language, both are read."""
    for language in ("nl-be", "en"):
        with translation.override(language):
            assert ImpreciseDate.read(typed).text == stored


@pytest.mark.parametrize(
    "text", ["2027-01-01", "2023-09", "2027-Q1", "2027-Q4", "2027-H1", "2026-early", "2025-late"]
)
def test_every_date_a_page_shows_reads_back_as_it_is_stored(text):
    for language in ("nl-be", "en"):
        with translation.override(language):
            assert ImpreciseDate.read(ImpreciseDate.parse(text).display()).text == text


@pytest.mark.parametrize(
    "text", ["zomer 2027", "medio", "2027 midden", "30 februari 2027", "13 2027", "x" * 60]
)
def test_what_no_page_writes_is_still_refused(text):
    with pytest.raises(ValueError):
        ImpreciseDate.read(text)


def test_a_form_takes_the_words_in_an_input_longer_than_the_column_and_stores_the_form():
    field = ImpreciseDateField(blank=True).formfield()
    assert field.widget.attrs["maxlength"] == str(ImpreciseDateField.WRITTEN_LENGTH)
    assert field.clean("tweede helft van 2027") == "2027-H2"  # 21 characters, the column holds 10
    assert field.clean("midden 2027") == "2027-mid"
    assert field.clean("") == ""
    with translation.override("nl-be"):
        assert "midden 2027" in str(field.help_text) and "2027-mid" in str(field.help_text)


def test_a_form_refuses_what_is_no_date_with_the_forms_it_takes():
    field = ImpreciseDateField().formfield()
    with translation.override("nl-be"), pytest.raises(ValidationError) as refused:
        field.clean("zomer 2027")
    message = refused.value.messages[0]
    assert "2027-mid" in message and "midden 2027" in message and "tekens" not in message


def test_the_certainty_badge_names_all_but_fixed_facts():
    template = Template("{% load npz_extras %}[{% certainty row %}]")

    class Row:
        source = "Nota 2025, p. 3"

    with translation.override("nl-be"):
        row = Row()
        row.certainty = Certainty.FIXED
        assert template.render(Context({"row": row})).strip() == "[]"
        row.certainty = Certainty.HOPED
        html = template.render(Context({"row": row}))
        assert "verwacht" in html and 'title="Nota 2025, p. 3"' in html
