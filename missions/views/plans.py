"""The coordinators' portal for multi-year plans and the department's review of them.

Every page fetches its plan through missions/permissions.py: outside the user's scope a 404,
inside it but not allowed a 403 with the reason. The services check the same answers again
for the writes they do."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from missions import permissions
from missions.completeness import plan_missing_items
from missions.forms import (
    NOT_SERVED_NOW,
    OUTSIDE_ZONES_NOW,
    ActionForm,
    CommentForm,
    GoalForm,
    IndicatorForm,
    PlanCreateForm,
    PlanGeneralForm,
)
from missions.models import (
    GoalDelivery,
    MissionTheme,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanningPeriod,
    SextupleAim,
)
from missions.selectors import current_service_areas
from missions.selectors.care_councils import care_councils_for_plan
from missions.selectors.partners import partners_for_network
from missions.selectors.plans import (
    deletion_state,
    goal_for_edit,
    goal_lists,
    open_change_request,
    part_comments,
    plan_events,
    plan_page,
    plan_page_queryset,
    portal_plans,
    versions_of,
)
from missions.selectors.versions import plan_diff, readable_diff
from missions.services import plans as services
from missions.views.workflow import comment_post, transition_buttons, transition_page
from networks.models import Network, RegionalCareZone
from networks.rules import network_ids_of
from npz_registry import dataversion
from npz_registry.concurrency import show_error_on_form
from npz_registry.forms import keep_stored_choices
from npz_registry.numbers import without_trailing_zeros
from npz_registry.once import create_once, repeated

EDIT_METHODS = ["GET", "HEAD", "POST"]


@require_safe
def portal_home(request):
    """My networks and their plans (coordinators); staff land on the review queue."""
    networks = list(Network.objects.filter(pk__in=network_ids_of(request.user)))
    if not networks and permissions.view_review_queue(request.user):
        return redirect("missions:review-queue")
    return TemplateResponse(
        request,
        "missions/portal/home.html",
        {"networks": networks, "plans": portal_plans(networks), "periods": PlanningPeriod.objects.all()},
    )


def _edit_page(request, form, *, record, save, done: str, then, page):
    """Every edit page: on a valid POST call ``save`` with the form's data, say ``done`` and go
    to ``then(saved)``; otherwise (or when the service refuses, shown on the form) ``page()``."""
    if record is None and (shown := repeated(request)):
        return shown
    if request.method == "POST" and form.is_valid():
        try:
            if record is None:  # a creation: once per form, whatever the clicks
                saved, again = create_once(
                    request, lambda: save(form.cleaned_data), lambda obj: resolve_url(then(obj))
                )
                if again is not None:
                    return again
            else:
                saved = save(form.cleaned_data)
        except ValidationError as error:
            show_error_on_form(form, error, record=record)
        else:
            messages.success(request, done)
            return redirect(then(saved))
    return page()


def _existing_plan_url(form) -> str | None:
    """The address of the plan the service named when it refused a period the network has a
    plan for already (another tab made it meanwhile): the page links to it."""
    for error in form.errors.as_data().get("period", []):
        if error.code == services.PLAN_EXISTS:
            return reverse("missions:plan-detail", args=[error.params["plan"]])
    return None


@require_http_methods(EDIT_METHODS)
def plan_create(request, code):
    network = permissions.get_network_missions_for_user_or_404(
        request.user, code, check=permissions.create_plan
    )
    offered = services.periods_for_new_plan(network)
    form = PlanCreateForm(request.POST or None, periods=PlanningPeriod.objects.all(), offered=offered)

    def save(data):
        return services.plan_create(network=network, by=request.user, **data)

    def page():
        context = {"form": form, "network": network, "title": _("New multi-year plan")}
        context["existing_plan_url"] = _existing_plan_url(form)
        return TemplateResponse(
            request, "missions/plans/section_form.html", {**context, "back": reverse("missions:portal")}
        )

    done = _("Plan created. Add a goal for each theme.")
    return _edit_page(request, form, record=None, save=save, done=done, then=lambda plan: plan, page=page)


@require_safe
def plan_detail(request, pk):
    user = request.user
    plan = permissions.get_plan_for_user_or_404(user, pk, plans=plan_page_queryset())
    page = plan_page(plan)
    missing = []
    if plan.is_editable:  # the goals are read here, not only for the page's fragment
        core_themes = [group["theme"] for group in page.themes]
        missing = plan_missing_items(plan, themes=core_themes, areas=page.areas)
    can = {
        "edit": permissions.edit_plan(user, plan),
        "comment": permissions.comment(user, plan),
        "start_progress": permissions.start_progress(user, plan),
        "review": permissions.view_review_queue(user),
        "submit": permissions.is_transition_actor(user, plan, "submit"),
    }
    resubmission = bool(plan.version_count)
    return TemplateResponse(
        request,
        "missions/plans/plan_detail.html",
        {
            "plan": plan,
            "can": can,
            # The goals (and the care councils) are read only when the fragment the template
            # keeps of them for this data version is missing; never kept where they carry
            # comment forms (each with this user's CSRF token).
            "page": page,
            "data_version": dataversion.fragment_version(),
            "missing": missing,
            "transitions": transition_buttons(user, plan, blocked=bool(missing), resubmission=resubmission),
            "plan_comments": page.plan_comments,
            "change_request": open_change_request(plan, comments=page.comments),
            "progress_reports": page.progress_reports,
            "under_revision": permissions.plan_under_revision(plan),
            "reported_years": {report.year for report in page.progress_reports},
            "zones": [area.zone for area in page.areas],
            "care_councils": SimpleLazyObject(lambda: care_councils_for_plan(plan)),
            "comment_max_length": CommentForm.text_max_length(),
        },
    )


def _section_page(request, form, plan, title, back, **extra):
    return TemplateResponse(
        request,
        "missions/plans/section_form.html",
        {"form": form, "plan": plan, "title": title, "back": back, **extra},
    )


def _comments_shown(part) -> dict:
    """What an edit page shows of the department's comments on ``part`` (a saved action): read
    only when the template's list of this data version and part is missing."""
    if part is None:
        return {}
    return {
        "comments_of": f"{type(part).__name__.lower()}-{part.pk}",
        "comments": SimpleLazyObject(lambda: part_comments(part)),
        "data_version": dataversion.fragment_version(),
    }


def _initial(record, fields, many=()) -> dict:
    """The form's initial data from ``record`` (None: a new one), with the version it is at."""
    if record is None:
        return {}
    initial = {name: getattr(record, name) for name in fields}
    initial.update({name: list(getattr(record, name).all()) for name in many})
    return {**initial, "version": record.lock_version}


@require_http_methods(EDIT_METHODS)
def plan_general_edit(request, pk):
    plan = permissions.get_editable_plan_for_user_or_404(request.user, pk, content=False)
    form = PlanGeneralForm(request.POST or None, initial=_initial(plan, ["summary", "stakeholders"]))

    def save(data):
        return services.plan_update(plan=plan, by=request.user, **data)

    def page():
        return _section_page(request, form, plan, _("General"), plan.get_absolute_url())

    return _edit_page(request, form, record=plan, save=save, done=_("Saved."), then=lambda p: p, page=page)


def _goal_form(plan, data, initial, goal=None):
    zones = RegionalCareZone.objects.filter(pk__in=current_service_areas([plan.network_id]).values("zone_id"))
    form = GoalForm(
        data,
        initial=initial,
        themes=MissionTheme.objects.core().order_by("number"),
        aims=SextupleAim.objects.all(),
        zones=zones,
    )
    if goal is not None:
        keep_stored_choices(form.fields["target_zones"], goal.link_ids["target_zones"], NOT_SERVED_NOW)
    return form


def _new_goal_initial(request, plan) -> dict:
    """A new goal starts on the theme the link names, delivered both ways, for the network's
    only zone if it serves one."""
    initial = {
        "theme": MissionTheme.objects.core().filter(code=request.GET.get("theme")).first(),
        "delivery_mode": GoalDelivery.BOTH,
    }
    zones = [area.zone for area in current_service_areas([plan.network_id])]
    if len(zones) == 1:
        initial["target_zones"] = zones
    return initial


def _goal_page(plan, goal_pk) -> str:
    return reverse("missions:goal-edit", args=[plan.pk, goal_pk])


@require_http_methods(EDIT_METHODS)
def goal_edit(request, pk, goal_pk=None):
    plan = permissions.get_editable_plan_for_user_or_404(request.user, pk, content=False)
    goal = None
    if goal_pk and (goal := goal_for_edit(plan, goal_pk)) is None:
        raise Http404
    fields = ["theme", "title", "description", "delivery_mode", "first_line_role"]
    initial = {**_initial(goal, fields), **goal.link_ids} if goal else _new_goal_initial(request, plan)
    form = _goal_form(plan, request.POST or None, initial, goal)

    def save(data):
        return services.goal_save(plan=plan, by=request.user, goal=goal, **data)

    def page():
        context = {
            "form": form,
            "plan": plan,
            "goal": goal,
            # Read only when the template's lists of this data version and goal are missing.
            "lists": SimpleLazyObject(lambda: goal_lists(goal)) if goal else None,
            "data_version": dataversion.fragment_version(),
            "back": plan.get_absolute_url() + "#goals",
        }
        return TemplateResponse(request, "missions/plans/goal_form.html", context)

    def then(saved):
        return _goal_page(plan, saved.pk)

    return _edit_page(request, form, record=goal, save=save, done=_("Goal saved."), then=then, page=page)


@require_http_methods(EDIT_METHODS)
def action_edit(request, pk, goal_pk, action_pk=None):
    plan = permissions.get_editable_plan_for_user_or_404(request.user, pk, content=False)
    goal = get_object_or_404(PlanGoal, pk=goal_pk, plan=plan)
    action = get_object_or_404(PlanAction, pk=action_pk, goal=goal) if action_pk else None
    fields = ["what", "partners_note", "responsible", "start", "end"]
    initial = _initial(action, fields, many=["partner_types", "partners"])
    form = ActionForm(request.POST or None, initial=initial, partners=partners_for_network(plan.network))
    keep_stored_choices(
        form.fields["partners"], [p.pk for p in initial.get("partners", [])], OUTSIDE_ZONES_NOW
    )

    def save(data):
        return services.action_save(goal=goal, by=request.user, action=action, **data)

    back = _goal_page(plan, goal.pk)

    def page():
        title = _("Action of “%(goal)s”") % {"goal": goal.title}
        return _section_page(request, form, plan, title, back, **_comments_shown(action))

    done = _("Action saved.")
    return _edit_page(request, form, record=action, save=save, done=done, then=lambda _a: back, page=page)


@require_http_methods(EDIT_METHODS)
def indicator_edit(request, pk, goal_pk, indicator_pk=None):
    plan = permissions.get_editable_plan_for_user_or_404(request.user, pk, content=False)
    goal = get_object_or_404(PlanGoal, pk=goal_pk, plan=plan)
    indicator = get_object_or_404(PlanIndicator, pk=indicator_pk, goal=goal) if indicator_pk else None
    initial = _initial(indicator, ["name", "unit", "baseline_value", "baseline_year", "direction"])
    if indicator:
        initial["baseline_value"] = without_trailing_zeros(initial.get("baseline_value"))
        initial.update({f"target_{t.year}": without_trailing_zeros(t.value) for t in indicator.targets.all()})
    form = IndicatorForm(request.POST or None, initial=initial, years=plan.period.years)

    def save(data):
        fields = {name: value for name, value in data.items() if not name.startswith("target_")}
        return services.indicator_save(
            goal=goal, by=request.user, indicator=indicator, targets=form.targets, **fields
        )

    back = _goal_page(plan, goal.pk)

    def page():
        return _section_page(request, form, plan, _("Indicator of “%(goal)s”") % {"goal": goal.title}, back)

    done = _("Indicator saved.")
    return _edit_page(request, form, record=indicator, save=save, done=done, then=lambda _i: back, page=page)


#: The plan parts a coordinator deletes, by their (Dutch) URL name.
DELETABLE = {"doel": PlanGoal, "actie": PlanAction, "indicator": PlanIndicator}


def _parts_text(actions: int, indicators: int) -> str:
    """What goes with a goal, as "2 actions and 1 indicator" (empty when nothing does)."""
    counted = {
        "actions": ngettext("%(count)d action", "%(count)d actions", actions) % {"count": actions},
        "indicators": ngettext("%(count)d indicator", "%(count)d indicators", indicators)
        % {"count": indicators},
    }
    if actions and indicators:
        return _("%(actions)s and %(indicators)s") % counted
    return counted["actions"] if actions else counted["indicators"] if indicators else ""


def _deleted_message(obj, *, actions: int = 0, indicators: int = 0) -> str:
    """What the page says after a delete, naming the part (and for a goal what went with it)."""
    name = {"name": obj}
    if isinstance(obj, PlanAction):
        return _("Action “%(name)s” deleted.") % name
    if isinstance(obj, PlanIndicator):
        return _("Indicator “%(name)s” deleted.") % name
    if parts := _parts_text(actions, indicators):
        return _("Goal “%(name)s” deleted, with %(parts)s.") % {**name, "parts": parts}
    return _("Goal “%(name)s” deleted.") % name


def _delete_page(request, plan, obj, back: str):
    """The question before a delete: the part, for a goal with its actions and indicators; its
    form sends back the part's deletion_state as listed here (``seen``)."""
    name = {"name": obj}
    actions = indicators = []
    if isinstance(obj, PlanGoal):
        title = _("Delete goal “%(name)s”?") % name
        actions, indicators = list(obj.actions.order_by("pk")), list(obj.indicators.order_by("pk"))
    elif isinstance(obj, PlanAction):
        title = _("Delete action “%(name)s”?") % name
    else:
        title = _("Delete indicator “%(name)s”?") % name
    seen = deletion_state(obj, action_ids=[a.pk for a in actions], indicator_ids=[i.pk for i in indicators])
    context = {
        "plan": plan,
        "goal": obj if isinstance(obj, PlanGoal) else obj.goal,
        "is_goal": isinstance(obj, PlanGoal),
        "title": title,
        "actions": actions,
        "indicators": indicators,
        "parts": _parts_text(len(actions), len(indicators)),
        "seen": seen,
        "back": back,
    }
    return TemplateResponse(request, "missions/plans/delete_confirm.html", context)


@require_http_methods(EDIT_METHODS)
def item_delete(request, pk, kind, item_pk):
    """Delete a goal, action or indicator: a GET asks first (naming the part and, for a goal,
    the actions and indicators that go with it), the POST of that page deletes. The service
    checks that the plan is editable and that the part is still what the page showed (the
    ``seen`` it sends back); the message names what was deleted."""
    check = permissions.view_plan if request.method == "POST" else permissions.edit_plan
    plan = permissions.get_plan_for_user_or_404(request.user, pk, check=check, content=False)
    model = DELETABLE.get(kind)
    if model is None:
        raise Http404
    lookup = {"plan": plan} if model is PlanGoal else {"goal__plan": plan}
    obj = get_object_or_404(model, pk=item_pk, **lookup)
    goal_page = _goal_page(plan, obj.pk if model is PlanGoal else obj.goal_id)
    if request.method != "POST":
        return _delete_page(request, plan, obj, goal_page)
    # What goes with a goal, counted for the message (as the page showed it: else ``seen`` differs
    # and nothing is deleted).
    parts = (
        {"actions": obj.actions.count(), "indicators": obj.indicators.count()} if model is PlanGoal else {}
    )
    try:
        services.item_delete(obj=obj, by=request.user, seen=request.POST.get("seen"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _deleted_message(obj, **parts))
    return redirect(plan.get_absolute_url() if model is PlanGoal else goal_page)


@require_http_methods(EDIT_METHODS)
def plan_transition(request, pk, slug):
    """Confirm (GET) and apply (POST) a transition of the plan; the plan page shows the result."""
    plan = permissions.get_plan_for_user_or_404(request.user, pk, content=False)
    return transition_page(request, plan, slug)


@require_POST
def plan_comment(request, pk):
    plan = permissions.get_plan_for_user_or_404(request.user, pk)
    form = CommentForm(request.POST)
    goal = action = None
    if form.is_valid():
        goal = plan.goals.filter(pk=form.cleaned_data["goal"]).first() if form.cleaned_data["goal"] else None
        if form.cleaned_data["action"]:
            action = PlanAction.objects.filter(pk=form.cleaned_data["action"], goal__plan=plan).first()
    comment_post(request, plan, form, goal=goal, action=action)
    anchor = f"#goal-{goal.pk}" if goal else (f"#action-{action.pk}" if action else "#comments")
    return redirect(plan.get_absolute_url() + anchor)


@require_safe
def plan_timeline(request, pk):
    plan = permissions.get_plan_for_user_or_404(request.user, pk, content=False)
    return TemplateResponse(
        request, "missions/plans/timeline.html", {"plan": plan, "events": plan_events(plan)}
    )


def _picked_versions(request, versions):
    """The versions ``?van=`` and ``?naar=`` name (default: the latest and the one before)."""
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        try:
            return by_number[int(request.GET.get(name, default))]
        except (KeyError, TypeError, ValueError):
            return None

    new = pick("naar", versions[-1].number if versions else 0)
    old = pick("van", new.number - 1 if new else 0)
    return old, new


@require_safe
def plan_versions(request, pk):
    plan = permissions.get_plan_for_user_or_404(request.user, pk, content=False)

    def page() -> dict:
        versions = versions_of(plan)
        old, new = _picked_versions(request, versions)
        diff = None
        if old and new:
            diff = plan_diff(old.content, new.content)
        elif new and request.GET.get("van") in (None, "", "0"):
            diff = plan_diff({"goals": []}, new.content)
        return {"versions": versions, "old": old, "new": new, "diff": readable_diff(diff) if diff else None}

    return TemplateResponse(
        request,
        "missions/plans/versions.html",
        {
            "plan": plan,
            # Read only when the template's fragment of this data version, plan, language and
            # comparison is missing (the versions and their differences are the same for everyone
            # who may open the page).
            "page": SimpleLazyObject(page),
            "data_version": dataversion.fragment_version(),
        },
    )
