"""The moves of a network's recognition (review F4, networks.services.networks.RECOGNITION_RULES):
no decision repeats the status in force on its day, a network is suspended only while
recognised, its recognition withdrawn only while recognised or suspended, and a decision dated
before recorded ones leaves the next one allowed.

Messages are read in English (translation.override), or by the dates they carry in the back
office, so the tests hold before and after the Dutch catalog has them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from networks.models import RecognitionStatus
from networks.services.networks import network_set_status, service_area_add
from tests.networks.conftest import RECOGNITION
from tests.networks.factories import NetworkFactory

pytestmark = pytest.mark.django_db

CANDIDATE_DAY = datetime.date(2026, 1, 1)
SUSPENSION = datetime.date(2027, 6, 1)
MARCH = datetime.date(2027, 3, 1)


@pytest.fixture
def network(kempen):
    """A candidate network serving the Kempen from its recognition day on."""
    network = NetworkFactory(code="npz-kempen", name="NPZ Kempen")
    service_area_add(network=network, zone=kempen, valid_from=RECOGNITION)
    return network


def decide(network, status, day, **kwargs):
    with translation.override("en"):
        return network_set_status(network=network, to_status=status, effective_date=day, **kwargs)


@pytest.mark.parametrize("status", [RecognitionStatus.SUSPENDED, RecognitionStatus.WITHDRAWN])
@pytest.mark.parametrize("candidate", [False, True], ids=["no decision", "candidate"])
def test_a_network_never_recognised_is_neither_suspended_nor_withdrawn(network, status, candidate):
    if candidate:
        decide(network, RecognitionStatus.CANDIDATE, CANDIDATE_DAY)
    current = "the status is candidate" if candidate else "there is no status yet"
    with pytest.raises(ValidationError, match=f"can only follow recognised.*: on 01/03/2027 {current}"):
        decide(network, status, MARCH)
    assert network.status_changes.count() == int(candidate)


def test_recognised_again_is_not_a_new_decision(network):
    decide(network, RecognitionStatus.RECOGNISED, RECOGNITION)
    for day in (RECOGNITION, MARCH):
        with pytest.raises(ValidationError, match="Recognised is already in force on"):
            decide(network, RecognitionStatus.RECOGNISED, day)
    assert network.status_changes.count() == 1


def test_a_recognised_network_is_suspended_then_withdrawn_then_recognised_again(network):
    decide(network, RecognitionStatus.CANDIDATE, CANDIDATE_DAY)
    decide(network, RecognitionStatus.RECOGNISED, RECOGNITION)
    decide(network, RecognitionStatus.SUSPENDED, MARCH)
    with pytest.raises(ValidationError, match="Suspended is already in force on 01/06/2027"):
        decide(network, RecognitionStatus.SUSPENDED, SUSPENSION)
    decide(network, RecognitionStatus.WITHDRAWN, SUSPENSION)
    with pytest.raises(ValidationError, match="on 01/09/2027 the status is withdrawn"):
        decide(network, RecognitionStatus.SUSPENDED, datetime.date(2027, 9, 1))
    decide(network, RecognitionStatus.RECOGNISED, datetime.date(2028, 1, 1))
    network.refresh_from_db()
    assert network.status == RecognitionStatus.RECOGNISED


def test_a_withdrawal_follows_a_recognition(network):
    decide(network, RecognitionStatus.RECOGNISED, RECOGNITION)
    decide(network, RecognitionStatus.WITHDRAWN, MARCH)
    network.refresh_from_db()
    assert network.status == RecognitionStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (
            RecognitionStatus.CANDIDATE,
            "Suspended can only follow recognised: on 01/06/2027 the status is candidate",
        ),
        (
            RecognitionStatus.WITHDRAWN,
            "Suspended can only follow recognised: on 01/06/2027 the status is withdrawn",
        ),
        (RecognitionStatus.SUSPENDED, "Suspended is already in force on 01/06/2027"),
    ],
)
def test_a_decision_dated_before_a_recorded_one_keeps_the_next_one_allowed(network, status, reason):
    decide(network, RecognitionStatus.RECOGNISED, RECOGNITION)
    decide(network, RecognitionStatus.SUSPENDED, SUSPENSION)
    with pytest.raises(ValidationError) as refused:
        decide(network, status, MARCH)
    message = refused.value.messages[0]
    assert message.startswith("The next recorded change (suspended on 01/06/2027)")
    assert reason in message
    assert network.status_changes.count() == 2


def test_a_decision_dated_before_a_recorded_one_that_still_fits_is_recorded(network):
    decide(network, RecognitionStatus.RECOGNISED, RECOGNITION)
    decide(network, RecognitionStatus.WITHDRAWN, SUSPENSION)
    change = decide(network, RecognitionStatus.SUSPENDED, MARCH)
    assert change.from_status == RecognitionStatus.RECOGNISED
    network.refresh_from_db()
    assert network.status == RecognitionStatus.WITHDRAWN


def test_the_status_change_admin_refuses_to_suspend_a_network_never_recognised(network, staff_client):
    response = staff_client.post(
        reverse("admin:networks_networkstatuschange_add"),
        {"network": network.pk, "to_status": RecognitionStatus.SUSPENDED, "effective_date": "2027-03-01"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert "01/03/2027" in response.content.decode()
    assert not network.status_changes.exists()
