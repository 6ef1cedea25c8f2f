"""Writes on multi-year plans: creation (with the rules on which periods a network may start a
plan for, which its page offers), and saves of the plan's general part and of its goals,
actions and indicators, each with conflict detection (npz_registry/concurrency.py). Status
changes and comments are in missions/services/workflow.py."""

import datetime
from contextlib import nullcontext
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Min, OuterRef
from django.utils import formats
from django.utils.translation import gettext as _

from missions import permissions
from missions.models import (
    ActionProgress,
    IndicatorProgress,
    IndicatorTarget,
    MultiYearPlan,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanningPeriod,
    YearlyProgress,
)
from missions.selectors import current_service_areas
from missions.selectors.plans import deletion_state
from missions.services.partners import check_partners_in_scope
from npz_registry.concurrency import ConflictError, bump_stored_version, check_version
from npz_registry.history import history_by, one_history_row, store_changed_rows, would_change


def _lock_plan_to_edit(plan, by) -> MultiYearPlan:
    """The plan's row, locked until the transaction ends, if ``by`` may edit it now."""
    plan = MultiYearPlan.objects.select_for_update().select_related("network", "period").get(pk=plan.pk)
    permissions.require(permissions.edit_plan(by, plan))
    return plan


def _save(obj, *, version, fields: dict, many: dict | None = None, parts_changed: bool = False):
    """Create ``obj`` (new) or update it (a locked row, checked against ``version``): set
    ``fields``, validate, save, then set the many-to-many relations in ``many``, with one history
    row for all of it. A save that changes nothing is not stored (no history row, the version
    stays); when only the record's parts changed (``parts_changed``), only its version is."""
    many = many or {}
    if obj.pk is not None:
        check_version(obj, version)
        if not would_change(obj, fields, many):
            if parts_changed:
                bump_stored_version(obj)
            return obj
        obj.lock_version += 1
    for name, value in fields.items():
        setattr(obj, name, value)
    # A plan's creator is empty once their account is removed (or for demo plans): that must not
    # block the plan's later saves.
    obj.full_clean(exclude=["created_by"])
    with one_history_row(obj) if many else nullcontext():
        obj.save()
        for name, values in many.items():
            getattr(obj, name).set(values)
    return obj


def _locked_part(model, part, **parent):
    """A new ``model`` under ``parent`` (``part`` None) or ``part``'s locked row under it."""
    if part is None:
        return model(**parent)
    return model.objects.select_for_update().get(pk=part.pk, **parent)


#: The code of plan_create's refusal of a period the network has a plan for already; its
#: ``params["plan"]`` is that plan's key (the page links to it).
PLAN_EXISTS = "plan_exists"


def first_service_day(network) -> datetime.date | None:
    """The day ``network`` starts serving its first zone (of all its service areas, past ones
    too), None while it has none."""
    return network.service_areas.aggregate(first=Min("valid_from"))["first"]


def plan_period_refusal(*, network, period, first_day: datetime.date | None) -> str:
    """Why ``network`` can have no plan for ``period`` ("" when it can), besides a plan it has
    for it already: a plan is about the years in which the network serves its region, so a
    period that ends before ``first_day`` (first_service_day) is refused. A network with no
    service area yet is not refused: what it serves is not registered yet, and its plan cannot
    be completed until it is (its goals target the zones it serves)."""
    if first_day is not None and period.end_year < first_day.year:
        return _(
            "%(network)s serves its first zone from %(day)s: %(period)s ends before that. A "
            "multi-year plan covers years in which the network serves its region."
        ) % {"network": network.name, "day": formats.date_format(first_day, "d/m/Y"), "period": period.label}
    return ""


def periods_for_new_plan(network) -> list[PlanningPeriod]:
    """The planning periods ``network`` may start a plan for now (what plan_create accepts), in
    their order: those it has no plan for, that do not end before it serves (two queries)."""
    first_day = first_service_day(network)
    periods = PlanningPeriod.objects.annotate(
        has_plan=Exists(MultiYearPlan.objects.filter(network=network, period=OuterRef("pk")))
    )
    return [
        period
        for period in periods
        if not period.has_plan
        and not plan_period_refusal(network=network, period=period, first_day=first_day)
    ]


@history_by
@transaction.atomic
def plan_create(*, network, period, by, summary: str = "", stakeholders: str = "") -> MultiYearPlan:
    """A new plan of ``network`` for ``period``. Refused, on the period, when the network has a
    plan for it already (code PLAN_EXISTS: another tab made it meanwhile) or serves no zone
    before it ends (plan_period_refusal)."""
    permissions.require(permissions.create_plan(by, network))
    existing = MultiYearPlan.objects.filter(network=network, period=period).first()
    if existing is not None:
        names = {"network": network.name, "period": period.label}
        raise ValidationError(
            {
                "period": ValidationError(
                    _("%(network)s already has a plan for %(period)s."),
                    code=PLAN_EXISTS,
                    params={**names, "plan": existing.pk},
                )
            }
        )
    if refusal := plan_period_refusal(network=network, period=period, first_day=first_service_day(network)):
        raise ValidationError({"period": refusal})
    plan = MultiYearPlan(
        network=network, period=period, summary=summary, stakeholders=stakeholders, created_by=by
    )
    plan.full_clean()
    plan.save()
    return plan


@history_by
@transaction.atomic
def plan_update(*, plan, by, version, summary: str, stakeholders: str) -> MultiYearPlan:
    """Save the plan's general part (summary and stakeholders)."""
    plan = _lock_plan_to_edit(plan, by)
    return _save(plan, version=version, fields={"summary": summary, "stakeholders": stakeholders})


@history_by
@transaction.atomic
def goal_save(
    *, plan, by, goal=None, version=None, aims=(), target_zones=(), complexity_levels=(), **fields
) -> PlanGoal:
    """Create (goal None) or update one goal; target zones must be zones the network serves, or
    zones the goal targets already (kept until somebody unticks them)."""
    plan = _lock_plan_to_edit(plan, by)
    goal = _locked_part(PlanGoal, goal, plan=plan)
    served = {area.zone_id for area in current_service_areas([plan.network_id])}
    if goal.pk:
        served |= set(goal.target_zones.values_list("pk", flat=True))
    outside = [zone.name for zone in target_zones if zone.pk not in served]
    if outside:
        raise ValidationError(
            {"target_zones": _("Not served by this network: %(zones)s.") % {"zones": ", ".join(outside)}}
        )
    many = {"aims": aims, "target_zones": target_zones, "complexity_levels": complexity_levels}
    return _save(goal, version=version, fields=fields, many=many)


@history_by
@transaction.atomic
def action_save(
    *, goal, by, action=None, version=None, partner_types=(), partners=(), **fields
) -> PlanAction:
    """Create or update an action; its dates fall within the plan's period, its partner
    organisations in the network's zones (or without a place), or among those it names already."""
    plan = _lock_plan_to_edit(goal.plan, by)
    period = plan.period
    action = _locked_part(PlanAction, action, goal=goal)
    check_partners_in_scope(plan.network, partners, kept=action.partners.all() if action.pk else ())
    outside = {
        name: _("Choose a date within the planning period %(period)s.") % {"period": period.label}
        for name in ("start", "end")
        if fields.get(name) and not (period.start_year <= fields[name].year <= period.end_year)
    }
    if outside:
        raise ValidationError(outside)
    many = {"partner_types": partner_types, "partners": partners}
    return _save(action, version=version, fields=fields, many=many)


@history_by
@transaction.atomic
def indicator_save(*, goal, by, indicator=None, version=None, targets: dict[int, Decimal | None], **fields):
    """Create or update an indicator with its targets per year of the period."""
    years = set(_lock_plan_to_edit(goal.plan, by).period.years)
    if any(value is not None and year not in years for year, value in targets.items()):
        raise ValidationError(_("Targets must fall within the planning period."))
    indicator = _locked_part(PlanIndicator, indicator, goal=goal)
    new = indicator.pk is None
    if new:
        _save(indicator, version=None, fields=fields)
    else:
        check_version(indicator, version)  # before the targets are touched
    wanted = {year: None if value is None else {"value": value} for year, value in targets.items()}
    targets_changed = store_changed_rows(IndicatorTarget, {"indicator": indicator}, "year", wanted)
    return (
        indicator if new else _save(indicator, version=version, fields=fields, parts_changed=targets_changed)
    )


@history_by
@transaction.atomic
def item_delete(*, obj, by, seen: str | None = None) -> None:
    """Delete a goal, action or indicator of an editable plan (a reopened approved plan too),
    with its lines in the progress reports still being written. A part that a submitted or
    approved report speaks of stays: that report keeps what it said (refused, with its years).
    ``seen``: the part's deletion_state as its page showed it; a part changed since (a goal
    with an action or indicator added or removed) is refused (ConflictError)."""
    plan = _lock_plan_to_edit(obj.plan if isinstance(obj, PlanGoal) else obj.goal.plan, by)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if seen is not None and seen != deletion_state(obj):
        raise ConflictError(
            _(
                "“%(part)s” changed after you opened the page (it was edited, or an action or "
                "indicator was added or removed): nothing was deleted. Look at it again and delete "
                "it again if you still want to."
            )
            % {"part": obj}
        )
    # The plan's reports too: a report submitted meanwhile (its submission locks its row) is
    # seen as submitted here, and its lines stay.
    list(YearlyProgress.objects.select_for_update().filter(plan=plan).values_list("pk", flat=True))
    lines = _report_lines_about(obj)
    kept = sorted({line.progress.year for line in lines if not line.progress.is_editable})
    if kept:
        raise ValidationError(
            _(
                "“%(part)s” is part of the progress report of %(years)s, which has been submitted to "
                "the department: it cannot be deleted, so that the report keeps what it said."
            )
            % {"part": obj, "years": ", ".join(map(str, kept))}
        )
    for line in lines:  # one by one, so that each removal is in the history
        line.delete()
    # A report being written loses lines: a page of it opened before is now out of date (its save
    # would drop what was typed for the part without a word).
    for report in {line.progress_id: line.progress for line in lines}.values():
        bump_stored_version(report)
    obj.delete()


def _report_lines_about(obj) -> list:
    """The lines of progress reports about the goal, action or indicator `obj` (for a goal: about
    its actions and indicators), with their report."""
    if isinstance(obj, PlanGoal):
        about = [(IndicatorProgress, {"indicator__goal": obj}), (ActionProgress, {"action__goal": obj})]
    elif isinstance(obj, PlanIndicator):
        about = [(IndicatorProgress, {"indicator": obj})]
    else:
        about = [(ActionProgress, {"action": obj})]
    return [
        line for model, lookup in about for line in model.objects.filter(**lookup).select_related("progress")
    ]
