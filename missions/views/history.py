"""The history of a plan: who changed which goal, action, indicator, target or progress line,
when, and what they changed (missions/selectors/history.py)."""

from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from missions import permissions
from missions.models import MultiYearPlan
from missions.selectors.history import plan_history_page
from npz_registry import dataversion


@require_safe
def plan_history(request, pk):
    plans = MultiYearPlan.objects.select_related("network", "period")
    plan = permissions.get_plan_for_user_or_404(
        request.user, pk, check=permissions.view_plan_history, plans=plans
    )
    number = request.GET.get("page")
    # Read only when the template's fragment of this data version, page and language is missing.
    page = SimpleLazyObject(lambda: plan_history_page(plan, number))
    return TemplateResponse(
        request,
        "missions/plans/history.html",
        {"plan": plan, "page": page, "data_version": dataversion.fragment_version()},
    )
