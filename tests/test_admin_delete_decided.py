"""A recognised network or merger stays with its history: the back office's delete page names
it as kept with the reason, and neither the page nor "delete selected" deletes it. A candidate
network, or a merger still under way, is deleted as before."""

import datetime

import pytest

from networks.models import Network, NetworkStatusChange, RecognitionStatus
from networks.services.networks import network_set_status
from tests.networks.factories import LegacyOrganisationFactory, NetworkFactory, recognise
from tests.transition.factories import MergerFactory
from transition.models import Merger, MergerStatus
from transition.services.mergers import merger_set_status

pytestmark = pytest.mark.django_db

JAN_2027 = datetime.date(2027, 1, 1)


def test_a_recognised_network_stays_with_its_decisions_and_a_candidate_goes(admin_client):
    recognised = recognise(NetworkFactory(), JAN_2027)
    candidate = NetworkFactory()
    network_set_status(network=candidate, to_status=RecognitionStatus.CANDIDATE, effective_date=JAN_2027)

    admin_client.get(f"/admin/networks/network/{recognised.pk}/delete/")
    admin_client.post(f"/admin/networks/network/{recognised.pk}/delete/", {"post": "yes"})
    admin_client.post(f"/admin/networks/network/{candidate.pk}/delete/", {"post": "yes"})

    assert Network.objects.filter(pk=recognised.pk).exists()
    assert NetworkStatusChange.objects.filter(network=recognised).count() == 1
    assert not Network.objects.filter(pk=candidate.pk).exists()


def test_the_delete_page_says_why_the_recognised_network_stays(admin_client):
    recognised = recognise(NetworkFactory(), JAN_2027)

    page = admin_client.get(f"/admin/networks/network/{recognised.pk}/delete/").content.decode()

    assert "erkenning is een beslissing" in page


def test_delete_selected_keeps_a_recognised_network(admin_client):
    recognised = recognise(NetworkFactory(), JAN_2027)
    other = NetworkFactory()

    admin_client.post(
        "/admin/networks/network/",
        {"action": "delete_selected", "_selected_action": [recognised.pk, other.pk], "post": "yes"},
    )

    assert Network.objects.filter(pk__in=[recognised.pk, other.pk]).count() == 2


def test_a_recognised_merger_stays_and_one_under_way_goes(admin_client):
    recognised = MergerFactory(network=recognise(NetworkFactory(), JAN_2027))
    recognised.participants.set([LegacyOrganisationFactory(), LegacyOrganisationFactory(mbe=True)])
    merger_set_status(merger=recognised, to_status=MergerStatus.RECOGNISED, effective_date=JAN_2027)
    under_way = MergerFactory()
    merger_set_status(
        merger=under_way, to_status=MergerStatus.LETTER_OF_INTENT, effective_date=datetime.date(2025, 9, 1)
    )

    page = admin_client.get(f"/admin/transition/merger/{recognised.pk}/delete/").content.decode()
    admin_client.post(f"/admin/transition/merger/{recognised.pk}/delete/", {"post": "yes"})
    admin_client.post(f"/admin/transition/merger/{under_way.pk}/delete/", {"post": "yes"})

    assert "stappen en de opvolger" in page
    assert Merger.objects.filter(pk=recognised.pk).exists()
    assert recognised.status_changes.count() == 1
    assert not Merger.objects.filter(pk=under_way.pk).exists()
