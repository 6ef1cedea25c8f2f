"""Report pages: the list of downloads, the HTML previews and the PDFs.

The PDF views use django-weasyprint's ``WeasyTemplateResponseMixin`` with a response class that
renders through ``npz_registry.pdf`` (our URL fetcher, the time limit, PDF/UA). django-weasyprint
imports WeasyPrint when it is imported (about 0.4 s), so urls.py loads this module on the first
request to /rapporten/ rather than at start-up.

Access (STYLE 4.4): a network's report and a plan's are fetched through the getters of
missions/permissions.py (404 outside the user's scope: staff see all, a network's coordinators
their own); the Flanders report is for department staff (403 with the reason).
"""

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import View
from django_weasyprint.views import WeasyTemplateResponse, WeasyTemplateResponseMixin

from missions.models import MultiYearPlan, PlanVersion
from missions.permissions import get_network_missions_for_user_or_404, get_plan_for_user_or_404
from missions.selectors.plans import plan_version, plans_with_a_version
from networks.models import Network
from networks.selectors import recognition_day
from npz_registry.asof import parse_as_of
from npz_registry.pdf import PdfRenderTimeout, render_pdf
from npz_registry.reports.context import Report, flanders_report, network_report, plan_report


def report_language(request) -> str:
    """Reports are Dutch unless ``?lang=`` asks for another language of the site."""
    requested = request.GET.get("lang", "")
    return requested if requested in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _day(request, default):
    """The ``?as_of=`` day; a 400 with the reason when it is not a usable date."""
    day, error = parse_as_of(request.GET.get("as_of"), default=default)
    if error:
        raise BadRequest(error)
    return day


def _plan_version(request, pk, number=None) -> tuple[MultiYearPlan, PlanVersion]:
    """The plan if the user may see it (404 otherwise) and its version ``number``, or its latest
    version when ``number`` is None; 404 when there is no such version (or none yet)."""
    plan = get_plan_for_user_or_404(request.user, pk)
    version = plan_version(plan, number)
    if version is None:
        raise Http404(_("This plan has not been submitted yet: there is no version to print."))
    return plan, version


def _check_flanders(request) -> None:
    if not request.user.has_perm("transition.view_dashboard"):
        raise PermissionDenied(_("The Flanders report is for department staff."))


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


class ReportPdfResponse(WeasyTemplateResponse):
    """django-weasyprint's response, made by ``render_pdf``: the template is rendered here, in
    the request's thread (it may query the database); WeasyPrint then runs under the time limit
    with the static-only URL fetcher and writes a tagged PDF/UA with title and language."""

    @property
    def rendered_content(self):
        html = super(WeasyTemplateResponse, self).rendered_content
        context = self.context_data
        return render_pdf(
            html,
            base_url=self.get_base_url(),
            title=f"{context['title']}: {context['subtitle']}",
            lang=context["lang"],
        )


class ReportPdfView(WeasyTemplateResponseMixin, View):
    """Base of the report PDFs: subclasses say which report (``get_report``)."""

    response_class = ReportPdfResponse
    pdf_attachment = True
    http_method_names = ["get", "head"]

    def get_report(self) -> Report:
        raise NotImplementedError

    def get_template_names(self):
        return [self.report.template_name]

    def get_pdf_filename(self):
        return self.report.filename

    def get(self, request, *args, **kwargs):
        with translation.override(report_language(request)):
            self.report = self.get_report()
            response = self.render_to_response(self.report.context)
            try:
                # Render now, inside the language and with the time limit handled here, rather
                # than after the view returns.
                response.render()
            except PdfRenderTimeout:
                return HttpResponse(
                    _("Making this PDF took too long. Try again in a moment."),
                    status=503,
                    content_type="text/plain; charset=utf-8",
                    headers={"Retry-After": "30"},
                )
        return response


class NetworkReportPdfView(ReportPdfView):
    def get_report(self):
        network = get_network_missions_for_user_or_404(self.request.user, self.kwargs["code"])
        return network_report(network, day=_day(self.request, timezone.localdate()))


class FlandersReportPdfView(ReportPdfView):
    def get_report(self):
        _check_flanders(self.request)
        return flanders_report(_day(self.request, recognition_day() or timezone.localdate()))


class PlanReportPdfView(ReportPdfView):
    """One version of a multi-year plan (the latest when the URL names none)."""

    def get_report(self):
        plan, version = _plan_version(self.request, self.kwargs["pk"], self.kwargs.get("number"))
        return plan_report(plan, version)


network_pdf = NetworkReportPdfView.as_view()
flanders_pdf = FlandersReportPdfView.as_view()
plan_pdf = PlanReportPdfView.as_view()


# --------------------------------------------------------------------------------------------
# HTML: the list of downloads and the previews
# --------------------------------------------------------------------------------------------


def _preview(request, report: Report, pdf_url: str) -> HttpResponse:
    query = request.GET.urlencode()
    html = report.html(preview=True, pdf_url=f"{pdf_url}?{query}" if query else pdf_url)
    # The charts bring their own <style> (pygal); in a browser the Content-Security-Policy runs it
    # only with this answer's nonce. The HTML is ours: user text is escaped, so "<style" is a tag.
    return HttpResponse(html.replace("<style", f'<style nonce="{request.csp_nonce}"'))


@require_safe
def network_preview(request, code):
    network = get_network_missions_for_user_or_404(request.user, code)
    day = _day(request, timezone.localdate())
    with translation.override(report_language(request)):
        return _preview(
            request, network_report(network, day=day), reverse("reports:network-pdf", args=[code])
        )


@require_safe
def flanders_preview(request):
    _check_flanders(request)
    day = _day(request, recognition_day() or timezone.localdate())
    with translation.override(report_language(request)):
        return _preview(request, flanders_report(day), reverse("reports:flanders-pdf"))


@require_safe
def plan_preview(request, pk, number):
    plan, version = _plan_version(request, pk, number)
    with translation.override(report_language(request)):
        return _preview(request, plan_report(plan, version), reverse("reports:plan-pdf", args=[pk, number]))


@require_safe
def index(request):
    """The reports this user may download: the Flanders report for staff, and the profile and
    the submitted multi-year plans of every network in their scope (all for staff, their own for
    coordinators)."""
    return TemplateResponse(
        request,
        "reports/index.html",
        {
            "networks": Network.objects.visible_to(request.user).select_related("seat").order_by("name"),
            "plans": plans_with_a_version(MultiYearPlan.objects.visible_to(request.user))
            .select_related("network", "period")
            .order_by("network__name", "period__start_year"),
            "can_flanders": request.user.has_perm("transition.view_dashboard"),
            "recognition_day": recognition_day() or timezone.localdate(),
            "today": timezone.localdate(),
            "languages": settings.LANGUAGES,
            "default_language": settings.LANGUAGE_CODE,
        },
    )
