"""The merger list of the back office finds a merger by a participant's short name or code
(review F9), and shows each merger once however many of its participants match."""

import pytest
from django.urls import reverse

from tests.networks.factories import LegacyOrganisationFactory, NetworkFactory
from tests.transition.factories import MergerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mergers():
    antwerp = MergerFactory(network=NetworkFactory(name="NPZ Antwerpen"))
    antwerp.participants.set(
        [
            LegacyOrganisationFactory(code="pn-pnat", short_name="PNAT", name="Palliatief Netwerk Antwerpen"),
            LegacyOrganisationFactory(
                code="mbe-pnat", short_name="PNAT-MBE", name="Thuiszorgequipe", mbe=True
            ),
        ]
    )
    other = MergerFactory(network=NetworkFactory(name="NPZ Limburg"))
    other.participants.add(
        LegacyOrganisationFactory(code="pn-limburg", short_name="PNL", name="Netwerk Limburg")
    )
    return antwerp, other


@pytest.mark.parametrize("term", ["PNAT", "pnat", "pn-pnat", "mbe-pnat"])
def test_a_participant_s_short_name_or_code_finds_its_merger_once(staff_client, mergers, term):
    antwerp, _other = mergers
    response = staff_client.get(reverse("admin:transition_merger_changelist"), {"q": term})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [antwerp]
    assert response.context["cl"].result_count == 1
