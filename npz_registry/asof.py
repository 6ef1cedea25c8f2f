"""`?as_of=YYYY-MM-DD`: view the registry as it was (or will be) on a given day."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def parse_as_of(
    value: str | None, default: datetime.date | None = None, *, falls_back: bool = True
) -> tuple[datetime.date, str | None]:
    """Return the day asked for and an error message when the input was not a date (then the
    default is used, so a typo never produces a server error). The message says the default is
    shown instead, unless the caller refuses the request (`falls_back=False`)."""
    default = default or timezone.localdate()
    if not value:
        return default, None
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        day = None
    if day is not None and 1990 <= day.year <= 2100:
        return day, None
    values = {"value": value[:20], "day": default.strftime("%d/%m/%Y")}
    if day is None:
        if falls_back:
            return default, _("%(value)s is not a date (use YYYY-MM-DD); showing %(day)s instead.") % values
        return default, _("%(value)s is not a date (use YYYY-MM-DD).") % values
    if falls_back:
        return default, _("%(value)s lies outside 1990–2100; showing %(day)s instead.") % values
    return default, _("%(value)s lies outside 1990–2100.") % values
