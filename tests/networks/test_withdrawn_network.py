"""A network whose recognition is withdrawn serves no zone from that day: the search, the API
and the coverage (dashboard, reports) leave its zone without a network, whatever its service
areas still say, until another network serves the zone."""

import datetime

import pytest

from networks import selectors
from networks.models import RecognitionStatus
from networks.services.networks import network_set_status
from tests.networks.conftest import RECOGNITION
from tests.networks.factories import NetworkFactory, ServiceAreaFactory, recognise

pytestmark = pytest.mark.django_db

WITHDRAWN_FROM = datetime.date(2027, 3, 1)
BEFORE, AFTER = datetime.date(2027, 2, 28), datetime.date(2027, 3, 1)


@pytest.fixture
def withdrawn(kempen, mol):
    network = NetworkFactory(code="npz-kempen", name="NPZ Kempen")
    ServiceAreaFactory(network=network, zone=kempen, valid_from=RECOGNITION)
    recognise(network, RECOGNITION)
    network_set_status(network=network, to_status=RecognitionStatus.WITHDRAWN, effective_date=WITHDRAWN_FROM)
    return network


def test_the_selectors_and_the_coverage_leave_the_zone_without_a_network(kempen, mol, withdrawn):
    assert selectors.serving_network(mol, BEFORE).network == withdrawn
    assert selectors.serving_network(mol, AFTER).network is None
    assert list(selectors.networks_serving_on(AFTER)) == []
    coverage = selectors.coverage_on(AFTER)
    assert [z.zone for z in coverage.uncovered_zones] == [kempen]
    assert not coverage.is_complete
    assert [z.zone for z in selectors.coverage_on(BEFORE).covered_zones] == [kempen]


def test_the_api_and_the_search_name_no_network_after_the_withdrawal(client, mol, withdrawn):
    url = f"/api/v1/municipalities/{mol.nis_code}/network/"
    assert client.get(url, {"as_of": BEFORE.isoformat()}).json()["network"]["code"] == "npz-kempen"
    assert client.get(url, {"as_of": AFTER.isoformat()}).json()["network"] is None
    page = client.get("/netwerk-zoeken/", {"q": "Mol", "as_of": AFTER.isoformat()}).content.decode()
    assert "NPZ Kempen" not in page
