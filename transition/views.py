"""Staff pages of the transition: the dashboard and the funding overview."""

from django.utils import timezone
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from networks.maps import coverage_map
from networks.models import RECOGNITION_DAY
from networks.selectors import coverage_on
from npz_registry.asof import parse_as_of
from transition.models import CalendarEvent, Funding
from transition.selectors import (
    action_line_status_counts,
    action_lines_on,
    funding_totals,
    late_milestones,
    mergers_by_status,
    year_on_year,
)


class StaffPageMixin(PermissionRequiredMixin):
    # Coordinators are logged in but not allowed: 403 with the reason, not a login loop.
    raise_exception = True


class DashboardView(StaffPageMixin, TemplateView):
    permission_required = "transition.view_dashboard"
    template_name = "transition/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        day, as_of_error = parse_as_of(self.request.GET.get("as_of"), default=RECOGNITION_DAY)
        coverage = coverage_on(day)
        svg, legend = coverage_map(coverage)
        lines = action_lines_on(day)
        context.update(
            {
                "today": today,
                "day": day,
                "as_of_error": as_of_error,
                "recognition_day": RECOGNITION_DAY,
                "days_left": (RECOGNITION_DAY - today).days,
                "coverage": coverage,
                "map_svg": svg,
                "legend": legend,
                "mergers_by_status": mergers_by_status(day),
                "late_milestones": late_milestones(day),
                "action_lines": lines,
                "action_line_counts": action_line_status_counts(lines),
                "calendar": CalendarEvent.objects.order_by("start"),
            }
        )
        return context


class FundingOverviewView(StaffPageMixin, TemplateView):
    permission_required = "transition.view_funding_overview"
    template_name = "transition/funding.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fundings = list(Funding.objects.select_related("legacy_organisation", "network"))
        totals = funding_totals()
        context.update(
            {
                "totals": totals,
                "kind_rows": [
                    {
                        "label": label,
                        "amounts": [totals.by_year_kind.get((year, kind)) for year in totals.years],
                    }
                    for kind, label in totals.kinds
                ],
                "year_totals": [totals.by_year.get(year) for year in totals.years],
                "zone_rows": [
                    {
                        "zone": zone,
                        "amounts": [totals.by_zone_year.get((zone, year)) for year in totals.years],
                    }
                    for zone in totals.zones
                ],
                "changes": year_on_year(fundings),
            }
        )
        return context


dashboard = DashboardView.as_view()
funding_overview = FundingOverviewView.as_view()
