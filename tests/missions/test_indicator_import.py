"""Staff import indicator values (CSV/XLSX) with a dry run; one bad row imports nothing; the
imported indicator then counts in the needs index."""

import io

import pytest
from django.urls import reverse

from missions.models import Indicator, IndicatorDirection, IndicatorValue
from missions.selectors import needs_overview
from tests.networks.factories import RegionalCareZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deprivation():
    for code in ("kempen", "limburg", "westhoek"):
        RegionalCareZoneFactory(code=code, name=code.title())
    return Indicator.objects.create(
        code="kansarmoede",
        name="Kansarmoede-index",
        name_en="Deprivation",
        direction=IndicatorDirection.MORE_NEED,
        weight=1,
        weight_source="Test",
    )


def _upload(client, text, resource="0"):
    upload = io.BytesIO(text.encode())
    upload.name = "waarden.csv"
    return client.post(
        reverse("admin:missions_indicatorvalue_import"),
        {"import_file": upload, "format": "0", "resource": resource},
    )


def test_a_bad_row_imports_nothing(staff_client, deprivation):
    response = _upload(
        staff_client,
        "indicator,zone_code,year,value\nkansarmoede,kempen,2025,4.2\nkansarmoede,onbekend,2025,3.0\n",
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.base_errors
    # Row 2 names a zone that does not exist; row 1 alone is not imported either.
    assert [row.number for row in result.invalid_rows] == [2]
    assert result.invalid_rows[0].error_dict["zone_code"] == ["Geen regionale zorgzone met code onbekend."]
    assert "confirm_form" not in response.context
    assert not IndicatorValue.objects.exists()


def test_a_good_file_is_previewed_then_imported_and_counts_in_the_index(staff_client, deprivation):
    response = _upload(
        staff_client,
        "indicator,zone_code,year,value\nkansarmoede,kempen,2025,4\nkansarmoede,limburg,2025,6\n"
        "kansarmoede,westhoek,2025,8\n",
    )
    assert not IndicatorValue.objects.exists()  # the preview is a dry run
    response = staff_client.post(
        reverse("admin:missions_indicatorvalue_process_import"), response.context["confirm_form"].initial
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 3
    zones = needs_overview().result.zones
    assert zones["westhoek"].index > zones["limburg"].index > zones["kempen"].index


def test_values_of_a_builtin_indicator_cannot_be_imported(staff_client, deprivation):
    Indicator.objects.create(
        code="aandeel-65-plus",
        name="65+",
        name_en="65+",
        direction=IndicatorDirection.MORE_NEED,
        builtin="SHARE_65_PLUS",
    )
    response = _upload(staff_client, "indicator,zone_code,year,value\naandeel-65-plus,kempen,2025,20\n")
    assert response.context["result"].has_validation_errors()
    assert not IndicatorValue.objects.exists()


def test_municipal_values_are_averaged_per_zone_weighted_by_population(staff_client, deprivation):
    from tests.networks.factories import (
        MunicipalityFactory,
        MunicipalityFiguresFactory,
        RegionalCareZoneMembershipFactory,
    )

    deprivation.level = "MUNICIPALITY"
    deprivation.save()
    kempen = RegionalCareZoneFactory(code="kempen")
    for nis, population in (("13025", 1000), ("13008", 3000)):
        town = MunicipalityFactory(nis_code=nis)
        RegionalCareZoneMembershipFactory(municipality=town, zone=kempen)
        MunicipalityFiguresFactory(municipality=town, year=2026, population=population)
    response = _upload(
        staff_client,
        "indicator,nis_code,year,value\nkansarmoede,13025,2025,2\nkansarmoede,13008,2025,6\n",
        "1",
    )
    staff_client.post(
        reverse("admin:missions_indicatorvalue_process_import"), response.context["confirm_form"].initial
    )
    assert IndicatorValue.objects.count() == 2
    # (2 x 1000 + 6 x 3000) / 4000 = 5
    assert needs_overview().values["kansarmoede"]["kempen"] == pytest.approx(5)
