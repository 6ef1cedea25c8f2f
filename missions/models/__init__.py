from missions.models.activity import ActivityCount, ActivityKind
from missions.models.indicators import Indicator, IndicatorDirection, IndicatorLevel, IndicatorValue
from missions.models.intensity import DeliveryEmphasis, IntensityLevel, RegionalIntensity
from missions.models.themes import (
    ComplexityLevel,
    DeliveryMode,
    MissionTask,
    MissionTheme,
    PartnerType,
    SextupleAim,
)

__all__ = [
    "ActivityCount",
    "ActivityKind",
    "ComplexityLevel",
    "DeliveryEmphasis",
    "DeliveryMode",
    "Indicator",
    "IndicatorDirection",
    "IndicatorLevel",
    "IndicatorValue",
    "IntensityLevel",
    "MissionTask",
    "MissionTheme",
    "PartnerType",
    "RegionalIntensity",
    "SextupleAim",
]
