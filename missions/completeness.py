"""What a plan or a progress report still lacks before it can be submitted (for a plan with a
link to where to fix it)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions.models import MissionTheme, PlanAction, PlanIndicator, YearlyProgress
from missions.selectors import current_service_areas
from npz_registry.aggregates import ids_in


@dataclass(frozen=True)
class MissingItem:
    message: str
    url: str


def _goal_content(goal) -> tuple[bool, bool, bool, set[int]]:
    """Whether ``goal`` has an action, an indicator and an indicator with a target, and the ids
    of its target zones: from the annotations of with_completeness_content
    (missions.selectors.plans) when it has them, from its prefetched parts otherwise."""
    if hasattr(goal, "completeness_zone_ids"):
        return (
            goal.completeness_has_action,
            goal.completeness_has_indicator,
            goal.completeness_has_target,
            set(ids_in(goal.completeness_zone_ids)),
        )
    indicators = goal.indicators.all()
    return (
        bool(goal.actions.all()),
        bool(indicators),
        any(indicator.targets.all() for indicator in indicators),
        {zone.pk for zone in goal.target_zones.all()},
    )


def plan_missing_items(plan, *, themes=None, areas=None) -> list[MissingItem]:
    """At least one goal per theme; each goal with an action and an indicator with a target;
    every zone the network serves covered by a goal. `plan.goals` should be prefetched with
    actions, indicators__targets and target_zones (plan_detail_queryset does), or annotated
    (with_completeness_content). `themes` (the core themes by number) and `areas` (the
    network's current_service_areas), when the caller has read them already."""
    missing = []
    goals = list(plan.goals.all())
    if themes is None:
        themes = MissionTheme.objects.core().order_by("number")
    for theme in themes:
        if not any(goal.theme_id == theme.pk for goal in goals):
            missing.append(
                MissingItem(
                    _("No goal yet for theme %(theme)s.") % {"theme": theme.label},
                    reverse("missions:goal-create", args=[plan.pk]) + f"?theme={theme.code}",
                )
            )
    covered = set()
    for goal in goals:
        goal_url = reverse("missions:goal-edit", args=[plan.pk, goal.pk])
        has_action, has_indicator, has_target, zone_ids = _goal_content(goal)
        covered |= zone_ids
        if not has_action:
            missing.append(MissingItem(_("Goal “%(goal)s” has no action.") % {"goal": goal.title}, goal_url))
        if not has_indicator:
            missing.append(
                MissingItem(_("Goal “%(goal)s” has no indicator.") % {"goal": goal.title}, goal_url)
            )
        elif not has_target:
            missing.append(
                MissingItem(
                    _("No indicator of goal “%(goal)s” has a target.") % {"goal": goal.title}, goal_url
                )
            )
    for area in current_service_areas([plan.network_id]) if areas is None else areas:
        if area.zone_id not in covered:
            missing.append(
                MissingItem(
                    _("No goal targets the zone %(zone)s.") % {"zone": area.zone.name},
                    reverse("missions:plan-detail", args=[plan.pk]) + "#goals",
                )
            )
            covered.add(area.zone_id)
    return missing


def progress_missing_items(progress: YearlyProgress) -> list[str]:
    """The narrative, an actual value for every indicator and a status for every action."""
    missing = []
    if not progress.narrative.strip():
        missing.append(_("Write the narrative."))
    reported = progress.indicator_values.filter(actual__isnull=False).values("indicator")
    without = list(
        PlanIndicator.objects.filter(goal__plan=progress.plan)
        .exclude(pk__in=reported)
        .order_by("goal__theme__number", "goal__pk", "pk")
        .values_list("name", flat=True)
    )
    if without:
        missing.append(
            ngettext(
                "An indicator has no actual value: %(names)s.",
                "%(count)s indicators have no actual value: %(names)s.",
                len(without),
            )
            % {"count": len(without), "names": ", ".join(without)}
        )
    action_count = PlanAction.objects.filter(goal__plan=progress.plan).count()
    if progress.action_statuses.count() < action_count:
        missing.append(_("Give the status of every action."))
    return missing
