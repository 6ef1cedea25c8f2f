"""Distance to care from our own geometry (decision 0001 §2.4): the pure computations and the
built-in indicator "share living far from the network's seat". Populations are test numbers."""

import datetime

import pytest

from missions.distance import (
    DEFAULT_THRESHOLD_KM,
    haversine_km,
    municipality_centroids,
    polygon_centroid,
    share_far,
)
from missions.models import Indicator
from missions.models.indicators import BuiltinIndicator
from missions.selectors import needs_overview
from tests.networks.factories import (
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
)


def test_share_beyond_the_threshold():
    # Three municipalities 10, 25 and 40 km from the seat with 100, 200 and 300 inhabitants:
    # beyond 20 km live 200 + 300 = 500 of 600.
    assert share_far([(100, 10.0), (200, 25.0), (300, 40.0)], 20) == pytest.approx(500 / 600)
    assert share_far([(100, 10.0)], 20) == 0
    assert share_far([], 20) is None
    assert DEFAULT_THRESHOLD_KM == 20


def test_centroid_and_distance():
    assert polygon_centroid([[(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]]) == pytest.approx((1, 1))
    # One degree of latitude is about 111.2 km.
    assert haversine_km((51.0, 4.0), (52.0, 4.0)) == pytest.approx(111.19, abs=0.01)
    centroids = municipality_centroids()
    assert len(centroids) == 304  # every municipality of the boundary file
    # Antwerp to Ghent, centre to centre: about 50 km.
    assert 45 < haversine_km(centroids["11002"], centroids["44021"]) < 55


@pytest.mark.django_db
def test_far_from_seat_per_zone(network_a):
    indicator = Indicator.objects.create(
        code="afstand-tot-zetel", name="Ver van de zetel", name_en="Far from the seat",
        builtin=BuiltinIndicator.FAR_FROM_SEAT, direction="MORE_NEED", level="ZONE",
    )  # fmt: skip
    zone = RegionalCareZoneFactory(code="kempen")
    empty = RegionalCareZoneFactory(code="zonder-netwerk")
    towns = {}
    # Real boundaries (Mol, Geel: ~14 km apart; Antwerpen: ~54 km from Mol), test populations.
    for nis, population in (("13025", 100), ("13008", 200), ("11002", 300)):
        towns[nis] = MunicipalityFactory(nis_code=nis)
        RegionalCareZoneMembershipFactory(municipality=towns[nis], zone=zone)
        MunicipalityFiguresFactory(municipality=towns[nis], year=2026, population=population)
    lonely = MunicipalityFactory(nis_code="44021")
    RegionalCareZoneMembershipFactory(municipality=lonely, zone=empty)
    MunicipalityFiguresFactory(municipality=lonely, year=2026, population=100)
    network_a.seat = towns["13025"]
    network_a.save()
    ServiceAreaFactory(network=network_a, zone=zone, valid_from=datetime.date(2025, 1, 1))

    values = needs_overview().values["afstand-tot-zetel"]
    assert values["kempen"] == pytest.approx(50.0)  # 300 of 600 live beyond 20 km
    assert values["zonder-netwerk"] is None  # no network, no seat: no honest value
    indicator.parameter, indicator.parameter_source = 10, "Test"
    indicator.save()
    assert needs_overview().values["afstand-tot-zetel"]["kempen"] == pytest.approx(500 / 6)
