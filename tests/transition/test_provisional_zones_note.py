"""The note that the zones are provisional stands while one zone of the day is not confirmed
(the dashboard, the Flanders report and the back office's list of zones) and goes once staff
confirm them all. The Flanders summary says how many zones a recognised network serves."""

import pytest
from django.urls import reverse

from networks.models import RegionalCareZone
from tests.networks.conftest import RECOGNITION
from tests.networks.factories import (
    MunicipalityFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    recognise,
)

pytestmark = pytest.mark.django_db

NOTE = "Voorlopige zones"


@pytest.fixture
def zones(db):
    """Two zones, each with a municipality and a network: one recognised, one a candidate."""
    kempen = RegionalCareZoneFactory(code="kempen", name="Kempen")
    other = RegionalCareZoneFactory(code="limburg", name="Limburg")
    MunicipalityFactory(nis_code="13025", name="Mol", zone=kempen)
    MunicipalityFactory(nis_code="71022", name="Hasselt", zone=other)
    recognised = NetworkFactory(name="NPZ Kempen")
    ServiceAreaFactory(network=recognised, zone=kempen, valid_from=RECOGNITION)
    recognise(recognised, RECOGNITION)
    ServiceAreaFactory(network=NetworkFactory(name="NPZ Limburg"), zone=other, valid_from=RECOGNITION)
    return [kempen, other]


def pages(client) -> dict[str, str]:
    day = {"as_of": RECOGNITION.isoformat()}
    return {
        "dashboard": client.get(reverse("transition:dashboard"), day).content.decode(),
        "flanders": client.get(reverse("reports:flanders-preview"), day).content.decode(),
        "admin": client.get("/admin/networks/regionalcarezone/").content.decode(),
    }


def test_the_note_stands_while_a_zone_is_provisional_and_goes_once_all_are_confirmed(staff_client, zones):
    assert all(NOTE in page or "Voorlopig:" in page for page in pages(staff_client).values())

    RegionalCareZone.objects.update(is_verified=True)

    assert not any(NOTE in page or "Voorlopig:" in page for page in pages(staff_client).values())


def test_the_flanders_summary_says_how_many_zones_a_recognised_network_serves(staff_client, zones):
    page = pages(staff_client)["flanders"]
    assert "door precies één netwerk bediend; 1 van de 2 door een erkend netwerk" in page
