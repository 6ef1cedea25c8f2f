"""Data step of 0015: a grant entered by the department is fixed (the default); a demo amount is
fictional, so no source says it: "our assumption"."""

from django.db import migrations


def demo_is_assumed(apps, schema_editor):
    apps.get_model("transition", "Funding").objects.filter(is_demo=True).update(certainty="ASSUMED")


def back_to_fixed(apps, schema_editor):
    apps.get_model("transition", "Funding").objects.filter(is_demo=True).update(certainty="FIXED")


class Migration(migrations.Migration):
    dependencies = [
        ("transition", "0015_funding_certainty"),
    ]

    operations = [
        migrations.RunPython(demo_is_assumed, back_to_fixed),
    ]
