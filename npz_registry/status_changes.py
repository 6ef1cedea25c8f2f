"""Recording a dated status change: one shape for every subject with a status history
(`npz_registry.models.DatedStatusSubject`), network recognition and merger stage alike.

The apps give the rule (`refusal`: why this move cannot be recorded) and call
`status_change_record` from their own service (`network_set_status`, `merger_set_status`).
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from npz_registry.models import DatedStatusChange, DatedStatusSubject

#: Why `subject` cannot move to `to_status` on `effective_date`, or None when it can.
Refusal = Callable[[DatedStatusSubject, str, datetime.date], str | None]


def unknown_status_refusal(subject: DatedStatusSubject, to_status: str) -> str | None:
    statuses = [value for value, _label in type(subject)._meta.get_field("status").choices]
    if to_status not in statuses:
        return _("Unknown status %(status)s.") % {"status": to_status}
    return None


def status_change_refusal(
    subject: DatedStatusSubject, to_status: str, effective_date: datetime.date, refusal: Refusal
) -> str | None:
    """The reason the move is refused (an unknown status, or the subject's own rule), or None."""
    return unknown_status_refusal(subject, to_status) or refusal(subject, to_status, effective_date)


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
    effective date as `from_status`; `status` becomes the latest decision by effective date,
    so a decision recorded late for an earlier day does not undo a later one.

    Raises ValidationError with the reason when the move is refused; nothing is written then."""
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    reason = status_change_refusal(subject, to_status, effective_date, refusal)
    if reason:
        raise ValidationError(reason)
    change = subject.status_changes.create(
        from_status=subject.status_on(effective_date) or "",
        to_status=to_status,
        effective_date=effective_date,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )
    latest = subject.status_changes.order_by("-effective_date", "-pk").first()
    if subject.status != latest.to_status:  # a late decision for an earlier day changes nothing
        subject.status = latest.to_status
        subject.save(update_fields=["status", "updated_at"])
    return change
