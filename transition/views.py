"""Staff pages of the transition: the dashboard and the funding overview."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from networks.models import ReformDateKey
from networks.selectors import recognition_day, reform_calendar, reform_date
from npz_registry import dataversion
from npz_registry.asof import parse_as_of
from npz_registry.tables import is_filtered, page_of
from transition import permissions
from transition.filters import FundingChangeFilter, LateMilestoneFilter, LegacyWithoutSuccessorFilter
from transition.models import ActionLine
from transition.selectors import (
    FUNDING_BASELINE_YEAR,
    NO_ZONE,
    SEVERAL_ZONES,
    dashboard_figures,
    envelopes,
    funding_changes,
    funding_scope,
    funding_totals_cached,
    fundings_in,
    late_milestones_on,
    legacy_without_successor_on,
    year_table,
)

#: Rows of a list the dashboard shows before linking to the whole staff table.
DASHBOARD_ROWS = 5


class StaffPageMixin(PermissionRequiredMixin):
    # Coordinators are logged in but not allowed: 403 with the reason, not a login loop.
    raise_exception = True
    permission_denied_message = gettext_lazy(
        "Only department staff see the transition dashboard and its lists: a network's coordinator "
        "finds the network's own data under My network."
    )


class DashboardView(StaffPageMixin, TemplateView):
    permission_required = "transition.view_dashboard"
    template_name = "transition/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        recognition = reform_date(ReformDateKey.RECOGNITION_DAY)
        recognition_on = recognition.day if recognition else None
        day, as_of_error = parse_as_of(self.request.GET.get("as_of"), default=recognition_on or today)
        context.update(
            {
                "today": today,
                "day": day,
                "as_of_error": as_of_error,
                "recognition": recognition,
                "recognition_day": recognition_on,
                "days_left": (recognition_on - today).days if recognition_on else None,
                "figures_html": figures_html(day, today),
            }
        )
        return context


def figures_html(day, today) -> str:
    """The figures, map, lists and calendar of the dashboard on `day`, rendered once per data
    version, day and language: what they read grows with the data, and the rendered fragment
    is cheaper to keep and to read back than the model instances it shows. (It holds no
    per-user or per-request part: those stay in the page around it.)"""

    def build():
        context = {
            "day": day,
            "today": today,
            **dashboard_figures(day, DASHBOARD_ROWS),
            "work_forms": ActionLine.WorkForm.choices,
            "calendar": reform_calendar(),
        }
        return render_to_string("transition/partials/dashboard_figures.html", context)

    key = f"dashboard-html:{day.isoformat()}:{today.isoformat()}"
    return mark_safe(dataversion.cached(key, build))  # noqa: S308 - our own template's output


class FundingOverviewView(LoginRequiredMixin, TemplateView):
    """Every grant for department staff; for a coordinator, those of their networks and of the
    legacy organisations merging into them (transition.permissions); anyone else 403."""

    template_name = "transition/funding.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        permissions.require(permissions.view_funding(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = funding_scope(permissions.funding_networks(self.request.user))
        context.update(
            {
                "scope": scope,
                "baseline_year": FUNDING_BASELINE_YEAR,
                "several_zones": SEVERAL_ZONES,
                "no_zone": NO_ZONE,
                # Read only when the template's fragment of this data version, scope, language
                # and query is missing.
                "funding": SimpleLazyObject(lambda: self.figures(scope)),
                "data_version": dataversion.fragment_version(),
            }
        )
        return context

    def figures(self, scope) -> dict:
        totals = funding_totals_cached(scope)
        envelope_rows, context_figures, not_drawn = envelopes(scope=scope)
        changes = FundingChangeFilter(
            self.request.GET or None, queryset=fundings_in(scope), years=totals.years
        )
        year = changes.form.cleaned_data.get("year") if changes.is_valid() else None
        rows = funding_changes(changes.qs, year=int(year) if year else None, ordering=changes.ordering)
        return {
            "totals": totals,
            "envelope_rows": envelope_rows,
            "context_figures": context_figures,
            "not_drawn": not_drawn,
            "by_kind": year_table(totals, totals.kinds, totals.by_year_kind),
            "by_recipient": year_table(totals, totals.actor_kinds, totals.by_year_actor),
            "zone_rows": [
                {"zone": zone, "amounts": [totals.by_zone_year.get((zone, year)) for year in totals.years]}
                for zone in totals.zones
            ],
            "filter": changes,
            "filtered": is_filtered(changes),
            "page": page_of(self.request, rows),
        }


class DatedListView(StaffPageMixin, TemplateView):
    """A staff table of the situation on a day (`?as_of=`, default the recognition day), filtered,
    sorted and paginated: `rows_on(day)` gives the rows, `filterset_class` the filters."""

    permission_required = "transition.view_dashboard"
    filterset_class = None
    rows_on = None
    title = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        default = recognition_day() or timezone.localdate()
        day, as_of_error = parse_as_of(self.request.GET.get("as_of"), default=default)
        context.update(
            {
                "title": self.title,
                "day": day,
                "as_of_error": as_of_error,
                # Read only when the template's fragment of this data version, list, day,
                # language and query is missing.
                "table": SimpleLazyObject(lambda: self.table(day)),
                "data_version": dataversion.fragment_version(),
            }
        )
        return context

    def table(self, day) -> dict:
        rows = self.filterset_class(self.request.GET or None, queryset=self.rows_on(day))
        return {"filter": rows, "filtered": is_filtered(rows), "page": page_of(self.request, rows.qs)}


dashboard = DashboardView.as_view()
funding_overview = FundingOverviewView.as_view()
late_milestone_list = DatedListView.as_view(
    template_name="transition/late_milestones.html",
    filterset_class=LateMilestoneFilter,
    rows_on=late_milestones_on,
    title=gettext_lazy("Late milestones"),
)
legacy_without_successor_list = DatedListView.as_view(
    template_name="transition/legacy_without_successor.html",
    filterset_class=LegacyWithoutSuccessorFilter,
    rows_on=legacy_without_successor_on,
    title=gettext_lazy("Legacy organisations without successor"),
)
