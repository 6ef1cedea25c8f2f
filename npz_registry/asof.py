"""`?as_of=YYYY-MM-DD`: view the registry as it was (or will be) on a given day."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

#: The one form a day is written in, on the pages and in the API. Python's ISO reader also takes
#: 20270101 and week dates (2027-W01-1); the parameter promises YYYY-MM-DD and nothing else.
#: ASCII digits only (`\d` takes the digits of other scripts too).
DAY_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_as_of(
    value: str | None, default: datetime.date | None = None, *, falls_back: bool = True
) -> tuple[datetime.date, str | None]:
    """Return the day asked for and an error message when the input was not a date written
    YYYY-MM-DD (then the default is used, so a typo never produces a server error). The message
    says the default is shown instead, unless the caller refuses the request (`falls_back=False`)."""
    default = default or timezone.localdate()
    if not value:
        return default, None
    text = value.strip()
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None and DAY_FORM.fullmatch(text) and 1990 <= day.year <= 2100:
        return day, None
    return default, as_of_error(value, day, default, falls_back=falls_back)


def as_of_error(value: str, day: datetime.date | None, default: datetime.date, *, falls_back: bool) -> str:
    """Why `value` is not a day `parse_as_of` accepts: not a date, a date in another form than
    YYYY-MM-DD (`day` is what it reads as), or a day outside 1990–2100."""
    values = {
        "value": value[:20],
        "day": default.strftime("%d/%m/%Y"),
        "iso": day.isoformat() if day else "",
    }
    if day is None:
        if falls_back:
            return _("%(value)s is not a date (use YYYY-MM-DD); showing %(day)s instead.") % values
        return _("%(value)s is not a date (use YYYY-MM-DD).") % values
    if not DAY_FORM.fullmatch(value.strip()):
        if falls_back:
            message = _("%(value)s is not written as YYYY-MM-DD (write %(iso)s); showing %(day)s instead.")
            return message % values
        return _("%(value)s is not written as YYYY-MM-DD (write %(iso)s).") % values
    if falls_back:
        return _("%(value)s lies outside 1990–2100; showing %(day)s instead.") % values
    return _("%(value)s lies outside 1990–2100.") % values
