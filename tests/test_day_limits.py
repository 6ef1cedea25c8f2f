"""Bounded days: every date our models record lies within npz_registry.limits.FIRST_DAY and
LAST_DAY (DayInRange), so that a typo such as 01-01-9999 or 1800 gets a form error instead of a
row that no list filter, page or report can show. A new editable date field without the
validator fails `test_every_date_our_models_record_is_bounded`."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from npz_registry.limits import LAST_DAY, DayInRange
from tests.test_limits import OUR_APPS
from tests.transition.factories import MergerFactory, MilestoneFactory
from transition.models import ActionLine, Milestone


def our_date_fields():
    for config in apps.get_app_configs():
        if config.label in OUR_APPS:
            for model in config.get_models():
                for field in model._meta.get_fields():
                    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                        yield model, field


def test_every_date_our_models_record_is_bounded():
    # The `<name>_sort` days are derived from a checked imprecise date and never typed.
    typed = [(m, f) for m, f in our_date_fields() if not f.name.endswith("_sort")]
    assert len(typed) > 20
    unbounded = [f"{m._meta.label}.{f.name}" for m, f in typed if DayInRange() not in f.validators]
    assert unbounded == [], "add validators=[DayInRange()] (npz_registry.limits)"


@pytest.mark.parametrize("day", [datetime.date(1800, 1, 1), datetime.date(9999, 1, 1)])
def test_a_milestone_due_on_a_day_outside_the_range_is_refused_with_the_range(db, day):
    milestone = MilestoneFactory.build(merger=MergerFactory(), due_date=day)
    with pytest.raises(ValidationError) as refused:
        milestone.full_clean()
    assert refused.value.message_dict["due_date"] == ["Geef een dag van 1 januari 1970 tot 31 december 2100."]
    milestone.due_date = LAST_DAY
    milestone.full_clean()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1800", "Geef een dag van 1 januari 1970 tot 31 december 2100."),
        ("2101-Q1", "Geef een dag van 1 januari 1970 tot 31 december 2100."),
        ("2027-02-30", "Deze datum bestaat niet."),
        ("15/11/2026", "Gebruik een van deze vormen"),  # says which forms it takes
        ("eind 2027", "Gebruik een van deze vormen"),
    ],
)
def test_an_imprecise_date_says_what_is_wrong_with_it(written, message):
    field = ActionLine._meta.get_field("target_end")
    with pytest.raises(ValidationError) as refused:
        field.clean(written, ActionLine())
    assert refused.value.messages[0].startswith(message)


def test_an_imprecise_date_field_shows_the_forms_it_takes():
    help_text = str(ActionLine._meta.get_field("target_end").formfield().help_text)
    assert "2027-Q3" in help_text and "2024" in help_text


def test_the_milestone_list_refuses_a_year_whose_next_year_no_date_can_hold(db, staff_client):
    MilestoneFactory()
    url = reverse("admin:transition_milestone_changelist")
    assert staff_client.get(url, {"due_date__year": "9999"}).status_code == 400
    assert staff_client.get(url, {"due_date__year": "2027"}).status_code == 200
    assert Milestone.objects.count() == 1
