"""The evenness figures of a network whose activity sits in its seat, computed from the
database, against a hand computation: against deaths, population and the needs index, and per
primary care zone. All places and numbers are fictional test data."""

import datetime
import math

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missions.models import ActivityCount, Indicator, IndicatorValue
from missions.models.indicators import IndicatorLevel
from missions.selectors import evenness_for_networks
from networks.models import Municipality
from npz_registry.reports.context import network_report
from tests.networks.factories import (
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    PrimaryCareZoneFactory,
    PrimaryCareZoneMembershipFactory,
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
    assert "75 % van de activiteit voor 20 % van de overlijdens" in text  # as every percentage here
    assert soup.select_one('a[aria-current="true"][href="?basis=deaths#evenness-title"]')
    assert soup.select_one('a[href="?basis=population#evenness-title"]')


def test_the_flanders_page_switches_between_need_and_population(staff_client, concentrated):
    need = " ".join(BeautifulSoup(staff_client.get("/opdrachten/").content, "html.parser").get_text().split())
    assert "Gemeten tegen de overlijdens" in need and "aandeel activiteit / overlijdens" in need
    population = BeautifulSoup(staff_client.get("/opdrachten/?basis=population").content, "html.parser")
    table = population.select_one("#evenness-table").get_text()
    assert "0,63" in table and "overlijdens" not in table


def page(client, basis):
    return BeautifulSoup(client.get(f"/netwerken/test-a/opdrachten/?basis={basis}").content, "html.parser")


@pytest.fixture
def with_need(concentrated):
    """Each town in its own primary care zone, and one imported municipal indicator (weight 1)
    with values Geel 10, Mol 20, Balen 30: at the primary level mean 20, sd sqrt(200 / 3), so
    z = -sqrt(1.5), 0, +sqrt(1.5). Balen, without activity, has the most need."""
    indicator = Indicator.objects.create(
        code="test-need", name="Testbehoefte", name_en="Test need", level=IndicatorLevel.MUNICIPALITY,
        direction="MORE_NEED", weight=1, weight_source="Beslissing afdeling (test)",
    )  # fmt: skip
    for name, value in (("Geel", 10), ("Mol", 20), ("Balen", 30)):
        town = Municipality.objects.get(name=name)
        PrimaryCareZoneMembershipFactory(municipality=town, zone=PrimaryCareZoneFactory(name=f"ELZ {name}"))
        IndicatorValue.objects.create(indicator=indicator, municipality=town, year=2025, value=value)
    return concentrated


def test_evenness_against_the_needs_index_of_the_primary_care_zones(with_need):
    year, result = evenness_for_networks([with_need], "needs")[with_need.pk]
    # Need weights: Geel 1,000 * 2^-sqrt(1.5) = 428, Mol 1,000, Balen 2,000 * 2^sqrt(1.5) = 4,674
    # (total 6,102). Sorted by rate: Balen (0 activity), Mol (25 %), Geel (75 %):
    # G = 1 - [1,000/6,102 * 0.25 + 428/6,102 * 1.25] = 0.8714 (0.625 against population).
    assert round(1000 * 2 ** -math.sqrt(1.5)) == 428 and round(2000 * 2 ** math.sqrt(1.5)) == 4674
    assert year == 2025 and result.basis == "needs"
    assert {row.name: row.population for row in result.rates} == {"Geel": 428, "Mol": 1000, "Balen": 4674}
    assert result.gini == pytest.approx(1 - (1000 * 0.25 + 428 * 1.25) / 6102, abs=1e-9)
    assert result.gini == pytest.approx(0.8714, abs=1e-4)
    assert result.seat_ratio == pytest.approx(0.75 / (428 / 6102))
    # The same activity, per primary care zone: Balen's fair share is 4,674 / 6,102 = 77 %.
    groups = {group.name: group for group in result.groups}
    assert list(groups) == ["ELZ Balen", "ELZ Geel", "ELZ Mol"]
    assert groups["ELZ Balen"].reference_share == pytest.approx(4674 / 6102)
    assert groups["ELZ Balen"].activity_share == 0 and groups["ELZ Balen"].ratio == 0
    assert groups["ELZ Mol"].ratio == pytest.approx(0.25 / (1000 / 6102))


def test_evenness_per_primary_care_zone_against_deaths_and_population(with_need):
    _year, by_deaths = evenness_for_networks([with_need])[with_need.pk]
    # Deaths Geel 10, Mol 30, Balen 10 (of 50); activity 30, 10, 0 (of 40).
    shares = {g.name: (g.reference, g.activity, g.ratio) for g in by_deaths.groups}
    assert shares == pytest.approx(
        {"ELZ Geel": (10, 30, 3.75), "ELZ Mol": (30, 10, 0.25 / 0.6), "ELZ Balen": (10, 0, 0)}
    )
    _year, by_population = evenness_for_networks([with_need], "population")[with_need.pk]
    assert {g.name: g.ratio for g in by_population.groups} == pytest.approx(
        {"ELZ Geel": 3.0, "ELZ Mol": 1.0, "ELZ Balen": 0.0}
    )


def test_the_network_page_switches_to_the_needs_index_and_shows_the_primary_care_zones(
    coordinator_a_client, with_need
):
    soup = page(coordinator_a_client, "needs")
    assert soup.select_one('[data-figure="gini"]').get_text(strip=True) == "0,87"
    text = " ".join(soup.get_text().split())
    assert "Gemeten tegen de noodindex is de activiteit sterk geconcentreerd." in text
    assert "van de naar nood gewogen bevolking" in text
    assert soup.select_one('a[aria-current="true"][href="?basis=needs#evenness-title"]')
    rows = {
        row["data-group"]: row.select_one('[data-figure="ratio"]').get_text(strip=True)
        for row in soup.select("#evenness-groups tbody tr")
    }
    assert rows == {"ELZ Balen": "0,00", "ELZ Geel": "10,69", "ELZ Mol": "1,53"}
    ratios = page(coordinator_a_client, "population").select('#evenness-groups [data-figure="ratio"]')
    assert [td.get_text(strip=True) for td in ratios] == ["0,00", "3,00", "1,00"]


def test_the_flanders_page_measures_against_the_needs_index(staff_client, with_need):
    soup = BeautifulSoup(staff_client.get("/opdrachten/?basis=needs").content, "html.parser")
    table = " ".join(soup.select_one("#evenness-table").get_text().split())
    assert "0,87" in table and "aandeel activiteit / nood" in table
    assert "Gemeten tegen de noodindex" in table


def test_without_a_needs_index_the_page_says_so(coordinator_a_client, concentrated):
    text = " ".join(page(coordinator_a_client, "needs").get_text().split())
    assert "Nog geen noodindex" in text


def test_the_network_pdf_shows_evenness_per_primary_care_zone(with_need):
    html = " ".join(network_report(with_need).html().split())
    assert "Per eerstelijnszone" in html
    assert "ELZ Balen" in html and "ELZ Geel" in html and "3,75" in html
    # What activity and need are, with the need's source (the report named neither).
    assert "Activiteit: de begeleidingen van het netwerk per gemeente" in html
    assert "sterfgevallen per gemeente (Statbel)" in html


def test_the_evenness_queries_do_not_grow_with_the_networks(with_need, network_b):
    evenness_for_networks([with_need], "needs")  # fills the needs index cache
    with CaptureQueriesContext(connection) as one:
        evenness_for_networks([with_need], "needs")
    ActivityCount.objects.create(
        network=network_b, municipality=Municipality.objects.get(name="Mol"), year=2025, count=5
    )
    evenness_for_networks([with_need, network_b], "needs")
    with CaptureQueriesContext(connection) as two:
        evenness_for_networks([with_need, network_b], "needs")
    assert len(two) == len(one)
