import json
import platform
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from networks.models import Network

#: The issue's budget for the Flanders report on the demo data, in seconds.
FLANDERS_BUDGET = 2.0


def _timed(func, repeat: int) -> tuple[list[float], object]:
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        runs.append(time.perf_counter() - started)
    return runs, result


def _summary(runs: list[float], *, keep_runs: bool = True) -> dict:
    summary = {
        "median_s": round(statistics.median(runs), 6),
        "min_s": round(min(runs), 6),
        "max_s": round(max(runs), 6),
    }
    if keep_runs:
        summary["runs_s"] = [round(run, 6) for run in runs]
    return summary


class Command(BaseCommand):
    help = (
        "Time /healthz, the Flanders report (total, and WeasyPrint alone on the same HTML) and a network "
        "report on the current database; write the figures as JSON (make bench). Loads the demo data when "
        "the database has no network and DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path("var/bench.json"), help="JSON file to write.")
        parser.add_argument(
            "--repeat", type=int, default=5, help="Timed runs per report (after one warm-up)."
        )
        parser.add_argument("--healthz-repeat", type=int, default=200, help="Requests to /healthz.")
        parser.add_argument(
            "--network", help="Code of the network whose report is timed (default: the first)."
        )

    def handle(self, *args, output, repeat, healthz_repeat, network, **options):
        # Imported here: they import the apps' selectors, which need the app registry ready.
        from npz_registry.pdf import render_pdf, write_pdf
        from npz_registry.reports.context import flanders_report, network_report

        self._prepare_database()
        base_url = settings.SITE_URL.rstrip("/") + "/"
        subject = Network.objects.get(code=network) if network else Network.objects.order_by("name").first()
        results = {}

        client = Client()
        host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))), "localhost")
        runs, _response = _timed(lambda: client.get("/healthz", HTTP_HOST=host), healthz_repeat)
        results["healthz"] = _summary(runs, keep_runs=False)

        with translation.override(settings.LANGUAGE_CODE):

            def flanders():
                report = flanders_report()
                html = report.html()
                return report, html, render_pdf(html, base_url=base_url, title=report.title, lang=report.lang)

            cold_runs, _cold = _timed(flanders, 1)  # imports WeasyPrint and pygal, loads the fonts
            runs, (report, html, pdf) = _timed(flanders, repeat)
            results["flanders_total"] = {
                **_summary(runs),
                "first_run_s": round(cold_runs[0], 4),
                "pdf_bytes": len(pdf),
            }

            runs, _html = _timed(lambda: flanders_report().html(), repeat)
            with CaptureQueriesContext(connection) as queries:
                flanders_report().html()
            results["flanders_context_and_html"] = {**_summary(runs), "queries": len(queries)}

            runs, _pdf = _timed(
                lambda: write_pdf(html, base_url=base_url, title=report.title, lang=report.lang), repeat
            )
            results["flanders_weasyprint_only"] = _summary(runs)

            if subject is not None:

                def profile():
                    report = network_report(subject)
                    html = report.html()
                    return render_pdf(html, base_url=base_url, title=report.title, lang=report.lang)

                _timed(profile, 1)
                runs, pdf = _timed(profile, repeat)
                results["network_total"] = {**_summary(runs), "network": subject.code, "pdf_bytes": len(pdf)}

        flanders_median = results["flanders_total"]["median_s"]
        payload = {
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "processor": platform.processor() or platform.machine(),
                "database": connection.vendor,
            },
            "repeat": repeat,
            "healthz_repeat": healthz_repeat,
            "networks": Network.objects.count(),
            "results": results,
            "budget": {
                "flanders_total_s": FLANDERS_BUDGET,
                "ok": flanders_median <= FLANDERS_BUDGET,
            },
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")

        self.stdout.write(f"{'measure':<32} {'median':>10} {'min':>10} {'max':>10}")
        for name, figures in results.items():
            unit, scale = ("ms", 1000) if name == "healthz" else ("s", 1)
            self.stdout.write(
                f"{name:<32} "
                + " ".join(f"{figures[key] * scale:>8.3f}{unit:>2}" for key in ("median_s", "min_s", "max_s"))
            )
        overhead = flanders_median - results["flanders_weasyprint_only"]["median_s"]
        self.stdout.write(
            f"Flanders report: {flanders_median:.2f} s (budget {FLANDERS_BUDGET:.1f} s, "
            f"{'OK' if flanders_median <= FLANDERS_BUDGET else 'OVER BUDGET'}); our own share "
            f"{overhead:.2f} s, {results['flanders_context_and_html']['queries']} queries. "
            f"Written to {output}."
        )

    def _prepare_database(self):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            if not settings.DEBUG:
                raise CommandError("The database is not migrated: run `manage.py migrate` first.")
            self.stdout.write("Migrating the development database…")
            call_command("migrate", verbosity=0)
        if not Network.objects.exists():
            if not settings.DEBUG:
                raise CommandError("No networks in the database: load the demo data first (DEBUG only).")
            from networks.services.demo_data import load_demo_data
            from npz_registry.reference_data import load_reference_data

            self.stdout.write("Loading the reference and demo data…")
            load_reference_data()
            load_demo_data()
