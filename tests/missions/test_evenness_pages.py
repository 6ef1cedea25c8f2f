"""The evenness figures of a network whose activity sits in its seat, computed from the
database, against a hand computation."""

import datetime

import pytest
from bs4 import BeautifulSoup

from missions.models import ActivityCount
from missions.selectors import evenness_for_networks
from tests.networks.factories import (
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def concentrated(network_a):
    zone = RegionalCareZoneFactory(code="kempen")
    towns = []
    for name, population, activity in (("Geel", 1000, 30), ("Mol", 1000, 10), ("Balen", 2000, 0)):
        town = MunicipalityFactory(name=name)
        RegionalCareZoneMembershipFactory(municipality=town, zone=zone)
        MunicipalityFiguresFactory(municipality=town, year=2026, population=population)
        if activity:
            ActivityCount.objects.create(network=network_a, municipality=town, year=2025, count=activity)
        towns.append(town)
    network_a.seat = towns[0]
    network_a.save()
    ServiceAreaFactory(network=network_a, zone=zone, valid_from=datetime.date(2025, 1, 1))
    return network_a


def test_evenness_of_a_network_concentrated_in_its_seat(concentrated):
    year, result = evenness_for_networks([concentrated])[concentrated.pk]
    assert year == 2025
    # By hand: rates per 1,000 are 0 (Balen, 50 % of people), 10 (Mol, 25 %), 30 (Geel, 25 %).
    # Lorenz points (population, activity): (0.5, 0), (0.75, 0.25), (1, 1).
    # G = 1 - [0.5*(0+0) + 0.25*(0.25+0) + 0.25*(1+0.25)] = 1 - 0.375 = 0.625.
    assert result.gini == pytest.approx(0.625, abs=1e-9)
    assert result.seat_activity_share == pytest.approx(0.75)
    assert result.seat_population_share == pytest.approx(0.25)
    assert [row.name for row in result.below_average] == ["Balen"]


def test_network_page_shows_the_concentration(coordinator_a_client, concentrated):
    response = coordinator_a_client.get("/netwerken/test-a/opdrachten/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('[data-figure="gini"]').get_text(strip=True) == "0,63"
    text = soup.get_text()
    assert "Geel" in text and "75" in text
