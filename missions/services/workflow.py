"""Status changes and review comments of multi-year plans and yearly progress reports: the
only writes of a document's status. Each locks the row, asks missions/permissions.py, writes
a review event (and a version on a plan's submission) and e-mails after the commit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from missions import notifications, permissions
from missions.completeness import plan_missing_items, progress_missing_items
from missions.models import (
    MultiYearPlan,
    PlanVersion,
    ReviewComment,
    ReviewEvent,
    SubmissionStatus,
)
from missions.selectors.plans import plan_detail_queryset
from missions.selectors.versions import plan_snapshot, unchanged_latest_version
from missions.services.progress import progress_keep_submitted
from missions.workflow import TRANSITIONS
from npz_registry.concurrency import ConflictError
from npz_registry.history import history_by

#: Decisions that, on a submitted document, first record that its review started.
DECISIONS = ("request_changes", "approve")


@history_by
@transaction.atomic
def comment_add(*, subject, by, text: str, goal=None, action=None) -> ReviewComment:
    """A reviewer's comment on a plan (or one goal or action of it) or a progress report.
    Commenting on a submitted document starts its review."""
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    permissions.require(permissions.comment(by, subject))
    if not (text or "").strip():
        raise ValidationError({"text": _("Write a comment.")})
    if subject.status == SubmissionStatus.SUBMITTED:
        subject = _apply(subject, "start_review", by=by)
    is_plan = isinstance(subject, MultiYearPlan)
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


@history_by
@transaction.atomic
def transition_apply(*, subject, name: str, by, comment: str = "", version=None):
    """The one entry point the views use. A decision on a submitted document first records
    that its review started, so the timeline shows every step. `version`: the subject's
    lock_version when the step's page was opened; when the step is still allowed but the subject
    moved or changed since (another step, a resubmission), it is refused (ConflictError)."""
    if version is not None:
        current = type(subject).objects.select_for_update().get(pk=subject.pk)
        if permissions.apply_transition(by, current, name) and current.lock_version != version:
            raise ConflictError(
                _(
                    "This changed after you opened the page (another step or a new version): "
                    "look at what it says now and confirm again."
                )
            )
    if (
        name in DECISIONS
        and subject.status == SubmissionStatus.SUBMITTED
        and permissions.apply_transition(by, subject, name)
    ):
        subject = _apply(subject, "start_review", by=by)
    return _apply(subject, name, by=by, comment=comment)


def _apply(subject, name: str, *, by, comment: str = ""):
    """Move ``subject`` along transition ``name``: lock, check, save, event (and version on a
    plan submission), e-mail after commit."""
    model = type(subject)
    subject = model.objects.select_for_update().get(pk=subject.pk)
    permissions.require(permissions.apply_transition(by, subject, name))
    transition = TRANSITIONS[name]
    comment = (comment or "").strip()
    if not comment and comment_needed(subject, name):
        raise ValidationError({"comment": _("Say what has to change: write a comment.")})
    version = _submission_version(subject, by=by, reason=comment) if name == "submit" else None
    is_plan = isinstance(subject, MultiYearPlan)
    version = version or (subject.latest_version if is_plan else None)
    before = subject.status
    subject.status = transition.target
    subject.lock_version += 1
    changed = ["status", "lock_version", "updated_at"]
    if is_plan and subject.status == SubmissionStatus.APPROVED:
        subject.approved_version = version.number  # in force until the next approval
        changed.append("approved_version")
    subject.save(update_fields=changed)
    ReviewEvent.objects.create(
        plan=subject if is_plan else None,
        progress=None if is_plan else subject,
        from_status=before,
        to_status=subject.status,
        by=by,
        comment=comment,
        version_number=version.number if version else None,
    )
    transaction.on_commit(lambda: notifications.status_changed(model, subject.pk, name))
    return subject


def comment_needed(subject, name: str) -> bool:
    """Whether transition ``name`` of ``subject`` needs a comment now: asking for changes does,
    unless review comments were written since the last step (they say what has to change)."""
    return TRANSITIONS[name].comment_required and not _commented_since_last_step(subject)


def _commented_since_last_step(subject) -> bool:
    event = subject.events.order_by("-at").first()
    return subject.comments.filter(created_at__gte=event.at if event else subject.created_at).exists()


def _submission_version(subject, *, by, reason: str) -> PlanVersion | None:
    """Refuse an incomplete document; freeze a plan's content as its next version (or, unchanged
    since its latest version, submit that one again), and keep with a progress report's values
    what they are rated against now."""
    if not isinstance(subject, MultiYearPlan):
        missing = progress_missing_items(subject)
        if missing:
            raise ValidationError(missing)
        progress_keep_submitted(subject)
        return None
    full = plan_detail_queryset().get(pk=subject.pk)
    missing = plan_missing_items(full)
    if missing:
        raise ValidationError([item.message for item in missing])
    content = plan_snapshot(full)
    unchanged = unchanged_latest_version(subject, content)
    if unchanged is not None:  # sent again as it was: the same version, not a copy under a new number
        return unchanged
    number = (subject.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return PlanVersion.objects.create(
        plan=subject, number=number, submitted_by=by, content=content, reason=reason
    )
