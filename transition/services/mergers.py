"""Writes on mergers and action lines. Status fields change only here, each change dated and
attributed."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from networks.models import LegacyOrganisation, RecognitionStatus
from networks.services.networks import recognised_periods
from npz_registry.history import history_by
from npz_registry.status_changes import StatusRules, status_change_record, status_rules_refusal
from transition.models import (
    ActionLine,
    ActionLineStatus,
    ActionLineUpdate,
    Funding,
    Merger,
    MergerStatus,
    MergerStatusChange,
    first_year_merged,
)

#: The stages a merger's history allows (`status_rules_refusal`): they go forward in the order
#: of `MergerStatus`; a step back is recorded only with a note that explains it, and no change
#: repeats the stage already in force on its day.
MERGER_STAGE_RULES = StatusRules(order=tuple(MergerStatus.values))


def merger_status_refusal(
    merger: Merger, to_status: str, effective_date: datetime.date, note: str = ""
) -> str | None:
    """Why the merger cannot move to `to_status`, or None when it can: the recognition is the
    last stage (recorded once, after every other stage; no stage after it, since it gave the
    participants their successor), a recognised merger has participants, none of them merged
    into another network already, and the stages follow `MERGER_STAGE_RULES`. `note` may explain
    a step back."""
    recognition = recognition_of(merger)
    if recognition is not None and (to_status == MergerStatus.RECOGNISED or effective_date >= recognition):
        return _(
            "The merger into %(network)s was recognised on %(day)s: that is its last stage, recorded once."
        ) % {"network": merger.network.name, "day": recognition.strftime("%d/%m/%Y")}
    if to_status == MergerStatus.RECOGNISED:
        reason = recognition_refusal(merger, effective_date)
        if reason:
            return reason
    if to_status == MergerStatus.EXPLORING and not merger.status_changes.filter(
        effective_date__lte=effective_date
    ):
        return None  # the day its exploration began: the first stage, which every later one follows
    return status_rules_refusal(merger, to_status, effective_date, MERGER_STAGE_RULES, note)


def merger_undo_refusal(change) -> str | None:
    """A recognition is not taken back: it gave the participants their successor."""
    if change.to_status == MergerStatus.RECOGNISED:
        return _("The recognition gave the participants their successor network: it cannot be taken back.")
    return None


def recognition_refusal(merger: Merger, effective_date: datetime.date) -> str | None:
    """Why the merger cannot be recognised from `effective_date`: the recognition follows every
    recorded stage (the message names the latest), its network is recognised on that day (the
    merger is recognised with the network it forms: one decision, which the network's history
    records), and the merger has participants, none of them merged into another network
    already."""
    later = merger.status_changes.filter(effective_date__gte=effective_date)
    latest = later.order_by("-effective_date", "-pk").first()
    if latest is not None:
        return _(
            "The recognition is the last stage of a merger: it cannot take effect on or before the stage "
            "%(stage)s of %(day)s."
        ) % {"stage": latest.get_to_status_display(), "day": latest.effective_date.strftime("%d/%m/%Y")}
    reason = network_recognition_refusal(merger.network, effective_date)
    if reason:
        return reason
    participants = list(merger.participants.select_related("successor"))
    if not participants:
        return _("A merger without participating organisations cannot be recognised.")
    for organisation in merged_elsewhere(participants, merger.network_id):
        return _("%(organisation)s already merged into %(network)s.") % {
            "organisation": organisation.name,
            "network": organisation.successor.name,
        }
    outside = outside_target_zones(participants, merger.target_zones.all())
    if outside:
        return outside[0]
    return granted_after_merger_refusal(participants, effective_date)


def network_recognition_refusal(network, effective_date: datetime.date) -> str | None:
    """The merger is recognised with the network it forms, on a day the network is recognised:
    the message names the network's status that day and, when it is recognised later, from when."""
    status = network.status_on(effective_date)
    if status == RecognitionStatus.RECOGNISED:
        return None
    values = {
        "network": network.name,
        "day": effective_date.strftime("%d/%m/%Y"),
        # No decision yet: a candidate, the status a network starts with.
        "status": RecognitionStatus(status or RecognitionStatus.CANDIDATE).label,
    }
    later = [start for start, _end in recognised_periods(network) if start > effective_date]
    if later:
        values["from"] = later[0].strftime("%d/%m/%Y")
        return (
            _(
                "%(network)s is %(status)s on %(day)s and recognised from %(from)s: a merger is recognised "
                "with its network, so date the recognition of the merger %(from)s or later."
            )
            % values
        )
    return (
        _(
            "%(network)s is %(status)s on %(day)s: a merger is recognised with its network. Record the "
            "recognition of the network first (Networks › recognition status changes)."
        )
        % values
    )


def granted_after_merger_refusal(participants, effective_date: datetime.date) -> str | None:
    """A participant merged from `effective_date` gets no grant for a year it starts merged
    (Funding's rule): a grant already recorded for such a year is moved to the network first."""
    grant = (
        Funding.objects.filter(legacy_organisation__in=[p for p in participants if not p.successor_id])
        .filter(year__gte=first_year_merged(effective_date))
        .select_related("legacy_organisation")
        .order_by("year", "pk")
        .first()
    )
    if grant is None:
        return None
    return _(
        "%(organisation)s has a grant for %(year)s, a year it would start merged: record that grant for "
        "the network instead first."
    ) % {"organisation": grant.legacy_organisation.name, "year": grant.year}


def merged_elsewhere(organisations, network_id) -> list:
    """Of `organisations`, those already merged into another network than `network_id`: they
    cannot take part in (or be recognised with) a merger into it."""
    return [o for o in organisations if o.successor_id and o.successor_id != network_id]


def outside_target_zones(organisations, zones) -> list[str]:
    """Why each of `organisations` cannot take part in a merger with the target zones `zones`:
    an NPZ is the merger of the PN/PSV and MBE of its region, so a participant works in at least
    one of the zones its network is to serve, by the one rule for where a legacy organisation
    works (`LegacyOrganisationQuerySet.working_in`: an MBE without zones of its own works where
    its partner PN/PSV does). One message per organisation known to work elsewhere, naming its
    zones. An organisation whose working area is not recorded (no zones of its own, nor a partner
    with zones) is not refused: nothing says it works elsewhere (the derived zones are the
    registry's own derivation, which staff complete). At most four queries, one when none is
    outside."""
    organisations = list(organisations)
    if not organisations:
        return []
    zones = list(zones)
    chosen = LegacyOrganisation.objects.filter(pk__in=[o.pk for o in organisations])
    inside = set(chosen.working_in(*zones).values_list("pk", flat=True)) if zones else set()
    if len(inside) == len(organisations):
        return []
    outside = chosen.exclude(pk__in=inside).select_related("partner").order_by("kind", "name")
    messages = []
    for organisation in outside.prefetch_related(
        "derived_regional_care_zones", "partner__derived_regional_care_zones"
    ):
        worked = organisation.derived_regional_care_zones.all() or (
            organisation.partner.derived_regional_care_zones.all() if organisation.partner else []
        )
        if worked:
            messages.append(
                _(
                    "%(organisation)s works in %(zones)s, not in a target zone of this merger: a network "
                    "is the merger of the PN/PSV and MBE of its region. Leave it out, or correct the "
                    "target zones."
                )
                % {"organisation": organisation.name, "zones": ", ".join(sorted(z.name for z in worked))}
            )
    return messages


def held_by_other_mergers(items, merger: Merger, relation: str) -> dict:
    """Of `items`, those another merger than `merger` (a new one when it has no key yet) holds
    in `relation`, each with that merger's network: an organisation merges into one network, so
    it is a participant of one merger; a regional care zone is to be served by one network, so
    it is the target of one merger."""
    others = Merger.objects.exclude(pk=merger.pk).filter(**{f"{relation}__in": list(items)})
    taken = {}
    for other in others.select_related("network").prefetch_related(relation):
        for item in getattr(other, relation).all():
            taken.setdefault(item, other.network)
    return {item: taken[item] for item in items if item in taken}


def recognition_of(merger: Merger) -> datetime.date | None:
    """The day the merger was recognised, None while it is not."""
    recognitions = merger.status_changes.filter(to_status=MergerStatus.RECOGNISED)
    change = recognitions.order_by("effective_date").first()
    return change.effective_date if change else None


@history_by
@transaction.atomic
def merger_set_status(
    *, merger: Merger, to_status: str, effective_date: datetime.date, by=None, note: str = ""
) -> MergerStatusChange:
    """Record the merger's new stage. When it is recognised, the participating organisations
    get the network as successor, with the effective date as the legal date of the merger
    (organisations already linked keep their own date)."""
    change = status_change_record(
        subject=merger,
        to_status=to_status,
        effective_date=effective_date,
        refusal=merger_status_refusal,
        by=by,
        note=note,
    )
    if to_status == MergerStatus.RECOGNISED:
        # One by one (a handful), so that each organisation's history records its successor.
        for organisation in change.merger.participants.filter(successor__isnull=True):
            organisation.successor, organisation.merger_date = change.merger.network, effective_date
            organisation.save(update_fields=["successor", "merger_date", "updated_at"])
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
