"""The reform calendar now lives in networks.ReformDate (copied by networks 0009)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("transition", "0008_action_line_codes"),
        ("networks", "0009_reform_date_from_calendar"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalCalendarEvent"),
        migrations.DeleteModel(name="CalendarEvent"),
    ]
