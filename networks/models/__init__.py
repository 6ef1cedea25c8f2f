from networks.models.actors import (
    ActorKind,
    CareCouncil,
    CareCouncilPolicyPeriod,
    ReformOrganisation,
    ReformOrganisationRole,
)
from networks.models.geography import (
    Municipality,
    MunicipalityFigures,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RegionalCareZone,
    RegionalCareZoneMembership,
)
from networks.models.networks import (
    RECOGNITION_DAY,
    Network,
    NetworkStatusChange,
    RecognitionStatus,
    ServiceArea,
)
from networks.models.organisations import LegacyOrganisation, LegacyOrganisationArea, registry_completeness
from networks.models.people import NetworkRole, Person

__all__ = [
    "ActorKind",
    "CareCouncil",
    "CareCouncilPolicyPeriod",
    "ReformOrganisation",
    "ReformOrganisationRole",
    "LegacyOrganisation",
    "LegacyOrganisationArea",
    "Municipality",
    "MunicipalityFigures",
    "Network",
    "NetworkRole",
    "NetworkStatusChange",
    "Person",
    "RECOGNITION_DAY",
    "RecognitionStatus",
    "ServiceArea",
    "PrimaryCareZone",
    "PrimaryCareZoneMembership",
    "RegionalCareZone",
    "RegionalCareZoneMembership",
    "registry_completeness",
]
