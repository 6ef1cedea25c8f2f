"""Writes on multi-year plans and yearly progress reports: creation, section saves with
conflict detection, comments, and every status change (with its event, version and e-mail)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from missions import notifications, workflow
from missions.models import (
    IndicatorTarget,
    MultiYearPlan,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanVersion,
    ReviewComment,
    ReviewEvent,
    SubmissionStatus,
)
from networks.rules import is_coordinator_of_network, is_department_staff


class ConflictError(ValidationError):
    """The record changed since the form was opened: nothing was overwritten."""


def plan_detail_queryset():
    """A plan with everything the detail, completeness, snapshot and PDF need (fixed queries)."""
    return MultiYearPlan.objects.select_related("network", "period").prefetch_related(
        Prefetch(
            "goals",
            queryset=PlanGoal.objects.select_related("theme").prefetch_related(
                "aims",
                "target_zones",
                Prefetch(
                    "actions",
                    queryset=PlanAction.objects.prefetch_related(
                        "partner_types",
                        Prefetch("comments", queryset=ReviewComment.objects.select_related("author")),
                    ),
                ),
                Prefetch("indicators", queryset=PlanIndicator.objects.prefetch_related("targets")),
                Prefetch("comments", queryset=ReviewComment.objects.select_related("author")),
            ),
        )
    )


# Snapshots and diffs --------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def plan_snapshot(plan: MultiYearPlan) -> dict:
    """The plan's content as plain JSON, keyed by stable ids so versions can be compared."""
    return {
        "network": plan.network.code,
        "period": [plan.period.start_year, plan.period.end_year],
        "summary": plan.summary,
        "stakeholders": plan.stakeholders,
        "goals": [
            {
                "id": goal.pk,
                "theme": goal.theme.code,
                "title": goal.title,
                "description": goal.description,
                "aims": sorted(aim.code for aim in goal.aims.all()),
                "target_zones": sorted(zone.code for zone in goal.target_zones.all()),
                "delivery_mode": goal.delivery_mode,
                "actions": [
                    {
                        "id": action.pk,
                        "what": action.what,
                        "partners": sorted(p.code for p in action.partner_types.all()),
                        "partners_note": action.partners_note,
                        "responsible": action.responsible,
                        "start": _text(action.start),
                        "end": _text(action.end),
                    }
                    for action in goal.actions.all()
                ],
                "indicators": [
                    {
                        "id": indicator.pk,
                        "name": indicator.name,
                        "unit": indicator.unit,
                        "baseline_value": _text(indicator.baseline_value),
                        "baseline_year": indicator.baseline_year,
                        "direction": indicator.direction,
                        "targets": {str(t.year): _text(t.value) for t in indicator.targets.all()},
                    }
                    for indicator in goal.indicators.all()
                ],
            }
            for goal in plan.goals.all()
        ],
    }


def _field_changes(
    old: dict, new: dict, skip=("id", "actions", "indicators")
) -> list[tuple[str, object, object]]:
    keys = [k for k in {**old, **new} if k not in skip]
    return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


def _items_diff(old_items: list[dict], new_items: list[dict], label_key: str) -> list[dict]:
    old_by_id = {item["id"]: item for item in old_items}
    new_by_id = {item["id"]: item for item in new_items}
    changes = []
    for item_id in list(old_by_id) + [i for i in new_by_id if i not in old_by_id]:
        old, new = old_by_id.get(item_id), new_by_id.get(item_id)
        if old is None:
            changes.append({"kind": "added", "label": new[label_key], "fields": _field_changes({}, new)})
        elif new is None:
            changes.append({"kind": "removed", "label": old[label_key], "fields": []})
        elif fields := _field_changes(old, new):
            changes.append({"kind": "changed", "label": new[label_key], "fields": fields})
    return changes


def plan_diff(old: dict, new: dict) -> dict:
    """What changed between two snapshots: plan fields, and per goal its own fields, actions
    and indicators. Goals without any change are left out."""
    goals = []
    old_goals = {g["id"]: g for g in old.get("goals", [])}
    new_goals = {g["id"]: g for g in new.get("goals", [])}
    for goal_id in list(old_goals) + [g for g in new_goals if g not in old_goals]:
        a, b = old_goals.get(goal_id), new_goals.get(goal_id)
        if a is None:
            goals.append(
                {
                    "kind": "added",
                    "title": b["title"],
                    "theme": b["theme"],
                    "fields": _field_changes({}, b),
                    "actions": _items_diff([], b["actions"], "what"),
                    "indicators": _items_diff([], b["indicators"], "name"),
                }
            )
            continue
        if b is None:
            goals.append(
                {
                    "kind": "removed",
                    "title": a["title"],
                    "theme": a["theme"],
                    "fields": [],
                    "actions": [],
                    "indicators": [],
                }
            )
            continue
        fields = _field_changes(a, b)
        actions = _items_diff(a["actions"], b["actions"], "what")
        indicators = _items_diff(a["indicators"], b["indicators"], "name")
        if fields or actions or indicators:
            goals.append(
                {
                    "kind": "changed",
                    "title": b["title"],
                    "theme": b["theme"],
                    "fields": fields,
                    "actions": actions,
                    "indicators": indicators,
                }
            )
    return {
        "plan": _field_changes(
            {k: v for k, v in old.items() if k != "goals"},
            {k: v for k, v in new.items() if k != "goals"},
            skip=(),
        ),
        "goals": goals,
    }


# Creation and section saves ------------------------------------------------------------


def _require_editor(subject, user):
    if not is_coordinator_of_network(user, subject.network):
        raise PermissionDenied(_("Only the network's coordinators edit this."))
    if not subject.is_editable:
        raise PermissionDenied(
            _("This can no longer be changed: its status is '%(status)s'.")
            % {"status": subject.get_status_display()}
        )


def _check_version(obj, version):
    # Every edit form carries the version it was opened at; a save without one is refused too,
    # so no client can overwrite blindly.
    if version is None or int(version) != obj.lock_version:
        raise ConflictError(
            _(
                "Somebody else saved this part after you opened it. Your input is shown again: compare it "
                "with the saved text (open the page in a new tab) and save again."
            )
        )


@transaction.atomic
def plan_create(*, network, period, by, summary: str = "", stakeholders: str = "") -> MultiYearPlan:
    if not is_coordinator_of_network(by, network):
        raise PermissionDenied(_("Only the network's coordinators create its plans."))
    if MultiYearPlan.objects.filter(network=network, period=period).exists():
        raise ValidationError(
            _("%(network)s already has a plan for %(period)s.")
            % {"network": network.name, "period": period.name}
        )
    plan = MultiYearPlan(
        network=network, period=period, summary=summary, stakeholders=stakeholders, created_by=by
    )
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan, by, version, **fields) -> MultiYearPlan:
    plan = MultiYearPlan.objects.select_for_update().get(pk=plan.pk)
    _require_editor(plan, by)
    _check_version(plan, version)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.lock_version += 1
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def goal_save(*, plan, by, goal=None, version=None, aims=(), target_zones=(), **fields) -> PlanGoal:
    """Create (goal None) or update one goal; target zones must be zones the network serves."""
    from missions.selectors import current_service_areas

    plan = MultiYearPlan.objects.select_for_update().get(pk=plan.pk)
    _require_editor(plan, by)
    served = {area.zone_id for area in current_service_areas([plan.network_id])}
    outside = [zone.name for zone in target_zones if zone.pk not in served]
    if outside:
        raise ValidationError(
            {"target_zones": _("Not served by this network: %(zones)s.") % {"zones": ", ".join(outside)}}
        )
    if goal is None:
        goal = PlanGoal(plan=plan)
    else:
        goal = PlanGoal.objects.select_for_update().get(pk=goal.pk, plan=plan)
        _check_version(goal, version)
        goal.lock_version += 1
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    goal.aims.set(aims)
    goal.target_zones.set(target_zones)
    return goal


@transaction.atomic
def action_save(*, goal, by, action=None, version=None, partner_types=(), **fields) -> PlanAction:
    _require_editor(goal.plan, by)
    period = goal.plan.period
    outside = {
        name: _("Choose a date within the planning period %(period)s.") % {"period": period.name}
        for name in ("start", "end")
        if fields.get(name) and not (period.start_year <= fields[name].year <= period.end_year)
    }
    if outside:
        raise ValidationError(outside)
    if action is None:
        action = PlanAction(goal=goal)
    else:
        action = PlanAction.objects.select_for_update().get(pk=action.pk, goal=goal)
        _check_version(action, version)
        action.lock_version += 1
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    action.partner_types.set(partner_types)
    return action


@transaction.atomic
def indicator_save(*, goal, by, indicator=None, version=None, targets: dict[int, Decimal | None], **fields):
    """Create or update an indicator with its targets per year of the period."""
    _require_editor(goal.plan, by)
    years = set(goal.plan.period.years)
    outside = [year for year, value in targets.items() if value is not None and year not in years]
    if outside:
        raise ValidationError(_("Targets must fall within the planning period."))
    if indicator is None:
        indicator = PlanIndicator(goal=goal)
    else:
        indicator = PlanIndicator.objects.select_for_update().get(pk=indicator.pk, goal=goal)
        _check_version(indicator, version)
        indicator.lock_version += 1
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    for year, value in targets.items():
        if value is None:
            IndicatorTarget.objects.filter(indicator=indicator, year=year).delete()
        else:
            IndicatorTarget.objects.update_or_create(
                indicator=indicator, year=year, defaults={"value": value}
            )
    return indicator


@transaction.atomic
def item_delete(*, obj, by) -> None:
    """Delete a goal, action or indicator of an editable plan."""
    plan = obj.plan if isinstance(obj, PlanGoal) else obj.goal.plan
    _require_editor(plan, by)
    obj.delete()


# Comments and transitions ---------------------------------------------------------------


@transaction.atomic
def comment_add(*, subject, by, text: str, goal=None, action=None) -> ReviewComment:
    """A reviewer's comment on a plan (or one goal or action of it) or a progress report.
    Commenting on a submitted document starts its review."""
    if not is_department_staff(by):
        raise PermissionDenied(_("Only department staff write review comments."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Write a comment.")})
    is_plan = isinstance(subject, MultiYearPlan)
    if subject.status == SubmissionStatus.SUBMITTED:
        subject = _apply(subject, "start_review", by=by)
    latest = subject.latest_version if is_plan else None
    return ReviewComment.objects.create(
        plan=subject if is_plan else None,
        progress=None if is_plan else subject,
        goal=goal,
        action=action,
        author=by,
        text=text.strip(),
        version_number=latest.number if latest else None,
    )


def _apply(subject, name: str, *, by, comment: str = "") -> object:
    """Move `subject` along transition `name`: lock, check, save, event (and version on a plan
    submission), e-mail after commit."""
    model = type(subject)
    subject = model.objects.select_for_update().get(pk=subject.pk)
    reason = workflow.refusal(subject, name, by)
    if reason:
        raise PermissionDenied(reason)
    transition = workflow.TRANSITIONS[name]
    if transition.comment_required and not (comment or "").strip():
        has_comments = subject.comments.filter(created_at__gte=_last_event_at(subject)).exists()
        if not has_comments:
            raise ValidationError({"comment": _("Say what has to change: write a comment.")})
    is_plan = isinstance(subject, MultiYearPlan)
    version = None
    if name == "submit":
        if is_plan:
            from missions.completeness import plan_missing_items

            full = plan_detail_queryset().get(pk=subject.pk)
            missing = plan_missing_items(full)
            if missing:
                raise ValidationError([item.message for item in missing])
            number = (subject.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            version = PlanVersion.objects.create(
                plan=subject, number=number, submitted_by=by, content=plan_snapshot(full), reason=comment
            )
        else:
            from missions.services.progress import progress_missing_items

            missing = progress_missing_items(subject)
            if missing:
                raise ValidationError(missing)
    before = subject.status
    subject.status = transition.target
    subject.lock_version += 1
    subject.save(update_fields=["status", "lock_version", "updated_at"])
    latest = subject.latest_version if is_plan else None
    ReviewEvent.objects.create(
        plan=subject if is_plan else None,
        progress=None if is_plan else subject,
        from_status=before,
        to_status=subject.status,
        by=by,
        comment=(comment or "").strip(),
        version_number=(version or latest).number if (version or latest) else None,
    )
    transaction.on_commit(lambda: notifications.status_changed(model, subject.pk, name))
    return subject


def _last_event_at(subject):
    event = subject.events.order_by("-at").first()
    return event.at if event else subject.created_at


@transaction.atomic
def transition_apply(*, subject, name: str, by, comment: str = ""):
    """The one entry point the views use. A decision on a submitted document first records
    that its review started, so the timeline shows every step."""
    if (
        name in ("request_changes", "approve")
        and subject.status == SubmissionStatus.SUBMITTED
        and workflow.refusal(subject, name, by) is None
    ):
        subject = _apply(subject, "start_review", by=by)
    return _apply(subject, name, by=by, comment=comment)
