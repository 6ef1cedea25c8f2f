"""Data step: one care council per primary care zone (the decree of 17 May 2019 gives every
zone one). Names are not in our sources: left empty, shown as "zorgraad van <zone>"."""

from django.db import migrations

ZONE_KINDS = ["ELZ", "ELZ_SUBMUNICIPAL"]


def forward(apps, schema_editor):
    PrimaryCareZone = apps.get_model("networks", "PrimaryCareZone")
    CareCouncil = apps.get_model("networks", "CareCouncil")
    zones = PrimaryCareZone.objects.filter(kind__in=ZONE_KINDS, care_council__isnull=True)
    CareCouncil.objects.bulk_create([CareCouncil(primary_care_zone=zone) for zone in zones])


def backward(apps, schema_editor):
    CareCouncil = apps.get_model("networks", "CareCouncil")
    CareCouncil.objects.filter(name="", policy_periods__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0013_reform_organisation_care_council"),
    ]

    operations = [migrations.RunPython(forward, backward)]
