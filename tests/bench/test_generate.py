"""generate_data: refuses a database with other data, labels what it makes, same seed same data."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from networks.models import Network, RecognitionStatus
from npz_registry.bench.generate import GENERATED, Shape, build_world
from tests.networks.factories import (
    MunicipalityFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SHAPE = Shape(networks=3, goals=2, actions=1, indicators=1, progress_years=2, indicator_codes=2)


def test_refuses_a_database_that_holds_other_data():
    UserFactory(username="echte.gebruiker")
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_data", stdout=StringIO())


def _world():
    zone = RegionalCareZoneFactory(code="zone-g", name="Zone G")
    for nis_code in ("11001", "11002", "11003"):
        RegionalCareZoneMembershipFactory(municipality=MunicipalityFactory(nis_code=nis_code), zone=zone)
    build_world(SHAPE, seed=3)
    return list(Network.objects.order_by("code").values_list("code", "name", "seat__nis_code", "is_demo"))


def test_generated_networks_are_labelled_fictional_and_the_same_for_the_same_seed():
    with transaction.atomic():
        first = _world()
        transaction.set_rollback(True)
    assert _world() == first
    assert len(first) == 3
    assert all(is_demo and "(fictief)" in name for _code, name, _seat, is_demo in first)
    # One history row per generated network, by nobody, holding it as generated (recognised).
    rows = list(Network.history.values_list("history_user", "history_change_reason", "status"))
    assert rows == [(None, GENERATED, RecognitionStatus.RECOGNISED)] * 3
