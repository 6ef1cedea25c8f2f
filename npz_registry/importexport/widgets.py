"""Widgets that turn a cell of a file into a value and back.

Foreign keys are natural keys (a code, a NIS code) looked up in a dictionary that is read
once per import, so a row costs no query. Values that arrive from XLSX as numbers, dates
with a time or empty cells come out the same as from CSV, so an export imports back unchanged.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from import_export import widgets

from npz_registry import imprecise
from npz_registry.numbers import as_written, plain_number


def cell_text(value) -> str:
    """The text of a cell: XLSX gives numbers (11001, 11001.0) where CSV gives "11001"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return str(value).strip()


def number_text(value) -> str | Decimal | None:
    """A number cell as Python reads it (npz_registry.numbers.as_written): "4,2" and "4.2" mean
    4.2, "1.234,5" is 1234.5, and "5.000" is refused as ambiguous."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    return as_written(str(value))


def parse_number(value, *, whole: bool) -> Decimal | None:
    """A number cell as a Decimal (None when empty); a ValueError names a bad one."""
    text = number_text(value)
    if text is None:
        return None
    number = text if isinstance(text, Decimal) else plain_number(text)
    if number is None or not number.is_finite() or (whole and number != number.to_integral_value()):
        message = _("%(value)s is not a whole number.") if whole else _("%(value)s is not a number.")
        raise ValueError(message % {"value": value})
    return number


class DecimalCellWidget(widgets.DecimalWidget):
    """A decimal number from CSV text or an XLSX number (without the locale lookups per cell)."""

    def clean(self, value, row=None, **kwargs):
        return parse_number(value, whole=False)


class IntegerCellWidget(widgets.IntegerWidget):
    """A whole number from CSV text or an XLSX number."""

    def clean(self, value, row=None, **kwargs):
        number = parse_number(value, whole=True)
        if number is not None and abs(number) > 10**18:
            raise ValueError(_("%(value)s is too large.") % {"value": value})
        return None if number is None else int(number)


class ChoiceWidget(widgets.Widget):
    """Accepts a choice's value, its label, or a known alias (the data files write
    "Vlaams Gewest"); exports the value. Unknown text is a row error naming the choices."""

    def __init__(self, choices, aliases=None, **kwargs):
        super().__init__(**kwargs)
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).casefold()] = value
            self.lookup[str(label).casefold()] = value
        for alias, value in (aliases or {}).items():
            self.lookup[alias.casefold()] = value
        self.values = [value for value, _label in choices]
        self.labels = dict(choices)

    def readable(self, value) -> str:
        """The exported `value` as the import preview shows it: its label, then the value the
        file holds ("recurrent operating subsidy (RECURRENT)")."""
        label = self.labels.get(value)
        return f"{label} ({value})" if label is not None and str(label) != str(value) else value

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            raise ValueError(
                _("%(value)s is not one of: %(choices)s")
                % {"value": text, "choices": ", ".join(str(v) for v in self.values)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "yes", "ja", "y"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "no", "nee", "n"]

    def clean(self, value, row=None, **kwargs):
        """True or False (None when empty); any other text is a row error, never a silent "no"."""
        if isinstance(value, str):
            value = value.strip().lower()
        if value not in (*self.TRUE_VALUES, *self.FALSE_VALUES, *self.NULL_VALUES):
            raise ValueError(_("%(value)s is not yes or no (write ja or nee).") % {"value": value})
        return super().clean(value, row=row, **kwargs)


#: Dates as Excel in Belgium writes them in a CSV file, day first: 31/12/2026, 1-1-2027, 31.12.2026.
BELGIAN_DAY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")


class DayWidget(widgets.DateWidget):
    """A date as YYYY-MM-DD, or day first as Excel in Belgium saves it in a CSV file
    (31/12/2026, 31-12-2026, 31.12.2026); XLSX cells arrive as datetimes and become dates again."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        written = value.strip() if isinstance(value, str) else value
        day_first = BELGIAN_DAY.fullmatch(written) if isinstance(written, str) else None
        if day_first:
            day, _separator, month, year = day_first.groups()
            value = f"{year}-{int(month):02d}-{int(day):02d}"
        else:
            value = written
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(
                _("%(value)s is not a date (write YYYY-MM-DD or DD/MM/YYYY).") % {"value": written}
            ) from None


class KeyLookup:
    """Natural key -> row of `model`, read once on first use; `forget()` reads it again next time."""

    def __init__(self, model, field="code", **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.by_key = None
        self.by_pk = None

    def load(self):
        if self.by_key is None:
            objects = list(self.model._default_manager.all())
            self.by_key = {cell_text(getattr(obj, self.field)): obj for obj in objects}
            self.by_pk = {obj.pk: obj for obj in objects}

    def forget(self):
        self.by_key = self.by_pk = None

    def lookup(self, key: str):
        self.load()
        return self.by_key.get(key)

    def object_for_pk(self, pk):
        self.load()
        return self.by_pk.get(pk)

    def unknown_message(self, key: str) -> str:
        return _("No %(model)s with %(field)s %(key)s.") % {
            "model": self.model._meta.verbose_name,
            "field": self.model._meta.get_field(self.field).verbose_name,
            "key": key,
        }


class KeyWidget(KeyLookup, widgets.ForeignKeyWidget):
    """A foreign key written as the related row's natural key (`field`)."""

    def clean(self, value, row=None, **kwargs):
        key = cell_text(value)
        if not key:
            return None
        obj = self.lookup(key)
        if obj is None:
            raise ValueError(self.unknown_message(key))
        return obj

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.field)


class KeysWidget(KeyLookup, widgets.ManyToManyWidget):
    """Several related rows by natural key, separated by `separator` (a many-to-many field)."""

    def __init__(self, model, field="code", separator=";", **kwargs):
        super().__init__(model, field=field, separator=separator, **kwargs)

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in cell_text(value).split(self.separator) if key.strip()]
        unknown = [key for key in keys if self.lookup(key) is None]
        if unknown:
            raise ValueError(self.unknown_message(", ".join(unknown)))
        return [self.lookup(key) for key in keys]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(sorted(getattr(related, self.field) for related in value.all()))


class ImpreciseDateWidget(widgets.Widget):
    """An imprecise date as stored ("2027-mid", "2023-09", "2027-01-01"; npz_registry.imprecise)
    or as the pages write it ("midden 2027", "mid 2027"), read as the forms read it
    (ImpreciseDate.read) and stored in its stored form. Other text is a row error naming the forms."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        text = cell_text(value)
        if not text:
            return ""
        try:
            return imprecise.ImpreciseDate.read(text).text
        except ValueError:
            raise ValueError(
                _("%(value)s is not a date in one of these forms: %(forms)s")
                % {"value": text, "forms": imprecise.FORMS_HELP}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ChoiceListWidget(widgets.Widget):
    """Several choices in one cell, separated by ";" ("1;2"); stored as that normalised text."""

    def __init__(self, choices, separator=";", **kwargs):
        super().__init__(**kwargs)
        self.values = [str(value) for value, _label in choices]
        self.separator = separator

    def clean(self, value, row=None, **kwargs):
        parts = [part.strip() for part in cell_text(value).split(self.separator) if part.strip()]
        unknown = [part for part in parts if part not in self.values]
        if unknown:
            raise ValueError(
                _("%(value)s is not one of: %(choices)s")
                % {"value": ", ".join(unknown), "choices": ", ".join(self.values)}
            )
        return self.separator.join(dict.fromkeys(parts))

    def render(self, value, obj=None, **kwargs):
        return value or ""
