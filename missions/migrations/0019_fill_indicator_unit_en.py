"""Fill the English unit of the built-in indicators in databases made before 0018 added it.

A new database gets the units from fixtures/indicators.csv (load_reference_data); an older one
got an empty `unit_en`, which the loader then keeps as if staff had emptied it (it keeps every
difference from the file unless --overwrite). The values are those of fixtures/indicators.csv.
Only empty units are filled: a unit staff wrote stays. The data version goes up so that pages
kept per version show the units."""

from django.db import migrations
from django.db.models import F

UNITS_EN = {
    "bevolking": "inhabitants",
    "aandeel-65-plus": "%",
    "aandeel-80-plus": "%",
    "overlijdens-per-1000": "per 1,000",
    "aandeel-verhoogde-tegemoetkoming": "%",
    "afstand-tot-zetel": "%",
}


def fill(apps, schema_editor):
    Indicator = apps.get_model("missions", "Indicator")
    filled = sum(
        Indicator.objects.filter(code=code, unit_en="").update(unit_en=unit)
        for code, unit in UNITS_EN.items()
    )
    if filled:
        apps.get_model("npz_registry", "DataVersion").objects.filter(pk=1).update(number=F("number") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0018_indicator_unit_en"),
        ("npz_registry", "0001_data_version"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
