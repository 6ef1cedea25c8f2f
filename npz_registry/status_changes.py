"""Recording a dated status change: one shape for every subject with a status history
(`npz_registry.models.DatedStatusSubject`), network recognition and merger stage alike.

The apps give the rule (`refusal`: why this move cannot be recorded) and call
`status_change_record` from their own service (`network_set_status`, `merger_set_status`).
Each app declares the moves its history allows in one table (`StatusRules`), which its rule
checks through `status_rules_refusal`, for the new change and for the change recorded after it.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

from npz_registry.models import DatedStatusChange, DatedStatusSubject

#: Why `subject` cannot move to `to_status` on `effective_date`, or None when it can; called
#: with the change's note as keyword (`note`, which may explain a step back).
Refusal = Callable[..., str | None]


@dataclass(frozen=True)
class StatusRules:
    """The moves a status history allows: its transition table, declared once per subject.

    Recording the status already in force on the day is always refused. `allowed_from` maps a
    status to the statuses that must be in force on the day it takes effect (None: no status
    yet); a status it does not name may follow any other. `order` lists statuses that only go
    forward: a step back is recorded only with a note that explains it."""

    allowed_from: Mapping[str, tuple[str | None, ...]] = field(default_factory=dict)
    order: tuple[str, ...] = ()

    def is_step_back(self, from_status: str | None, to_status: str) -> bool:
        if from_status not in self.order or to_status not in self.order:
            return False
        return self.order.index(to_status) < self.order.index(from_status)


def status_label(subject: DatedStatusSubject, status: str) -> str:
    return str(dict(type(subject)._meta.get_field("status").choices).get(status, status))


def move_refusal(
    subject: DatedStatusSubject,
    rules: StatusRules,
    move: tuple[str | None, str],
    day: datetime.date,
    note: str,
) -> str | None:
    """Why `move` (the status in force on `day`, None when there is none yet, and the status
    that would take effect that day) breaks `rules`, or None; `note` may explain a step back."""
    from_status, to_status = move
    values = {"status": capfirst(status_label(subject, to_status)), "day": day.strftime("%d/%m/%Y")}
    if from_status == to_status:
        return _("%(status)s is already in force on %(day)s.") % values
    allowed = rules.allowed_from.get(to_status)
    if allowed is not None and from_status not in allowed:
        values["allowed"] = get_text_list([status_label(subject, s) for s in allowed if s is not None])
        if from_status is None:
            return _("%(status)s can only follow %(allowed)s: on %(day)s there is no status yet.") % values
        values["current"] = status_label(subject, from_status)
        return _("%(status)s can only follow %(allowed)s: on %(day)s the status is %(current)s.") % values
    if not note.strip() and rules.is_step_back(from_status, to_status):
        values["current"] = status_label(subject, from_status)
        return (
            _(
                "%(status)s comes before %(current)s, the status on %(day)s: "
                "explain the step back in the note."
            )
            % values
        )
    return None


def status_rules_refusal(
    subject: DatedStatusSubject,
    to_status: str,
    effective_date: datetime.date,
    rules: StatusRules,
    note: str = "",
) -> str | None:
    """Why recording `to_status` on `effective_date` breaks `rules`, or None: the move from the
    status in force on that day, and the history after it. A change dated before changes
    already recorded must leave the next one allowed from its new status (with that change's
    own note); the message then names that next change."""
    reason = move_refusal(
        subject, rules, (subject.status_on(effective_date), to_status), effective_date, note
    )
    if reason:
        return reason
    later = subject.status_changes.filter(effective_date__gt=effective_date)
    following = later.order_by("effective_date", "pk").first()
    if following is None:
        return None
    move = (to_status, following.to_status)
    reason = move_refusal(subject, rules, move, following.effective_date, following.note)
    if reason:
        return _(
            "The next recorded change (%(status)s on %(day)s) would no longer be allowed after this one: "
            "%(reason)s"
        ) % {
            "status": status_label(subject, following.to_status),
            "day": following.effective_date.strftime("%d/%m/%Y"),
            "reason": reason,
        }
    return None


def unknown_status_refusal(subject: DatedStatusSubject, to_status: str) -> str | None:
    statuses = [value for value, _label in type(subject)._meta.get_field("status").choices]
    if to_status not in statuses:
        return _("Unknown status %(status)s.") % {"status": to_status}
    return None


def status_change_refusal(
    subject: DatedStatusSubject,
    to_status: str,
    effective_date: datetime.date,
    refusal: Refusal,
    note: str = "",
) -> str | None:
    """The reason the move is refused (an unknown status, or the subject's own rule), or None.
    `note` is the change's note, which may explain a step back."""
    return unknown_status_refusal(subject, to_status) or refusal(
        subject, to_status, effective_date, note=note
    )


@transaction.atomic
def status_change_record(
    *,
    subject: DatedStatusSubject,
    to_status: str,
    effective_date: datetime.date,
    refusal: Refusal,
    by=None,
    note: str = "",
) -> DatedStatusChange:
    """Lock the subject, validate the move, write the dated change and set the subject's
    current status, in one transaction. The change records the status in force on its
    effective date as `from_status`, and the change after it now comes from it; `status`
    becomes the latest decision by effective date, so a decision recorded late for an earlier
    day does not undo a later one.

    Raises ValidationError with the reason when the move is refused; nothing is written then."""
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    reason = status_change_refusal(subject, to_status, effective_date, refusal, note=note or "")
    if reason:
        raise ValidationError(reason)
    change = subject.status_changes.create(
        from_status=subject.status_on(effective_date) or "",
        to_status=to_status,
        effective_date=effective_date,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )
    following = subject.status_changes.filter(effective_date__gt=effective_date)
    following = following.order_by("effective_date", "pk").first()
    if following is not None and following.from_status != to_status:
        # A change recorded late for an earlier day: the next one now comes from it.
        following.from_status = to_status
        following.save(update_fields=["from_status"])
    latest = subject.status_changes.order_by("-effective_date", "-pk").first()
    if subject.status != latest.to_status:  # a late decision for an earlier day changes nothing
        subject.status = latest.to_status
        subject.save(update_fields=["status", "updated_at"])
    return change


def undo_refusal(
    change: DatedStatusChange, refusal: Callable[[DatedStatusChange], str | None] | None
) -> str | None:
    """Why `change` cannot be taken back, or None when it can: only the latest decision of its
    subject (a decision recorded with a wrong day or status, corrected before anything follows
    it), and not when the subject's own rule (`refusal`) keeps it."""
    subject = change.subject
    latest = subject.status_changes.order_by("-effective_date", "-pk").first()
    if latest is None or latest.pk != change.pk:
        return _(
            "Only the latest decision can be taken back (%(latest)s): a decision with others after it "
            "is part of their history."
        ) % {"latest": latest}
    return refusal(change) if refusal else None


@transaction.atomic
def status_change_undo(*, change: DatedStatusChange, refusal=None) -> DatedStatusSubject:
    """Take back `change`, the latest decision of its subject, recorded by mistake: the subject's
    status becomes the decision before it (or the status it starts with). Raises ValidationError
    with the reason when `undo_refusal` refuses; nothing is changed then."""
    subject = type(change.subject).objects.select_for_update().get(pk=change.subject.pk)
    change = type(change).objects.get(pk=change.pk)
    reason = undo_refusal(change, refusal)
    if reason:
        raise ValidationError(reason)
    change.delete()
    previous = subject.status_changes.order_by("-effective_date", "-pk").first()
    status_field = type(subject)._meta.get_field("status")
    subject.status = (
        previous.to_status if previous else (subject.status_before_changes or status_field.default)
    )
    subject.save(update_fields=["status", "updated_at"])
    return subject
