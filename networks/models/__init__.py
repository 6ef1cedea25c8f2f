from networks.models.geography import (
    Municipality,
    MunicipalityFigures,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RegionalCareZone,
    RegionalCareZoneMembership,
)
from networks.models.organisations import LegacyOrganisation, LegacyOrganisationArea, registry_completeness
from networks.models.people import Network, NetworkRole

__all__ = [
    "LegacyOrganisation",
    "LegacyOrganisationArea",
    "Municipality",
    "MunicipalityFigures",
    "Network",
    "NetworkRole",
    "PrimaryCareZone",
    "PrimaryCareZoneMembership",
    "RegionalCareZone",
    "RegionalCareZoneMembership",
    "registry_completeness",
]
