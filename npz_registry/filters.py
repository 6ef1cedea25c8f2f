"""The open data API's list filters (django-filter), strict about yes/no: "?is_demo=nee" or
"?is_verified=2" answered the whole list as if no filter was asked, where a wrong choice
(?status=FOO) answers 400. Named in REST_FRAMEWORK's DEFAULT_FILTER_BACKENDS."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from django_filters.rest_framework import DjangoFilterBackend, FilterSet

TRUE, FALSE = {"true", "1"}, {"false", "0"}


class StrictBooleanField(forms.NullBooleanField):
    """true or false (1 or 0, in any case); empty is no filter; anything else is an error."""

    widget = forms.TextInput  # the select widget reads any unknown value as "no filter"
    default_error_messages = {"invalid": _("Write true or false (or 1 or 0).")}

    def to_python(self, value):
        text = "" if value is None else str(value).strip().lower()
        if text in TRUE or text in FALSE:
            return text in TRUE
        if text:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return None

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictFilterSet(FilterSet):
    """A FilterSet whose filters on yes/no fields are StrictBooleanFilter."""

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }


class StrictFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend with StrictFilterSet for the views that list their filter fields."""

    filterset_base = StrictFilterSet
