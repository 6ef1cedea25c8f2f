"""Validators for Belgian official identifiers."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_nis_code = RegexValidator(
    r"^\d{5}\Z",
    _("A NIS code has exactly five digits (for example 11002)."),
    code="invalid_nis_code",
)


def normalise_enterprise_number(value: str) -> str:
    """Strip the separators and the optional 'BE' prefix people type ("BE 0123.456.749")."""
    value = (value or "").strip().upper()
    if value.startswith("BE"):
        value = value[2:]
    return re.sub(r"[\s.\-/]", "", value)


def validate_enterprise_number(value: str) -> None:
    """A KBO/BCE enterprise number: ten digits, starting with 0 or 1, whose last two digits
    equal 97 minus the first eight modulo 97."""
    digits = normalise_enterprise_number(value)
    if not re.fullmatch(r"[01]\d{9}", digits):
        raise ValidationError(
            _("An enterprise number has ten digits and starts with 0 or 1 (for example 0123.456.749)."),
            code="invalid_enterprise_number",
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(
            _("%(value)s is not a valid enterprise number: the check digits do not match."),
            code="enterprise_number_checksum",
            params={"value": value},
        )


def format_enterprise_number(digits: str) -> str:
    if len(digits) != 10:
        return digits
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
