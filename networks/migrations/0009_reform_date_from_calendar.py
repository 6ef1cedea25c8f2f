"""Copy every step of the old calendar (transition.CalendarEvent) into networks.ReformDate,
marked as our assumption: the reference load (`load_reference_data --overwrite`) then replaces
them with the sourced rows of fixtures/reform_calendar.csv. transition 0010 deletes the old
table after this step."""

from django.db import migrations
from django.utils.text import slugify


def copy(apps, schema_editor):
    CalendarEvent = apps.get_model("transition", "CalendarEvent")
    ReformDate = apps.get_model("networks", "ReformDate")
    taken = set(ReformDate.objects.values_list("code", flat=True))
    rows = []
    for event in CalendarEvent.objects.order_by("start", "pk"):
        code = base = slugify(event.title)[:55] or "stap"
        number = 2
        while code in taken:
            code, number = f"{base}-{number}", number + 1
        taken.add(code)
        rows.append(
            ReformDate(
                code=code,
                title=event.title,
                start=event.start.isoformat(),
                start_sort=event.start,
                end=event.end.isoformat() if event.end else "",
                end_sort=event.end,
                when_as_written=event.when[:80],
                source=event.source,
                certainty="ASSUMED",
            )
        )
    ReformDate.objects.bulk_create(rows)


def remove(apps, schema_editor):
    apps.get_model("networks", "ReformDate").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("networks", "0008_reform_date"),
        ("transition", "0006_history_text_length_limits"),
    ]

    operations = [migrations.RunPython(copy, remove)]
