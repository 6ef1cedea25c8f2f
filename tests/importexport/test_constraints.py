"""An import checks the table's own database rules (CHECK and unique constraints, with a
condition or without) on each row before it writes anything, in Python (no query per row): a row
that breaks one is listed with its row, its column and the rule in the project's words, and
nothing is written. The rules about a row's actor have words of their own, in forms too."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from missions.models import ActivityCount, Indicator, IndicatorDirection
from missions.resources import ActivityCountResource, IndicatorResource
from networks.models import MunicipalityFigures, ReformDate
from networks.resources import MunicipalityFiguresResource, ReformDateResource
from npz_registry.importexport.constraints import (
    condition_holds,
    constraint_errors,
    readable_constraints,
    readable_unique_constraints,
    refusal_reason,
)
from npz_registry.importexport.resources import result_errors
from tests.importexport.conftest import csv_dataset, upload
from tests.networks.factories import LegacyOrganisationFactory, MunicipalityFactory, recognition_day_row
from tests.transition.factories import FundingFactory

pytestmark = pytest.mark.django_db

FIGURES = ["nis_code", "year", "population", "aged_65_plus", "aged_80_plus", "deaths", "source"]


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


def figures(*years):
    MunicipalityFactory(nis_code="41002", name="Aalst")
    return csv_dataset(FIGURES, [["41002", year, "100", "5", "", "", "x"] for year in years])


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "commit"])
def test_a_year_outside_the_range_is_a_row_error_in_the_words_of_the_form(dry_run):
    result = MunicipalityFiguresResource().import_data(figures("2024", "1800"), dry_run=dry_run)
    assert not result.base_errors
    assert result_errors(result) == [
        {"row": 3, "column": "year", "value": "1800", "message": "Het jaar ligt tussen 1970 en 2100."}
    ]
    assert not MunicipalityFigures.objects.exists()  # all or nothing


def test_checking_the_rules_costs_no_query_per_row():
    counts = []
    for size in (2, 40):
        MunicipalityFigures.objects.all().delete()
        dataset = figures(*(str(1800 + n) for n in range(size)))
        with CaptureQueriesContext(connection) as queries:
            result = MunicipalityFiguresResource().import_data(dataset, dry_run=True)
        assert len(result.invalid_rows) == size
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_an_activity_count_for_the_year_1800_is_refused_by_the_import(network_a):
    town = MunicipalityFactory(nis_code="41002", name="Aalst")
    dataset = csv_dataset(
        ["actor_kind", "legacy_organisation", "network", "organisation", "nis_code", "year", "kind", "count"],
        [["NETWORK", "", network_a.code, "", town.nis_code, "1800", "GUIDED_PATIENTS", "3"]],
    )
    result = ActivityCountResource().import_data(dataset)
    messages = {(e["column"], e["message"]) for e in result_errors(result)}
    assert ("year", "Het jaar ligt tussen 1970 en 2100.") in messages, result_errors(result)
    assert not ActivityCount.objects.exists()


@pytest.mark.parametrize(
    "condition, values, holds",
    [
        (Q(year__gte=1970, year__lte=2100), {"year": 1800}, False),
        (Q(year__gte=1970, year__lte=2100), {"year": 2000}, True),
        (Q(year__gte=1970), {"year": None}, None),  # NULL passes a CHECK, as in SQL
        (Q(population__isnull=True) | Q(population__gte=F("deaths")), {"population": 5, "deaths": 9}, False),
        (Q(population__isnull=True) | Q(population__gte=F("deaths")), {"population": None}, True),
        (~Q(year__in=[2020, 2021]), {"year": 2020}, False),
        (Q(source__regex=r"^\d{4}$") | Q(source=""), {"source": "bron"}, False),
        (Q(source__regex=r"^\d{4}$") | Q(source=""), {"source": ""}, True),
        (Q(municipality=None), {"municipality_id": 3}, False),
        (Q(year__year=2020), {"year": 2020}, None),  # a transform: left to the database
        (Q(source__contains="x"), {"source": "X"}, None),  # databases differ: left to them
    ],
)
def test_conditions_are_read_in_python_as_the_database_reads_them(condition, values, holds):
    assert condition_holds(condition, MunicipalityFigures(**values)) is holds


def test_a_rule_on_several_columns_is_an_error_of_the_row():
    rule = CheckConstraint(condition=Q(deaths__lte=F("population")), name="rule", violation_error_message="x")
    row = MunicipalityFigures(year=2000, population=5, deaths=9)
    with mock.patch.object(MunicipalityFigures._meta, "constraints", [rule]):
        readable_constraints.cache_clear()
        try:
            errors = constraint_errors(row, set())
            skipped = constraint_errors(row, {"deaths"})
        finally:
            readable_constraints.cache_clear()
    assert [e.message for e in errors[NON_FIELD_ERRORS]] == ["x"] and skipped == {}


def test_a_refusal_by_the_database_names_the_rule_in_its_words():
    error = Exception("CHECK constraint failed: municipality_figures_year_range")
    assert refusal_reason(MunicipalityFigures, error) == "Het jaar ligt tussen 1970 en 2100."
    other = Exception("CHECK constraint failed: something_else")
    assert refusal_reason(MunicipalityFigures, other) == str(other)


def test_the_admin_preview_lists_the_row_and_column_of_the_year_1800(staff_client):
    # The reported file, through the back office: the row error, no refusal of the whole file.
    MunicipalityFactory(nis_code="41002", name="Aalst")
    content = f"{','.join(FIGURES)}\n41002,1800,100,5,,,x\n".encode()
    response = staff_client.post(
        reverse("admin:networks_municipalityfigures_import"),
        {"import_file": upload(content, "cijfers.csv"), "format": "0", "resource": "0"},
    )
    html = response.content.decode()
    rows = BeautifulSoup(html, "html.parser").select(".import-preview td")
    cells = [td.get_text(strip=True) for td in rows]
    assert cells == ["2", "year", "1800", "Het jaar ligt tussen 1970 en 2100."]
    assert "weigerde" not in html and "CHECK constraint" not in html
    assert "confirm_form" not in response.context
    assert not MunicipalityFigures.objects.exists()


#: CHECK constraints an import leaves to the database, and why.
LEFT_TO_THE_DATABASE = {
    "partner_organisation_demo_says_so": "`contains`: SQLite ignores case, PostgreSQL does not",
}


def test_every_check_constraint_of_the_registry_is_read_in_python_or_listed():
    # A new constraint Python cannot read would again reach staff as the database's refusal.
    unread = set()
    for model in apps.get_models():
        read = {constraint.name for constraint, _names in readable_constraints(model)}
        unread |= {
            c.name for c in model._meta.constraints if isinstance(c, CheckConstraint) and c.name not in read
        }
    assert unread == set(LEFT_TO_THE_DATABASE)


REFORM_DATES = ["code", "key", "start", "title", "certainty"]
TAKEN_KEY = {"row": 3, "column": "key", "value": "recognition-day",
             "message": "recognition-day wordt al door een andere rij gebruikt."}  # fmt: skip


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "commit"])
def test_a_key_another_row_of_the_table_holds_is_a_row_error_naming_the_column(dry_run):
    # reform_date_key_unique holds where the key is not empty: the database's English refusal,
    # without row or column, is what staff used to get.
    recognition_day_row()
    rows = csv_dataset(
        REFORM_DATES,
        [
            ["vlepz", "", "2027-mid", "VLEPZ", "PLANNED"],
            ["nieuw", "recognition-day", "2027-01-01", "Erkend", "FIXED"],
        ],
    )

    result = ReformDateResource().import_data(rows, dry_run=dry_run)

    assert not result.base_errors
    assert result_errors(result) == [TAKEN_KEY]
    assert list(ReformDate.objects.values_list("code", flat=True)) == ["nieuwe-regelgeving-npz"]


def test_a_key_two_rows_of_the_file_take_is_an_error_of_the_second_and_rows_without_a_key_are_free():
    rows = csv_dataset(
        REFORM_DATES,
        [
            ["eerste", "recognition-day", "2027-01-01", "Erkend", "FIXED"],
            ["tweede", "recognition-day", "2027-01-01", "Nog eens", "FIXED"],
            ["derde", "", "2027-mid", "Zonder sleutel", "PLANNED"],
            ["vierde", "", "2027-late", "Ook zonder", "PLANNED"],
        ],
    )

    result = ReformDateResource().import_data(rows)

    assert result_errors(result) == [TAKEN_KEY]
    assert not ReformDate.objects.exists()


def test_a_built_in_indicator_another_indicator_is_is_a_row_error():
    Indicator.objects.create(code="bevolking", name="Bevolking", direction=IndicatorDirection.MORE_NEED,
                             builtin="POPULATION")  # fmt: skip
    rows = csv_dataset(["code", "name", "name_en", "direction", "builtin"],
                       [["inwoners", "Inwoners", "Inhabitants", "MORE_NEED", "POPULATION"]])  # fmt: skip

    result = IndicatorResource(create_new=True).import_data(rows)

    assert [(e["row"], e["column"], e["message"]) for e in result_errors(result)] == [
        (2, "builtin", "POPULATION wordt al door een andere rij gebruikt.")
    ]
    assert Indicator.objects.count() == 1


def test_checking_the_unique_rules_costs_no_query_per_row():
    recognition_day_row()
    counts = []
    for size in (2, 30):
        rows = [
            [f"datum-{n}", "recognition-day" if n == 0 else "", "2027-01-01", "D", "PLANNED"]
            for n in range(size)
        ]
        with CaptureQueriesContext(connection) as queries:
            result = ReformDateResource().import_data(csv_dataset(REFORM_DATES, rows), dry_run=True)
        assert [e["column"] for e in result_errors(result)] == ["key"]
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_every_unique_constraint_of_the_registry_is_read_in_python():
    unread = set()
    for model in apps.get_models():
        read = {constraint.name for constraint, _names, _condition in readable_unique_constraints(model)}
        unread |= {
            c.name for c in model._meta.constraints if isinstance(c, UniqueConstraint) and c.name not in read
        }
    assert unread == set()


def test_a_grant_twice_is_refused_in_words_not_by_the_constraints_name(network_a):
    # The admin's form runs the same check (full_clean); it showed
    # "Beperking ‘funding_network_unique’ is geschonden."
    grant = FundingFactory(network=network_a)
    twice = FundingFactory.build(network=network_a, year=grant.year, kind=grant.kind, drawn_from=None)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        twice.full_clean()

    assert error.value.messages == [
        "This recipient already has a row with these values. Change that row instead of adding another."
    ]


def test_an_activity_count_twice_is_refused_in_words_not_by_the_constraints_name(network_a):
    town = MunicipalityFactory()
    ActivityCount.objects.create(network=network_a, municipality=town, year=2025, count=3)
    twice = ActivityCount(network=network_a, municipality=town, year=2025, count=4)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        twice.full_clean()

    assert error.value.messages == [
        "This recipient already has a count of this kind for this municipality and year."
    ]


def test_an_activity_count_of_two_actors_is_refused_once_in_words(network_a):
    town = MunicipalityFactory(nis_code="41002")
    LegacyOrganisationFactory(code="pn-aalst")
    dataset = csv_dataset(
        ["actor_kind", "legacy_organisation", "network", "organisation", "nis_code", "year", "kind", "count"],
        [["NETWORK", "pn-aalst", network_a.code, "", town.nis_code, "2024", "GUIDED_PATIENTS", "3"]],
    )

    result = ActivityCountResource().import_data(dataset)

    assert [e["message"] for e in result_errors(result)] == [
        "Kies precies de ontvanger van de gekozen soort (geen voor de sector)."
    ]
