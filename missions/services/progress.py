"""Writes on yearly progress reports."""

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
from npz_registry.concurrency import bump_stored_version, check_version
from npz_registry.history import history_by, store_changed_rows


@history_by
@transaction.atomic
def progress_create(*, plan: MultiYearPlan, year: int, by) -> YearlyProgress:
    """Open the report on ``year`` of an approved plan (the existing one if it was opened)."""
    plan = MultiYearPlan.objects.select_for_update().select_related("network", "period").get(pk=plan.pk)
    permissions.require(permissions.start_progress(by, plan))
    if year not in plan.period.years:
        raise ValidationError(_("%(year)s lies outside the plan's period.") % {"year": year})
    progress, _created = YearlyProgress.objects.get_or_create(plan=plan, year=year)
    return progress


@history_by
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
    activity count per municipality (stored as the network's activity for the evenness check).
    Only lines that change are saved, each with its own history row; the report's row changes
    with its narrative (when only lines change, only its version is counted)."""
    progress = YearlyProgress.objects.select_for_update().select_related("plan__network").get(pk=progress.pk)
    permissions.require(permissions.edit_progress(by, progress))
    check_version(progress, version)
    plan_indicators = set(PlanIndicator.objects.filter(goal__plan=progress.plan).values_list("pk", flat=True))
    plan_actions = set(PlanAction.objects.filter(goal__plan=progress.plan).values_list("pk", flat=True))
    if not set(indicators) <= plan_indicators or not set(actions) <= plan_actions:
        raise ValidationError(_("The report refers to indicators or actions of another plan."))
    lines = {"progress": progress}
    changed = store_changed_rows(
        IndicatorProgress,
        lines,
        "indicator_id",
        {pk: {"actual": actual, "note": note or ""} for pk, (actual, note) in indicators.items()},
    )
    changed |= store_changed_rows(
        ActionProgress,
        lines,
        "action_id",
        {pk: {"status": status, "note": note or ""} for pk, (status, note) in actions.items()},
    )
    changed |= store_changed_rows(
        ActivityCount,
        {"network": progress.plan.network, "year": progress.year, "kind": ActivityKind.GUIDED_PATIENTS},
        "municipality_id",
        {pk: None if count is None else {"count": count} for pk, count in activity.items()},
        stamp={"reported_by": by, "source": _("progress report %(year)s") % {"year": progress.year}},
    )
    if progress.narrative != narrative:
        progress.narrative = narrative
        progress.lock_version += 1
        progress.save()
    elif changed:
        bump_stored_version(progress)
    return progress
