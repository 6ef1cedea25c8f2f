"""A first history row for every existing step of the reform calendar (its history starts in
0003), so that the first change afterwards shows what it changed."""

from django.db import migrations
from django.utils import timezone

REASON = "stand bij het begin van de geschiedenis"


def write_baseline(apps, schema_editor):
    event, historical = apps.get_model("transition", "CalendarEvent"), apps.get_model(
        "transition", "HistoricalCalendarEvent"
    )
    fields = [f.attname for f in event._meta.concrete_fields]
    rows = [
        historical(**{f: getattr(obj, f) for f in fields}, history_date=timezone.now(), history_type="+")
        for obj in event.objects.iterator()
    ]
    for row in rows:
        row.history_change_reason = REASON
    historical.objects.bulk_create(rows, batch_size=500)


def remove_baseline(apps, schema_editor):
    apps.get_model("transition", "HistoricalCalendarEvent").objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [("transition", "0003_calendar_event_history")]

    operations = [migrations.RunPython(write_baseline, remove_baseline)]
