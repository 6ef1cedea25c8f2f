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
