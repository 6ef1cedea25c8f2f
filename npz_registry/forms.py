"""Form fields shared by the apps."""

from functools import cached_property

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Exists, OuterRef
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.translation import gettext, gettext_lazy

from npz_registry.limits import fits_field
from npz_registry.numbers import COMMA_BEFORE_THREE, DOTTED_THOUSANDS, as_written, plain_number


class FormRenderer(Jinja2):
    """Django's own widget templates through Jinja2, every other one (the admin's widgets) through
    the Django template engine. A form of many fields (a progress report has one per indicator,
    action and municipality) renders its widgets in a fraction of the time; Django ships both
    versions of its widget templates, with the same output."""

    @cached_property
    def django_templates(self):
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.django_templates.get_template(template_name)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows (goal zones, aims, partner types) that refuses a value its key
    column cannot hold with a form error, before any query: Django's own field compares the
    values in one `IN (...)` query, which raises OverflowError for 99999999999999999999."""

    def clean(self, value):
        model = self.queryset.model
        key = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        for item in value if isinstance(value, list | tuple) else ():
            if not fits_field(key, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super().clean(value)


def rows_out_of_scope(queryset, stored) -> dict:
    """Of the keys `stored`, the rows that `queryset` (the choices in scope) does not hold, by
    key, read as the queryset reads its rows (its select_related): one query for those in scope,
    one more only when some are not."""
    stored = {key for key in stored if key is not None}
    if not stored:
        return {}
    rest = stored - set(queryset.filter(pk__in=stored).values_list("pk", flat=True))
    if not rest:
        return {}
    rows = queryset.model._default_manager.filter(pk__in=rest)
    if isinstance(queryset.query.select_related, dict):
        rows = rows.select_related(*queryset.query.select_related)
    return {row.pk: row for row in rows}


def keep_stored_choices(field: forms.ModelMultipleChoiceField, stored, note: str, *, outside=None) -> None:
    """Offer, besides the `field`'s choices in scope, the rows of `stored` (keys of what the
    record holds) that went out of scope, each with `note` after its label: ticked as stored, an
    unchanged save keeps it and unticking removes it. Without them such a row had no checkbox,
    and any save of the form dropped it without a word. The field still reads its choices in
    one query (each row says whether it is in scope). Choices set on the field by hand (one
    list for the forms of a formset) get the kept rows appended from `outside`
    (rows_out_of_scope, read once for all the forms)."""
    stored = {key for key in stored if key is not None}
    if not stored:
        return
    own_choices = list(field.choices) if outside is not None else None  # set by hand: no query
    in_scope = field.queryset
    every = field.queryset.model._default_manager.filter(pk__in=stored)
    field.queryset = (in_scope | every).annotate(npz_in_scope=Exists(in_scope.filter(pk=OuterRef("pk"))))
    label = field.label_from_instance
    field.label_from_instance = lambda obj: label(obj) if obj.npz_in_scope else f"{label(obj)} ({note})"
    if own_choices is not None:
        kept = [outside[key] for key in stored if key in outside]
        for row in kept:
            row.npz_in_scope = False
        field.choices = own_choices + [(row.pk, field.label_from_instance(row)) for row in kept]


class WrittenDecimalField(forms.DecimalField):
    """A decimal as people type it in Belgium (npz_registry.numbers.as_written, as the imports
    read it): "1,5", "1.234,5"; "5.000" is refused as ambiguous. Shown in the active language,
    in a text input with the phone's decimal keyboard (a number input refuses "1,5")."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Enter a number as it is written in Belgium, with a comma before the decimals: 1234,5 or 1.234,5."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            self._refuse_comma_thousands(value.strip())
            try:
                text = as_written(value)
            except ValueError as error:
                raise ValidationError(str(error), code="ambiguous") from None
            if text is None:
                return None
            value = plain_number(text)
            if value is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def _refuse_comma_thousands(self, text: str) -> None:
        """ "1,300" where a number has fewer than three decimals: read as 1,3 it would be refused
        for its decimals, while whoever typed it (on the English pages, say) meant 1300."""
        if (
            self.decimal_places is not None
            and self.decimal_places < 3
            and COMMA_BEFORE_THREE.fullmatch(text)
            and text.lstrip("+-").split(",")[0].strip("0")  # "0,005" cannot mean thousands
        ):
            message = gettext(
                "%(value)s is ambiguous: for thousands write %(thousands)s (without a comma); a decimal "
                "number has at most %(places)s digits after the comma."
            )
            params = {"value": text, "thousands": text.replace(",", ""), "places": self.decimal_places}
            raise ValidationError(message % params, code="ambiguous")


class WrittenIntegerField(forms.IntegerField):
    """A whole number as people type it in Belgium: "2500", "2.500" or "2 500". A count has no
    decimals, so a dot before three digits can only group thousands (the decimal fields on the
    same page take "1.234,5"). A text input with the phone's number keyboard."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "").replace("\u00a0", "")
            value = text.replace(".", "") if DOTTED_THOUSANDS.fullmatch(text) else text
        return super().to_python(value)


class WrittenTextField(forms.CharField):
    """Text people write in more ways than the column stores: an enterprise number with dots,
    spaces and "BE", a date in words ("midden 2027"). `normalise` turns what was typed into the
    stored form, or raises a ValidationError that says what the field takes, before the length
    check: `max_length` is what may be typed (the input's maxlength), longer than the column;
    the model field checks the column's length of the stored form."""

    def __init__(self, *, normalise, **kwargs):
        self.normalise = normalise
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value if value in self.empty_values else self.normalise(value)


class BoundedUsernameMixin:
    """Django's login forms set the user name field's `max_length` after building it, so no form
    ever checks it: a 450-character user name reached `authenticate()` and django-axes' 255-character
    log of failed logins, a server error on PostgreSQL. Here the form refuses it first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    """The application's login form (npz_registry.views.LoginView)."""


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    """The back office's login form (npz_registry.admin.RegistryAdminSite)."""
