"""Imprecise dates: a day, a month, a quarter, a half-year, the beginning, middle or end of a
year, or a year, stored as the source says it ("midden 2027" stays "2027-mid").

Pure Python, no models: `ImpreciseDate.parse(text)` reads the stored form, `display()` writes it
in the active language, `first_day`/`last_day` are the widest honest bounds and `sort_day`
only orders rows (it is never shown)."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$"
_FORM = re.compile(PATTERN)

DAY, MONTH, QUARTER, HALF, EARLY, MID, LATE, YEAR = (
    "DAY",
    "MONTH",
    "QUARTER",
    "HALF",
    "EARLY",
    "MID",
    "LATE",
    "YEAR",
)

#: From the most to the least precise: of two dates on the same sort day, the more precise one
#: comes first ("1 januari 2027" before "2027", which also starts that day).
PRECISION_ORDER = (DAY, MONTH, QUARTER, HALF, EARLY, MID, LATE, YEAR)

#: The forms a stored value may take, for help texts.
FORMS_HELP = "2027-01-01, 2023-09, 2027-Q3, 2027-H2, 2026-early, 2027-mid, 2025-late, 2024"


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class ImpreciseDate:
    text: str
    precision: str
    first_day: datetime.date
    last_day: datetime.date
    sort_day: datetime.date

    @classmethod
    def parse(cls, text: str) -> "ImpreciseDate":
        text = (text or "").strip()
        if not _FORM.match(text):
            raise ValueError(f"not an imprecise date: {text!r}")
        year = int(text[:4])
        rest = text[5:]
        jan1, dec31 = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if not rest:
            return cls(text, YEAR, jan1, dec31, jan1)
        if rest in ("early", "mid", "late"):
            sort = {"early": jan1, "mid": datetime.date(year, 7, 1), "late": datetime.date(year, 10, 1)}[rest]
            return cls(text, {"early": EARLY, "mid": MID, "late": LATE}[rest], jan1, dec31, sort)
        if rest[0] == "Q":
            quarter = int(rest[1])
            first = datetime.date(year, 3 * quarter - 2, 1)
            return cls(text, QUARTER, first, _month_end(year, 3 * quarter), first)
        if rest[0] == "H":
            half = int(rest[1])
            first = datetime.date(year, 1 if half == 1 else 7, 1)
            return cls(text, HALF, first, _month_end(year, 6 if half == 1 else 12), first)
        month = int(rest[:2])
        if len(rest) == 2:
            first = datetime.date(year, month, 1)
            return cls(text, MONTH, first, _month_end(year, month), first)
        day = datetime.date.fromisoformat(text)  # ValueError for 2027-06-31
        return cls(text, DAY, day, day, day)

    @property
    def order(self) -> tuple[datetime.date, int]:
        """Where the date goes in a list: by its sort day, then the more precise first."""
        return self.sort_day, PRECISION_ORDER.index(self.precision)

    @classmethod
    def of_day(cls, day: datetime.date) -> "ImpreciseDate":
        return cls.parse(day.isoformat())

    def display(self) -> str:
        """The date as the source said it, in the active language ("midden 2027")."""
        year = self.first_day.year
        if self.precision == DAY:
            return formats.date_format(self.first_day, "j F Y")
        if self.precision == MONTH:
            return formats.date_format(self.first_day, "F Y")  # "juli 2025", "July 2025"
        if self.precision == YEAR:
            return str(year)
        words = {
            EARLY: pgettext("imprecise date", "early %(year)s"),
            MID: pgettext("imprecise date", "mid %(year)s"),
            LATE: pgettext("imprecise date", "late %(year)s"),
        }
        if self.precision in words:
            return words[self.precision] % {"year": year}
        if self.precision == HALF:
            half = _("first half of %(year)s") if self.first_day.month == 1 else _("second half of %(year)s")
            return half % {"year": year}
        quarters = (
            _("first quarter of %(year)s"),
            _("second quarter of %(year)s"),
            _("third quarter of %(year)s"),
            _("fourth quarter of %(year)s"),
        )
        return quarters[(self.first_day.month - 1) // 3] % {"year": year}

    def is_past_on(self, day: datetime.date) -> bool:
        """Certainly past on `day`: even the latest day it may mean lies before it."""
        return self.last_day < day

    def contains(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    def __str__(self):
        return self.display()
