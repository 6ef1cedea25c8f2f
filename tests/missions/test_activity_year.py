"""An activity count is about a year the municipal figures it is read with may be about too
(1970-2100): the admin's form refuses another year in the same words, and so does the database."""

import pytest
from django.db import IntegrityError
from django.utils import translation

from missions.models import ActivityCount
from tests.networks.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def _post(client, network, town, year):
    with translation.override("nl-be"):
        return client.post(
            "/admin/missions/activitycount/add/",
            {
                "actor_kind": "NETWORK",
                "network": network.pk,
                "municipality": town.pk,
                "year": year,
                "kind": "GUIDED_PATIENTS",
                "count": 3,
            },
        )


@pytest.mark.parametrize("year", [0, 1800, 2101])
def test_the_admin_refuses_a_year_outside_the_range(staff_client, network_a, year):
    response = _post(staff_client, network_a, MunicipalityFactory(), year)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"] == ["Het jaar ligt tussen 1970 en 2100."]
    assert not ActivityCount.objects.exists()


def test_the_admin_takes_a_year_in_the_range(staff_client, network_a):
    response = _post(staff_client, network_a, MunicipalityFactory(), 2025)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ActivityCount.objects.get().year == 2025


def test_the_database_refuses_a_year_outside_the_range(network_a):
    with pytest.raises(IntegrityError, match="activity_count_year_range"):
        town = MunicipalityFactory()
        ActivityCount.objects.create(network=network_a, municipality=town, year=1800, count=1)
