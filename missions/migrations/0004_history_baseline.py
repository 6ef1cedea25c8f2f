"""A first history row for every existing record of the models whose history starts in 0003,
so that the first change afterwards shows what it changed."""

from django.db import migrations
from django.utils import timezone

MODELS = ["IndicatorTarget", "IndicatorProgress", "ActionProgress", "MissionTask", "PartnerType"]
MODELS += ["SextupleAim", "PlanningPeriod"]
REASON = "stand bij het begin van de geschiedenis"


def write_baseline(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model, historical = apps.get_model("missions", name), apps.get_model("missions", f"Historical{name}")
        fields = [f.attname for f in model._meta.concrete_fields]
        historical.objects.bulk_create(
            [
                historical(
                    **{f: getattr(obj, f) for f in fields},
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
                for obj in model.objects.iterator()
            ],
            batch_size=500,
        )


def remove_baseline(apps, schema_editor):
    for name in MODELS:
        apps.get_model("missions", f"Historical{name}").objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [("missions", "0003_history_of_targets_progress_lines_and_reference")]

    operations = [migrations.RunPython(write_baseline, remove_baseline)]
