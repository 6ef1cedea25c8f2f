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
from missions.selectors.plans import KEPT_AT_SUBMISSION, rating_target
from networks.models import Municipality
from npz_registry.concurrency import ConflictError, bump_stored_version, check_version
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


def _check_counts_as_shown(progress, shown: dict[int, int | None]) -> None:
    """Refuse (ConflictError, naming the municipalities) when a count is no longer what the page
    showed: somebody stored another one since, in the back office, by an import or in a report."""
    if not shown:
        return
    stored = dict(
        ActivityCount.objects.filter(
            network=progress.plan.network,
            year=progress.year,
            kind=ActivityKind.GUIDED_PATIENTS,
            municipality_id__in=shown,
        ).values_list("municipality_id", "count")
    )
    moved = [pk for pk, count in shown.items() if stored.get(pk) != count]
    if moved:
        names = Municipality.objects.filter(pk__in=moved).order_by("name").values_list("name", flat=True)
        raise ConflictError(
            _(
                "The number of guided patients of %(municipalities)s was changed by somebody else after "
                "you opened the report (in the back office or by an import). Nothing was saved: compare "
                "with the numbers stored now and save again."
            )
            % {"municipalities": ", ".join(names)}
        )


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
    activity_shown: dict[int, int | None] | None = None,
) -> YearlyProgress:
    """Save the whole report: actual value and note per indicator, status and note per action,
    activity count per municipality (stored as the network's activity for the evenness check).
    Only lines that change are saved, each with its own history row; the report's row changes
    with its narrative (when only lines change, only its version is counted). The counts are the
    network's (the back office and imports write them too): `activity` holds those typed on the
    page, `activity_shown` what the page showed of them; one stored otherwise since is refused."""
    progress = YearlyProgress.objects.select_for_update().select_related("plan__network").get(pk=progress.pk)
    permissions.require(permissions.edit_progress(by, progress))
    check_version(progress, version)
    plan_indicators = set(PlanIndicator.objects.filter(goal__plan=progress.plan).values_list("pk", flat=True))
    plan_actions = set(PlanAction.objects.filter(goal__plan=progress.plan).values_list("pk", flat=True))
    if not set(indicators) <= plan_indicators or not set(actions) <= plan_actions:
        raise ValidationError(_("The report refers to indicators or actions of another plan."))
    _check_counts_as_shown(progress, activity_shown or {})
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


def progress_keep_submitted(progress: YearlyProgress) -> None:
    """Keep with each line of ``progress`` what the report says about the plan as it stands now,
    at its submission (missions.services.workflow): per indicator the target it is rated
    against and that target's year (target_in), the baseline, the direction, the name and the
    unit; per action its title. A plan reopened later may change them: the submitted report
    keeps saying, and rating, what it was submitted with (rating_basis, IndicatorRow)."""
    lines = list(progress.indicator_values.select_related("indicator").prefetch_related("indicator__targets"))
    for line in lines:
        indicator = line.indicator
        line.target_then, line.target_year_then = rating_target(indicator, progress.year)
        line.baseline_then = indicator.baseline_value
        line.direction_then = indicator.direction
        line.name_then, line.unit_then = indicator.name, indicator.unit
    IndicatorProgress.objects.bulk_update(lines, KEPT_INDICATOR_FIELDS)
    actions = list(progress.action_statuses.select_related("action"))
    for line in actions:
        line.what_then = line.action.what
    ActionProgress.objects.bulk_update(actions, ["what_then"])


#: The fields of an indicator line progress_keep_submitted writes: what the rating keeps
#: (KEPT_AT_SUBMISSION), and the name and unit the report shows.
KEPT_INDICATOR_FIELDS = (*KEPT_AT_SUBMISSION, "name_then", "unit_then")
