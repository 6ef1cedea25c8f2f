"""What plan and progress pages share: the transition buttons, the confirmation page of a
transition and its POST, the comment POST, and showing a service's refusal as messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions import permissions
from missions.completeness import plan_missing_items, progress_missing_items
from missions.forms import CommentForm, TransitionForm
from missions.models import MultiYearPlan, SubmissionStatus
from missions.selectors.plans import with_completeness_content
from missions.selectors.versions import unchanged_latest_version
from missions.services.workflow import comment_add, comment_needed, transition_apply
from missions.workflow import TRANSITIONS, describe
from npz_registry.concurrency import show_error_on_form
from npz_registry.once import create_once, repeated

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
    is not possible yet (the button shows, disabled); a transition that waits (a progress
    report's submission or approval: permissions.transition_hold) shows disabled too, with why
    (``held``); ``resubmission``: a new version is asked what changed."""
    buttons = []
    for transition in permissions.available_transitions(user, subject, held=False):
        held = permissions.transition_hold(subject, transition.name).reason
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
                "disabled": bool(held) or (blocked and transition.name == "submit"),
                "held": held,
            }
        )
    return buttons


def _stale(request, subject):
    """A transition that no longer applies (a double click, a page left open): say so and show
    the current state, not a 403 page; a comment typed on that page is given back."""
    message = _("Nothing was changed: %(subject)s is now '%(status)s'.") % {
        "subject": describe(subject),
        "status": subject.get_status_display(),
    }
    typed = (request.POST.get("comment") or "").strip() if request.method == "POST" else ""
    if typed:
        message += " " + _("Your comment was not saved: “%(comment)s”") % {"comment": typed}
    messages.warning(request, message)
    return redirect(subject)


def _comment_label(name: str, button: dict, *, needed: bool) -> str:
    if TRANSITIONS[name].comment_required and not needed:
        return _("Comment (optional: your review comments since the last step say what has to change)")
    return button["comment_label"] or _("Comment (optional)")


#: What each decision does, shown on its confirmation page.
CONSEQUENCES = {
    "submit": gettext_lazy(
        "The department is told and reviews it. While it is with the department, nobody can edit it."
    ),
    "withdraw": gettext_lazy("It goes back to draft: you can edit it again and submit it later."),
    "start_review": gettext_lazy("The coordinators see that the department is reviewing it."),
    "request_changes": gettext_lazy(
        "The coordinators can edit it again. They read your comment at the top of the page and in an e-mail."
    ),
    "approve": gettext_lazy("It becomes read-only. The coordinators are told by e-mail."),
    "reopen": gettext_lazy(
        "The coordinators can correct it and submit a new version. They read your comment "
        "at the top of the page and in an e-mail."
    ),
}


def _missing(subject) -> list[str]:
    if isinstance(subject, MultiYearPlan):
        with_completeness_content(subject)
        return [item.message for item in plan_missing_items(subject)]
    return progress_missing_items(subject)


def transition_page(request, subject, slug: str):
    """GET: the confirmation page of the transition of ``slug`` (what happens, the network and
    the plan, the status before and after); POST: apply it and show the subject with a message
    naming it. A transition that no longer applies gives a message and the current state."""
    name = TRANSITION_SLUGS.get(slug)
    if name is None:
        raise Http404
    transition = TRANSITIONS[name]
    if subject.status not in transition.sources and permissions.is_transition_actor(
        request.user, subject, name
    ):
        return _stale(request, subject)
    # A step that waits (permissions.transition_hold) gets its page, which says why; not a 403.
    permissions.require(permissions.apply_transition(request.user, subject, name, held=False))
    hold = permissions.transition_hold(subject, name)
    form = TransitionForm(
        request.POST if request.method == "POST" else None, initial={"version": subject.lock_version}
    )
    if request.method == "POST" and not hold:  # sent from a page opened before it had to wait
        form.is_valid()
        form.add_error(None, hold.reason)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = transition_apply(
                subject=subject, name=name, by=request.user, comment=data["comment"], version=data["version"]
            )
        except ValidationError as error:
            show_error_on_form(form, error, record=subject)
        except PermissionDenied:  # another request moved it first
            subject.refresh_from_db()
            if subject.status in transition.sources:
                raise
            return _stale(request, subject)
        else:
            messages.success(
                request,
                _("Done: %(subject)s is now '%(status)s'.")
                % {"subject": describe(done), "status": done.get_status_display()},
            )
            return redirect(done)
    is_plan = isinstance(subject, MultiYearPlan)
    resubmission = is_plan and subject.versions.exists()
    button = next(
        b for b in transition_buttons(request.user, subject, resubmission=resubmission) if b["slug"] == slug
    )
    needed = comment_needed(subject, name)
    return TemplateResponse(
        request,
        "missions/confirm_transition.html",
        {
            "subject": subject,
            "plan": subject if is_plan else subject.plan,
            "is_plan": is_plan,
            "name": describe(subject),
            "transition": transition,
            "target_label": SubmissionStatus(transition.target).label,
            "consequence": CONSEQUENCES[name],
            "missing": _missing(subject) if name == "submit" else [],
            # Why the step waits (a report whose plan is being revised).
            "hold": hold.reason,
            # A plan sent again unchanged goes as its latest version, not a new one.
            "unchanged_version": is_plan
            and name == "submit"
            and resubmission
            and unchanged_latest_version(subject),
            # A report on a year that has not begun: said before it is sent, not refused.
            "year_ahead": not is_plan and name == "submit" and subject.year > timezone.localdate().year,
            "form": form,
            "comment_label": _comment_label(name, button, needed=needed),
            "comment_required": needed,
        },
    )


def _comment_added(subject, comment) -> str:
    """What the page says after a comment: also that it started the review, when it did (a
    comment on a submitted document starts its review, and the step's button goes). The
    comment holds its document as the service left it."""
    now = (comment.plan or comment.progress).status
    if subject.status == SubmissionStatus.SUBMITTED and now == SubmissionStatus.IN_REVIEW:
        return _("Comment added. With it, the review of %(subject)s has started.") % {
            "subject": describe(subject)
        }
    return _("Comment added.")


def comment_post(request, subject, form: CommentForm, **parts) -> None:
    """Add the comment of a valid ``form`` to ``subject`` (``parts``: the goal or action it is
    about); the service checks who may comment now."""
    if repeated(request):  # a double click: the first one was added
        return
    if not form.is_valid():
        form_error_messages(request, form)
        return
    try:
        comment, again = create_once(  # a double click adds one comment
            request,
            lambda: comment_add(subject=subject, by=request.user, text=form.cleaned_data["text"], **parts),
            lambda _comment: subject.get_absolute_url(),
        )
    except ValidationError as error:
        error_messages(request, error)
    except PermissionDenied as refusal:
        if not permissions.is_department_staff(request.user):
            raise  # not one who writes review comments: refused as before
        # The document moved on while the comment was written (approved, say): say why, and
        # give the text back rather than lose it.
        text = form.cleaned_data["text"]
        messages.error(
            request,
            _("%(reason)s Your comment was not added. Its text, to keep: %(text)s")
            % {"reason": refusal, "text": text},
        )
    else:
        if again is None:
            messages.success(request, _comment_added(subject, comment))
