"""`?as_of=YYYY-MM-DD`: view the registry as it was (or will be) on a given day."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def parse_as_of(value: str | None, default: datetime.date | None = None) -> tuple[datetime.date, str | None]:
    """Return the day asked for and an error message when the input was not a date (then the
    default is used, so a typo never produces a server error)."""
    default = default or timezone.localdate()
    if not value:
        return default, None
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        return default, _("%(value)s is not a date (use YYYY-MM-DD); showing %(day)s instead.") % {
            "value": value[:20],
            "day": default.strftime("%d/%m/%Y"),
        }
    if not (1990 <= day.year <= 2100):
        return default, _("%(value)s lies outside 1990–2100; showing %(day)s instead.") % {
            "value": value[:20],
            "day": default.strftime("%d/%m/%Y"),
        }
    return day, None
