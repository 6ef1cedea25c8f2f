"""Imprecise dates: a day, a month, a quarter, a half-year, the beginning, middle or end of a
year, or a year, stored as the source says it ("midden 2027" stays "2027-mid").

Pure Python, no models: `ImpreciseDate.parse(text)` reads the stored form, `display()` writes it
in the active language, `read(text)` takes either (what a page shows can be typed back, in any
of the site's languages), `first_day`/`last_day` are the widest honest bounds and `sort_day`
only orders rows (it is never shown)."""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, translation
from django.utils.dates import MONTHS
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$"
_FORM = re.compile(PATTERN)
_FORM_ANY_CASE = re.compile(PATTERN, re.IGNORECASE)

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

#: From the most to the least precise: of two dates on the same sort day that end on the same
#: day, the more precise one comes first ("1 juli 2027" before "midden 2027", "begin 2027"
#: before "2027"; see `order`).
PRECISION_ORDER = (DAY, MONTH, QUARTER, HALF, EARLY, MID, LATE, YEAR)

#: The forms a stored value may take, for help texts.
FORMS_HELP = "2027-01-01, 2023-09, 2027-Q3, 2027-H2, 2026-early, 2027-mid, 2025-late, 2024"


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def year_part_words() -> dict[str, str]:
    """How the pages write a part of a year, in the active language, by the part's code in the
    stored form ("mid": "midden %(year)s"): `display()` writes these words and `stored_form`
    reads them back, so the two cannot drift apart."""
    return {
        "early": pgettext("imprecise date", "early %(year)s"),
        "mid": pgettext("imprecise date", "mid %(year)s"),
        "late": pgettext("imprecise date", "late %(year)s"),
        "H1": _("first half of %(year)s"),
        "H2": _("second half of %(year)s"),
        "Q1": _("first quarter of %(year)s"),
        "Q2": _("second quarter of %(year)s"),
        "Q3": _("third quarter of %(year)s"),
        "Q4": _("fourth quarter of %(year)s"),
    }


@functools.cache
def _readings(language: str) -> tuple[list[tuple[re.Pattern, str]], re.Pattern, dict[str, int]]:
    """What `stored_form` compares typed words with in `language`: each part of a year as a
    pattern with its code, the pattern of a month or a day ("juli 2025", "1 januari 2027", as
    `display()` writes them) and the month numbers by name. Read once per language."""
    year = r"(?P<year>\d{4})"
    with translation.override(language):
        parts = [
            (re.compile(year.join(re.escape(piece) for piece in words.casefold().split("%(year)s"))), code)
            for code, words in year_part_words().items()
        ]
        months = {str(name).casefold(): number for number, name in MONTHS.items()}
    names = "|".join(re.escape(name) for name in months)
    return parts, re.compile(rf"(?:(?P<day>\d{{1,2}}) )?(?P<month>{names}) {year}"), months


def stored_form(text: str) -> str | None:
    """The stored form of a date as typed: the form itself ("2027-mid") or the words a page
    shows, in any of the site's languages and in any case ("midden 2027", "mid 2027", "tweede
    helft van 2027", "juli 2025", "1 januari 2027"); None when it is neither. Whether the day
    exists is left to `ImpreciseDate.parse`."""
    text = " ".join((text or "").split())
    if _FORM_ANY_CASE.match(text):  # "2027-q3", "2027-MID": the form, in its own case
        return re.sub(r"-[qh]", lambda part: part[0].upper(), text.casefold())
    words = text.casefold()
    for language, _name in settings.LANGUAGES:
        parts, day_or_month, months = _readings(language)
        for pattern, code in parts:
            found = pattern.fullmatch(words)
            if found:
                return f"{found['year']}-{code}"
        found = day_or_month.fullmatch(words)
        if found:
            month = f"{found['year']}-{months[found['month']]:02d}"
            return f"{month}-{int(found['day']):02d}" if found["day"] else month
    return None


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

    @classmethod
    def read(cls, text: str) -> "ImpreciseDate":
        """A date as typed in a form or a file: the stored form or the words a page shows
        (`stored_form`); a ValueError when it is neither or the day does not exist."""
        return cls.parse(stored_form(text) or text)

    @property
    def order(self) -> tuple[datetime.date, datetime.date, int]:
        """Where the date goes in a list: by its sort day; on the same sort day, the one that
        ends first, then the more precise. "Mid" is the middle of the year, a moment rather
        than a stretch: it ends where it sorts, on 1 July, so "midden 2027" comes after
        "1 juli 2027" and before "juli 2027", "derde kwartaal 2027" and "tweede helft van
        2027", which start that day. Early and late end with the year, after the quarter or
        half-year that starts on their sort day. The `<name>_sort` columns hold `sort_day`
        only: a query ordered by them leaves these ties to its next column."""
        ends = self.sort_day if self.precision == MID else self.last_day
        return self.sort_day, ends, PRECISION_ORDER.index(self.precision)

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
        return year_part_words()[self.text[5:]] % {"year": year}  # "2027-mid": "mid"

    def is_past_on(self, day: datetime.date) -> bool:
        """Certainly past on `day`: even the latest day it may mean lies before it."""
        return self.last_day < day

    def contains(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    def __str__(self):
        return self.display()


def words_help() -> str:
    """Dates in words as the pages show them, in the active language, for help texts."""
    return ", ".join(ImpreciseDate.parse(text).display() for text in ("2027-mid", "2027-H2"))


#: `words_help()` evaluated when shown: "midden 2027, tweede helft van 2027" in Dutch.
WORDS_HELP = lazy(words_help, str)()
