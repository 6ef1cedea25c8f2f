"""`make bench`: generated data at scale 1 and 10, the production server, load, and figures.

    python -m npz_registry.bench.run [--output var/bench] [--scales 1 10] [--port 8117]

For each scale: a fresh SQLite database under var/bench/ gets the generated data; the test
client counts the queries of every page; gunicorn (gunicorn.conf.py, DEBUG off) serves it on
127.0.0.1, and locust sweeps the pages (each next to /healthz, so ratios hold under changing
load) and then runs sixteen users for sixty seconds (pausing 1-3 s between clicks, then again almost
without pause to show what the server carries); each PDF report is timed in its own
process against WeasyPrint alone on the same HTML; 5,000 indicator values are imported.
Writes results.json and summary.md (the issue's goals, figure and verdict) to --output.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from npz_registry.bench.figures import flow_figures, page_figures, summary

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
#: Sweep: answers per page (at most; 40 so that a p95 is not just the slowest answer) and seconds
#: per page (at most, four answers at least).
SWEEP_REQUESTS, SWEEP_SECONDS = 40, 8
FLOW_USERS, FLOW_SECONDS = 16, 60
#: Seconds each flow user pauses between two clicks (shortest, longest): the flow the goal is
#: judged on (people who read the page they opened) and the stress run (almost no pause), whose
#: requests per second show what the server carries at most.
FLOW_PAUSES = {"flow": (1.0, 3.0), "stress": (0.05, 0.05)}
FLOW_ROLES = ["staff", "coordinator", "staff", "coordinator", "anonymous"]
IMPORT_ROWS = 5000
#: The 10x import runs only when the 1x one took less than this (until imports are fast, it
#: would alone exceed the bench's fifteen minutes); the summary says so when it is skipped.
IMPORT_AT_10X_BELOW_S = 60


def environment(database: Path, port: int) -> dict:
    """Production settings on plain HTTP on this machine (as `make serve`)."""
    return {
        **os.environ,
        "NPZ_READ_ENV_FILE": "false",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "DATABASE_URL": f"sqlite:///{database}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(ROOT / "var" / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # A cache per database: two generated databases may have the same data version.
        "NPZ_CACHE_DIR": str(database.with_suffix(".cache")),
        "NPZ_PDF_CACHE_DIR": str(database.with_suffix(".pdfcache")),
    }


class Bench:
    def __init__(self, output: Path, port: int):
        self.output, self.port = output, port
        self.started = time.monotonic()
        self.results = {"scales": {}, "machine": {"cores": os.cpu_count(), "load_at_start": os.getloadavg()}}

    def log(self, message: str) -> None:
        print(f"[bench {time.monotonic() - self.started:6.0f} s] {message}", flush=True)

    def manage(self, env, *args, output: Path | None = None) -> dict | None:
        command = [PYTHON, "manage.py", *args] + (["--output", str(output)] if output else [])
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        return json.loads(output.read_text()) if output else None

    def database(self, scale: int, env_for) -> Path:
        """A migrated template copied to a fresh file per scale, then generated data."""
        template = self.output / "migrated.sqlite3"
        if not template.exists():
            self.manage(env_for(template), "migrate", "--no-input", "-v", "0")
        database = self.output / f"{scale}x.sqlite3"
        for stale in self.output.glob(f"{scale}x.sqlite3*"):
            stale.unlink()
        shutil.rmtree(self.output / f"{scale}x.cache", ignore_errors=True)
        shutil.copy(template, database)
        began = time.monotonic()
        self.manage(env_for(database), "generate_data", "--scale", str(scale), "--seed", "42")
        self.results["scales"][str(scale)] = {"generate_seconds": round(time.monotonic() - began, 1)}
        return database

    def run_scale(self, scale: int, index: int) -> None:
        port = self.port + index
        env_for = lambda database: environment(database, port)  # noqa: E731
        self.log(f"{scale}x: generating")
        database = self.database(scale, env_for)
        env, figures = env_for(database), self.results["scales"][str(scale)]
        self.log(f"{scale}x: counting queries per page")
        queries = self.manage(env, "bench_measure", "queries", output=self.output / f"{scale}x-queries.json")
        self.log(f"{scale}x: serving with gunicorn on 127.0.0.1:{port}")
        with Server(env, port):
            self.log(f"{scale}x: sweeping the pages")
            sweep = self.locust(env, scale, "sweep", queries)
            flows = {}
            for mode, (shortest, longest) in FLOW_PAUSES.items():
                self.log(
                    f"{scale}x: {FLOW_USERS} users for {FLOW_SECONDS} s, "
                    f"{shortest}-{longest} s between clicks"
                )
                flows[mode] = self.locust(env, scale, mode, queries)
        figures["queries"] = {name: page["roles"] for name, page in queries.items()}
        figures["pages"], figures["healthz"] = page_figures(sweep, queries)
        for mode, (shortest, longest) in FLOW_PAUSES.items():
            figures[mode] = {**flow_figures(flows[mode], FLOW_SECONDS), "pause_seconds": [shortest, longest]}
        figures["reports"] = {}
        env = {**env, "NPZ_PDF_TIME_LIMIT": "900"}  # time slow reports instead of cutting them off
        for kind in ("flanders", "network", "plan"):
            self.log(f"{scale}x: timing the {kind} report")
            out = self.output / f"{scale}x-report-{kind}.json"
            figures["reports"][kind] = self.manage(env, "bench_measure", "report", "--kind", kind, output=out)
        figures["import"] = self.imports(env, scale)

    def imports(self, env, scale: int) -> dict:
        first = self.results["scales"].get("1", {}).get("import", {})
        if scale != 1 and first.get("seconds", 0) >= IMPORT_AT_10X_BELOW_S:
            return {
                "skipped": f"the 1x import took {first['seconds']} s (at least {IMPORT_AT_10X_BELOW_S} s)"
            }
        self.log(f"{scale}x: importing {IMPORT_ROWS} indicator values (dry run, then commit)")
        out = self.output / f"{scale}x-import.json"
        return self.manage(env, "bench_measure", "import", "--rows", str(IMPORT_ROWS), output=out)

    def locust(self, env, scale: int, mode: str, queries: dict) -> list:
        plan = self.output / f"{scale}x-{mode}-plan.json"
        raw = self.output / f"{scale}x-{mode}-raw.json"
        plan.write_text(
            json.dumps({**load_plan(queries), "flow_pause": FLOW_PAUSES.get(mode)}), encoding="utf-8"
        )
        if mode == "sweep":
            classes, users, limit = (
                ["SweepAnonymous", "SweepCoordinator", "SweepStaff", "SweepAdmin"],
                8,
                "600s",
            )
        else:
            classes, users, limit = ["FlowUser"], FLOW_USERS, f"{FLOW_SECONDS}s"
        command = [
            str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
            "--host", f"http://127.0.0.1:{self.port_of(env)}", "-u", str(users), "-r", str(users),
            "-t", limit, "--only-summary", "--loglevel", "ERROR", "--stop-timeout", "30", *classes,
        ]  # fmt: skip
        locust_env = {**env, "BENCH_PLAN": str(plan), "BENCH_RAW": str(raw)}
        with open(self.output / f"{scale}x-{mode}-locust.log", "w", encoding="utf-8") as log:
            subprocess.run(command, cwd=ROOT, env=locust_env, check=False, stdout=log, stderr=log)
        return json.loads(raw.read_text())

    @staticmethod
    def port_of(env) -> str:
        return env["GUNICORN_BIND"].rsplit(":", 1)[1]


def load_plan(queries: dict) -> dict:
    """What locust requests: each page once per sweep as the first persona that opens it
    (staff before coordinator before anonymous; the back office's lists as the superuser)."""
    sweep, flow = [], {"staff": [], "coordinator": [], "anonymous": []}
    for name, page in queries.items():
        opened = [role for role, (status, _count) in page["roles"].items() if status == 200]
        if page["kind"] == "admin" and not name.endswith(("_changelist", ":index")):
            continue  # the back office's forms are counted, not loaded
        for role in ("staff", "coordinator", "anonymous", "admin"):
            if role in opened:
                sweep.append({"name": name, "path": page["path"], "role": role})
                break
        for role in opened:
            if role in flow and page["kind"] != "admin":
                flow[role].append({"name": name, "path": page["path"]})
    for role, pdfs in PDFS.items():
        flow[role] += pdfs(queries)
    return {
        "accounts": {"coordinator": "coordinator.a", "staff": "staff", "admin": "admin"},
        "password": "npz-demo",
        "sweep": sweep,
        "requests": SWEEP_REQUESTS,
        "seconds": SWEEP_SECONDS,
        "flow": flow,
        "flow_roles": FLOW_ROLES,
    }


def _pdf(queries, preview: str) -> list[dict]:
    """The PDF of a report preview: the same path ending in .pdf instead of /."""
    page = queries.get(preview)
    if not page:
        return []
    path = page["path"].rstrip("/") + ".pdf"
    return [{"name": f"pdf:{preview.split(':')[1].removesuffix('-preview')}", "path": path}]


#: PDF downloads in the mixed flow, per persona (timed apart from the pages).
PDFS = {
    "staff": lambda q: _pdf(q, "reports:flanders-preview"),
    "coordinator": lambda q: _pdf(q, "reports:network-preview") + _pdf(q, "reports:plan-preview"),
}


class Server:
    """gunicorn with the project's configuration, until the block ends."""

    def __init__(self, env, port: int):
        self.env, self.port = env, port

    def __enter__(self):
        command = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                url = f"http://127.0.0.1:{self.port}/healthz"  # a fixed http address on loopback
                with urllib.request.urlopen(url, timeout=2) as answer:  # nosec B310
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{self.port}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=40)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8117")))
    options = parser.parse_args(argv)
    options.output.mkdir(parents=True, exist_ok=True)
    (options.output / "migrated.sqlite3").unlink(missing_ok=True)
    bench = Bench(options.output.resolve(), options.port)
    for index, scale in enumerate(options.scales):
        bench.run_scale(scale, index)
    bench.results["seconds"] = round(time.monotonic() - bench.started, 1)
    (options.output / "results.json").write_text(json.dumps(bench.results, indent=1) + "\n", encoding="utf-8")
    (options.output / "summary.md").write_text(summary(bench.results), encoding="utf-8")
    bench.log(f"done: {options.output / 'results.json'} and {options.output / 'summary.md'}")
    print((options.output / "summary.md").read_text())


if __name__ == "__main__":
    main()
