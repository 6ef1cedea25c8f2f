"""missions 0019: a database made before 0018 gets the English units of the built-in
indicators (empty ones only, from fixtures/indicators.csv), and its data version goes up."""

import csv

import pytest
from django.conf import settings

from tests.conftest import migrate_to, migrate_to_latest

BEFORE = [("missions", "0018_indicator_unit_en"), ("npz_registry", "0002_once_token")]
AFTER = [("missions", "0019_fill_indicator_unit_en"), ("npz_registry", "0002_once_token")]


def test_the_migration_has_the_units_of_the_reference_file():
    from importlib import import_module

    units = import_module("missions.migrations.0019_fill_indicator_unit_en").UNITS_EN
    with open(settings.BASE_DIR / "fixtures" / "indicators.csv", encoding="utf-8") as file:
        assert units == {row["code"]: row["unit_en"] for row in csv.DictReader(file)}


@pytest.mark.django_db(transaction=True)
def test_empty_english_units_are_filled_and_a_unit_staff_wrote_is_kept(migrated_database):
    apps = migrate_to(BEFORE)
    Indicator = apps.get_model("missions", "Indicator")
    DataVersion = apps.get_model("npz_registry", "DataVersion")
    fields = {"direction": "MORE_NEED", "level": "ZONE"}
    Indicator.objects.create(code="bevolking", name="Bevolking", unit="inwoners", **fields)
    Indicator.objects.create(code="aandeel-65-plus", name="65+", unit="%", unit_en="percent", **fields)
    DataVersion.objects.update_or_create(pk=1, defaults={"number": 5})
    try:
        apps = migrate_to(AFTER)
        Indicator = apps.get_model("missions", "Indicator")
        units = dict(Indicator.objects.values_list("code", "unit_en"))
        assert units == {"bevolking": "inhabitants", "aandeel-65-plus": "percent"}
        assert apps.get_model("npz_registry", "DataVersion").objects.get(pk=1).number == 6
    finally:
        Indicator.objects.all().delete()
        migrate_to_latest()
