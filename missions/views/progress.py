"""Yearly progress reports on an approved plan: written by the coordinators, reviewed by
the department with the same workflow as the plans."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from missions import permissions
from missions.forms import CommentForm, ProgressForm
from missions.models.progress import RATING_RULE
from missions.selectors.plans import indicator_rows, open_change_request, plan_events, progress_parts
from missions.services.progress import progress_create, progress_save
from missions.views.workflow import SLUG_OF, comment_post, error_messages, transition_buttons, transition_page
from networks.selectors import progress_report_rule
from npz_registry import dataversion
from npz_registry.concurrency import ConflictError, show_error_on_form


@require_POST
def progress_start(request, pk, year):
    plan = permissions.get_plan_for_user_or_404(request.user, pk)
    try:
        progress = progress_create(plan=plan, year=year, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(plan)
    return redirect(progress)


def _save(request, progress, form) -> bool:
    """Save the report from a valid form; a refusal goes back on the form."""
    if not form.is_valid():
        return False
    try:
        progress_save(progress=progress, by=request.user, **form.report())
    except ValidationError as error:
        if isinstance(error, ConflictError):
            form.take_stored_counts()
        show_error_on_form(form, error, record=progress)
        return False
    messages.success(request, _("Progress report saved."))
    return True


def _sheet(request, progress) -> dict:
    """The report's form with its rows: five queries (progress_parts) and the form's fields."""
    parts = progress_parts(progress)
    form = ProgressForm(
        request.POST if request.method == "POST" else None,
        initial=ProgressForm.initial_from(progress, parts),
        indicators=parts.indicators,
        actions=parts.actions,
        municipalities=parts.municipalities,
    )
    rows = form.rows()
    return {
        "form": form,
        "rows": rows,
        "indicator_rows": _with_fields(
            indicator_rows(parts.indicators, parts.values, progress), rows["indicators"]
        ),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def progress_detail(request, pk):
    user = request.user
    check = permissions.edit_progress if request.method == "POST" else permissions.view_progress
    progress = permissions.get_progress_for_user_or_404(user, pk, check=check)
    # Read only when it is posted, editable, or the fragment the template keeps of the
    # read-only sheet for this data version is missing.
    sheet = SimpleLazyObject(lambda: _sheet(request, progress))
    if request.method == "POST" and _save(request, progress, sheet["form"]):
        if request.POST.get("then") == "submit":  # saved first: the confirmation page next
            return redirect("missions:progress-transition", progress.pk, SLUG_OF["submit"])
        return redirect(progress)
    can = {
        "edit": permissions.edit_progress(user, progress),
        "comment": permissions.comment(user, progress),
        "submit": permissions.apply_transition(user, progress, "submit"),
    }
    # Why it cannot be submitted or approved yet (its plan is being revised), while that is
    # still to come.
    hold = "" if progress.is_approved else permissions.progress_hold(progress).reason
    return TemplateResponse(
        request,
        "missions/progress/progress_detail.html",
        {
            "progress": progress,
            "plan": progress.plan,
            "can": can,
            "sheet": sheet,
            "form": SimpleLazyObject(lambda: sheet["form"]),  # as on every page with a form
            "data_version": dataversion.fragment_version(),
            "transitions": transition_buttons(user, progress),
            "change_request": open_change_request(progress),
            "comments": progress.comments.select_related("author"),
            "events": plan_events(progress),
            "due_rule": (rule := progress_report_rule(progress.year)),
            "due": rule.due_date(progress.year) if rule else None,
            "comment_max_length": CommentForm.text_max_length(),
            "hold": hold,
            "rating_rule": RATING_RULE,
        },
    )


def _with_fields(indicator_rows, fields) -> list[tuple]:
    """Each indicator's row with its two fields (actual value, note), paired by indicator."""
    by_indicator = {indicator.pk: (actual, note) for indicator, actual, note in fields}
    return [(row, *by_indicator[row.indicator.pk]) for row in indicator_rows]


@require_http_methods(["GET", "HEAD", "POST"])
def progress_transition(request, pk, slug):
    """Confirm (GET) and apply (POST) a transition of the report; its page shows the result."""
    progress = permissions.get_progress_for_user_or_404(request.user, pk)
    return transition_page(request, progress, slug)


@require_POST
def progress_comment(request, pk):
    progress = permissions.get_progress_for_user_or_404(request.user, pk)
    comment_post(request, progress, CommentForm(request.POST))
    return redirect(progress.get_absolute_url() + "#comments")
