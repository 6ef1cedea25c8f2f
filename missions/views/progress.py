"""Yearly progress reports on an approved plan: written by the coordinators, reviewed by
the department with the same workflow as the plans."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from missions import workflow
from missions.forms import CommentForm, TransitionForm
from missions.models import (
    ActionStatus,
    ActivityCount,
    IndicatorStatus,
    PlanAction,
    PlanIndicator,
    YearlyProgress,
    indicator_status,
)
from missions.selectors import current_service_areas
from missions.services import plans as plan_services
from missions.services.progress import due_date, progress_create, progress_save
from missions.views.plans import SLUG_OF, TRANSITION_SLUGS, get_plan_for_user_or_404
from networks.models import Municipality, RegionalCareZoneMembership
from networks.rules import is_coordinator_of_network, is_department_staff


def get_progress_for_user_or_404(user, pk) -> YearlyProgress:
    return get_object_or_404(
        YearlyProgress.objects.visible_to(user).select_related("plan__network", "plan__period"), pk=pk
    )


class ProgressForm(forms.Form):
    """One form for the whole report, built from the plan's indicators and actions and the
    municipalities of the network's zones."""

    narrative = forms.CharField(
        label=gettext_lazy("Narrative"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicators, actions, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.actions, self.municipalities = indicators, actions, municipalities
        for indicator in indicators:
            self.fields[f"actual_{indicator.pk}"] = forms.DecimalField(
                label=indicator.name, max_digits=14, decimal_places=2, required=False
            )
            self.fields[f"inote_{indicator.pk}"] = forms.CharField(
                label=_("Note"), max_length=300, required=False
            )
        for action in actions:
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                label=action.what, choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED
            )
            self.fields[f"anote_{action.pk}"] = forms.CharField(
                label=_("Note"), max_length=300, required=False
            )
        for municipality in municipalities:
            self.fields[f"activity_{municipality.pk}"] = forms.IntegerField(
                label=municipality.name, min_value=0, required=False
            )
        for name, field in self.fields.items():
            if name != "version":
                css = (
                    "form-select form-select-sm"
                    if isinstance(field, forms.ChoiceField)
                    else "form-control form-control-sm"
                )
                field.widget.attrs.setdefault("class", css)

    def rows(self):
        return {
            "indicators": [(i, self[f"actual_{i.pk}"], self[f"inote_{i.pk}"]) for i in self.indicators],
            "actions": [(a, self[f"status_{a.pk}"], self[f"anote_{a.pk}"]) for a in self.actions],
            "activity": [(m, self[f"activity_{m.pk}"]) for m in self.municipalities],
        }


def _report_parts(progress):
    plan = progress.plan
    indicators = list(
        PlanIndicator.objects.filter(goal__plan=plan)
        .select_related("goal__theme")
        .prefetch_related("targets")
    )
    actions = list(PlanAction.objects.filter(goal__plan=plan).select_related("goal__theme"))
    zone_ids = [area.zone_id for area in current_service_areas([plan.network_id])]
    municipality_ids = RegionalCareZoneMembership.objects.filter(zone_id__in=zone_ids).values(
        "municipality_id"
    )
    municipalities = list(Municipality.objects.filter(pk__in=municipality_ids).order_by("name"))
    return indicators, actions, municipalities


@require_POST
def progress_start(request, pk, year):
    plan = get_plan_for_user_or_404(request.user, pk)
    try:
        progress = progress_create(plan=plan, year=year, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(plan)
    return redirect(progress)


@require_http_methods(["GET", "HEAD", "POST"])
def progress_detail(request, pk):
    progress = get_progress_for_user_or_404(request.user, pk)
    indicators, actions, municipalities = _report_parts(progress)
    values = {v.indicator_id: v for v in progress.indicator_values.all()}
    statuses = {s.action_id: s for s in progress.action_statuses.all()}
    counts = dict(
        ActivityCount.objects.filter(network=progress.plan.network, year=progress.year).values_list(
            "municipality_id", "count"
        )
    )
    initial = {"narrative": progress.narrative, "version": progress.lock_version}
    for indicator in indicators:
        if indicator.pk in values:
            initial[f"actual_{indicator.pk}"] = values[indicator.pk].actual
            initial[f"inote_{indicator.pk}"] = values[indicator.pk].note
    for action in actions:
        if action.pk in statuses:
            initial[f"status_{action.pk}"] = statuses[action.pk].status
            initial[f"anote_{action.pk}"] = statuses[action.pk].note
    for municipality in municipalities:
        initial[f"activity_{municipality.pk}"] = counts.get(municipality.pk)
    is_editor = is_coordinator_of_network(request.user, progress.network) and progress.is_editable
    form = ProgressForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        indicators=indicators,
        actions=actions,
        municipalities=municipalities,
    )
    if request.method == "POST":
        if not is_editor:
            raise PermissionDenied(
                _("This report cannot be changed now: its status is '%(status)s'.")
                % {"status": progress.get_status_display()}
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                progress_save(
                    progress=progress,
                    by=request.user,
                    version=data["version"],
                    narrative=data["narrative"],
                    indicators={i.pk: (data[f"actual_{i.pk}"], data[f"inote_{i.pk}"]) for i in indicators},
                    actions={a.pk: (data[f"status_{a.pk}"], data[f"anote_{a.pk}"]) for a in actions},
                    activity={m.pk: data[f"activity_{m.pk}"] for m in municipalities},
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                if isinstance(error, plan_services.ConflictError):
                    form.data = form.data.copy()
                    form.data["version"] = YearlyProgress.objects.get(pk=progress.pk).lock_version
            else:
                messages.success(request, _("Progress report saved."))
                return redirect(progress)
    indicator_rows = []
    for indicator in indicators:
        target = next((t.value for t in indicator.targets.all() if t.year == progress.year), None)
        value = values.get(indicator.pk)
        status = indicator_status(
            actual=value.actual if value else None,
            target=target,
            baseline=indicator.baseline_value,
            direction=indicator.direction,
        )
        indicator_rows.append(
            {"indicator": indicator, "target": target, "value": value, "status": IndicatorStatus(status)}
        )
    return TemplateResponse(
        request,
        "missions/progress/progress_detail.html",
        {
            "progress": progress,
            "plan": progress.plan,
            "form": form,
            "rows": form.rows(),
            "indicator_rows": indicator_rows,
            "statuses": statuses,
            "counts": counts,
            "municipalities": municipalities,
            "is_editor": is_editor,
            "is_reviewer": is_department_staff(request.user),
            "transitions": [
                {"transition": t, "slug": SLUG_OF[t.name]} for t in workflow.available(progress, request.user)
            ],
            "transition_form": TransitionForm(),
            "comment_form": CommentForm(),
            "comments": progress.comments.select_related("author"),
            "events": progress.events.select_related("by"),
            "due": due_date(progress.year),
        },
    )


@require_POST
def progress_transition(request, pk, slug):
    progress = get_progress_for_user_or_404(request.user, pk)
    name = TRANSITION_SLUGS.get(slug)
    if name is None:
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        plan_services.transition_apply(
            subject=progress, name=name, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(progress)
    progress.refresh_from_db()
    messages.success(
        request, _("Done: the report is now '%(status)s'.") % {"status": progress.get_status_display()}
    )
    return redirect(progress)


@require_POST
def progress_comment(request, pk):
    progress = get_progress_for_user_or_404(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            plan_services.comment_add(subject=progress, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Comment added."))
    return redirect(progress.get_absolute_url() + "#comments")
