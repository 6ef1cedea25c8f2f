"""Fill the legal basis by kind, as the note's footnotes say: the department recognises the
PN/PSV and has an agreement with the MBE."""

from django.db import migrations

BY_KIND = {"PN_PSV": "RECOGNITION", "MBE": "AGREEMENT"}


def fill(apps, schema_editor):
    LegacyOrganisation = apps.get_model("networks", "LegacyOrganisation")
    for kind, basis in BY_KIND.items():
        LegacyOrganisation.objects.filter(kind=kind, legal_basis="").update(legal_basis=basis)


def empty(apps, schema_editor):
    apps.get_model("networks", "LegacyOrganisation").objects.update(legal_basis="")


class Migration(migrations.Migration):

    dependencies = [
        ("networks", "0010_legacy_legal_basis"),
    ]

    operations = [migrations.RunPython(fill, empty)]
