"""What plan and progress pages share: the transition buttons, the transition and comment
POSTs, and showing a service's refusal as messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from missions import permissions
from missions.forms import CommentForm, TransitionForm
from missions.models import MultiYearPlan
from missions.services.workflow import comment_add, transition_apply

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


def _url_name(subject, action: str) -> str:
    kind = "plan" if isinstance(subject, MultiYearPlan) else "progress"
    return f"missions:{kind}-{action}"


def error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def form_error_messages(request, form) -> None:
    """The errors of a form that has no page of its own (a comment, a transition's comment)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def transition_buttons(user, subject, *, blocked: bool = False, resubmission: bool = False) -> list[dict]:
    """One button per transition ``user`` may apply to ``subject`` now. ``blocked``: submitting
    is not possible yet (the button shows, disabled); ``resubmission``: a new version is asked
    what changed."""
    buttons = []
    for transition in permissions.available_transitions(user, subject):
        comment_label = None
        if transition.comment_required:
            comment_label = _("Comment (what has to change, and why)")
        elif transition.name == "submit" and resubmission:
            comment_label = _("What changed in this version (optional)")
        buttons.append(
            {
                "transition": transition,
                "slug": SLUG_OF[transition.name],
                "url": reverse(_url_name(subject, "transition"), args=[subject.pk, SLUG_OF[transition.name]]),
                "comment_label": comment_label,
                "disabled": blocked and transition.name == "submit",
            }
        )
    return buttons


def transition_post(request, subject, slug: str):
    """Apply the transition of ``slug`` to ``subject`` (the service checks who may); returns
    the subject as it is now, or None when the service refused with a message."""
    name = TRANSITION_SLUGS.get(slug)
    if name is None:
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():  # a comment that is too long: nothing happens, the user reads why
        form_error_messages(request, form)
        return None
    try:
        subject = transition_apply(
            subject=subject, name=name, by=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        error_messages(request, error)
        return None
    if isinstance(subject, MultiYearPlan):
        done = _("Done: the plan is now '%(status)s'.")
    else:
        done = _("Done: the report is now '%(status)s'.")
    messages.success(request, done % {"status": subject.get_status_display()})
    return subject


def comment_post(request, subject, form: CommentForm, **parts) -> None:
    """Add the comment of a valid ``form`` to ``subject`` (``parts``: the goal or action it is
    about); the service checks who may comment now."""
    if not form.is_valid():
        form_error_messages(request, form)
        return
    try:
        comment_add(subject=subject, by=request.user, text=form.cleaned_data["text"], **parts)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Comment added."))
