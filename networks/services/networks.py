"""Writes on networks: recognition status and service areas.

Rules of the note on roles and missions (July 2025), each checked in one function here:
- a regional care zone is served by at most one network on any day (`service_area_refusal`;
  on PostgreSQL the database refuses an overlap too);
- a network serving several zones at once carries a justification of its scale (idem);
- a recognised network serves at least one whole zone on the day (`network_status_refusal`);
- a network is suspended only while recognised, and its recognition withdrawn only while
  recognised or suspended (`RECOGNITION_RULES`).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from networks.models import Network, NetworkStatusChange, RecognitionStatus, RegionalCareZone, ServiceArea
from networks.models.geography import periods_overlap
from npz_registry.history import history_by
from npz_registry.status_changes import StatusRules, status_change_record, status_rules_refusal

#: The recognition decisions a network's history allows (`status_rules_refusal`): a network is
#: suspended only while recognised, and its recognition withdrawn only while recognised or
#: suspended; no decision repeats the status already in force on its day.
RECOGNITION_RULES = StatusRules(
    allowed_from={
        RecognitionStatus.SUSPENDED: (RecognitionStatus.RECOGNISED,),
        RecognitionStatus.WITHDRAWN: (RecognitionStatus.RECOGNISED, RecognitionStatus.SUSPENDED),
    }
)


def network_status_refusal(
    network: Network, to_status: str, effective_date: datetime.date, note: str = ""
) -> str | None:
    """Why this recognition decision cannot be recorded, or None when it can: the moves of
    `RECOGNITION_RULES` (for this decision and the one recorded after it), and a recognised
    network serves a regional care zone on every day it is recognised (`recognition_zone_refusal`).
    No rule reads the note."""
    return (
        status_rules_refusal(network, to_status, effective_date, RECOGNITION_RULES, note)
        or recognition_zone_refusal(network, to_status, effective_date)
        or merged_into_refusal(network, to_status, effective_date)
    )


def merged_into_refusal(network: Network, to_status: str, effective_date: datetime.date) -> str | None:
    """A network recognised on a day legacy organisations merged into it stays so: their merger
    was recognised with it then. A decision that is not a recognition, taking effect on or
    before such a day with no other decision in between, would leave it unrecognised there."""
    if to_status == RecognitionStatus.RECOGNISED or network.pk is None:
        return None
    merged_on = network.predecessors.filter(merger_date__gte=effective_date).order_by("merger_date")
    for day in merged_on.values_list("merger_date", flat=True).distinct():
        between = network.status_changes.filter(effective_date__gt=effective_date, effective_date__lte=day)
        if network.status_on(day) == RecognitionStatus.RECOGNISED and not between.exists():
            return _(
                "Legacy organisations merged into %(network)s on %(day)s, with its recognition: it stays "
                "recognised on that day. Record a decision after %(day)s instead."
            ) % {"network": network.name, "day": _format_day(day)}
    return None


def network_undo_refusal(change) -> str | None:
    """A recognition that legacy organisations merged into the network with is not taken back
    (their merger was recognised with it)."""
    if change.to_status != RecognitionStatus.RECOGNISED:
        return None
    if change.network.predecessors.filter(merger_date__gte=change.effective_date).exists():
        return _(
            "Legacy organisations merged into %(network)s with this recognition: it cannot be taken back."
        ) % {"network": change.network.name}
    return None


def recognition_zone_refusal(network: Network, to_status: str, effective_date: datetime.date) -> str | None:
    """A recognised network serves a regional care zone on every day it is recognised (from the
    decision until the next one recorded after it, or for good)."""
    if to_status != RecognitionStatus.RECOGNISED:
        return None
    later = network.status_changes.filter(effective_date__gt=effective_date)
    later = later.order_by("effective_date").first()
    until = later.effective_date - datetime.timedelta(days=1) if later else None
    served = [(a.valid_from, a.valid_until) for a in network.service_areas.all()]
    day = first_day_unserved(served, effective_date, until)
    if day == effective_date:
        return _(
            "%(network)s cannot be recognised from %(day)s: it serves no regional care zone on that day. "
            "Add a service area first."
        ) % {"network": network.name, "day": effective_date.strftime("%d/%m/%Y")}
    if day is not None:
        return _(
            "%(network)s cannot be recognised from %(start)s: it would serve no regional care zone from "
            "%(day)s on. Extend or add a service area first."
        ) % {"network": network.name, "start": _format_day(effective_date), "day": _format_day(day)}
    return None


def recognised_periods(network: Network) -> list[tuple[datetime.date, datetime.date | None]]:
    """The periods (first day, last day or None) in which `network` is recognised, from its
    dated decisions (none yet for a network being added)."""
    if network.pk is None:
        return []
    periods, start = [], None
    for change in sorted(network.status_changes.all(), key=lambda c: (c.effective_date, c.pk)):
        if change.to_status == RecognitionStatus.RECOGNISED and start is None:
            start = change.effective_date
        elif change.to_status != RecognitionStatus.RECOGNISED and start is not None:
            periods.append((start, change.effective_date - datetime.timedelta(days=1)))
            start = None
    if start is not None:
        periods.append((start, None))
    return periods


def first_day_unserved(served, start: datetime.date, end: datetime.date | None) -> datetime.date | None:
    """The first day from `start` to `end` (None: for good) that no period of `served` ((first
    day or None, last day or None), both inclusive) covers; None when they cover every day."""
    day = start
    for valid_from, valid_until in sorted(served, key=lambda p: p[0] or datetime.date.min):
        if valid_until is not None and valid_until < day:
            continue
        if valid_from is not None and valid_from > day:
            break
        if valid_until is None:
            return None
        day = valid_until + datetime.timedelta(days=1)
        if end is not None and day > end:
            return None
    return day if end is None or day <= end else None


@history_by
def network_set_status(
    *, network: Network, to_status: str, effective_date: datetime.date, by=None, note: str = ""
) -> NetworkStatusChange:
    """Record a dated recognition decision. A recognised network must serve at least one
    whole regional care zone on the day the recognition takes effect."""
    return status_change_record(
        subject=network,
        to_status=to_status,
        effective_date=effective_date,
        refusal=network_status_refusal,
        by=by,
        note=note,
    )


def _format_day(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else _("further notice")


def _same_claim(area: ServiceArea, other: ServiceArea) -> bool:
    return other.zone_id == area.zone_id and periods_overlap(
        area.valid_from, area.valid_until, other.valid_from, other.valid_until
    )


def _claim_refusal(areas: list[ServiceArea], stored: list[ServiceArea]) -> str | None:
    for i, area in enumerate(areas):
        if any(_same_claim(area, other) for other in areas[i + 1 :]):
            return _("%(zone)s appears twice for overlapping periods.") % {"zone": area.zone.name}
        clash = next((other for other in stored if _same_claim(area, other)), None)
        if clash is not None:
            return _(
                "%(zone)s is already served by %(network)s from %(start)s until %(end)s: "
                "a zone is served by at most one network on any day."
            ) % {
                "zone": area.zone.name,
                "network": clash.network.name,
                "start": _format_day(clash.valid_from),
                "end": _format_day(clash.valid_until),
            }
    return None


def _scale_refusal(network: Network, areas: list[ServiceArea], kept: list[ServiceArea]) -> str | None:
    if not areas or network.scale_justification.strip():
        return None
    if network.has_concurrent_zones(kept + areas):
        return _("%(network)s would serve several regional care zones at once: justify its scale first.") % {
            "network": network.name
        }
    return None


def service_area_refusal(
    *, network: Network, areas: Iterable[ServiceArea], deleted: Iterable[ServiceArea] = ()
) -> str | None:
    """Why storing `areas` (new or changed service areas of `network`) and deleting `deleted`
    would break a rule, or None: a zone is served by at most one network on any day (the
    message names the network that serves it), and a network that would serve several zones
    at once needs a justification of its scale. Reads the stored rows; the admin forms ask it
    to show the reason, `service_areas_save` asks it again under the lock."""
    areas = list(areas)
    pending = {a.pk for a in [*areas, *deleted] if a.pk}
    stored = list(
        ServiceArea.objects.filter(zone_id__in={a.zone_id for a in areas})
        .exclude(pk__in=pending)
        .select_related("network")
    )
    # The network's own areas that stay as they are: read once for both of its rules.
    kept = [a for a in ServiceArea.objects.filter(network_id=network.pk) if a.pk not in pending]
    return (
        _claim_refusal(areas, stored)
        or _scale_refusal(network, areas, kept)
        or _recognition_refusal(network, areas, kept)
    )


def _recognition_refusal(network: Network, areas: list[ServiceArea], kept: list[ServiceArea]) -> str | None:
    """A recognised network keeps a regional care zone on every day it is recognised: a service
    area may not be ended, deleted or moved away so that it would serve none (DOMAIN: every
    network serves at least one whole zone)."""
    periods = recognised_periods(network)
    if not periods:
        return None
    served = [(a.valid_from, a.valid_until) for a in [*kept, *areas] if a.network_id == network.pk]
    for start, end in periods:
        day = first_day_unserved(served, start, end)
        if day is not None:
            return _(
                "%(network)s is recognised from %(start)s and would serve no regional care zone from "
                "%(day)s on: a recognised network serves at least one. Record the end of its recognition "
                "first, or give it another zone."
            ) % {"network": network.name, "start": _format_day(start), "day": _format_day(day)}
    return None


@transaction.atomic
def service_areas_save(
    *, network: Network, areas: Iterable[ServiceArea] = (), deleted: Iterable[ServiceArea] = ()
) -> list[ServiceArea]:
    """Store new or changed service areas of `network` and delete `deleted`, all or nothing.

    The zones concerned are locked first, so two staff members cannot give one zone to two
    networks at the same time. Raises ValidationError with the reason (`service_area_refusal`)
    and writes nothing when a rule would break."""
    areas, deleted = list(areas), list(deleted)
    zone_ids = sorted({a.zone_id for a in [*areas, *deleted]})
    list(RegionalCareZone.objects.select_for_update().filter(pk__in=zone_ids).order_by("pk"))
    for area in areas:
        area.network = network
        area.full_clean()
    reason = service_area_refusal(network=network, areas=areas, deleted=deleted)
    if reason:
        raise ValidationError(reason)
    for area in deleted:
        area.delete()
    # Changed rows first: a shortened period must make room before a new one follows it.
    for area in sorted(areas, key=lambda a: a.pk is None):
        area.save()
    return areas


def service_area_add(
    *,
    network: Network,
    zone: RegionalCareZone,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> ServiceArea:
    """Let `network` serve `zone` in a period (see `service_areas_save`)."""
    area = ServiceArea(zone=zone, valid_from=valid_from, valid_until=valid_until, note=note)
    return service_areas_save(network=network, areas=[area])[0]
