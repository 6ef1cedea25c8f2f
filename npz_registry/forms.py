"""Form fields shared by the apps."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from npz_registry.limits import fits_field


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
