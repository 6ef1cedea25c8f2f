"""Writes on networks: recognition status and service areas."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from networks.models import Network, NetworkStatusChange, RecognitionStatus, RegionalCareZone, ServiceArea


def status_change_refusal(network: Network, to_status: str, effective_date: datetime.date) -> str | None:
    """Why this recognition decision cannot be recorded, or None when it can."""
    if to_status not in RecognitionStatus.values:
        return _("Unknown recognition status %(status)s.") % {"status": to_status}
    if (
        to_status == RecognitionStatus.RECOGNISED
        and not network.service_areas.valid_on(effective_date).exists()
    ):
        return _(
            "%(network)s cannot be recognised from %(day)s: it serves no regional care zone on that day. "
            "Add a service area first."
        ) % {"network": network.name, "day": effective_date.strftime("%d/%m/%Y")}
    return None


@transaction.atomic
def network_set_status(
    *, network: Network, to_status: str, effective_date: datetime.date, by=None, note: str = ""
) -> NetworkStatusChange:
    """Record a dated recognition decision. A recognised network must serve at least one
    whole regional care zone on the day the recognition takes effect."""
    network = Network.objects.select_for_update().get(pk=network.pk)
    refusal = status_change_refusal(network, to_status, effective_date)
    if refusal:
        raise ValidationError(refusal)
    change = NetworkStatusChange.objects.create(
        network=network,
        from_status=network.status_on(effective_date) or "",
        to_status=to_status,
        effective_date=effective_date,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )
    # `status` holds the latest decision; status_on() answers for any day.
    latest = network.status_changes.order_by("-effective_date", "-pk").first()
    network.status = latest.to_status
    network.save(update_fields=["status", "updated_at"])
    return change


@transaction.atomic
def service_area_add(
    *,
    network: Network,
    zone: RegionalCareZone,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> ServiceArea:
    """Let `network` serve `zone` in a period. Refused, naming the other network, when the
    zone is already served then; refused when the network would serve several zones at once
    without a justification of its scale."""
    # Lock the zone's claims so two staff members cannot give one zone to two networks.
    list(ServiceArea.objects.select_for_update().filter(zone=zone))
    area = ServiceArea(network=network, zone=zone, valid_from=valid_from, valid_until=valid_until, note=note)
    area.full_clean()
    if not network.scale_justification.strip() and network.has_concurrent_zones(extra_areas=[area]):
        raise ValidationError(
            _("%(network)s would serve several regional care zones at once: justify its scale first.")
            % {"network": network.name}
        )
    area.save()
    return area
