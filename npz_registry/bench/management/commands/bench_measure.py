import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from npz_registry.bench import measure


class Command(BaseCommand):
    help = (
        "One measurement of `make bench` on the current database, as JSON: queries per page, a report's "
        "time and memory (flanders, network or plan), the import of --rows indicator values, or "
        "(PostgreSQL only) the sequential scans of large tables in the plans of every page's queries."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["queries", "report", "import", "explain"])
        parser.add_argument("--kind", choices=["flanders", "network", "plan"], default="flanders")
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, what, kind, rows, output, **options):
        if what == "explain" and connection.vendor != "postgresql":
            raise CommandError("explain reads PostgreSQL's plans: set DATABASE_URL to a PostgreSQL database")
        if what in ("queries", "explain"):
            from django.test.utils import setup_test_environment

            setup_test_environment()  # the test client's templates and hosts
        if what == "queries":
            figures = measure.queries_per_page()
        elif what == "explain":
            figures = measure.seq_scans()
        elif what == "report":
            figures = measure.report_timing(kind)
        else:
            figures = measure.import_rows_per_second(rows)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
