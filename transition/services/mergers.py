"""Writes on mergers and action lines. Status fields change only here, each change dated and
attributed."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from transition.models import (
    ActionLine,
    ActionLineStatus,
    ActionLineUpdate,
    Merger,
    MergerStatus,
    MergerStatusChange,
)


def merger_status_refusal(merger: Merger, to_status: str) -> str | None:
    """Why the merger cannot move to `to_status`, or None when it can."""
    if to_status not in MergerStatus.values:
        return _("Unknown merger status %(status)s.") % {"status": to_status}
    if to_status == MergerStatus.RECOGNISED:
        participants = list(merger.participants.select_related("successor"))
        if not participants:
            return _("A merger without participating organisations cannot be recognised.")
        for organisation in participants:
            if organisation.successor_id and organisation.successor_id != merger.network_id:
                return _("%(organisation)s already merged into %(network)s.") % {
                    "organisation": organisation.name,
                    "network": organisation.successor.name,
                }
    return None


@transaction.atomic
def merger_set_status(
    *, merger: Merger, to_status: str, effective_date: datetime.date, by=None, note: str = ""
) -> MergerStatusChange:
    """Record the merger's new stage. When it is recognised, the participating organisations
    get the network as successor, with the effective date as the legal date of the merger
    (organisations already linked keep their own date)."""
    merger = Merger.objects.select_for_update().get(pk=merger.pk)
    refusal = merger_status_refusal(merger, to_status)
    if refusal:
        raise ValidationError(refusal)
    if to_status == MergerStatus.RECOGNISED:
        merger.participants.filter(successor__isnull=True).update(
            successor=merger.network, merger_date=effective_date
        )
    change = MergerStatusChange.objects.create(
        merger=merger,
        from_status=merger.status,
        to_status=to_status,
        effective_date=effective_date,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )
    merger.status = to_status
    merger.save(update_fields=["status", "updated_at"])
    return change


def action_line_update(
    *, action_line: ActionLine, status: str, date: datetime.date, progress_note: str = "", by=None
) -> ActionLineUpdate:
    if status not in ActionLineStatus.values:
        raise ValidationError(_("Unknown status %(status)s.") % {"status": status})
    update = ActionLineUpdate(
        action_line=action_line,
        status=status,
        date=date,
        progress_note=progress_note,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    update.full_clean()
    update.save()
    return update
