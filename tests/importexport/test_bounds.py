"""Counts of people have the bound the forms give them (npz_registry.limits.MAX_COUNT, ten
million) on the model fields themselves, so an import, the admin and `full_clean` refuse what a
form refuses: an import names the row and the column, and saves nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from missions.models import ActivityCount
from missions.resources import ActivityCountResource
from networks.models import MunicipalityFigures
from networks.resources import MunicipalityFiguresResource
from npz_registry.importexport.resources import result_errors
from npz_registry.limits import MAX_COUNT
from tests.importexport.conftest import csv_dataset
from tests.networks.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

FIGURES = ["population", "aged_65_plus", "aged_80_plus", "deaths"]
TOO_MANY = "Ensure this value is less than or equal to 10000000."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("column", FIGURES)
def test_a_figure_above_ten_million_is_a_row_error_naming_its_column(column):
    MunicipalityFactory(nis_code="41002")
    rows = csv_dataset(
        ["nis_code", "year", column], [["41002", "2024", "1000"], ["41002", "2025", "999999999999999"]]
    )

    result = MunicipalityFiguresResource().import_data(rows)

    assert result_errors(result) == [
        {"row": 3, "column": column, "value": "999999999999999", "message": TOO_MANY}
    ]
    assert not MunicipalityFigures.objects.exists()


def test_ten_million_itself_is_a_figure_an_import_takes():
    MunicipalityFactory(nis_code="41002")
    rows = csv_dataset(["nis_code", "year", "population"], [["41002", "2025", str(MAX_COUNT)]])

    result = MunicipalityFiguresResource().import_data(rows)

    assert not result.has_validation_errors() and MunicipalityFigures.objects.get().population == MAX_COUNT


def test_an_activity_count_above_ten_million_is_a_row_error_naming_its_column(network_a):
    MunicipalityFactory(nis_code="41002")
    rows = csv_dataset(
        ["legacy_organisation", "network", "organisation", "nis_code", "year", "kind", "count"],
        [["", network_a.code, "", "41002", "2025", "GUIDED_PATIENTS", "999999999999"]],
    )

    result = ActivityCountResource().import_data(rows)

    assert result_errors(result) == [
        {"row": 2, "column": "count", "value": "999999999999", "message": TOO_MANY}
    ]
    assert not ActivityCount.objects.exists()


@pytest.mark.parametrize("column", FIGURES)
def test_the_model_refuses_a_figure_above_ten_million(column):
    figures = MunicipalityFigures(municipality=MunicipalityFactory(), year=2025, **{column: MAX_COUNT + 1})
    with pytest.raises(ValidationError) as error:
        figures.full_clean()
    assert error.value.message_dict[column] == [TOO_MANY]


def test_the_model_refuses_an_activity_count_above_ten_million(network_a):
    count = ActivityCount(
        network=network_a, municipality=MunicipalityFactory(), year=2025, count=MAX_COUNT + 1
    )
    with pytest.raises(ValidationError) as error:
        count.full_clean()
    assert error.value.message_dict["count"] == [TOO_MANY]
