"""The coordinators' portal for multi-year plans and the department's review of them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from missions import workflow
from missions.completeness import plan_missing_items
from missions.forms import (
    ActionForm,
    CommentForm,
    GoalForm,
    IndicatorForm,
    PlanCreateForm,
    PlanGeneralForm,
    TransitionForm,
)
from missions.models import (
    DeliveryMode,
    IndicatorDirectionGoal,
    MissionTheme,
    MultiYearPlan,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanningPeriod,
    SextupleAim,
)
from missions.selectors import current_service_areas
from missions.services import plans as services
from networks.access import get_network_for_user_or_404
from networks.models import Network, RegionalCareZone
from networks.rules import is_coordinator_of_network, is_department_staff

#: URL slugs (Dutch, for the users) of the transitions.
TRANSITION_SLUGS = {
    "indienen": "submit",
    "intrekken": "withdraw",
    "beoordelen": "start_review",
    "wijzigingen-vragen": "request_changes",
    "goedkeuren": "approve",
    "heropenen": "reopen",
}
SLUG_OF = {name: slug for slug, name in TRANSITION_SLUGS.items()}


def get_plan_for_user_or_404(user, pk) -> MultiYearPlan:
    """The plan with its content, if `user` may see it; 404 otherwise (existence does not leak)."""
    return get_object_or_404(
        services.plan_detail_queryset().filter(pk__in=MultiYearPlan.objects.visible_to(user)), pk=pk
    )


def _editable_plan_or_403(user, pk) -> MultiYearPlan:
    plan = get_plan_for_user_or_404(user, pk)
    if not is_coordinator_of_network(user, plan.network):
        raise PermissionDenied(_("Only the network's coordinators edit its plan."))
    if not plan.is_editable:
        raise PermissionDenied(
            _("This plan can no longer be changed: its status is '%(status)s'.")
            % {"status": plan.get_status_display()}
        )
    return plan


def _form_errors_from(form, error: ValidationError, current=None):
    """Show a service's refusal on the form. After a conflict the form takes the saved
    version, so that saving again (after comparing) goes through."""
    if isinstance(error, services.ConflictError) and current is not None:
        fresh = type(current).objects.filter(pk=current.pk).values_list("lock_version", flat=True).first()
        form.data = form.data.copy()
        form.data["version"] = fresh
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_safe
def portal_home(request):
    """My networks and their plans (coordinators); staff land on the review queue."""
    networks = list(Network.objects.visible_to(request.user).filter(roles__user=request.user).distinct())
    if not networks and is_department_staff(request.user):
        return redirect("missions:review-queue")
    plans = (
        MultiYearPlan.objects.filter(network__in=networks)
        .select_related("network", "period")
        .prefetch_related("progress_reports")
        .order_by("network__name", "period__start_year")
    )
    return TemplateResponse(
        request,
        "missions/portal/home.html",
        {"networks": networks, "plans": plans, "periods": PlanningPeriod.objects.all()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request, code):
    network = get_network_for_user_or_404(request.user, code)
    if not is_coordinator_of_network(request.user, network):
        raise PermissionDenied(_("Only the network's coordinators create its plans."))
    periods = PlanningPeriod.objects.exclude(plans__network=network)
    form = PlanCreateForm(request.POST or None, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                network=network,
                period=form.cleaned_data["period"],
                by=request.user,
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Plan created. Add a goal for each theme."))
            return redirect(plan)
    return TemplateResponse(
        request,
        "missions/plans/section_form.html",
        {
            "form": form,
            "network": network,
            "title": _("New multi-year plan"),
            "back": reverse("missions:portal"),
        },
    )


def _goals_by_theme(plan):
    themes = list(MissionTheme.objects.core().prefetch_related("folded_themes").order_by("number"))
    goals = list(plan.goals.all())
    return [{"theme": theme, "goals": [g for g in goals if g.theme_id == theme.pk]} for theme in themes]


@require_safe
def plan_detail(request, pk):
    plan = get_plan_for_user_or_404(request.user, pk)
    user = request.user
    is_editor = is_coordinator_of_network(user, plan.network) and plan.is_editable
    is_reviewer = is_department_staff(user)
    transitions = [{"transition": t, "slug": SLUG_OF[t.name]} for t in workflow.available(plan, user)]
    versions = list(plan.versions.select_related("submitted_by"))
    return TemplateResponse(
        request,
        "missions/plans/plan_detail.html",
        {
            "plan": plan,
            "themes": _goals_by_theme(plan),
            "missing": plan_missing_items(plan) if plan.is_editable else [],
            "is_editor": is_editor,
            "is_reviewer": is_reviewer,
            "transitions": transitions,
            "transition_form": TransitionForm(),
            "comment_form": CommentForm(),
            "plan_comments": [
                c for c in plan.comments.select_related("author") if not c.goal_id and not c.action_id
            ],
            "versions": versions,
            "progress_reports": plan.progress_reports.all(),
            "zones": [a.zone for a in current_service_areas([plan.network_id])],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_general_edit(request, pk):
    plan = _editable_plan_or_403(request.user, pk)
    initial = {"summary": plan.summary, "stakeholders": plan.stakeholders, "version": plan.lock_version}
    form = PlanGeneralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                by=request.user,
                version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                stakeholders=form.cleaned_data["stakeholders"],
            )
        except ValidationError as error:
            _form_errors_from(form, error, current=plan)
        else:
            messages.success(request, _("Saved."))
            return redirect(plan)
    return TemplateResponse(
        request,
        "missions/plans/section_form.html",
        {"form": form, "plan": plan, "title": _("General"), "back": plan.get_absolute_url()},
    )


def _goal_form(plan, data=None, initial=None):
    zones = RegionalCareZone.objects.filter(
        pk__in=[a.zone_id for a in current_service_areas([plan.network_id])]
    )
    return GoalForm(
        data,
        initial=initial,
        themes=MissionTheme.objects.core().order_by("number"),
        aims=SextupleAim.objects.all(),
        zones=zones,
        delivery_choices=[*DeliveryMode.choices, ("BOTH", _("direct and indirect"))],
    )


@require_http_methods(["GET", "HEAD", "POST"])
def goal_edit(request, pk, goal_pk=None):
    plan = _editable_plan_or_403(request.user, pk)
    goal = get_object_or_404(PlanGoal, pk=goal_pk, plan=plan) if goal_pk else None
    if goal:
        initial = {
            "theme": goal.theme,
            "title": goal.title,
            "description": goal.description,
            "aims": list(goal.aims.all()),
            "target_zones": list(goal.target_zones.all()),
            "delivery_mode": goal.delivery_mode,
            "version": goal.lock_version,
        }
    else:
        theme = MissionTheme.objects.core().filter(code=request.GET.get("theme")).first()
        initial = {"theme": theme, "delivery_mode": "BOTH"}
        if plan.network.service_areas.count() == 1:
            initial["target_zones"] = [a.zone for a in current_service_areas([plan.network_id])]
    form = _goal_form(plan, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal = services.goal_save(
                plan=plan,
                by=request.user,
                goal=goal,
                version=data["version"],
                aims=data["aims"],
                target_zones=data["target_zones"],
                theme=data["theme"],
                title=data["title"],
                description=data["description"],
                delivery_mode=data["delivery_mode"],
            )
        except ValidationError as error:
            _form_errors_from(form, error, current=goal)
        else:
            messages.success(request, _("Goal saved."))
            return redirect(reverse("missions:goal-edit", args=[plan.pk, goal.pk]))
    return TemplateResponse(
        request,
        "missions/plans/goal_form.html",
        {"form": form, "plan": plan, "goal": goal, "back": plan.get_absolute_url() + "#goals"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request, pk, goal_pk, action_pk=None):
    plan = _editable_plan_or_403(request.user, pk)
    goal = get_object_or_404(PlanGoal, pk=goal_pk, plan=plan)
    action = get_object_or_404(PlanAction, pk=action_pk, goal=goal) if action_pk else None
    initial = (
        {
            "what": action.what,
            "partner_types": list(action.partner_types.all()),
            "partners_note": action.partners_note,
            "responsible": action.responsible,
            "start": action.start,
            "end": action.end,
            "version": action.lock_version,
        }
        if action
        else {}
    )
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_save(
                goal=goal,
                by=request.user,
                action=action,
                version=data["version"],
                partner_types=data["partner_types"],
                what=data["what"],
                partners_note=data["partners_note"],
                responsible=data["responsible"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as error:
            _form_errors_from(form, error, current=action)
        else:
            messages.success(request, _("Action saved."))
            return redirect(reverse("missions:goal-edit", args=[plan.pk, goal.pk]))
    return TemplateResponse(
        request,
        "missions/plans/section_form.html",
        {
            "form": form,
            "plan": plan,
            "title": _("Action of “%(goal)s”") % {"goal": goal.title},
            "back": reverse("missions:goal-edit", args=[plan.pk, goal.pk]),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def indicator_edit(request, pk, goal_pk, indicator_pk=None):
    plan = _editable_plan_or_403(request.user, pk)
    goal = get_object_or_404(PlanGoal, pk=goal_pk, plan=plan)
    indicator = get_object_or_404(PlanIndicator, pk=indicator_pk, goal=goal) if indicator_pk else None
    initial = {}
    if indicator:
        initial = {
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline_value": indicator.baseline_value,
            "baseline_year": indicator.baseline_year,
            "direction": indicator.direction,
            "version": indicator.lock_version,
            **{f"target_{t.year}": t.value for t in indicator.targets.all()},
        }
    form = IndicatorForm(
        request.POST or None,
        initial=initial,
        years=plan.period.years,
        direction_choices=IndicatorDirectionGoal.choices,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_save(
                goal=goal,
                by=request.user,
                indicator=indicator,
                version=data["version"],
                targets=form.targets,
                name=data["name"],
                unit=data["unit"],
                baseline_value=data["baseline_value"],
                baseline_year=data["baseline_year"],
                direction=data["direction"],
            )
        except ValidationError as error:
            _form_errors_from(form, error, current=indicator)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(reverse("missions:goal-edit", args=[plan.pk, goal.pk]))
    return TemplateResponse(
        request,
        "missions/plans/section_form.html",
        {
            "form": form,
            "plan": plan,
            "title": _("Indicator of “%(goal)s”") % {"goal": goal.title},
            "back": reverse("missions:goal-edit", args=[plan.pk, goal.pk]),
        },
    )


@require_POST
def item_delete(request, pk, kind, item_pk):
    plan = _editable_plan_or_403(request.user, pk)
    model = {"doel": PlanGoal, "actie": PlanAction, "indicator": PlanIndicator}.get(kind)
    if model is None:
        raise Http404
    lookup = {"plan": plan} if model is PlanGoal else {"goal__plan": plan}
    obj = get_object_or_404(model, pk=item_pk, **lookup)
    back = (
        plan.get_absolute_url()
        if model is PlanGoal
        else reverse("missions:goal-edit", args=[plan.pk, obj.goal_id])
    )
    services.item_delete(obj=obj, by=request.user)
    messages.success(request, _("Deleted."))
    return redirect(back)


@require_POST
def plan_transition(request, pk, slug):
    plan = get_plan_for_user_or_404(request.user, pk)
    name = TRANSITION_SLUGS.get(slug)
    if name is None:
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        services.transition_apply(
            subject=plan, name=name, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(plan)
    plan.refresh_from_db()
    messages.success(
        request, _("Done: the plan is now '%(status)s'.") % {"status": plan.get_status_display()}
    )
    if name in ("request_changes", "approve") and is_department_staff(request.user):
        return redirect("missions:review-queue")
    return redirect(plan)


@require_POST
def plan_comment(request, pk):
    plan = get_plan_for_user_or_404(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment."))
        return redirect(plan)
    goal = plan.goals.filter(pk=form.cleaned_data["goal"]).first() if form.cleaned_data["goal"] else None
    action = (
        PlanAction.objects.filter(pk=form.cleaned_data["action"], goal__plan=plan).first()
        if form.cleaned_data["action"]
        else None
    )
    try:
        services.comment_add(
            subject=plan, by=request.user, text=form.cleaned_data["text"], goal=goal, action=action
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Comment added."))
    anchor = f"#goal-{goal.pk}" if goal else (f"#goal-{action.goal_id}" if action else "#comments")
    return redirect(plan.get_absolute_url() + anchor)


@require_safe
def plan_timeline(request, pk):
    plan = get_plan_for_user_or_404(request.user, pk)
    events = plan.events.select_related("by")
    return TemplateResponse(request, "missions/plans/timeline.html", {"plan": plan, "events": events})


def _field_labels():
    return {
        "summary": _("Summary"),
        "stakeholders": _("Stakeholders"),
        "network": _("Network"),
        "period": _("Planning period"),
        "theme": _("Theme"),
        "title": _("Goal"),
        "description": _("Description"),
        "aims": _("Sextuple aims"),
        "target_zones": _("Target zones"),
        "delivery_mode": _("Delivery"),
        "what": _("Action"),
        "partners": _("Partners"),
        "partners_note": _("Partners (names)"),
        "responsible": _("Responsible"),
        "start": _("Start"),
        "end": _("End"),
        "name": _("Indicator"),
        "unit": _("Unit"),
        "baseline_value": _("Baseline value"),
        "baseline_year": _("Baseline year"),
        "direction": _("Direction"),
        "targets": _("Targets"),
    }


def _readable_diff(diff: dict) -> dict:
    """The diff with field names and codes in the user's language: labels for fields, names
    for themes, aims, zones and partners, and targets as "2027: 12"."""
    from missions.models import PartnerType

    names = {
        "theme": {t.code: t.label for t in MissionTheme.objects.all()},
        "aims": {a.code: a.label for a in SextupleAim.objects.all()},
        "target_zones": dict(RegionalCareZone.objects.values_list("code", "name")),
        "partners": {p.code: p.label for p in PartnerType.objects.all()},
        "delivery_mode": {**dict(DeliveryMode.choices), "BOTH": _("direct and indirect")},
        "direction": dict(IndicatorDirectionGoal.choices),
    }
    labels = _field_labels()

    def show(field, value):
        if value in (None, "", [], {}):
            return "–"
        if isinstance(value, dict):
            return ", ".join(f"{year}: {target}" for year, target in sorted(value.items()))
        if isinstance(value, list):
            return ", ".join(str(names.get(field, {}).get(v, v)) for v in value)
        return str(names.get(field, {}).get(value, value))

    def fields(items):
        return [(labels.get(f, f), show(f, before), show(f, after)) for f, before, after in items]

    kinds = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    return {
        "plan": fields(diff["plan"]),
        "goals": [
            {
                **goal,
                "theme_label": names["theme"].get(goal["theme"], goal["theme"]),
                "fields": fields(goal["fields"]),
                "actions": [
                    {**a, "kind_label": kinds[a["kind"]], "fields": fields(a["fields"])}
                    for a in goal["actions"]
                ],
                "indicators": [
                    {**i, "kind_label": kinds[i["kind"]], "fields": fields(i["fields"])}
                    for i in goal["indicators"]
                ],
            }
            for goal in diff["goals"]
        ],
    }


@require_safe
def plan_versions(request, pk):
    plan = get_plan_for_user_or_404(request.user, pk)
    versions = list(plan.versions.select_related("submitted_by"))
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        try:
            return by_number[int(request.GET.get(name, default))]
        except (KeyError, TypeError, ValueError):
            return None

    new = pick("naar", versions[-1].number if versions else 0)
    old = pick("van", new.number - 1 if new else 0)
    diff = None
    if old and new:
        diff = services.plan_diff(old.content, new.content)
    elif new and request.GET.get("van") in (None, "", "0"):
        diff = services.plan_diff({"goals": []}, new.content)
    return TemplateResponse(
        request,
        "missions/plans/versions.html",
        {
            "plan": plan,
            "versions": versions,
            "old": old,
            "new": new,
            "diff": _readable_diff(diff) if diff else None,
        },
    )
