"""PDF rendering with WeasyPrint, shared by every report (STYLE 4.8).

What every PDF of the registry goes through:

* ``static_only_url_fetcher(base_url)``: the only URL fetcher we hand to WeasyPrint. It serves
  files under ``STATIC_URL`` of our own base URL from disk (the staticfiles finders, then
  ``STATIC_ROOT``) and refuses everything else: other hosts, ``file://``, ``data:``, FTP, and any
  path that tries to leave the static directories. A report that quotes user text can then never
  make the server read a local file or call another machine, whatever the text contains.
* ``render_pdf(html, base_url=..., title=..., lang=...)``: renders in a worker thread under a time
  limit and a page limit, in one of the process's render slots (at most NPZ_PDF_MAX_PER_USER per
  user), as tagged PDF/UA-1 with the document title and language set, so a slow, long or
  pathological document cannot hang a request, and one user cannot take every slot.
* ``report_meta(...)``: the context of ``templates/pdf/base.html`` (cover, dates, CONCEPT mark,
  contents, page margins), which every report template extends.

WeasyPrint is imported inside the functions: importing it takes about 0.4 s, which every
``manage.py`` command and every worker start would otherwise pay.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import threading
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils import timezone
from django.utils._os import safe_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: Seconds a render may take before the caller gets PdfRenderTimeout (settings.NPZ_PDF_TIME_LIMIT).
DEFAULT_TIME_LIMIT = 30.0
#: Renders running at once in this process, abandoned ones included (settings.NPZ_PDF_MAX_CONCURRENT).
DEFAULT_MAX_CONCURRENT = 2
#: Renders one user may run at once (settings.NPZ_PDF_MAX_PER_USER): one user never holds every slot.
DEFAULT_MAX_PER_USER = 1
#: Seconds a request waits for a free slot before it is told the reports are busy
#: (settings.NPZ_PDF_SLOT_WAIT).
DEFAULT_SLOT_WAIT = 10.0
#: Pages a report may have (settings.NPZ_PDF_MAX_PAGES); a longer one stops at that page.
DEFAULT_MAX_PAGES = 150
#: Characters of HTML a report may have (settings.NPZ_PDF_MAX_HTML); a longer one is not rendered.
DEFAULT_MAX_HTML = 3_000_000

#: Static files a report may use. Anything else under /static/ (JavaScript, HTML) is refused too.
ALLOWED_SUFFIXES = frozenset(
    {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".ttf", ".otf", ".woff", ".woff2"}
)

#: Passed to WeasyPrint: tagged PDF for screen readers (PDF/UA-1 sets pdf_tags and PDF 1.7).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

AUTHOR = "Departement Zorg"


class PdfRenderError(Exception):
    """The PDF could not be made."""


class PdfRenderTimeout(PdfRenderError):
    """The PDF took longer than the time limit (or no render slot came free in time)."""


class PdfBusy(PdfRenderError):
    """No render slot came free in time: the department's reports are busy (``reason``
    "department"), or this user already has a PDF in the making (``reason`` "user")."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


class PdfTooLong(PdfRenderError):
    """The report has more pages (or HTML) than a report may have."""


class RefusedURL(ValueError):
    """A URL the report may not fetch. WeasyPrint logs it and leaves the resource out."""


# --------------------------------------------------------------------------------------------
# URL fetcher
# --------------------------------------------------------------------------------------------


def static_path_for(url: str, base_url: str) -> Path | None:
    """The file on disk that ``url`` names, or None when the fetcher must refuse it.

    Only ``<scheme>://<host>`` of ``base_url`` followed by ``STATIC_URL`` is ours; the rest of the
    path is looked up through the staticfiles finders (development, tests) and then in
    ``STATIC_ROOT`` (after ``collectstatic``, where hashed names live). Both go through
    ``safe_join``, so ``..`` cannot climb out.
    """
    try:
        parts, base = urlsplit(url), urlsplit(base_url)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    static_prefix = urlsplit(urljoin(base_url, settings.STATIC_URL)).path
    if not parts.path.startswith(static_prefix):
        return None
    relative = unquote(parts.path[len(static_prefix) :])
    pure = PurePosixPath(relative)
    if (
        not relative
        or "\x00" in relative
        or "\\" in relative
        or pure.is_absolute()
        or any(part in {"..", "."} for part in pure.parts)
        or pure.suffix.lower() not in ALLOWED_SUFFIXES
    ):
        return None
    try:
        found = finders.find(relative)
        if not found and settings.STATIC_ROOT:
            candidate = Path(safe_join(str(settings.STATIC_ROOT), relative))
            found = str(candidate) if candidate.is_file() else None
    except SuspiciousFileOperation:
        return None
    return Path(found) if found else None


@functools.cache
def _fetcher_class():
    # Built on first use so that importing this module does not import WeasyPrint.
    install_progress_filter()  # before WeasyPrint's import, which already logs progress
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        """Serves our static files from disk; refuses every other URL without touching it.

        ``requested`` lists every URL WeasyPrint asked for and ``refused`` the ones turned
        down, for logging and tests. The parent's ``fetch`` (which would open files and
        sockets) is never called.
        """

        def __init__(self, base_url: str):
            super().__init__(timeout=1, allowed_protocols=("http", "https"), allow_redirects=False)
            self.base_url = base_url
            self.requested: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            self.requested.append(url)
            path = static_path_for(url, self.base_url)
            if path is None:
                self.refused.append(url)
                logger.warning("PDF: refused to fetch %s", url[:200])
                raise RefusedURL(f"Only our own static files may be fetched: {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return StaticOnlyURLFetcher


def static_only_url_fetcher(base_url: str):
    """A fresh WeasyPrint URL fetcher that serves only ``STATIC_URL`` below ``base_url``."""
    return _fetcher_class()(base_url)


# --------------------------------------------------------------------------------------------
# Time limit
# --------------------------------------------------------------------------------------------

_deadlines = threading.local()


class RenderSlots:
    """The render slots of this process: at most ``total`` renders at once, at most ``per_user``
    of them for one user (``user_key``; None counts as one anonymous user), so one user asking
    for PDFs in parallel never takes the slots the other users need.

    ``acquire`` waits up to ``wait`` seconds; it raises PdfBusy with reason "user" when the
    user's own renders kept it waiting, "department" when all slots were taken by others.
    A slot is released by the render thread when it really ends (``release``)."""

    def __init__(self, total: int, per_user: int):
        self.total, self.per_user = max(1, total), max(1, min(per_user, total))
        self.running = 0
        self.by_user: dict = {}
        self._condition = threading.Condition()

    def _free_for(self, user_key) -> str | None:
        """None when ``user_key`` may start a render now, else what stops it."""
        if self.by_user.get(user_key, 0) >= self.per_user:
            return "user"
        if self.running >= self.total:
            return "department"
        return None

    def acquire(self, user_key, wait: float) -> None:
        deadline = time.monotonic() + max(0.0, wait)
        with self._condition:
            while (reason := self._free_for(user_key)) is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PdfBusy(f"No PDF render slot came free within {wait:g} s ({reason})", reason=reason)
                self._condition.wait(remaining)
            self.running += 1
            self.by_user[user_key] = self.by_user.get(user_key, 0) + 1

    def release(self, user_key) -> None:
        with self._condition:
            self.running -= 1
            left = self.by_user.get(user_key, 1) - 1
            if left:
                self.by_user[user_key] = left
            else:
                self.by_user.pop(user_key, None)
            self._condition.notify_all()


_slots_lock = threading.Lock()
_slots: RenderSlots | None = None


def render_slots() -> RenderSlots:
    """This process's render slots, sized from the settings on first use."""
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = RenderSlots(
                int(getattr(settings, "NPZ_PDF_MAX_CONCURRENT", DEFAULT_MAX_CONCURRENT)),
                int(getattr(settings, "NPZ_PDF_MAX_PER_USER", DEFAULT_MAX_PER_USER)),
            )
        return _slots


def reset_render_slots() -> None:
    """Forget the slots (tests that change the settings)."""
    global _slots
    with _slots_lock:
        _slots = None


#: WeasyPrint's progress record for each page laid out ("Page %d"): the page limit counts them.
PAGE_STEP = "Step 5 - Creating layout - Page %d"


class _DeadlineFilter(logging.Filter):
    """Stops an abandoned render at its next step, and a render past the page limit.

    A Python thread cannot be killed, so a render that overran the time limit would go on using
    CPU after the request has answered. WeasyPrint logs a progress record per step and per page
    on ``weasyprint.progress``; this filter raises there once the render thread's deadline has
    passed, which unwinds WeasyPrint cleanly. The records themselves ("Step 5 - Creating layout -
    Page 3") are dropped unless the LOGGING setting configures ``weasyprint.progress`` itself at
    INFO or DEBUG: at the project's usual INFO level they would flood the log.
    """

    def __init__(self, keep_records: bool):
        super().__init__()
        self.keep_records = keep_records

    def filter(self, record):
        deadline = getattr(_deadlines, "value", None)
        if deadline is not None and time.monotonic() > deadline:
            raise PdfRenderTimeout("PDF render stopped: time limit exceeded")
        max_pages = getattr(_deadlines, "max_pages", None)
        if max_pages and record.msg == PAGE_STEP and record.args and record.args[0] > max_pages:
            raise PdfTooLong(f"The report has more than {max_pages} pages")
        return self.keep_records


@functools.cache
def install_progress_filter() -> None:
    """Put the deadline filter on WeasyPrint's progress logger (once per process). Call it before
    WeasyPrint is first imported: the import itself already logs progress."""
    progress = logging.getLogger("weasyprint.progress")
    keep = progress.level != logging.NOTSET and progress.level <= logging.INFO
    # INFO so that the filter sees every step; the filter drops them again unless they were wanted.
    progress.setLevel(logging.INFO)
    progress.addFilter(_DeadlineFilter(keep_records=keep))


def run_with_time_limit(
    func: Callable[[], bytes], time_limit: float, *, user_key=None, max_pages: int | None = None
) -> bytes:
    """Run ``func`` in a daemon thread and wait at most ``time_limit`` seconds for it.

    The thread holds one of the render slots (``render_slots``: NPZ_PDF_MAX_CONCURRENT in all,
    NPZ_PDF_MAX_PER_USER for ``user_key``) until it really ends, so abandoned renders cannot pile
    up; waiting for a slot (at most NPZ_PDF_SLOT_WAIT seconds) raises PdfBusy. The thread gets
    a deadline and a page limit that WeasyPrint's progress steps check (see _DeadlineFilter).
    The function must not touch the database: it runs on another connection.
    """
    started = time.monotonic()
    slots = render_slots()
    wait = float(getattr(settings, "NPZ_PDF_SLOT_WAIT", DEFAULT_SLOT_WAIT))
    slots.acquire(user_key, min(wait, time_limit))
    outcome: dict = {}

    def work():
        _deadlines.value = started + time_limit
        _deadlines.max_pages = max_pages
        try:
            outcome["value"] = func()
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error
        finally:
            _deadlines.value = _deadlines.max_pages = None
            slots.release(user_key)

    thread = threading.Thread(target=work, name="npz-pdf-render", daemon=True)
    thread.start()
    thread.join(max(0.0, time_limit - (time.monotonic() - started)))
    if thread.is_alive():
        logger.error("PDF render exceeded %.1f s and was abandoned", time_limit)
        raise PdfRenderTimeout(f"The PDF took longer than {time_limit:g} seconds")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, PdfRenderError):
            raise error
        raise PdfRenderError(str(error)) from error
    return outcome["value"]


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def write_pdf(html: str, *, base_url: str, title: str, lang: str, url_fetcher=None) -> bytes:
    """WeasyPrint alone, in the calling thread: the tagged PDF of ``html`` with its metadata.

    ``render_pdf`` wraps this with the time limit; the benchmark calls it directly to show
    WeasyPrint's own share of the time.
    """
    install_progress_filter()
    from weasyprint import HTML

    fetcher = url_fetcher or static_only_url_fetcher(base_url)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(**PDF_OPTIONS)
    # Set explicitly rather than trusting the template: PDF/UA requires both, and screen
    # readers announce the title instead of the file name.
    document.metadata.title = title
    document.metadata.lang = lang
    document.metadata.authors = [AUTHOR]
    document.metadata.generator = "NPZ registry"
    return document.write_pdf(**PDF_OPTIONS)


def render_pdf(
    html: str,
    *,
    base_url: str,
    title: str,
    lang: str,
    time_limit: float | None = None,
    url_fetcher=None,
    user_key=None,
) -> bytes:
    """Render ``html`` to PDF bytes within ``time_limit`` seconds (default NPZ_PDF_TIME_LIMIT).

    ``base_url`` resolves relative links (``/static/pdf/report.css``); only static files below it
    are ever read. Raises PdfRenderTimeout when the limit passes and PdfRenderError when
    WeasyPrint fails; a refused URL is not an error, the resource is simply left out.
    A report longer than NPZ_PDF_MAX_HTML characters or NPZ_PDF_MAX_PAGES pages raises PdfTooLong
    (the HTML before any slot is taken, the pages as soon as layout passes the limit);
    ``user_key`` is whose slot the render takes (PdfBusy when none comes free).
    """
    if time_limit is None:
        time_limit = float(getattr(settings, "NPZ_PDF_TIME_LIMIT", DEFAULT_TIME_LIMIT))
    max_html = int(getattr(settings, "NPZ_PDF_MAX_HTML", DEFAULT_MAX_HTML))
    if len(html) > max_html:
        raise PdfTooLong(f"The report's HTML has {len(html)} characters (at most {max_html})")
    fetcher = url_fetcher or static_only_url_fetcher(base_url)
    return run_with_time_limit(
        lambda: write_pdf(html, base_url=base_url, title=title, lang=lang, url_fetcher=fetcher),
        time_limit,
        user_key=user_key,
        max_pages=int(getattr(settings, "NPZ_PDF_MAX_PAGES", DEFAULT_MAX_PAGES)),
    )


# --------------------------------------------------------------------------------------------
# What templates/pdf/base.html needs
# --------------------------------------------------------------------------------------------


def report_lang() -> str:
    """The BCP 47 tag of the active language for <html lang> and the PDF (nl-be -> nl-BE)."""
    language = get_language() or settings.LANGUAGE_CODE
    head, _sep, region = language.partition("-")
    return f"{head}-{region.upper()}" if region else head


def page_label() -> tuple[str, str, str]:
    """The label 'Page X of Y' in the active language, cut around the two numbers for the page
    margins, where CSS puts counter(page) and counter(pages) between the parts."""
    text = _("Page %(page)s of %(pages)s") % {"page": "\x00", "pages": "\x01"}
    before, found_page, rest = text.partition("\x00")
    middle, found_pages, after = rest.partition("\x01")
    if not (found_page and found_pages):  # a translation that puts the total first
        before, middle, after = "", "/", ""
    return before.strip(), middle.strip(), after.strip()


def report_meta(
    *, title, subtitle, kind, day, data_updated, concept_reasons, sections, population_year=None
) -> dict:
    """The context every report template extending ``templates/pdf/base.html`` needs: cover
    (title, subtitle, dates), CONCEPT mark (``concept_reasons``: why the content is not final),
    table of contents (``sections``: element id -> heading), page margins and language.
    Any report of any app builds its context with this (the plan PDF of missions too)."""
    return {
        "kind": kind,
        "title": title,
        "subtitle": subtitle,
        "day": day,
        "today": timezone.localdate(),
        "generated_at": timezone.localtime(),
        "data_updated": timezone.localtime(data_updated) if data_updated else None,
        "population_year": population_year,
        "concept_reasons": list(concept_reasons),
        "is_concept": bool(concept_reasons),
        "sections": sections,
        "lang": report_lang(),
        "page_label": page_label(),
    }
