"""The dated status changes share one abstract model without moving a row: their migrations
only add constraints (and, on PostgreSQL, the service areas' exclusion constraint)."""

import importlib

import pytest
from django.db import migrations

MIGRATIONS = [
    "networks.migrations.0005_choice_constraints",
    "networks.migrations.0006_service_area_zone_no_overlap",
    "transition.migrations.0002_choice_constraints",
]


@pytest.mark.parametrize("name", MIGRATIONS)
def test_the_migration_only_adds_constraints_so_every_row_stays(name):
    operations = importlib.import_module(name).Migration.operations
    assert operations
    assert all(isinstance(op, migrations.AddConstraint | migrations.RunPython) for op in operations)
    assert all(op.reversible for op in operations)
