"""Report PDFs that cannot starve each other: cached, made once however many ask, in slots.

``report_pdf(key, build, ...)`` is how a view gets a report's PDF:

* **Cached** (the "pdfs" cache: files shared by a server's workers) under a key made of the
  report (kind and what names it: a network and a day, a plan and its version number, the
  Flanders day), the language, today's date and the **data version**
  (npz_registry.dataversion): any change to the registry's data makes a new PDF, nothing else
  does. A hit costs one query (the data version) and no context, template or WeasyPrint.
* **Made once**: requests for the same key while it is being made wait for that one render
  (``SingleFlight``) instead of taking a render slot each, so a user (or several) clicking
  twice on one network's PDF holds one slot at most. Across the server's workers a marker in
  the shared cache (``across_workers``) does the same: a worker that finds another one making
  the PDF waits for it in the cache instead of making it again. (The file cache's ``add`` is
  not atomic: two workers that ask in the same instant may both make it, as before.)
* **In a slot of the user's**: ``npz_registry.pdf.render_pdf`` takes one of the process's slots,
  at most NPZ_PDF_MAX_PER_USER for one user, so one user never takes the slots another needs; when
  none comes free in NPZ_PDF_SLOT_WAIT seconds the caller gets PdfBusy and the view answers with
  the "reports are busy" page.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from npz_registry import dataversion
from npz_registry.pdf import PdfBusy, render_pdf


@dataclass
class _Call:
    done: threading.Event = field(default_factory=threading.Event)
    value: object = None
    error: BaseException | None = None


class SingleFlight:
    """Runs ``func`` once per key at a time: callers that arrive while it runs wait for its
    outcome (the value or the same error), for at most ``wait`` seconds (then PdfBusy)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._calls: dict[str, _Call] = {}

    def run(self, key: str, func: Callable[[], object], *, wait: float):
        with self._lock:
            call = self._calls.get(key)
            leader = call is None
            if leader:
                call = self._calls[key] = _Call()
        if leader:
            try:
                call.value = func()
            except BaseException as error:
                call.error = error
                raise
            finally:
                with self._lock:
                    self._calls.pop(key, None)
                call.done.set()
            return call.value
        if not call.done.wait(wait):
            raise PdfBusy(f"The same PDF is still being made after {wait:g} s", reason="department")
        if call.error is not None:
            raise call.error
        return call.value


_flights = SingleFlight()


def pdf_cache():
    """The cache of rendered PDFs: the "pdfs" alias of CACHES (files shared by a server's
    workers) when there is one, else the default cache."""
    return caches["pdfs"] if "pdfs" in settings.CACHES else caches["default"]


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    filename: str


def cache_key(kind: str, *parts, lang: str) -> str:
    """The cache key of a report's PDF at the current data version (one query)."""
    named = ":".join(str(part) for part in parts)
    return f"npz:pdf:{kind}:{named}:{lang}:{timezone.localdate().isoformat()}:v{dataversion.current()}"


def report_pdf(key: str, build: Callable[[], object], *, base_url: str, user_key) -> RenderedPdf:
    """The PDF of the report ``build()`` makes (a reports.context.Report), from the cache when
    ``key`` is there; otherwise made once (whoever else asks meanwhile waits for it) in one of
    ``user_key``'s render slots, then cached. Raises the errors of ``render_pdf`` (PdfBusy,
    PdfTooLong, PdfRenderTimeout, PdfRenderError)."""
    cache = pdf_cache()
    found = cache.get(key)
    if found is not None:
        return found

    def make() -> RenderedPdf:
        report = build()
        html = report.html()
        content = render_pdf(html, base_url=base_url, title=report.title, lang=report.lang, user_key=user_key)
        rendered = RenderedPdf(content, report.filename)
        cache.set(key, rendered, int(getattr(settings, "NPZ_PDF_CACHE_SECONDS", 24 * 3600)))
        return rendered

    wait = float(getattr(settings, "NPZ_PDF_TIME_LIMIT", 30)) + float(
        getattr(settings, "NPZ_PDF_SLOT_WAIT", 10)
    )
    return _flights.run(key, lambda: across_workers(cache, key, make, wait=wait), wait=wait)


#: How often a worker waiting for another's PDF looks in the cache (seconds).
POLL_SECONDS = 0.1


def across_workers(cache, key: str, make: Callable[[], RenderedPdf], *, wait: float) -> RenderedPdf:
    """``make()``, unless another worker of the server is making the PDF of ``key``: then its
    result, read from the shared cache when it lands there (PdfBusy after ``wait`` seconds).
    When the other worker fails (its marker goes without a PDF), this one makes it."""
    marker = f"{key}:making"
    deadline = time.monotonic() + wait
    while not cache.add(marker, os.getpid(), timeout=int(wait) + 1):
        time.sleep(POLL_SECONDS)
        found = cache.get(key)
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise PdfBusy(f"The same PDF is still being made after {wait:g} s", reason="department")
    try:
        return cache.get(key) or make()  # made by another worker just before this one asked
    finally:
        cache.delete(marker)
