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
    ServiceAreaFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def concentrated(network_a):
    zone = RegionalCareZoneFactory(code="kempen")
    towns = []
    for name, population, deaths, activity in (
        ("Geel", 1000, 10, 30),
        ("Mol", 1000, 30, 10),
        ("Balen", 2000, 10, 0),
    ):
        town = MunicipalityFactory(name=name, zone=zone)
        MunicipalityFiguresFactory(municipality=town, year=2026, population=population)
        MunicipalityFiguresFactory(municipality=town, year=2025, population=None, deaths=deaths)
        if activity:
            ActivityCount.objects.create(network=network_a, municipality=town, year=2025, count=activity)
        towns.append(town)
    network_a.seat = towns[0]
    network_a.save()
    ServiceAreaFactory(network=network_a, zone=zone, valid_from=datetime.date(2025, 1, 1))
    return network_a


def test_evenness_of_a_network_concentrated_in_its_seat(concentrated):
    year, result = evenness_for_networks([concentrated], "population")[concentrated.pk]
    assert year == 2025
    # By hand: rates per 1,000 are 0 (Balen, 50 % of people), 10 (Mol, 25 %), 30 (Geel, 25 %).
    # Lorenz points (population, activity): (0.5, 0), (0.75, 0.25), (1, 1).
    # G = 1 - [0.5*(0+0) + 0.25*(0.25+0) + 0.25*(1+0.25)] = 1 - 0.375 = 0.625.
    assert result.gini == pytest.approx(0.625, abs=1e-9)
    assert result.seat_activity_share == pytest.approx(0.75)
    assert result.seat_population_share == pytest.approx(0.25)
    assert [row.name for row in result.below_average] == ["Balen"]


def test_evenness_against_need_uses_the_deaths_by_default(concentrated):
    year, result = evenness_for_networks([concentrated])[concentrated.pk]
    # Deaths of 2025: Geel 10, Mol 30, Balen 10; rates per death 3, 0.33, 0. Sorted: Balen
    # (20 % of deaths, 0 % of activity), Mol (60 %, 25 %), Geel (20 %, 75 %).
    # G = 1 - [0.2*0 + 0.6*0.25 + 0.2*1.25] = 1 - 0.4 = 0.6; seat ratio 0.75 / 0.2 = 3.75.
    assert result.basis == "deaths" and result.per == 100
    assert result.gini == pytest.approx(0.6, abs=1e-9)
    assert result.seat_ratio == pytest.approx(3.75)
    assert result.overall_rate == pytest.approx(80.0)  # 40 activities per 50 deaths, per 100


def test_network_page_shows_the_concentration_against_population(coordinator_a_client, concentrated):
    response = coordinator_a_client.get("/netwerken/test-a/opdrachten/?basis=population")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('[data-figure="gini"]').get_text(strip=True) == "0,63"
    text = soup.get_text()
    assert "Geel" in text and "75" in text


def test_the_network_page_shows_evenness_against_deaths_by_default(coordinator_a_client, concentrated):
    soup = BeautifulSoup(coordinator_a_client.get("/netwerken/test-a/opdrachten/").content, "html.parser")
    assert soup.select_one('[data-figure="gini"]').get_text(strip=True) == "0,60"
    text = " ".join(soup.get_text().split())
    assert "Gemeten tegen de overlijdens is de activiteit sterk geconcentreerd." in text
    assert "75% van de activiteit voor 20% van de overlijdens" in text
    assert soup.select_one('a[aria-current="true"][href="?basis=deaths#evenness-title"]')
    assert soup.select_one('a[href="?basis=population#evenness-title"]')


def test_the_flanders_page_switches_between_need_and_population(staff_client, concentrated):
    need = " ".join(BeautifulSoup(staff_client.get("/opdrachten/").content, "html.parser").get_text().split())
    assert "Gemeten tegen de overlijdens" in need and "aandeel activiteit / overlijdens" in need
    population = BeautifulSoup(staff_client.get("/opdrachten/?basis=population").content, "html.parser")
    table = population.select_one("#evenness-table").get_text()
    assert "0,63" in table and "overlijdens" not in table
