"""Writes on yearly progress reports."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from missions import permissions
from missions.models import (
    ActionProgress,
    ActivityCount,
    ActivityKind,
    IndicatorProgress,
    MultiYearPlan,
    PlanAction,
    PlanIndicator,
    YearlyProgress,
)
from npz_registry.concurrency import check_and_bump

#: A progress report on year Y is due on 31 March of Y + 1 (setting it in one place).
DUE_MONTH_DAY = (3, 31)


def due_date(year: int) -> datetime.date:
    return datetime.date(year + 1, *DUE_MONTH_DAY)


@transaction.atomic
def progress_create(*, plan: MultiYearPlan, year: int, by) -> YearlyProgress:
    """Open the report on ``year`` of an approved plan (the existing one if it was opened)."""
    plan = MultiYearPlan.objects.select_for_update().select_related("network", "period").get(pk=plan.pk)
    permissions.require(permissions.start_progress(by, plan))
    if year not in plan.period.years:
        raise ValidationError(_("%(year)s lies outside the plan's period.") % {"year": year})
    progress, _created = YearlyProgress.objects.get_or_create(plan=plan, year=year)
    return progress


@transaction.atomic
def progress_save(
    *,
    progress: YearlyProgress,
    by,
    version,
    narrative: str,
    indicators: dict[int, tuple],
    actions: dict[int, tuple],
    activity: dict[int, int | None],
) -> YearlyProgress:
    """Save the whole report: actual value and note per indicator, status and note per action,
    activity count per municipality (stored as the network's activity for the evenness check)."""
    progress = YearlyProgress.objects.select_for_update().select_related("plan__network").get(pk=progress.pk)
    permissions.require(permissions.edit_progress(by, progress))
    check_and_bump(progress, version)
    plan_indicators = set(PlanIndicator.objects.filter(goal__plan=progress.plan).values_list("pk", flat=True))
    plan_actions = set(PlanAction.objects.filter(goal__plan=progress.plan).values_list("pk", flat=True))
    if not set(indicators) <= plan_indicators or not set(actions) <= plan_actions:
        raise ValidationError(_("The report refers to indicators or actions of another plan."))
    for indicator_id, (actual, note) in indicators.items():
        IndicatorProgress.objects.update_or_create(
            progress=progress, indicator_id=indicator_id, defaults={"actual": actual, "note": note or ""}
        )
    for action_id, (status, note) in actions.items():
        ActionProgress.objects.update_or_create(
            progress=progress, action_id=action_id, defaults={"status": status, "note": note or ""}
        )
    for municipality_id, count in activity.items():
        if count is None:
            ActivityCount.objects.filter(
                network=progress.plan.network, municipality_id=municipality_id, year=progress.year
            ).delete()
        else:
            ActivityCount.objects.update_or_create(
                network=progress.plan.network,
                municipality_id=municipality_id,
                year=progress.year,
                kind=ActivityKind.GUIDED_PATIENTS,
                defaults={
                    "count": count,
                    "reported_by": by,
                    "source": _("progress report %(year)s") % {"year": progress.year},
                },
            )
    progress.narrative = narrative
    progress.save()
    return progress
