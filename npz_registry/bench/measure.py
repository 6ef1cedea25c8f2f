"""In-process measurements for `make bench`, each run in its own process on one bench database
(`manage.py bench_measure queries|report|import`): queries per page, a PDF report's time and
memory against WeasyPrint alone on the same HTML, and the rows per second of an import."""

import os
import resource
import statistics
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from npz_registry.bench.pages import clients, count_queries, pages, roles_for

#: Interleaved runs of a report and of WeasyPrint alone, within this many seconds (at least one).
#: Five, not three: on this shared machine one run of WeasyPrint alone on the same HTML took
#: 1.56 to 2.40 s from one minute to the next, and a median of three moved with one slow run.
REPORT_RUNS = int(os.environ.get("BENCH_REPORT_RUNS", "5"))
REPORT_SECONDS = 40


def peak_memory_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def current_memory_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return round(int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024, 1)


def queries_per_page() -> dict:
    """{page: {"path", "kind", "roles": {persona: [status, queries]}}} on this database."""
    found = pages()
    counts = count_queries(found)
    return {page.name: {"path": page.path, "kind": page.kind, "roles": counts[page.name]} for page in found}


def _report(kind: str):
    """The report of `kind` on the generated data: the Flanders report, the profile of
    coordinator.a's network, or the first version of its approved plan."""
    from missions.models import PlanVersion
    from npz_registry.bench.pages import Samples
    from npz_registry.reports.context import flanders_report, network_report, plan_report

    if kind == "flanders":
        return flanders_report
    samples = Samples()
    if kind == "network":
        return lambda: network_report(samples.network)
    version = PlanVersion.objects.get(plan=samples.approved, number=1)
    return lambda: plan_report(samples.approved, version)


def _cached_pdf_seconds(make, base_url: str, kind: str) -> float:
    """Seconds of a request for a PDF already made at this data version (the views' path:
    npz_registry.reports.rendering, one query and a cache read)."""
    from npz_registry.reports.rendering import cache_key, report_pdf

    key = cache_key("bench", kind, lang=settings.LANGUAGE_CODE)
    report_pdf(key, make, base_url=base_url, user_key="bench")
    began = time.perf_counter()
    report_pdf(key, make, base_url=base_url, user_key="bench")
    return time.perf_counter() - began


def report_timing(kind: str) -> dict:
    """Seconds of the whole report (context, HTML, PDF) and of WeasyPrint alone on the same HTML,
    in interleaved runs so that a change in the machine's load shifts both; our overhead (the
    difference of the medians), the first run (charts and map not cached yet) apart, a request
    answered from the PDF cache; peak memory of the process over the first whole run."""
    from npz_registry.pdf import render_pdf, write_pdf

    base_url = settings.SITE_URL.rstrip("/") + "/"
    make = _report(kind)
    with translation.override(settings.LANGUAGE_CODE):
        write_pdf("<p>warm-up</p>", base_url=base_url, title="warm-up", lang="nl")  # imports WeasyPrint
        before = current_memory_mb()

        def whole():
            report = make()
            html = report.html()
            pdf = render_pdf(html, base_url=base_url, title=report.title, lang=report.lang)
            return report, html, pdf

        totals, alone, started = [], [], time.perf_counter()
        while len(totals) < REPORT_RUNS and (not totals or time.perf_counter() - started < REPORT_SECONDS):
            began = time.perf_counter()
            report, html, pdf = whole()
            totals.append(time.perf_counter() - began)
            if len(totals) == 1:
                peak = peak_memory_mb()
            began = time.perf_counter()
            write_pdf(html, base_url=base_url, title=report.title, lang=report.lang)
            alone.append(time.perf_counter() - began)
        cached = _cached_pdf_seconds(make, base_url, kind)
    total, weasy = statistics.median(totals), statistics.median(alone)
    return {
        "seconds": round(total, 3),
        "weasyprint_seconds": round(weasy, 3),
        "ratio_to_weasyprint": round(total / weasy, 2),
        "overhead_seconds": round(total - weasy, 3),
        "first_run_seconds": round(totals[0], 3),
        "cached_pdf_seconds": round(cached, 4),
        "runs": len(totals),
        "runs_s": [round(t, 3) for t in totals],
        "weasyprint_runs_s": [round(t, 3) for t in alone],
        "peak_memory_mb": peak,
        "memory_before_mb": before,
        "pdf_bytes": len(pdf),
    }


def import_rows_per_second(rows: int) -> dict:
    """`rows` indicator values per municipality through the admin's import resource: a dry run,
    then the commit, with their change history."""
    import tablib
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from missions.models import Indicator, IndicatorDirection, IndicatorLevel, IndicatorValue
    from networks.models import Municipality

    indicator = Indicator.objects.create(
        code="bench-import",
        name="Benchmarkindicator (gegenereerd, fictief)",
        name_en="Benchmark indicator (generated, fictional)",
        direction=IndicatorDirection.MORE_NEED,
        level=IndicatorLevel.MUNICIPALITY,
    )
    codes = list(Municipality.objects.order_by("nis_code").values_list("nis_code", flat=True))
    data = tablib.Dataset(headers=["indicator", "nis_code", "year", "value", "source"])
    for number in range(rows):
        year = 2000 + number // len(codes)
        data.append(
            [indicator.code, codes[number % len(codes)], year, f"{number % 997}.5", "bench (fictief)"]
        )
    request = RequestFactory().post("/admin/")
    request.user = get_user_model().objects.get(username="admin")
    model_admin = admin.site.get_model_admin(IndicatorValue)
    resource_class = next(
        r for r in model_admin.get_import_resource_classes(request) if "municipality" in r().fields
    )
    figures = {"rows": rows}
    for step, dry_run in (("dry_run", True), ("commit", False)):
        started, counter = time.perf_counter(), _QueryCounter()
        with connection.execute_wrapper(counter):
            result = resource_class().import_data(data, dry_run=dry_run, use_transactions=True)
        seconds = time.perf_counter() - started
        figures[step] = {
            "seconds": round(seconds, 2),
            "rows_per_second": round(rows / seconds, 1),
            "queries": counter.count,
            "errors": len(result.row_errors()) + len(result.base_errors),
        }
    figures["values_written"] = IndicatorValue.objects.filter(indicator=indicator).count()
    figures["history_written"] = IndicatorValue.history.filter(indicator_id=indicator.pk).count()
    figures["seconds"] = round(figures["dry_run"]["seconds"] + figures["commit"]["seconds"], 2)
    return figures


class _QueryCounter:
    """Counts the queries run while it wraps the connection (DEBUG may be off)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


#: Tables smaller than this are read whole by PostgreSQL whatever their indexes: not listed.
SEQ_SCAN_MIN_ROWS = 1000


def seq_scans(min_rows: int = SEQ_SCAN_MIN_ROWS) -> list[dict]:
    """PostgreSQL only: every page as every persona, each SELECT it runs explained; the
    sequential scans of tables of at least `min_rows` rows (a missing index shows there), with
    their filter and the pages that run them, largest table first."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        sizes = {name: int(rows) for name, rows in cursor.fetchall()}
    by_role, found = clients(), {}
    for page in pages():
        for role in roles_for(page):
            for cache in caches.all():  # the queries that fill the caches of the data version too
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                by_role[role].get(page.path)
            for query in queries.captured_queries:
                for table, condition in scans_of(query["sql"], sizes, min_rows):
                    found.setdefault((table, condition), set()).add(page.name)
    return [
        {"table": table, "rows": sizes[table], "filter": condition, "pages": sorted(names)}
        for (table, condition), names in sorted(found.items(), key=lambda item: -sizes[item[0][0]])
    ]


def scans_of(sql: str, sizes: dict, min_rows: int) -> list[tuple[str, str]]:
    if not sql.lstrip().upper().startswith("SELECT"):
        return []
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)  # noqa: S608 - the page's own query
        plan = cursor.fetchone()[0][0]["Plan"]
    scans, nodes = [], [plan]
    while nodes:
        node = nodes.pop()
        table = node.get("Relation Name")
        if node.get("Node Type") == "Seq Scan" and sizes.get(table, 0) >= min_rows:
            scans.append((table, node.get("Filter", "")[:200]))
        nodes.extend(node.get("Plans", []))
    return scans
