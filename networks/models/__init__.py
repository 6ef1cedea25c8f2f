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
    Network,
    NetworkStatusChange,
    RecognitionStatus,
    ServiceArea,
)
from networks.models.organisations import LegacyOrganisation, LegacyOrganisationArea, registry_completeness
from networks.models.people import NetworkRole, Person
from networks.models.reform import ProgressReportRule, ReformDate, ReformDateKey

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
    "ProgressReportRule",
    "RecognitionStatus",
    "ReformDate",
    "ReformDateKey",
    "ServiceArea",
    "PrimaryCareZone",
    "PrimaryCareZoneMembership",
    "RegionalCareZone",
    "RegionalCareZoneMembership",
    "registry_completeness",
]
