"""gunicorn settings for `make serve` and production (README "Deployment").

Every value comes from the environment so one file serves a laptop and a server:
GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes, default two per
core plus one), GUNICORN_THREADS (threads per worker, default 2), GUNICORN_TIMEOUT (seconds,
default 60: above NPZ_PDF_TIME_LIMIT, so a slow PDF answers 503 before the worker is killed),
GUNICORN_MAX_REQUESTS (recycle a worker after this many requests, default 1000, 0 never) and
GUNICORN_ACCESS_LOG ("-" for standard output; default none) and GUNICORN_GC_FREEZE_AFTER (see
below; default 50, 0 never).
"""

import gc
import multiprocessing
import os

wsgi_app = "npz_registry.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# gthread: while one thread waits on the database, another answers (PDFs hold a thread longer).
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# WeasyPrint keeps fonts and caches per process: recycle workers now and then, not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
# Load Django once in the master: workers fork ready, and a broken configuration stops the start.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a reverse proxy that sets X-Forwarded-* (see USE_X_FORWARDED_PROTO in the settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True  # several servers per machine (bench): no shared control socket


# Python's full garbage collection walks every object the process holds: Django, its models, URL
# patterns, compiled templates and translations, about 200,000 objects once a worker has answered
# a few pages, for 50 to 100 ms every 15 to 20 requests, on whichever request triggers it (a plan
# or progress page of 50 ms then takes 150). Objects that live as long as the process are moved out of its
# reach (gc.freeze, as the Python documentation advises for forking servers): what the master
# loaded before each fork (which the workers then also share copy-on-write), and once more in each
# worker after its first requests, when the templates and translations those requests needed are
# loaded. Cycles made while answering requests are still collected as before.
GC_FREEZE_AFTER = int(os.environ.get("GUNICORN_GC_FREEZE_AFTER", "50"))


def pre_fork(server, worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    if GC_FREEZE_AFTER and worker.nr >= GC_FREEZE_AFTER and not getattr(worker, "gc_frozen", False):
        worker.gc_frozen = True  # once per worker (its threads count requests together)
        gc.collect()
        gc.freeze()
