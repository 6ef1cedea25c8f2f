"""Fill what the lines of the progress reports submitted before 0024 keep of the plan: the
indicator's name and unit and the year of the target they are rated against, and the action's
title, as the plans stand now (the best that is known of the day they were submitted, as 0013
did for the targets). Only reports that left the editable statuses, and only empty fields: a
report keeps what it was submitted with. A line that kept a target keeps it for the reported
year itself (0013 kept that year's own target). The data version goes up so that the kept pages
of these reports show what they now keep."""

from django.db import migrations
from django.db.models import F

#: The statuses in which a report can still be changed (missions.models.EDITABLE_STATUSES).
EDITABLE = ("DRAFT", "CHANGES_REQUESTED")


def fill(apps, schema_editor):
    IndicatorProgress = apps.get_model("missions", "IndicatorProgress")
    ActionProgress = apps.get_model("missions", "ActionProgress")
    lines = list(
        IndicatorProgress.objects.exclude(progress__status__in=EDITABLE)
        .filter(name_then="")
        .select_related("indicator", "progress")
    )
    for line in lines:
        line.name_then, line.unit_then = line.indicator.name, line.indicator.unit
        if line.target_then is not None and line.target_year_then is None:
            line.target_year_then = line.progress.year
    kept = ["name_then", "unit_then", "target_year_then"]
    IndicatorProgress.objects.bulk_update(lines, kept, batch_size=500)
    actions = list(
        ActionProgress.objects.exclude(progress__status__in=EDITABLE)
        .filter(what_then="")
        .select_related("action")
    )
    for line in actions:
        line.what_then = line.action.what
    ActionProgress.objects.bulk_update(actions, ["what_then"], batch_size=500)
    if lines or actions:
        apps.get_model("npz_registry", "DataVersion").objects.filter(pk=1).update(number=F("number") + 1)


def empty(apps, schema_editor):
    """Back: the fields go with 0024; nothing to undo here."""


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0024_progress_lines_keep_names"),
        ("npz_registry", "0001_data_version"),
    ]

    operations = [migrations.RunPython(fill, empty)]
