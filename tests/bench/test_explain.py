"""`manage.py bench_measure explain` reads PostgreSQL's plans of the pages' queries."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from npz_registry.bench.measure import scans_of

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_sequential_scan_of_a_large_table_is_listed_and_an_index_lookup_is_not():
    sizes = {"networks_municipality": 5000}
    table = "networks_municipality"
    assert scans_of(f'SELECT * FROM "{table}"', sizes, 1000) == [(table, "")]
    assert scans_of(f'SELECT * FROM "{table}" WHERE "id" = 7', sizes, 1000) == []
    assert scans_of(f'SELECT * FROM "{table}"', sizes, 10_000) == []  # small enough to read whole
    assert scans_of(f'UPDATE "{table}" SET "name" = \'x\' WHERE false', sizes, 1000) == []


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal on another database")
def test_explain_needs_postgresql(tmp_path):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench_measure", "explain", "--output", str(tmp_path / "explain.json"))
