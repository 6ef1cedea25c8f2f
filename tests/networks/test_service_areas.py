"""A zone is served by at most one network on any day; scale needs a justification; a
recognised network serves a whole zone; recognition is dated."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from networks.models import RecognitionStatus, ServiceArea
from networks.services.networks import network_set_status, service_area_add
from tests.networks.factories import NetworkFactory, RegionalCareZoneFactory, ServiceAreaFactory

pytestmark = pytest.mark.django_db

JAN_2027 = datetime.date(2027, 1, 1)


@pytest.fixture
def kempen():
    return RegionalCareZoneFactory(code="kempen", name="Kempen")


@pytest.fixture
def first(kempen):
    network = NetworkFactory(code="npz-kempen", name="NPZ Kempen")
    service_area_add(network=network, zone=kempen, valid_from=JAN_2027)
    return network


def test_a_second_network_for_an_overlapping_period_is_refused_naming_the_first(kempen, first):
    second = NetworkFactory(name="Ander netwerk")
    with pytest.raises(ValidationError) as error:
        service_area_add(network=second, zone=kempen, valid_from=datetime.date(2027, 6, 1))
    assert "NPZ Kempen" in str(error.value)
    assert "Kempen" in str(error.value)
    assert not ServiceArea.objects.filter(network=second).exists()


def test_a_second_network_after_the_first_ends_is_accepted(kempen, first):
    area = first.service_areas.get()
    area.valid_until = datetime.date(2028, 12, 31)
    area.full_clean()
    area.save()
    second = NetworkFactory(name="Opvolger")
    service_area_add(network=second, zone=kempen, valid_from=datetime.date(2029, 1, 1))
    assert list(
        ServiceArea.objects.valid_on(datetime.date(2029, 6, 1)).values_list("network__name", flat=True)
    ) == ["Opvolger"]


def test_an_earlier_period_that_ends_before_the_first_starts_is_accepted(kempen, first):
    earlier = NetworkFactory(name="Voorloper")
    service_area_add(
        network=earlier,
        zone=kempen,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
    )


def test_serving_several_zones_needs_a_justification(first):
    limburg = RegionalCareZoneFactory(code="limburg", name="Limburg")
    with pytest.raises(ValidationError, match="rechtvaardiging"):
        service_area_add(network=first, zone=limburg, valid_from=JAN_2027)

    first.scale_justification = "Eén ziekenhuisnetwerk voor beide zones."
    first.save()
    service_area_add(network=first, zone=limburg, valid_from=JAN_2027)
    assert first.service_areas.count() == 2


def test_recognition_needs_a_zone_served_on_that_day(kempen):
    network = NetworkFactory(name="Zonder zone")
    with pytest.raises(ValidationError, match="bedient die dag geen enkele regionale zorgzone"):
        network_set_status(network=network, to_status=RecognitionStatus.RECOGNISED, effective_date=JAN_2027)

    service_area_add(network=network, zone=kempen, valid_from=JAN_2027)
    network_set_status(network=network, to_status=RecognitionStatus.RECOGNISED, effective_date=JAN_2027)
    network.refresh_from_db()
    assert network.status == RecognitionStatus.RECOGNISED


def test_status_history_answers_for_any_day(first, staff_user):
    network_set_status(
        network=first, to_status=RecognitionStatus.CANDIDATE, effective_date=datetime.date(2026, 3, 1)
    )
    network_set_status(
        network=first, to_status=RecognitionStatus.RECOGNISED, effective_date=JAN_2027, by=staff_user
    )
    network_set_status(
        network=first,
        to_status=RecognitionStatus.SUSPENDED,
        effective_date=datetime.date(2027, 9, 1),
        note="Audit",
    )
    assert first.status_on(datetime.date(2025, 1, 1)) is None
    assert first.status_on(datetime.date(2026, 12, 31)) == RecognitionStatus.CANDIDATE
    assert first.status_on(datetime.date(2027, 5, 1)) == RecognitionStatus.RECOGNISED
    assert first.status_on(datetime.date(2027, 9, 1)) == RecognitionStatus.SUSPENDED
    recognised = first.status_changes.get(to_status=RecognitionStatus.RECOGNISED)
    assert recognised.from_status == RecognitionStatus.CANDIDATE
    assert recognised.changed_by == staff_user


def _network_form(network, areas):
    data = {
        "code": network.code,
        "name": network.name,
        "short_name": "",
        "enterprise_number": "",
        "scale_justification": network.scale_justification,
        "notes": "",
        "service_areas-TOTAL_FORMS": len(areas),
        "service_areas-INITIAL_FORMS": 0,
    }
    for prefix in ("status_changes", "predecessors", "roles"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    for i, (zone, start) in enumerate(areas):
        data.update({f"service_areas-{i}-zone": zone.pk, f"service_areas-{i}-valid_from": start})
    return data


def test_admin_refuses_an_overlapping_zone_with_a_message_naming_the_other_network(
    staff_client, kempen, first
):
    second = NetworkFactory(name="Ander netwerk")
    url = reverse("admin:networks_network_change", args=[second.pk])
    response = staff_client.post(url, _network_form(second, [(kempen, "2027-03-01")]))
    assert response.status_code == 200
    assert "NPZ Kempen" in response.content.decode()
    assert not second.service_areas.exists()

    response = staff_client.post(
        url, _network_form(second, [(kempen, "2025-01-01")]) | {"service_areas-0-valid_until": "2026-12-31"}
    )
    assert response.status_code == 302
    assert second.service_areas.get().valid_until == datetime.date(2026, 12, 31)


def test_admin_asks_a_justification_for_several_zones(staff_client):
    network = NetworkFactory(name="Groot netwerk")
    a, b = RegionalCareZoneFactory(name="Zone A"), RegionalCareZoneFactory(name="Zone B")
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = staff_client.post(url, _network_form(network, [(a, "2027-01-01"), (b, "2027-01-01")]))
    assert response.status_code == 200
    assert "rechtvaardiging" in response.content.decode()

    form = _network_form(network, [(a, "2027-01-01"), (b, "2027-01-01")])
    form["scale_justification"] = "Toegankelijkheid blijft gegarandeerd."
    assert staff_client.post(url, form).status_code == 302
    assert network.service_areas.count() == 2


def test_admin_status_change_goes_through_the_service(staff_client, staff_user, first):
    url = reverse("admin:networks_networkstatuschange_add")
    response = staff_client.post(
        url, {"network": first.pk, "to_status": RecognitionStatus.RECOGNISED, "effective_date": "2026-06-01"}
    )
    assert response.status_code == 200  # no zone served on 1 June 2026: refused with a message
    assert "2026" in response.content.decode()
    response = staff_client.post(
        url, {"network": first.pk, "to_status": RecognitionStatus.RECOGNISED, "effective_date": "2027-01-01"}
    )
    assert response.status_code == 302
    change = first.status_changes.get()
    assert change.changed_by == staff_user


def test_a_zone_factory_area_counts_for_serving_on():
    area = ServiceAreaFactory()
    assert list(type(area.network).objects.serving_on(JAN_2027)) == [area.network]
    assert not type(area.network).objects.serving_on(datetime.date(2026, 12, 31)).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/networks/servicearea/",
        "/admin/networks/network/",
        "/admin/networks/legacyorganisation/",
        "/admin/networks/regionalcarezonemembership/",
    ],
)
def test_admin_lists_can_be_viewed_as_of_a_day(staff_client, path, first):
    before = staff_client.get(path, {"as_of": "2026-06-01"})
    after = staff_client.get(path, {"as_of": "2027-06-01"})
    assert before.status_code == after.status_code == 200
    if "servicearea" in path or "/network/" in path:
        assert before.context["cl"].result_count == 0
        assert after.context["cl"].result_count == 1
    assert staff_client.get(path, {"as_of": "nonsense"}).status_code == 200
