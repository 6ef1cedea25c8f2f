"""Bounded input: the one place where the sizes of free text and the ranges of numbers are set.

Every free-text field of our models has a maximum length, a TextField as well as a CharField
(tests/test_limits.py fails for one without): the forms, the admin and the model's own
validation refuse longer text with a form error, so one coordinator cannot fill a report with
megabytes. CharFields keep their sizes in their models (one line: a name, a title); the longer
texts take theirs from here, through `bounded_text`.

Numbers typed into a form get a range here as well, and a value that names a row (a primary
key in a multiple-choice field, an admin filter) must fit the database's integer before any
query runs (`fits_field`): a number like 99999999999999999999 gets a form error or a 400,
never an OverflowError.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

#: Text a network writes at length: a plan's summary, a goal's description, a progress
#: report's narrative, a justification, the description of a reference row. About two pages.
LONG_TEXT = 5_000
#: Notes and comments: a review comment, the note of a status change or a milestone, staff notes.
NOTE = 2_000
#: Where a fact comes from: a citation, one or more URLs.
SOURCE = 1_000

#: Years a plan, a figure or a funding row may be about (the `as_of` days of the pages and the
#: API lie in the same range).
FIRST_YEAR = 1990
LAST_YEAR = 2100
#: The days the registry records (a decision, a stage, a milestone, a period of service, an
#: organisation's first day): from 1970, before the first palliative care networks, to the end
#: of LAST_YEAR. A typo such as 01-01-9999 or 1800 gets a form error, not a row that no page,
#: list filter or report can show.
FIRST_DAY = datetime.date(1970, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)
#: A count a network reports per municipality per year (guided patients): Flanders has fewer
#: than seven million inhabitants.
MAX_COUNT = 10_000_000
#: The version a form was opened at (optimistic locking: a positive integer column).
MAX_VERSION = 2_147_483_647
#: The largest key of a row (a 64-bit column), for forms that carry one in a hidden field.
MAX_KEY = 9_223_372_036_854_775_807


def bounded_text(verbose_name, limit: int, **kwargs) -> models.TextField:
    """A TextField of at most `limit` characters: the form field, the admin and `full_clean`
    (a TextField's `max_length` alone only reaches the form) all refuse longer text."""
    return models.TextField(verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs)


def max_length_of(model: type[models.Model], name: str) -> int:
    """The maximum length of `model.name`, for a form that asks for that field."""
    return model._meta.get_field(name).max_length


def fits_field(field: models.Field, value) -> bool:
    """Whether `value` (as typed: a string) is a value `field` can hold and compare with: for
    integer fields and keys (a relation: the key it points at) a number within the column's
    range. Values of other fields, and values that are not numbers, are left to the usual
    validation (True)."""
    while field.is_relation and getattr(field, "target_field", None) not in (None, field):
        field = field.target_field
    if not isinstance(field, models.IntegerField):
        return True
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return True
    try:
        field.run_validators(number)
    except ValidationError:
        return False
    return True


@deconstructible
class DayInRange:
    """Refuses a day outside FIRST_DAY–LAST_DAY: the validator of every date the registry
    records (tests/test_limits.py fails for a date field without it)."""

    message = _("Enter a day from %(first)s to %(last)s.")
    code = "day_out_of_range"

    def __call__(self, value) -> None:
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(self.message, code=self.code, params=day_range())

    def __eq__(self, other) -> bool:
        return isinstance(other, DayInRange)

    def __hash__(self) -> int:
        return hash(DayInRange)


def day_range() -> dict[str, str]:
    """FIRST_DAY and LAST_DAY as the active language writes them, for messages."""
    return {"first": date_format(FIRST_DAY), "last": date_format(LAST_DAY)}
