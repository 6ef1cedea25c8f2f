"""English as the registry writes it: day before month and a 24-hour clock, as on its Dutch
pages and in its PDFs ("7 December 2026", "07/12/2026 05:14"). Django's own English formats
are American ("Dec. 7, 2026, 5:13 a.m."), which beside "07/12/2026" reads as 12 July."""

from django.conf.locale.en_GB.formats import *  # noqa: F403 - British English, then ours

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
