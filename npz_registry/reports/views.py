"""Report pages: the list of downloads, the HTML previews and the PDFs.

The PDF views get their PDF from ``npz_registry.reports.rendering.report_pdf``: cached per
data version (and plan version), made once however many ask at the same time, in one of the
user's render slots. When the department's reports are busy they answer with a page that says
so (503, Retry-After), a report too long to print gets a page that says why (422), and a bad
``?as_of=`` a page with the reason (400): never a bare status.

django-weasyprint's response class was measured before it was dropped here (Flanders report at
1x: the view through it, the context plus ``render_pdf`` and WeasyPrint alone took the same time
within the noise): it added no time, but its lazy response renders after the view returns,
while the cache and the single render need the bytes inside the view.

Access (STYLE 4.4): a network's report and a plan's are fetched through the getters of
missions/permissions.py (404 outside the user's scope: staff see all, a network's coordinators
their own); the Flanders report is for department staff (403 with the reason). Access is
checked before the cache is read.
"""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from missions.models import MultiYearPlan, PlanVersion, SubmissionStatus, YearlyProgress
from missions.permissions import (
    get_network_missions_for_user_or_404,
    get_plan_for_user_or_404,
    get_progress_for_user_or_404,
)
from missions.selectors.plans import plan_version, plans_with_a_version
from networks.models import Network
from networks.rules import is_department_staff, network_ids_of
from npz_registry import dataversion
from npz_registry.asof import parse_as_of
from npz_registry.pdf import PdfBusy, PdfRenderTimeout, PdfTooLong
from npz_registry.reports.context import (
    approved_in_force_label,
    flanders_default_day,
    flanders_report,
    network_report,
    plan_report,
)
from npz_registry.reports.progress import progress_report
from npz_registry.reports.rendering import cache_key, report_pdf


def report_language(request) -> str:
    """Reports are Dutch unless ``?lang=`` asks for another language of the site."""
    requested = request.GET.get("lang", "")
    return requested if requested in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class BadDay(BadRequest):
    """The ``?as_of=`` of the request is not a usable date."""


def _day(request, default):
    """The ``?as_of=`` day; BadDay with the reason when it is not a usable date."""
    day, error = parse_as_of(request.GET.get("as_of"), default=default, falls_back=False)
    if error:
        raise BadDay(error)
    return day


def answers_bad_day(view):
    """A view reading ``?as_of=``: a date it cannot use gets a page with the reason (400)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadDay as error:
            return bad_day(request, error)

    return wrapped


def _plan_version(request, pk, number=None) -> tuple[MultiYearPlan, PlanVersion]:
    """The plan if the user may see it (404 otherwise) and its version ``number``, or its latest
    version when ``number`` is None; 404 when there is no such version (or none yet). The report
    is made from the version's snapshot, so the plan comes without its goals."""
    plan = get_plan_for_user_or_404(request.user, pk, content=False)
    version = plan_version(plan, number)
    if version is None:
        raise Http404(_("This plan has not been submitted yet: there is no version to print."))
    return plan, version


def _check_flanders(request) -> None:
    if not request.user.has_perm("transition.view_dashboard"):
        raise PermissionDenied(_("The Flanders report is for department staff."))


def _message_page(request, status: int, title: str, message: str, **headers) -> TemplateResponse:
    """A page in the site's layout that says why there is no PDF, with the way back."""
    return TemplateResponse(
        request,
        "reports/message.html",
        {"title": title, "message": message, "status": status},
        status=status,
        headers=headers,
    )


def bad_day(request, error: BadRequest) -> TemplateResponse:
    return _message_page(request, 400, _("This date cannot be used"), str(error))


def _busy(request, error: PdfBusy | PdfRenderTimeout) -> TemplateResponse:
    if isinstance(error, PdfBusy) and error.reason == "user":
        message = _(
            "Your previous PDF is still being made. Wait until it has downloaded, then ask for this "
            "one again."
        )
    else:
        message = _(
            "The department's reports are busy right now: other PDFs are being made. Try again "
            "in half a minute; nothing was lost."
        )
    return _message_page(request, 503, _("The reports are busy"), message, **{"Retry-After": "30"})


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


def _pdf(request, key_parts: tuple, build) -> HttpResponse:
    """The PDF of ``build()`` (a Report), cached under ``key_parts`` and the language."""
    with translation.override(report_language(request)):
        key = cache_key(*key_parts, lang=translation.get_language())
        try:
            rendered = report_pdf(
                key, build, base_url=request.build_absolute_uri("/"), user_key=request.user.pk
            )
        except (PdfBusy, PdfRenderTimeout) as error:
            return _busy(request, error)
        except PdfTooLong:
            return _message_page(
                request,
                422,
                _("This report is too long to print"),
                _("The report has more than %(pages)s pages. Shorten its texts, or ask the department.")
                % {"pages": settings.NPZ_PDF_MAX_PAGES},
            )
    return HttpResponse(
        rendered.content,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, rendered.filename)},
    )


@require_safe
@answers_bad_day
def network_pdf(request, code):
    network = get_network_missions_for_user_or_404(request.user, code)
    day = _day(request, timezone.localdate())
    return _pdf(request, ("network", network.pk, day), lambda: network_report(network, day=day))


@require_safe
@answers_bad_day
def flanders_pdf(request):
    _check_flanders(request)
    day = _day(request, flanders_default_day())
    return _pdf(request, ("flanders", day), lambda: flanders_report(day))


@require_safe
def plan_pdf(request, pk, number=None):
    """One version of a multi-year plan (the latest when the URL names none)."""
    plan, version = _plan_version(request, pk, number)
    return _pdf(request, ("plan", plan.pk, version.number), lambda: plan_report(plan, version))


@require_safe
def progress_pdf(request, pk):
    """One yearly progress report, as it stands (its lines as submitted once it was)."""
    progress = get_progress_for_user_or_404(request.user, pk)
    return _pdf(request, ("progress", progress.pk), lambda: progress_report(progress))


# --------------------------------------------------------------------------------------------
# HTML: the list of downloads and the previews
# --------------------------------------------------------------------------------------------


#: The parameters a report reads: the preview's PDF link and its key keep these and no other.
REPORT_PARAMETERS = ("as_of", "lang")


def _preview(request, key_parts: tuple, build, pdf_url: str) -> HttpResponse:
    """The HTML of ``build()`` (a Report) in the browser, kept per data version like its PDF
    (under ``key_parts``, the language, today and the PDF link): the same for everyone who may
    open it, and as costly to gather. Other parameters in the address change neither, so they
    cannot fill the cache with copies."""
    query = urlencode({name: request.GET[name] for name in REPORT_PARAMETERS if name in request.GET})
    pdf_link = f"{pdf_url}?{query}" if query else pdf_url
    named = ":".join(str(part) for part in key_parts)
    key = f"preview:{named}:{timezone.localdate().isoformat()}:{pdf_link}"
    html = dataversion.cached(key, lambda: build().html(preview=True, pdf_url=pdf_link))
    # The charts bring their own <style> (pygal); in a browser the Content-Security-Policy runs it
    # only with this answer's nonce. The HTML is ours: user text is escaped, so "<style" is a tag.
    return HttpResponse(html.replace("<style", f'<style nonce="{request.csp_nonce}"'))


@require_safe
@answers_bad_day
def network_preview(request, code):
    network = get_network_missions_for_user_or_404(request.user, code)
    day = _day(request, timezone.localdate())
    with translation.override(report_language(request)):
        return _preview(
            request,
            ("network", network.pk, day),
            lambda: network_report(network, day=day),
            reverse("reports:network-pdf", args=[code]),
        )


@require_safe
@answers_bad_day
def flanders_preview(request):
    _check_flanders(request)
    day = _day(request, flanders_default_day())
    with translation.override(report_language(request)):
        return _preview(
            request, ("flanders", day), lambda: flanders_report(day), reverse("reports:flanders-pdf")
        )


@require_safe
def plan_preview(request, pk, number):
    plan, version = _plan_version(request, pk, number)
    with translation.override(report_language(request)):
        return _preview(
            request,
            ("plan", plan.pk, version.number),
            lambda: plan_report(plan, version),
            reverse("reports:plan-pdf", args=[pk, number]),
        )


def index_plans(user) -> list[MultiYearPlan]:
    """The plans of the reports index, each with the label of its latest version (``label``):
    its status, or, for the approved version of a plan that moved on, that it is in force."""
    plans = list(
        plans_with_a_version(MultiYearPlan.objects.visible_to(user))
        .select_related("network", "period")
        .order_by("network__name", "period__start_year")
    )
    for plan in plans:
        in_force = approved_in_force_label(plan, plan.latest_version_number, is_latest=True)
        plan.label = in_force or plan.get_status_display()
    return plans


def index_progress(user):
    """The progress reports of the reports index: those submitted (a draft is not a report yet)
    on the plans ``user`` may see, by network and year."""
    return (
        YearlyProgress.objects.visible_to(user)
        .exclude(status=SubmissionStatus.DRAFT)
        .select_related("plan__network")
        .order_by("plan__network__name", "year")
    )


@require_safe
def index(request):
    """The reports this user may download: the Flanders report for staff, and the profile, the
    submitted multi-year plans and progress reports of every network in their scope (all for
    staff, their own for coordinators)."""
    readers_language = translation.get_language()
    if readers_language not in dict(settings.LANGUAGES):
        readers_language = settings.LANGUAGE_CODE
    return TemplateResponse(
        request,
        "reports/index.html",
        {
            "networks": Network.objects.visible_to(request.user).select_related("seat").order_by("name"),
            # Read only when the kept list of this data version is missing.
            "plans": SimpleLazyObject(lambda: index_plans(request.user)),
            "progress_reports": SimpleLazyObject(lambda: list(index_progress(request.user))),
            "can_flanders": request.user.has_perm("transition.view_dashboard"),
            "data_version": dataversion.fragment_version(),
            "scope": "all" if is_department_staff(request.user) else sorted(network_ids_of(request.user)),
            "flanders_day": flanders_default_day(),
            "today": timezone.localdate(),
            "languages": settings.LANGUAGES,
            "default_language": readers_language,
            # Reports are Dutch by default (report_language); a reader of another language of
            # the site is offered the reports in theirs.
            "report_query": "" if readers_language == settings.LANGUAGE_CODE else f"?lang={readers_language}",
        },
    )
