"""Timing an import, for `make bench` (never in tests).

    from npz_registry.importexport.bench import benchmark_import, indicator_value_rows
    figures = benchmark_import(IndicatorMunicipalityValueResource, indicator_value_rows(5000))

`benchmark_import` runs a dry run and then the commit of the same rows through the resource,
as the admin does, with history written, and answers seconds, rows per second and queries of
each. The rows must import cleanly; the commit stays in the database.
"""

import time
from decimal import Decimal

import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext


def benchmark_import(resource_class, dataset: tablib.Dataset, *, user=None, **resource_kwargs) -> dict:
    """Dry run, then commit; raises RuntimeError when the rows do not import cleanly."""
    figures = {"rows": len(dataset)}
    for phase, dry_run in (("dry_run", True), ("commit", False)):
        resource = resource_class(preview=False, **resource_kwargs)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = resource.import_data(dataset, dry_run=dry_run, user=user)
            seconds = time.perf_counter() - started
        if result.has_errors() or result.has_validation_errors():
            from npz_registry.importexport.reference import error_summary

            raise RuntimeError(f"the benchmark rows do not import: {error_summary(result)}")
        figures[phase] = {
            "seconds": round(seconds, 3),
            "rows_per_second": round(len(dataset) / seconds) if seconds else None,
            "queries": len(queries.captured_queries),
            "totals": dict(result.totals),
        }
    figures["total_seconds"] = round(figures["dry_run"]["seconds"] + figures["commit"]["seconds"], 3)
    return figures


def indicator_value_rows(count: int, *, indicator_code: str = "bench-indicator") -> tablib.Dataset:
    """`count` values per municipality of one (made) municipal indicator: needs the reference
    data (municipalities). Creates the indicator if it is missing; values are fictional."""
    from missions.models import Indicator, IndicatorDirection, IndicatorLevel
    from networks.models import Municipality

    Indicator.objects.get_or_create(
        code=indicator_code,
        defaults={
            "name": "Benchmark (fictief)",
            "name_en": "Benchmark (fictional)",
            "direction": IndicatorDirection.MORE_NEED,
            "level": IndicatorLevel.MUNICIPALITY,
        },
    )
    nis_codes = list(Municipality.objects.order_by("nis_code").values_list("nis_code", flat=True))
    if not nis_codes:
        raise RuntimeError("no municipalities: load the reference data first")
    dataset = tablib.Dataset(headers=["indicator", "nis_code", "year", "value", "source"])
    for number in range(count):
        nis = nis_codes[number % len(nis_codes)]
        year = 2000 + number // len(nis_codes)
        value = Decimal(number % 997) / 10
        dataset.append([indicator_code, nis, year, str(value), "benchmark (fictional values)"])
    return dataset
