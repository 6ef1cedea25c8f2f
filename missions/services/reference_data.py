"""Mission themes, tasks, partner types, the sextuple aim and the built-in indicators of
fixtures/ (fixtures/README.md names the sources), in the order they load, with the resource that
parses each. `load_reference_data` loads them after the geography."""

from missions.resources import (
    ComplexityLevelResource,
    IndicatorResource,
    MissionTaskResource,
    MissionThemeResource,
    PartnerTypeResource,
    SextupleAimResource,
)
from npz_registry.importexport.reference import ReferenceFile

REFERENCE_FILES = [
    ReferenceFile("mission_themes.csv", MissionThemeResource),
    ReferenceFile("mission_tasks.csv", MissionTaskResource),
    ReferenceFile("partner_types.csv", PartnerTypeResource),
    ReferenceFile("sextuple_aims.csv", SextupleAimResource),
    ReferenceFile("complexity_levels.csv", ComplexityLevelResource),
    ReferenceFile("indicators.csv", IndicatorResource),
]
