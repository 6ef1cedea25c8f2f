"""The department's municipalities.csv (networks.resources.MunicipalityFileResource) reports the
errors of all its tables at once: those of the municipalities and those of the zones and
figures on the same lines, each under its row and the file's column, and saves nothing (all or
nothing), in a preview as in a commit."""

import pytest
from django.utils import translation

from networks.models import Municipality, MunicipalityFigures, PrimaryCareZoneMembership
from networks.resources import MunicipalityFileResource
from npz_registry.importexport.resources import result_errors
from tests.importexport.test_resources import municipality_file, town, zones  # noqa: F401 (fixture)
from tests.networks.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def figures(population, **cells):
    return {"population": population, "population_ref_date": "2020-01-01", **cells}


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "commit"])
def test_errors_of_the_municipalities_zones_and_figures_are_reported_together(zones, dry_run):  # noqa: F811
    MunicipalityFactory(nis_code="11002", name="Antwerpen")
    lines = municipality_file(
        town("11001", "A" * 121, primary_care_zone="rupelaar", **figures(14427)),
        town("11002", "Antwerpen", primary_care_zone="onbekend", **figures("veel")),
        town("11004", "Boechout", primary_care_zone="rupelaar", **figures(999999999999)),
        town(
            "11005", "Boom", primary_care_zone="rupelaar", **figures(18000, deaths=170, deaths_year="nooit")
        ),
    )

    with translation.override("en"):
        result = MunicipalityFileResource().import_data(lines, dry_run=dry_run)

    assert [(e["row"], e["column"], e["message"]) for e in result_errors(result)] == [
        (2, "name", "Ensure this value has at most 120 characters (it has 121)."),
        (
            3,
            "primary_care_zone",
            "Memberships of primary care zones: No primary care zone with code onbekend.",
        ),
        (3, "population", "Municipal figures: veel is not a whole number."),
        (4, "population", "Municipal figures: Ensure this value is less than or equal to 10000000."),
        (5, "", "deaths_year: nooit is not a year (write four digits, for example 2025)."),
    ]
    assert list(Municipality.objects.values_list("nis_code", "name")) == [("11002", "Antwerpen")]
    assert not MunicipalityFigures.objects.exists() and not PrimaryCareZoneMembership.objects.exists()


def test_the_zones_and_figures_of_a_new_municipality_that_is_refused_wait_for_it(zones):  # noqa: F811
    # Without the municipality, its zones and figures would only say it does not exist.
    lines = municipality_file(town("11001", "A" * 121, primary_care_zone="onbekend", **figures("veel")))

    with translation.override("en"):
        result = MunicipalityFileResource().import_data(lines)

    assert [(e["row"], e["column"]) for e in result_errors(result)] == [(2, "name")]
    assert not Municipality.objects.exists()


def test_a_good_file_after_a_refused_one_imports_everything(zones):  # noqa: F811
    MunicipalityFileResource().import_data(municipality_file(town("11001", "A" * 121, **figures(5))))

    result = MunicipalityFileResource().import_data(
        municipality_file(town("11001", "Aartselaar", primary_care_zone="rupelaar", **figures(14427)))
    )

    assert not result.has_validation_errors() and not result.has_errors()
    aartselaar = Municipality.objects.get()
    assert aartselaar.figures.get().population == 14427
    assert aartselaar.primary_care_zone_memberships.get().zone.code == "rupelaar"
