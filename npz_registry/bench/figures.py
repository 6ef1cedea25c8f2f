"""Figures of `make bench` from the raw requests, and the summary against the issue's goals."""

import statistics

HEALTHZ = "healthz"
#: The sweep's first answer of each page (it fills the caches of the data version), timed apart.
FIRST = "first:"
#: Each load user's own sign-in when it starts, timed apart (as in locustfile.py).
SIGN_IN = "sign-in"
#: The goals of issue 11.
MAX_QUERIES = 12
MAX_RATIO_TO_HEALTHZ = 10
MAX_IMPORT_S = 6
FLANDERS_MAX_S, FLANDERS_MAX_RATIO, FLANDERS_MAX_10X_S = 2, 1.2, 4
FLOW_P95_MS = 150


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 20 answers is the 19th fastest)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def _times(raw: list, name: str) -> list[float]:
    return [ms for (n, _start, ms, _status, _error) in raw if n == name]


def latency(raw: list, name: str) -> dict:
    times = _times(raw, name)
    return {
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
    }


def page_figures(raw: list, queries: dict) -> tuple[dict, dict]:
    """Per page: p50/p95, requests per second while it was swept, the ratio of its p95 to the
    p95 of /healthz in the same run, errors and queries per request (per persona)."""
    healthz = latency(raw, HEALTHZ)
    figures = {}
    for name in dict.fromkeys(
        n for (n, *_rest) in raw if n not in (HEALTHZ, SIGN_IN) and not n.startswith(FIRST)
    ):
        rows = [row for row in raw if row[0] == name]
        began = min(start for (_n, start, *_r) in rows)
        ended = max(start + ms / 1000 for (_n, start, ms, *_r) in rows)
        figures[name] = {
            **latency(raw, name),
            "requests_per_second": round(len(rows) / max(ended - began, 1e-3), 1),
            "ratio_to_healthz_p95": round(percentile(_times(raw, name), 0.95) / healthz["p95_ms"], 1),
            "errors": sum(1 for row in rows if row[4]),
            "first_ms": next((round(ms, 1) for (n, _s, ms, *_r) in raw if n == FIRST + name), None),
            "path": queries[name]["path"],
            "queries": {
                role: count for role, (status, count) in queries[name]["roles"].items() if status == 200
            },
        }
    return figures, healthz


def flow_figures(raw: list, seconds: int) -> dict:
    """The mixed flow: errors and p95 of everything but the PDF downloads and each user's
    sign-in when it starts (those apart: a password check is slow on purpose)."""
    pages = [row for row in raw if not row[0].startswith("pdf:") and row[0] != SIGN_IN]
    pdfs = [row for row in raw if row[0].startswith("pdf:")]
    sign_ins = sorted(row[2] for row in raw if row[0] == SIGN_IN)
    times = [row[2] for row in pages]
    return {
        "sign_ins": len(sign_ins),
        "sign_in_p95_ms": round(percentile(sign_ins, 0.95), 1) if sign_ins else None,
        "requests": len(raw),
        "requests_per_second": round(len(raw) / seconds, 1),
        "errors": sum(1 for row in raw if row[4]),
        "p50_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(percentile(times, 0.95), 1) if times else None,
        "pdf_downloads": len(pdfs),
        "pdf_p50_ms": round(statistics.median([row[2] for row in pdfs]), 1) if pdfs else None,
    }


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def goals(results: dict) -> list[tuple[str, str, bool | None]]:
    """(goal, figure, met) for each goal of the issue."""
    scales = results["scales"]
    one, ten = scales.get("1", {}), scales.get("10", {})
    rows = [_queries_goal(one, ten)]
    if ten.get("pages"):
        name, page = max(ten["pages"].items(), key=lambda item: item[1]["ratio_to_healthz_p95"])
        rows.append(
            (
                f"heaviest page p95 at 10x at most {MAX_RATIO_TO_HEALTHZ}x /healthz p95",
                f"{name}: p95 {page['p95_ms']} ms = {page['ratio_to_healthz_p95']}x /healthz "
                f"({ten['healthz']['p95_ms']} ms)",
                page["ratio_to_healthz_p95"] <= MAX_RATIO_TO_HEALTHZ,
            )
        )
    imported = one.get("import", {})
    if "seconds" in imported:
        rows.append(
            (
                f"5,000-row import, dry run + commit, history written: at most {MAX_IMPORT_S} s",
                f"{imported['dry_run']['seconds']} s + {imported['commit']['seconds']} s "
                f"= {imported['seconds']} s ({imported['history_written']} history rows)",
                imported["seconds"] <= MAX_IMPORT_S and imported["history_written"] == imported["rows"],
            )
        )
    rows += _flanders_goals(one, ten)
    for scale, figures in (("1x", one), ("10x", ten)):
        if figures.get("flow"):
            flow = figures["flow"]
            shortest, longest = flow.get("pause_seconds", ("?", "?"))
            rows.append(
                (
                    f"16 users x 60 s at {scale} ({shortest}-{longest} s between clicks): 0 errors, "
                    f"p95 at most {FLOW_P95_MS} ms (PDFs and sign-ins excluded)",
                    f"{flow['errors']} errors, p95 {flow['p95_ms']} ms, "
                    f"{flow['requests_per_second']} requests/s",
                    flow["errors"] == 0 and flow["p95_ms"] is not None and flow["p95_ms"] <= FLOW_P95_MS,
                )
            )
        if figures.get("stress"):
            stress = figures["stress"]
            rows.append(
                (
                    f"the same 16 users at {scale} almost without pause (what the server carries; no goal)",
                    f"{stress['errors']} errors, p95 {stress['p95_ms']} ms, "
                    f"{stress['requests_per_second']} requests/s",
                    None,
                )
            )
    return rows


def _queries_goal(one: dict, ten: dict) -> tuple[str, str, bool | None]:
    """Every page and API list (each persona that opens it): the same count at both scales,
    and at most MAX_QUERIES."""
    goal = f"every page and API list: queries equal at 1x and 10x, at most {MAX_QUERIES}"
    if not (one.get("queries") and ten.get("queries")):
        return (goal, "needs both scales", None)
    names = sorted(set(one["queries"]) & set(ten["queries"]))
    differ = [n for n in names if one["queries"][n] != ten["queries"][n]]
    most = {
        n: max((q for status, q in ten["queries"][n].values() if status == 200), default=0) for n in names
    }
    over = sorted((n for n in names if most[n] > MAX_QUERIES), key=lambda n: -most[n])
    figure = f"{len(names) - len(differ)} of {len(names)} pages equal; {len(over)} above {MAX_QUERIES}"
    if differ:
        figure += f" (differ: {', '.join(differ)})"
    if over:
        figure += f"; most: {over[0]} {most[over[0]]}"
    return (goal, figure, not differ and not over)


def _flanders_goals(one: dict, ten: dict) -> list:
    """At 1x at most FLANDERS_MAX_S and FLANDERS_MAX_RATIO times WeasyPrint alone; at 10x at
    most FLANDERS_MAX_10X_S (any ratio)."""
    rows = []
    limits = (("1x", one, FLANDERS_MAX_S, FLANDERS_MAX_RATIO), ("10x", ten, FLANDERS_MAX_10X_S, None))
    for scale, figures, seconds, ratio in limits:
        flanders = figures.get("reports", {}).get("flanders")
        if not flanders:
            continue
        goal = f"Flanders PDF at {scale} at most {seconds} s" + (
            f" and {ratio}x WeasyPrint alone" if ratio else ""
        )
        figure = (
            f"{flanders['seconds']} s, WeasyPrint alone {flanders['weasyprint_seconds']} s "
            f"({flanders['ratio_to_weasyprint']}x, our overhead {flanders.get('overhead_seconds')} s; "
            f"first run {flanders.get('first_run_seconds')} s, from the PDF cache "
            f"{flanders.get('cached_pdf_seconds')} s), peak {flanders['peak_memory_mb']} MB"
        )
        met = flanders["seconds"] <= seconds and (ratio is None or flanders["ratio_to_weasyprint"] <= ratio)
        rows.append((goal, figure, met))
    return rows


def summary(results: dict) -> str:
    lines = [
        "# make bench: summary",
        "",
        f"{results['machine']['cores']} cores, load average at start "
        f"{results['machine']['load_at_start'][0]:.1f}; "
        f"whole run {results['seconds']} s. Generated fictional data (`generate_data --seed 42`), SQLite, "
        "gunicorn with gunicorn.conf.py, DEBUG off. Figures in results.json.",
        "",
        "| goal | figure | verdict |",
        "|---|---|---|",
    ]
    lines += [f"| {goal} | {figure} | {_verdict(ok)} |" for goal, figure, ok in goals(results)]
    lines += [
        "",
        *_other_figures(results),
        "",
        "## Pages (p50 / p95 ms, ratio of p95 to /healthz p95, queries)",
        "",
    ]
    scales = [s for s in ("1", "10") if results["scales"].get(s, {}).get("pages")]
    lines.append(
        "| page | "
        + " | ".join(f"{s}x p50/p95 | {s}x ratio | {s}x req/s | {s}x queries" for s in scales)
        + " |"
    )
    lines.append("|---|" + "---|---|---|---|" * len(scales))
    names = dict.fromkeys(n for s in scales for n in results["scales"][s]["pages"])
    for name in names:
        cells = []
        for s in scales:
            page = results["scales"][s]["pages"].get(name)
            if page is None:
                cells += ["", "", "", ""]
                continue
            queries = "/".join(str(q) for q in page["queries"].values())
            cells += [f"{page['p50_ms']}/{page['p95_ms']}", str(page["ratio_to_healthz_p95"]),
                      str(page["requests_per_second"]), queries]  # fmt: skip
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _other_figures(results: dict) -> list[str]:
    lines = [
        "| scale | /healthz p50/p95 ms | reports: s (WeasyPrint alone, ratio, peak MB) | import | flow |",
        "|---|---|---|---|---|",
    ]
    for scale, figures in results["scales"].items():
        reports = "; ".join(
            f"{kind} {r['seconds']} s ({r['weasyprint_seconds']} s, {r['ratio_to_weasyprint']}x, "
            f"overhead {r.get('overhead_seconds')} s, {r['peak_memory_mb']} MB)"
            for kind, r in figures.get("reports", {}).items()
        )
        imported = figures.get("import", {})
        if "skipped" in imported:
            text = f"skipped: {imported['skipped']}"
        elif imported:
            text = (
                f"dry run {imported['dry_run']['rows_per_second']} rows/s, commit "
                f"{imported['commit']['rows_per_second']} rows/s, {imported['history_written']} history rows"
            )
        else:
            text = ""
        flow_text = "; ".join(
            f"{mode} {flow.get('requests')} requests, {flow.get('errors')} errors, "
            f"p50/p95 {flow.get('p50_ms')}/{flow.get('p95_ms')} ms, "
            f"{flow.get('pdf_downloads')} PDFs (p50 {flow.get('pdf_p50_ms')} ms), "
            f"{flow.get('sign_ins')} sign-in requests (p95 {flow.get('sign_in_p95_ms')} ms)"
            for mode in ("flow", "stress")
            if (flow := figures.get(mode))
        )
        healthz = figures.get("healthz", {})
        lines.append(
            f"| {scale}x | {healthz.get('p50_ms')}/{healthz.get('p95_ms')} "
            f"| {reports} | {text} | {flow_text} |"
        )
    return lines
