"""The department's review queue of plans and progress reports."""

import django_filters
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from missions import permissions
from missions.models import MultiYearPlan, PlanningPeriod, SubmissionStatus
from missions.selectors.plans import review_queue as queue_reads
from networks.models import Network
from npz_registry import dataversion
from npz_registry.tables import page_of

#: The query parameters of the pages of the queue's two tables.
PLANS_PAGE, REPORTS_PAGE = "page", "reports_page"


class ReviewFilter(django_filters.FilterSet):
    """The queue's filters; without a status it shows what waits for the department."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=SubmissionStatus.choices,
        empty_label=gettext_lazy("awaiting review"),
    )
    network = django_filters.ModelChoiceFilter(label=gettext_lazy("Network"), queryset=Network.objects.all())
    period = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Planning period"), queryset=PlanningPeriod.objects.all()
    )

    class Meta:
        model = MultiYearPlan
        fields = ["status", "network", "period"]


@require_safe
def review_queue(request):
    permissions.require(permissions.view_review_queue(request.user))
    queue = ReviewFilter(request.GET, queryset=MultiYearPlan.objects.none())
    queue.is_valid()  # a filter with a bad value is left out, the others apply
    chosen = {name: queue.form.cleaned_data.get(name) for name in ReviewFilter.Meta.fields}

    def tables() -> dict:
        plans, progress = queue_reads(**chosen)
        # Oldest first, a page of each: the queue grows with the networks and their years.
        return {
            "plans": page_of(request, plans, param=PLANS_PAGE),
            "progress_reports": page_of(request, progress, param=REPORTS_PAGE),
        }

    return TemplateResponse(
        request,
        "missions/review/queue.html",
        {
            "filter": queue,
            # Read only when the template's fragment of this data version, language and query
            # is missing (everyone who may open the queue sees the same queue).
            "tables": SimpleLazyObject(tables),
            "data_version": dataversion.fragment_version(),
            "plans_page": PLANS_PAGE,
            "reports_page": REPORTS_PAGE,
        },
    )
