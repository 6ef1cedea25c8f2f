"""The back office takes values as the pages write them and people type them: dates in words
("midden 2027"), whole numbers with their thousands ("274.500") and enterprise numbers as the
help text shows them ("0123.456.749"); each is stored in its one form. The imports read dates
the same way, and the reform calendar puts the middle of a year before its second half."""

import datetime

import pytest
import tablib
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from networks.models import LegacyOrganisation, MunicipalityFigures, Network, ReformDate
from networks.resources import ReformDateResource
from networks.selectors import reform_calendar
from npz_registry.forms import WrittenIntegerField
from tests.admin_helpers import change_form_data
from tests.importexport.test_resources import messages_of
from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    NetworkFactory,
    ReformDateFactory,
)

pytestmark = pytest.mark.django_db


def post_change(client, model, obj, **changes):
    url = reverse(f"admin:networks_{model._meta.model_name}_change", args=[obj.pk])
    return client.post(url, change_form_data(client.get(url), **changes))


def field_errors(response, name) -> list[str]:
    return response.context["adminform"].form.errors.get(name, [])


# --------------------------------------------------------------------------------------------
# Imprecise dates: the words the pages show, in the admin and in the imports
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored", "sort_day"),
    [
        ("midden 2027", "2027-mid", datetime.date(2027, 7, 1)),
        ("begin 2026", "2026-early", datetime.date(2026, 1, 1)),
        ("eind 2025", "2025-late", datetime.date(2025, 10, 1)),
        ("tweede helft van 2027", "2027-H2", datetime.date(2027, 7, 1)),
        ("mid 2027", "2027-mid", datetime.date(2027, 7, 1)),
    ],
)
def test_the_admin_stores_a_date_typed_as_the_pages_show_it(admin_client, typed, stored, sort_day):
    """ "midden 2027" was refused with "niet meer dan 10 tekens" (found by review)."""
    row = ReformDateFactory(code="gunning-vlepz", start="2027")
    response = post_change(admin_client, ReformDate, row, start=typed)
    assert response.status_code == 302, field_errors(response, "start")
    row.refresh_from_db()
    assert (row.start, row.start_sort) == (stored, sort_day)


def test_the_admin_input_has_room_for_the_words(admin_client):
    row = ReformDateFactory(code="gunning-vlepz", start="2027-mid")
    url = reverse("admin:networks_reformdate_change", args=[row.pk])
    field = admin_client.get(url).context["adminform"].form.fields["start"]
    assert int(field.widget.attrs["maxlength"]) >= len("second quarter of 2027")


def test_the_admin_refuses_what_is_no_date_with_the_forms_it_takes(admin_client):
    row = ReformDateFactory(code="gunning-vlepz", start="2027-mid")
    with translation.override("nl-be"):
        response = post_change(admin_client, ReformDate, row, start="zomer 2027")
    assert response.status_code == 200
    (message,) = field_errors(response, "start")
    assert "2026-early" in message and "midden 2027" in message
    row.refresh_from_db()
    assert row.start == "2027-mid"


def test_an_import_reads_a_date_as_the_pages_write_it():
    columns = ["code", "title", "start", "end", "certainty", "source"]
    rows = [
        ["gunning-vlepz", "Gunning", "midden 2027", "", "HOPED", "Nota"],
        ["start-vlepz", "Start", "Tweede helft van 2027", "eind 2028", "HOPED", "Nota"],
        ["oproep-vlepz", "Oproep", "zomer 2027", "", "HOPED", "Nota"],
    ]
    dataset = tablib.Dataset(*rows, headers=columns)
    refused = ReformDateResource().import_data(dataset, dry_run=True)
    assert list(messages_of(refused)) == [3]  # only the summer, which no page writes
    result = ReformDateResource().import_data(tablib.Dataset(*rows[:2], headers=columns))
    assert not result.has_errors() and not result.has_validation_errors()
    stored = dict(ReformDate.objects.values_list("code", "start"))
    assert stored == {"gunning-vlepz": "2027-mid", "start-vlepz": "2027-H2"}
    assert ReformDate.objects.get(code="start-vlepz").end == "2028-late"


def test_the_calendar_lists_the_middle_of_a_year_before_its_second_half():
    """The award ("midden 2027") came after the start it leads to ("tweede helft van 2027"):
    both sort on 1 July and the tie went to the more precise (found by review)."""
    ReformDateFactory(code="a-start-vlepz", title="Start", start="2027-H2")
    ReformDateFactory(code="b-gunning-vlepz", title="Gunning", start="2027-mid")
    ReformDateFactory(code="c-juli", title="Juli", start="2027-07")
    ReformDateFactory(code="d-eerste-juli", title="1 juli", start="2027-07-01")
    assert [row.start for row in reform_calendar()] == ["2027-07-01", "2027-mid", "2027-07", "2027-H2"]


# --------------------------------------------------------------------------------------------
# Whole numbers with their thousands
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["274.500", "274 500", "274500"])
def test_the_admin_takes_a_whole_number_with_its_thousands(admin_client, typed):
    """Population "274.500" was refused ("Voer een geheel getal in"), though the portal's counts
    take it (found by review)."""
    figures = MunicipalityFiguresFactory(population=10000, aged_65_plus=2000)
    response = post_change(admin_client, MunicipalityFigures, figures, population=typed)
    assert response.status_code == 302, field_errors(response, "population")
    figures.refresh_from_db()
    assert figures.population == 274500


def test_the_admin_still_refuses_a_number_that_is_not_whole(admin_client):
    figures = MunicipalityFiguresFactory(population=10000, aged_65_plus=2000)
    response = post_change(admin_client, MunicipalityFigures, figures, population="2.745,5")
    assert response.status_code == 200 and field_errors(response, "population")
    figures.refresh_from_db()
    assert figures.population == 10000


def test_a_whole_number_is_a_text_input_and_keys_and_choices_keep_their_fields():
    model_admin = admin.site._registry[MunicipalityFigures]
    request = RequestFactory().get("/")
    population = model_admin.formfield_for_dbfield(MunicipalityFigures._meta.get_field("population"), request)
    assert isinstance(population, WrittenIntegerField)
    assert population.widget.input_type == "text" and population.widget.attrs["class"] == "vIntegerField"
    chosen = models.IntegerField(choices=[(1, "one"), (2, "two")])
    chosen.name = "chosen"
    assert not isinstance(model_admin.formfield_for_dbfield(chosen, request), WrittenIntegerField)
    key = models.IntegerField(primary_key=True)
    key.name = "number"
    assert not isinstance(model_admin.formfield_for_dbfield(key, request), WrittenIntegerField)
    assert model_admin.formfield_for_dbfield(MunicipalityFigures._meta.pk, request) is None


def test_the_list_filters_still_narrow_by_a_whole_number(admin_client):
    MunicipalityFiguresFactory(year=2025, population=1000, aged_65_plus=100)
    MunicipalityFiguresFactory(year=2026, population=2000, aged_65_plus=100)
    response = admin_client.get(reverse("admin:networks_municipalityfigures_changelist"), {"year": "2025"})
    assert response.status_code == 200
    assert [row.year for row in response.context["cl"].result_list] == [2025]


# --------------------------------------------------------------------------------------------
# Enterprise numbers as the help text writes them
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["0123.456.749", "BE 0123 456 749", "be0123456749", "0123456749"])
@pytest.mark.parametrize("model", [LegacyOrganisation, Network])
def test_the_admin_takes_an_enterprise_number_as_it_is_written(admin_client, model, typed):
    """The help text says "bijvoorbeeld 0123.456.749", the input took ten characters: "0123.456.7"
    (found by review)."""
    obj = LegacyOrganisationFactory() if model is LegacyOrganisation else NetworkFactory()
    response = post_change(admin_client, model, obj, enterprise_number=typed)
    assert response.status_code == 302, field_errors(response, "enterprise_number")
    obj.refresh_from_db()
    assert obj.enterprise_number == "0123456749"


def test_the_enterprise_number_input_has_room_for_the_written_forms(admin_client):
    organisation = LegacyOrganisationFactory()
    url = reverse("admin:networks_legacyorganisation_change", args=[organisation.pk])
    field = admin_client.get(url).context["adminform"].form.fields["enterprise_number"]
    assert int(field.widget.attrs["maxlength"]) >= len("BE 0123.456.749")


def test_a_wrong_enterprise_number_is_refused_with_one_message(admin_client):
    organisation = LegacyOrganisationFactory()
    with translation.override("nl-be"):
        response = post_change(
            admin_client, LegacyOrganisation, organisation, enterprise_number="BE 0123.456.749 00"
        )
    (message,) = field_errors(response, "enterprise_number")
    assert "tien cijfers" in message
    organisation.refresh_from_db()
    assert organisation.enterprise_number == ""


def test_an_inline_row_takes_numbers_as_written_too(admin_client):
    """The figures on a municipality's page refused "274.500" (its own admin page took it)."""
    municipality = MunicipalityFactory(nis_code="13025", name="Mol")
    figures = MunicipalityFiguresFactory(municipality=municipality, year=2025, population=1000)
    url = reverse("admin:networks_municipality_change", args=[municipality.pk])
    page = admin_client.get(url)
    prefix = next(
        f.formset.prefix
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is MunicipalityFigures
    )
    response = admin_client.post(url, change_form_data(page, **{f"{prefix}-0-population": "274.500"}))
    assert response.status_code == 302
    figures.refresh_from_db()
    assert figures.population == 274_500
