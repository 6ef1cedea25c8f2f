"""The bench summary states each goal of issue 11 with its figure and verdict."""

from npz_registry.bench.figures import flow_figures, goals, percentile


def test_percentile_is_nearest_rank():
    assert percentile(list(range(1, 21)), 0.95) == 19
    assert percentile([5.0], 0.95) == 5.0


def _scale(queries, ratio, flanders_s, flow_p95):
    return {
        "queries": {"home": {"staff": [200, queries]}},
        "pages": {"home": {"queries": {"staff": queries}, "ratio_to_healthz_p95": ratio, "p95_ms": 10}},
        "healthz": {"p95_ms": 2},
        "reports": {
            "flanders": {
                "seconds": flanders_s,
                "weasyprint_seconds": 1.0,
                "ratio_to_weasyprint": flanders_s,
                "peak_memory_mb": 200,
            }
        },
        "flow": {"errors": 0, "p95_ms": flow_p95, "requests_per_second": 5, "pause_seconds": [1.0, 3.0]},
        "stress": {"errors": 0, "p95_ms": 900, "requests_per_second": 60, "pause_seconds": [0.05, 0.05]},
    }


def test_goals_are_met_or_not_by_their_figures():
    results = {"scales": {"1": _scale(5, 2, 1.1, 90), "10": _scale(7, 12, 3.5, 200)}}
    verdicts = {goal.split(":")[0]: met for goal, _figure, met in goals(results)}
    assert verdicts["every page and API list"] is False  # 5 queries at 1x, 7 at 10x
    assert verdicts["heaviest page p95 at 10x at most 10x /healthz p95"] is False
    assert verdicts["Flanders PDF at 1x at most 2 s and 1.2x WeasyPrint alone"] is True
    assert verdicts["Flanders PDF at 10x at most 4 s"] is True
    assert verdicts["16 users x 60 s at 1x (1.0-3.0 s between clicks)"] is True
    assert verdicts["16 users x 60 s at 10x (1.0-3.0 s between clicks)"] is False
    # The stress run without pause is reported, not judged.
    assert verdicts["the same 16 users at 1x almost without pause (what the server carries; no goal)"] is None


def test_the_flow_counts_pages_and_keeps_pdfs_and_sign_ins_apart():
    # name, start, milliseconds, status, error (as the locustfile records them)
    raw = [
        ["sign-in", 0.0, 900.0, 200, False],
        ["sign-in", 0.1, 1100.0, 200, False],
        ["login", 1.0, 30.0, 200, False],  # the login page itself is a page of the flow
        ["home", 1.1, 20.0, 200, False],
        ["home", 1.2, 40.0, 500, True],
        ["pdf:flanders", 1.3, 5000.0, 200, False],
    ]
    flow = flow_figures(raw, seconds=2)
    assert flow["requests"] == 6 and flow["errors"] == 1
    assert flow["p95_ms"] == 40.0 and flow["p50_ms"] == 30.0
    assert flow["sign_ins"] == 2 and flow["sign_in_p95_ms"] == 1100.0
    assert flow["pdf_downloads"] == 1 and flow["pdf_p50_ms"] == 5000.0
