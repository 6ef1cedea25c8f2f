"""The reference files of fixtures/ about geography and legacy organisations (copied from
shared/data, sources in fixtures/SOURCES.md), in the order they load, with the resource that
parses each: the admin import uses the same resources. `load_reference_data`
(npz_registry.reference_data) loads them with the other apps' files."""

from pathlib import Path

from django.conf import settings

from networks.resources import (
    LegacyLegalFactsResource,
    LegacyOrganisationResource,
    MunicipalityFileResource,
    PrimaryCareZoneResource,
    ReformDateResource,
    ReformOrganisationResource,
    RegionalCareZoneResource,
)
from npz_registry.importexport.reference import ReferenceFile

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

REFERENCE_FILES = [
    ReferenceFile(
        "regional_care_zones.csv",
        RegionalCareZoneResource,
        "fixtures/regional_care_zones.csv: referentieregio's, Provincies in Cijfers "
        "(see fixtures/SOURCES.md §3)",
    ),
    ReferenceFile(
        "primary_care_zones.csv",
        PrimaryCareZoneResource,
        "fixtures/primary_care_zones.csv: Provincies in Cijfers ELZ 2025 (see fixtures/SOURCES.md §2)",
    ),
    ReferenceFile(
        "municipalities.csv",
        MunicipalityFileResource,
        "fixtures/municipalities.csv: Provincies in Cijfers, REFNIS-2025 (see fixtures/SOURCES.md §1)",
    ),
    ReferenceFile("legacy_organisations.csv", LegacyOrganisationResource),
    # After the organisations and their partners: the pairs one legal entity runs.
    ReferenceFile("legacy_legal_facts.csv", LegacyLegalFactsResource),
    ReferenceFile("reform_calendar.csv", ReformDateResource),
    ReferenceFile("reform_organisations.csv", ReformOrganisationResource),
]
