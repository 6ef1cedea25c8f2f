"""The history of a plan: who changed which goal, action, indicator, target or progress line,
when, and what they changed (missions/selectors/history.py)."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from missions import permissions
from missions.selectors.history import plan_history_page


@require_safe
def plan_history(request, pk):
    plan = permissions.get_plan_for_user_or_404(
        request.user, pk, check=permissions.view_plan_history, content=False
    )
    page = plan_history_page(plan, request.GET.get("page"))
    return TemplateResponse(request, "missions/plans/history.html", {"plan": plan, "page": page})
