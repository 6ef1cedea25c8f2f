"""A municipality's page in the back office: its zone memberships are chosen by zone (the
municipality is the page's own row), so adding one saves instead of failing."""

import datetime

import pytest
from django.urls import reverse

from networks.models import PrimaryCareZoneMembership, RegionalCareZoneMembership
from tests.admin_helpers import change_form_data
from tests.networks.factories import MunicipalityFactory, PrimaryCareZoneFactory, RegionalCareZoneFactory

pytestmark = pytest.mark.django_db


def inline_formset(response, model):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset
    raise AssertionError(f"no inline for {model.__name__}")


@pytest.mark.parametrize(
    "model, zone_factory",
    [
        (RegionalCareZoneMembership, RegionalCareZoneFactory),
        (PrimaryCareZoneMembership, PrimaryCareZoneFactory),
    ],
)
def test_staff_add_a_zone_membership_from_the_municipalitys_page(staff_client, model, zone_factory):
    municipality = MunicipalityFactory()
    zone = zone_factory()
    url = reverse("admin:networks_municipality_change", args=[municipality.pk])
    page = staff_client.get(url)
    prefix = inline_formset(page, model).prefix
    data = change_form_data(page) | {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-zone": str(zone.pk),
        f"{prefix}-0-valid_from": "01/01/2025",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    membership = model.objects.get(municipality=municipality)
    assert (membership.zone, membership.valid_from) == (zone, datetime.date(2025, 1, 1))


def test_a_row_without_a_zone_is_a_field_error_not_a_failure(staff_client):
    municipality = MunicipalityFactory()
    url = reverse("admin:networks_municipality_change", args=[municipality.pk])
    page = staff_client.get(url)
    prefix = inline_formset(page, RegionalCareZoneMembership).prefix
    data = change_form_data(page) | {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-valid_from": "01/01/2025"}

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert not RegionalCareZoneMembership.objects.filter(municipality=municipality).exists()
    assert "zone" in inline_formset(response, RegionalCareZoneMembership).forms[0].errors
