"""A column no table field names refuses the file, naming it and the expected columns: a typing
error ("populatoin") would otherwise leave its values unread and the preview would say nothing
changed. The columns of the department's files that a table leaves unread on purpose (totals,
names beside codes, the evidence of a fact) are listed on its resource (`ignored_columns`)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from missions.services.reference_data import REFERENCE_FILES as MISSIONS_FILES
from networks.models import MunicipalityFigures
from networks.resources import MunicipalityFiguresResource, MunicipalityResource, RegionalCareZoneResource
from networks.services.reference_data import REFERENCE_FILES as NETWORKS_FILES
from npz_registry.importexport.reference import read_reference_file
from tests.importexport.conftest import csv_dataset
from tests.networks.factories import MunicipalityFactory, RegionalCareZoneFactory
from transition.services.reference_data import REFERENCE_FILES as TRANSITION_FILES

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def refusal(result) -> list[str]:
    return [str(error.error) for error in result.base_errors]


def test_a_misspelt_column_refuses_the_file_naming_it_and_the_expected_columns():
    MunicipalityFactory(nis_code="41002")
    rows = csv_dataset(["nis_code", "year", "populatoin", "deaths"], [["41002", "2025", "85000", "900"]])

    with translation.override("en"):
        result = MunicipalityFiguresResource().import_data(rows)

    assert refusal(result) == [
        "The file has the column(s) populatoin, which this table does not know. Expected columns: "
        "nis_code, year, population, aged_65_plus, aged_80_plus, deaths, source. Correct their names "
        "or remove them (and check that you chose the right table): nothing was saved."
    ]
    assert not result.invalid_rows and not MunicipalityFigures.objects.exists()


def test_columns_named_as_the_preview_names_them_are_known():
    MunicipalityFactory(nis_code="41002")
    rows = csv_dataset(["NIS_CODE", "Jaar", "population (1 January)"], [["41002", "2025", "85000"]])

    result = MunicipalityFiguresResource().import_data(rows)

    assert not refusal(result) and MunicipalityFigures.objects.get().population == 85000


def test_a_column_left_unread_on_purpose_is_accepted_and_an_empty_heading_too():
    zone = RegionalCareZoneFactory(code="kempen", name="Kempen")
    exported = RegionalCareZoneResource().export()
    # A total the registry derives itself, and a column Excel left without a heading.
    rows = csv_dataset([*exported.headers, "n_municipalities", ""], [[*exported[0], "12", ""]])

    result = RegionalCareZoneResource().import_data(rows)

    assert not refusal(result) and not result.has_validation_errors()
    assert result.totals["skip"] == 1 and zone.name == "Kempen"


def test_the_plain_municipality_table_still_names_an_unknown_column():
    # It leaves the zone and figure columns of municipalities.csv to the file's own resource, not
    # any column.
    rows = csv_dataset(["nis_code", "name", "region", "province", "population", "inwoners"],
                       [["11001", "Aartselaar", "Vlaams Gewest", "Antwerpen", "14427", "14427"]])  # fmt: skip

    with translation.override("en"):
        [message] = refusal(MunicipalityResource().import_data(rows))

    assert message.startswith("The file has the column(s) inwoners, which this table does not know.")


@pytest.mark.parametrize(
    "reference", [*NETWORKS_FILES, *MISSIONS_FILES, *TRANSITION_FILES], ids=lambda reference: reference.name
)
def test_every_reference_file_has_only_columns_its_table_knows(reference):
    dataset = read_reference_file(FIXTURES / reference.name)
    resource = reference.resource()

    assert resource.column_problem(resource.as_column_names(list(dataset.headers))) is None
