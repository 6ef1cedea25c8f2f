import json
from pathlib import Path

from django.core.management.base import BaseCommand

from npz_registry.bench import measure


class Command(BaseCommand):
    help = (
        "One measurement of `make bench` on the current database, as JSON: queries per page, a report's "
        "time and memory (flanders, network or plan), or the import of --rows indicator values."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["queries", "report", "import"])
        parser.add_argument("--kind", choices=["flanders", "network", "plan"], default="flanders")
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, what, kind, rows, output, **options):
        if what == "queries":
            from django.test.utils import setup_test_environment

            setup_test_environment()  # the test client's templates and hosts
            figures = measure.queries_per_page()
        elif what == "report":
            figures = measure.report_timing(kind)
        else:
            figures = measure.import_rows_per_second(rows)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
