"""Give each action line its stable code (from its place in the plan) and turn its single work
form into rows; the regulation line gets both work forms, as the plan's §3 says (work form 1
for the regulation, work form 2 for the financing)."""

from django.db import migrations

CODES = {
    1: "methodieken",
    2: "reorganisatie-pn-psv-mbe",
    3: "oprichting-vlepz",
    4: "rollen-en-opdrachten",
    5: "respijtzorg-medium-care",
    6: "administratieve-processen",
    7: "supportieve-zorg",
    8: "opleiden-zorg-welzijn",
    9: "sensibiliseren-bevolking",
    10: "referentiepersonen",
    11: "tools",
    12: "regelgeving-financiering",
}


def fill(apps, schema_editor):
    ActionLine = apps.get_model("transition", "ActionLine")
    ActionLineWorkForm = apps.get_model("transition", "ActionLineWorkForm")
    for line in ActionLine.objects.all():
        line.code = CODES.get(line.position, f"actielijn-{line.position}")
        line.save(update_fields=["code"])
        if line.code == "regelgeving-financiering":
            ActionLineWorkForm.objects.create(action_line=line, work_form=1, applies_to="regelgeving")
            ActionLineWorkForm.objects.create(action_line=line, work_form=2, applies_to="financiering")
        elif line.work_form:
            ActionLineWorkForm.objects.create(action_line=line, work_form=line.work_form)


def fill_history(apps, schema_editor):
    """History rows get the code of their line, so the column can become required."""
    HistoricalActionLine = apps.get_model("transition", "HistoricalActionLine")
    for position, code in CODES.items():
        HistoricalActionLine.objects.filter(position=position, code__isnull=True).update(code=code)
    for row in HistoricalActionLine.objects.filter(code__isnull=True):
        HistoricalActionLine.objects.filter(pk=row.pk).update(code=f"actielijn-{row.position}")


def back(apps, schema_editor):
    ActionLine = apps.get_model("transition", "ActionLine")
    for line in ActionLine.objects.prefetch_related("work_forms"):
        forms = sorted(w.work_form for w in line.work_forms.all())
        line.work_form = forms[0] if forms else 1
        line.save(update_fields=["work_form"])
    apps.get_model("transition", "ActionLineWorkForm").objects.all().delete()
    HistoricalActionLine = apps.get_model("transition", "HistoricalActionLine")
    HistoricalActionLine.objects.filter(work_form__isnull=True).update(work_form=1)


class Migration(migrations.Migration):

    dependencies = [
        ("transition", "0007_action_line_code_position"),
    ]

    operations = [
        migrations.RunPython(fill, back),
        migrations.RunPython(fill_history, migrations.RunPython.noop),
    ]
