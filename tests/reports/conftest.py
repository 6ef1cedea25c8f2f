"""A small world for the report tests: two networks with a zone each, the five themes, a
predecessor, a recognition decision and a merger (factories, no fixtures/ data)."""

import datetime

import pytest

from networks.models import RecognitionStatus
from networks.services.networks import network_set_status
from tests.missions.conftest import make_plan, plan_setup  # noqa: F401 (the plan tests' fixtures, shared here)
from tests.missions.factories import make_themes
from tests.networks.factories import (
    RECOGNITION_DAY,
    LegacyOrganisationFactory,
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
)
from tests.transition.factories import MergerFactory


def add_zone(code, name, population):
    zone = RegionalCareZoneFactory(code=code, name=name)
    municipality = MunicipalityFactory(name=f"Hoofdplaats {name}")
    RegionalCareZoneMembershipFactory(municipality=municipality, zone=zone)
    MunicipalityFiguresFactory(
        municipality=municipality, year=2026, population=population, aged_65_plus=population // 5
    )
    return zone, municipality


@pytest.fixture
def world(network_a, network_b):
    themes = make_themes()
    zone_a, seat_a = add_zone("testzone-a", "Testzone Noord", 120_000)
    zone_b, _seat_b = add_zone("testzone-b", "Testzone Zuid", 80_000)
    network_a.seat = seat_a
    network_a.save()
    ServiceAreaFactory(network=network_a, zone=zone_a, valid_from=RECOGNITION_DAY)
    ServiceAreaFactory(network=network_b, zone=zone_b, valid_from=RECOGNITION_DAY)
    network_set_status(
        network=network_a, to_status=RecognitionStatus.RECOGNISED, effective_date=RECOGNITION_DAY
    )
    LegacyOrganisationFactory(
        name="Palliatief Netwerk Noord", successor=network_a, merger_date=RECOGNITION_DAY
    )
    MergerFactory(network=network_a, planned_date=datetime.date(2027, 1, 1))
    return {"themes": themes, "zones": [zone_a, zone_b], "networks": [network_a, network_b]}
