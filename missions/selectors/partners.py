"""Which partner organisations a network may name in its matrix and its plans."""

from django.utils import timezone

from missions.models import PartnerOrganisation
from missions.selectors import current_service_areas


def partners_for_network(network):
    """The partner organisations placed in a zone the network serves today or later, and those
    without a place, with their partner type (one query when evaluated)."""
    zone_ids = current_service_areas([network.pk]).values("zone")
    return (
        PartnerOrganisation.objects.in_zones(zone_ids, timezone.localdate())
        .select_related("partner_type")
        .order_by("name", "code")
    )


def partner_label(partner) -> str:
    """A partner as a choice: its name and type."""
    return f"{partner.name} ({partner.partner_type.label})"
