"""Writes about the actors of the reform beside the networks (decision 0001 §2.10)."""

from simple_history.utils import bulk_create_with_history

from networks.models import CareCouncil, PrimaryCareZone

#: The kinds of primary care zone run by a care council (the Antwerp cluster row is not a zone).
COUNCIL_ZONE_KINDS = [PrimaryCareZone.Kind.ELZ, PrimaryCareZone.Kind.ELZ_SUBMUNICIPAL]


def create_missing_care_councils() -> int:
    """One care council for every primary care zone without one (the decree of 17 May 2019
    gives every zone one); unnamed, as no source gives the names. Returns how many were made."""
    zones = PrimaryCareZone.objects.filter(kind__in=COUNCIL_ZONE_KINDS, care_council__isnull=True)
    councils = bulk_create_with_history([CareCouncil(primary_care_zone=zone) for zone in zones], CareCouncil)
    return len(councils)
