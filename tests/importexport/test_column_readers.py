"""Every column is read by the reader of its kind of value, whichever resource it is in
(BatchResource sets them for the model fields): a yes/no column takes yes or no in Dutch or
English and refuses other text (never a silent "no"), and an imprecise date takes the forms of
npz_registry.imprecise and refuses other text naming them. What an export writes, the import
reads back unchanged."""

import pytest
import tablib
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from missions.models import PartnerOrganisation
from missions.resources import PartnerOrganisationResource
from networks.models import PrimaryCareZoneMembership, ReformOrganisation
from networks.resources import PrimaryCareZoneMembershipResource, ReformOrganisationResource
from npz_registry.importexport.files import read_dataset
from npz_registry.importexport.widgets import ImpreciseDateWidget, YesNoWidget
from npz_registry.models import ImpreciseDateField
from tests.importexport.test_resources import all_resources, messages_of
from transition.models import Funding
from transition.resources import FundingResource

pytestmark = pytest.mark.django_db

#: The yes/no columns that used to read "ja" and "soms" as no.
YES_NO_COLUMNS = [
    (FundingResource, Funding, "is_demo"),
    (PartnerOrganisationResource, PartnerOrganisation, "is_demo"),
    (PrimaryCareZoneMembershipResource, PrimaryCareZoneMembership, "is_partial"),
]


def every_cell(dataset: tablib.Dataset, column: str, value) -> tablib.Dataset:
    """`dataset` with `value` in `column` on every row."""
    index = dataset.headers.index(column)
    rows = [[value if n == index else cell for n, cell in enumerate(row)] for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers)


def model_fields(resource_class):
    """(resource field, model field) of every column of `resource_class` that is a model field."""
    resource = resource_class()
    for field in resource.get_import_fields():
        try:
            yield field, resource_class._meta.model._meta.get_field(field.attribute)
        except (FieldDoesNotExist, TypeError):
            continue


@pytest.mark.parametrize(
    "resource_class, model, column", YES_NO_COLUMNS, ids=lambda p: getattr(p, "__name__", p)
)
def test_ja_in_a_yes_no_column_is_yes(every_table, resource_class, model, column):
    PartnerOrganisation.objects.filter(code="vlaanderen").update(name="Overal (demo)")  # a demo says so
    exported = resource_class().export()

    result = resource_class().import_data(every_cell(exported, column, "ja"))

    assert not result.has_errors() and not result.has_validation_errors(), messages_of(result)
    assert set(model.objects.values_list(column, flat=True)) == {True}


@pytest.mark.parametrize(
    "resource_class, model, column", YES_NO_COLUMNS, ids=lambda p: getattr(p, "__name__", p)
)
def test_other_text_in_a_yes_no_column_is_a_row_error_and_saves_nothing(
    every_table, resource_class, model, column
):
    before = list(model.objects.order_by("pk").values_list(column, flat=True))
    exported = resource_class().export()

    result = resource_class().import_data(every_cell(exported, column, "soms"))

    message = "soms is geen ja of nee (schrijf ja of nee)."
    assert messages_of(result) == {number: {column: [message]} for number in range(1, len(exported) + 1)}
    assert list(model.objects.order_by("pk").values_list(column, flat=True)) == before


@pytest.mark.parametrize("resource_class", all_resources(), ids=lambda r: r.__name__)
def test_every_yes_no_column_of_every_table_reads_yes_and_no_alike(resource_class):
    # One place sets it (BatchResource.WIDGETS_MAP): a new yes/no column cannot forget it.
    for field, model_field in model_fields(resource_class):
        if isinstance(model_field, models.BooleanField):
            assert isinstance(field.widget, YesNoWidget), (
                f"{field.column_name}: {type(field.widget).__name__}"
            )


@pytest.mark.parametrize(
    "resource_class, model, column", YES_NO_COLUMNS, ids=lambda p: getattr(p, "__name__", p)
)
def test_a_yes_no_column_comes_back_unchanged_from_a_csv_export(every_table, resource_class, model, column):
    PrimaryCareZoneMembership.objects.update(is_partial=True)  # both values in the tables
    before = sorted(model.objects.values_list("pk", column))
    exported = resource_class().export()

    result = resource_class().import_data(read_dataset(exported.export("csv").encode(), "csv"))

    assert not result.has_errors() and not result.has_validation_errors(), messages_of(result)
    assert result.totals["skip"] == len(exported)
    assert sorted(model.objects.values_list("pk", column)) == before


def test_an_imprecise_date_in_other_words_is_a_row_error_naming_the_forms():
    rows = tablib.Dataset(
        ["consortium", "Consortium", "CONSORTIUM", "jan 2025"],
        headers=["code", "name", "role", "active_from"],
    )

    result = ReformOrganisationResource().import_data(rows)

    [message] = messages_of(result)[1]["active_from"]
    assert message.startswith("jan 2025 is geen datum in een van deze vormen: 2027-01-01, 2023-09,")
    assert not result.has_errors()  # a row error, not an exception without a column
    assert not ReformOrganisation.objects.exists()


def test_an_imprecise_date_is_stored_with_its_sort_day():
    rows = tablib.Dataset(["consortium", "Consortium", "CONSORTIUM", "2025-01", "2030-late"],
                          headers=["code", "name", "role", "active_from", "active_until"])  # fmt: skip

    result = ReformOrganisationResource().import_data(rows)

    assert not result.has_validation_errors(), messages_of(result)
    consortium = ReformOrganisation.objects.get()
    assert (consortium.active_from, str(consortium.active_from_sort)) == ("2025-01", "2025-01-01")
    assert consortium.active_until == "2030-late" and consortium.active_until_sort is not None


@pytest.mark.parametrize("resource_class", all_resources(), ids=lambda r: r.__name__)
def test_every_imprecise_date_column_of_every_table_is_read_as_one(resource_class):
    for field, model_field in model_fields(resource_class):
        if isinstance(model_field, ImpreciseDateField):
            assert isinstance(field.widget, ImpreciseDateWidget), field.column_name
