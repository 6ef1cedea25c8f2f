"""Bounded input: every free-text field of our models has a maximum length that the model's own
validation enforces (npz_registry/limits.py), and the forms of the coordinators' portal ask for
no more than their models hold.

A new model with a TextField or CharField without a limit fails
`test_every_text_field_of_our_models_has_a_maximum_length` until it gets one."""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from missions import forms as mission_forms
from missions.models import MultiYearPlan, YearlyProgress
from npz_registry.forms import BoundedModelMultipleChoiceField
from npz_registry.limits import LONG_TEXT

#: The apps whose models are ours (their historical models included).
OUR_APPS = ("networks", "missions", "transition", "npz_registry", "importexport", "reports", "bench")


def our_text_fields():
    for config in apps.get_app_configs():
        if config.label not in OUR_APPS:
            continue
        for model in config.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField | models.TextField):
                    yield model, field


def test_our_apps_have_text_fields_to_check():
    assert len(list(our_text_fields())) > 100


def test_every_text_field_of_our_models_has_a_maximum_length():
    unbounded = [
        f"{model._meta.label}.{field.name}" for model, field in our_text_fields() if not field.max_length
    ]
    assert unbounded == [], (
        "give these fields a max_length (npz_registry.limits.bounded_text for a TextField)"
    )


def test_every_text_field_of_our_models_refuses_longer_text_itself():
    """A TextField's max_length reaches only its form field: the validator makes the admin,
    `full_clean` and the services refuse too."""
    unchecked = [
        f"{model._meta.label}.{field.name}"
        for model, field in our_text_fields()
        if not any(
            isinstance(v, MaxLengthValidator) and v.limit_value <= field.max_length for v in field.validators
        )
    ]
    assert unchecked == []


def test_a_plan_summary_one_character_too_long_is_refused_by_the_model():
    plan = MultiYearPlan(summary="x" * (LONG_TEXT + 1))
    with pytest.raises(ValidationError) as refused:
        plan.clean_fields(exclude=[f.name for f in MultiYearPlan._meta.fields if f.name != "summary"])
    assert "summary" in refused.value.message_dict


def portal_form_classes():
    return [
        value
        for value in vars(mission_forms).values()
        if isinstance(value, type)
        and issubclass(value, forms.Form)
        and value.__module__ == mission_forms.__name__
    ]


@pytest.mark.parametrize("form_class", portal_form_classes(), ids=lambda c: c.__name__)
def test_every_declared_field_of_the_portal_forms_is_bounded(form_class):
    """Text has a maximum length, numbers a range, multiple choices of rows check their keys
    first (the fields made per indicator, action and municipality are in tests/test_fuzz.py)."""
    unbounded = []
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.CharField) and not field.max_length:
            unbounded.append(name)
        if isinstance(field, forms.DecimalField):
            if field.max_digits is None:
                unbounded.append(name)
        elif isinstance(field, forms.IntegerField) and None in (field.min_value, field.max_value):
            unbounded.append(name)
        if type(field) is forms.ModelMultipleChoiceField:
            unbounded.append(name)
    assert unbounded == []


def test_the_form_asks_for_no_more_than_the_model_holds():
    assert mission_forms.PlanGeneralForm.base_fields["summary"].max_length == LONG_TEXT
    narrative = YearlyProgress._meta.get_field("narrative").max_length
    assert mission_forms.ProgressForm.base_fields["narrative"].max_length == narrative


def test_a_key_too_large_for_its_column_gets_a_form_error_before_any_query(django_assert_num_queries, db):
    field = BoundedModelMultipleChoiceField(queryset=MultiYearPlan.objects.all())
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean(["99999999999999999999"])
    assert refused.value.code == "invalid_pk_value"
