"""The department's review queue of plans and progress reports."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from missions.models import MultiYearPlan, PlanningPeriod, SubmissionStatus, YearlyProgress
from networks.models import Network
from networks.rules import is_department_staff


class ReviewFilter(django_filters.FilterSet):
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

    def filter_queryset(self, queryset):
        # Without a status the queue shows what waits for the department.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.awaiting_review()
        return super().filter_queryset(queryset)


@require_safe
def review_queue(request):
    if not is_department_staff(request.user):
        raise PermissionDenied(_("The review queue is for department staff."))
    plans = MultiYearPlan.objects.select_related("network", "period").order_by("updated_at")
    plan_filter = ReviewFilter(request.GET or None, queryset=plans)
    if not plan_filter.is_bound:
        plan_filter = ReviewFilter({}, queryset=plans)
    progress = YearlyProgress.objects.select_related("plan__network", "plan__period").order_by("updated_at")
    data = plan_filter.form.cleaned_data if plan_filter.is_valid() else {}
    if data.get("status"):
        progress = progress.filter(status=data["status"])
    else:
        progress = progress.filter(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW])
    if data.get("network"):
        progress = progress.filter(plan__network=data["network"])
    if data.get("period"):
        progress = progress.filter(plan__period=data["period"])
    return TemplateResponse(
        request,
        "missions/review/queue.html",
        {"filter": plan_filter, "plans": plan_filter.qs, "progress_reports": progress},
    )
