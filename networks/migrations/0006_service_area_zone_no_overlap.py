"""On PostgreSQL the database refuses two service areas of one zone with overlapping periods
(both ends inclusive, an empty end is open), whatever code path writes them. SQLite has no
exclusion constraints: there `networks.services.networks.service_areas_save` keeps the rule,
under its lock. Not part of the model state, so `makemigrations --check` stays clean on both."""

from django.db import migrations

CONSTRAINT = "service_area_zone_no_overlap"


def add_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("networks", "ServiceArea")._meta.db_table)
    # btree_gist lets a GiST index compare the zone id with `=` next to the date range.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(zone_id WITH =, daterange(valid_from, valid_until, '[]') WITH &&)"
    )


def drop_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("networks", "ServiceArea")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0005_choice_constraints"),
    ]

    operations = [
        migrations.RunPython(add_exclusion_constraint, drop_exclusion_constraint, elidable=False),
    ]
