"""Back-office pages that show many related rows: the delete confirmation counts them per kind,
and the zone's membership inline labels each municipality from the rows it read."""

import pytest
from django.urls import reverse

from networks.models import Municipality, RegionalCareZone
from tests.networks.factories import (
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_delete_confirmation_counts_the_related_rows_and_deletes_them(superuser_client):
    municipality = MunicipalityFactory()
    for year in (2020, 2021, 2022):
        MunicipalityFiguresFactory(municipality=municipality, year=year)
    url = reverse("admin:networks_municipality_delete", args=[municipality.pk])

    page = superuser_client.get(url)

    assert page.status_code == 200
    assert str(municipality) in page.content.decode()
    assert sorted(count for _kind, count in page.context["model_count"]) == [1, 3]
    assert len(page.context["deleted_objects"]) == 2  # the municipality and one line counting the rest
    superuser_client.post(url, {"post": "yes"})
    assert not Municipality.objects.filter(pk=municipality.pk).exists()


def test_membership_inline_shows_each_municipality(superuser_client):
    zone = RegionalCareZoneFactory()
    municipalities = MunicipalityFactory.create_batch(3)
    for municipality in municipalities:
        RegionalCareZoneMembershipFactory(municipality=municipality, zone=zone)

    page = superuser_client.get(reverse("admin:networks_regionalcarezone_change", args=[zone.pk]))

    html = page.content.decode()
    for municipality in municipalities:
        assert f'<option value="{municipality.pk}" selected>{municipality}</option>' in html
    assert RegionalCareZone.objects.count() == 1
