"""English dates as the registry writes them (npz_registry/formats/en): day before month and a
24-hour clock, as on the Dutch pages; Django's own English is American ("Dec. 7, 2026, 5:13
a.m."), which beside "07/12/2026" reads as 12 July."""

import datetime

from django.utils import translation
from django.utils.formats import date_format, get_format


def test_english_dates_put_the_day_first_and_use_a_24_hour_clock():
    with translation.override("en"):
        assert date_format(datetime.date(2026, 12, 7)) == "7 December 2026"
        evening = datetime.datetime(2026, 12, 7, 17, 13)
        assert date_format(evening, "DATETIME_FORMAT") == "7 December 2026, 17:13"
        assert date_format(datetime.date(2026, 12, 7), "SHORT_DATE_FORMAT") == "07/12/2026"
        assert get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
    with translation.override("nl-be"):
        assert date_format(datetime.date(2026, 12, 7)) == "7 december 2026"
