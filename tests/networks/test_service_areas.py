"""A zone is served by at most one network on any day (the service, the admin and, on
PostgreSQL, the database); serving several zones at once needs a justification."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks.models import Network, RecognitionStatus, ServiceArea
from networks.services.networks import network_set_status, service_area_add, service_areas_save
from tests.admin_helpers import change_form_data
from tests.networks.conftest import RECOGNITION, only_on_postgresql
from tests.networks.factories import NetworkFactory, RegionalCareZoneFactory, ServiceAreaFactory

pytestmark = pytest.mark.django_db

DEC_2026 = datetime.date(2026, 12, 31)


@pytest.fixture
def first(kempen):
    network = NetworkFactory(code="npz-kempen", name="NPZ Kempen")
    service_area_add(network=network, zone=kempen, valid_from=RECOGNITION)
    return network


def test_a_second_network_for_an_overlapping_period_is_refused_naming_the_first(kempen, first):
    second = NetworkFactory(name="Ander netwerk")
    with pytest.raises(ValidationError, match="NPZ Kempen") as error:
        service_area_add(network=second, zone=kempen, valid_from=datetime.date(2027, 6, 1))
    assert "Kempen" in str(error.value) and "01/01/2027" in str(error.value)
    assert not ServiceArea.objects.filter(network=second).exists()


def test_the_same_network_cannot_claim_a_zone_twice_for_overlapping_periods(kempen, first):
    with pytest.raises(ValidationError, match="NPZ Kempen"):
        service_area_add(network=first, zone=kempen, valid_from=datetime.date(2028, 1, 1))
    assert first.service_areas.count() == 1


def test_a_second_network_after_the_first_ends_is_accepted(kempen, first):
    area = first.service_areas.get()
    area.valid_until = datetime.date(2028, 12, 31)
    service_areas_save(network=first, areas=[area])
    service_area_add(
        network=NetworkFactory(name="Opvolger"), zone=kempen, valid_from=datetime.date(2029, 1, 1)
    )
    assert list(
        ServiceArea.objects.valid_on(datetime.date(2029, 6, 1)).values_list("network__name", flat=True)
    ) == ["Opvolger"]


def test_a_period_ending_the_day_before_the_first_starts_is_accepted_and_one_day_more_is_not(kempen, first):
    earlier = NetworkFactory(name="Voorloper")
    with pytest.raises(ValidationError, match="NPZ Kempen"):
        service_area_add(
            network=earlier, zone=kempen, valid_from=datetime.date(2026, 1, 1), valid_until=RECOGNITION
        )
    service_area_add(network=earlier, zone=kempen, valid_from=datetime.date(2026, 1, 1), valid_until=DEC_2026)


def test_an_end_before_the_start_is_refused_by_the_service(kempen):
    with pytest.raises(ValidationError, match="valid_until"):
        service_area_add(network=NetworkFactory(), zone=kempen, valid_from=RECOGNITION, valid_until=DEC_2026)


def test_shortening_one_claim_and_adding_its_successor_is_one_save(kempen, first):
    area = first.service_areas.get()
    area.valid_until = datetime.date(2027, 6, 30)
    successor = ServiceArea(zone=kempen, valid_from=datetime.date(2027, 7, 1))
    service_areas_save(network=first, areas=[successor, area])
    assert [(a.valid_from.month, a.valid_until) for a in first.service_areas.order_by("valid_from")] == [
        (1, datetime.date(2027, 6, 30)),
        (7, None),
    ]


def test_a_refused_save_writes_nothing(kempen, first):
    area = first.service_areas.get()
    area.valid_until = datetime.date(2027, 6, 30)
    clash = ServiceArea(zone=kempen, valid_from=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError, match="twee keer"):
        service_areas_save(network=first, areas=[clash, area])
    assert first.service_areas.get().valid_until is None


def test_serving_several_zones_needs_a_justification(first):
    limburg = RegionalCareZoneFactory(code="limburg", name="Limburg")
    with pytest.raises(ValidationError, match="rechtvaardiging"):
        service_area_add(network=first, zone=limburg, valid_from=RECOGNITION)

    first.scale_justification = "Eén ziekenhuisnetwerk voor beide zones."
    first.save()
    service_area_add(network=first, zone=limburg, valid_from=RECOGNITION)
    assert first.service_areas.count() == 2


def test_a_second_zone_after_the_first_ends_needs_no_justification(kempen, first):
    area = first.service_areas.get()
    area.valid_until = datetime.date(2027, 12, 31)
    service_areas_save(network=first, areas=[area])
    service_area_add(network=first, zone=RegionalCareZoneFactory(), valid_from=datetime.date(2028, 1, 1))


@only_on_postgresql
def test_the_service_locks_the_zone_before_it_checks(kempen):
    with CaptureQueriesContext(connection) as queries:
        service_area_add(network=NetworkFactory(), zone=kempen, valid_from=RECOGNITION)
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locks and "networks_regionalcarezone" in locks[0]


@only_on_postgresql
def test_the_database_refuses_overlapping_claims_stored_in_bulk(kempen):
    """Must-show 3: no code path stores an overlap on PostgreSQL, not even bulk_create."""
    a, b = NetworkFactory(), NetworkFactory()
    with pytest.raises(IntegrityError, match="service_area_zone_no_overlap"):
        ServiceArea.objects.bulk_create(
            [
                ServiceArea(network=a, zone=kempen, valid_from=RECOGNITION),
                ServiceArea(network=b, zone=kempen, valid_from=datetime.date(2028, 1, 1)),
            ]
        )


@only_on_postgresql
def test_the_database_accepts_claims_that_follow_each_other_and_other_zones(kempen):
    a, b = NetworkFactory(), NetworkFactory()
    ServiceArea.objects.bulk_create(
        [
            ServiceArea(network=a, zone=kempen, valid_from=datetime.date(2025, 1, 1), valid_until=DEC_2026),
            ServiceArea(network=b, zone=kempen, valid_from=RECOGNITION),
            ServiceArea(network=a, zone=RegionalCareZoneFactory(), valid_from=RECOGNITION),
        ]
    )
    with pytest.raises(IntegrityError):
        ServiceAreaFactory(network=a, zone=kempen, valid_from=DEC_2026)


# --------------------------------------------------------------------------------------------
# The admin goes through the service
# --------------------------------------------------------------------------------------------


def network_form(network, areas, **fields):
    """The POST of a network's change form with new service area rows `(zone, start)`."""
    data = {
        "code": network.code,
        "name": network.name,
        "scale_justification": network.scale_justification,
        "service_areas-TOTAL_FORMS": len(areas),
        "service_areas-INITIAL_FORMS": 0,
    }
    for prefix in ("status_changes", "predecessors", "roles"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    for i, (zone, start) in enumerate(areas):
        data.update({f"service_areas-{i}-zone": zone.pk, f"service_areas-{i}-valid_from": start})
    return data | fields


def test_admin_refuses_an_overlapping_zone_with_a_message_naming_the_other_network(
    staff_client, kempen, first
):
    second = NetworkFactory(name="Ander netwerk")
    url = reverse("admin:networks_network_change", args=[second.pk])
    response = staff_client.post(url, network_form(second, [(kempen, "2027-03-01")]))
    assert response.status_code == 200
    assert "NPZ Kempen" in response.content.decode()
    assert not second.service_areas.exists()

    response = staff_client.post(
        url, network_form(second, [(kempen, "2025-01-01")], **{"service_areas-0-valid_until": "2026-12-31"})
    )
    assert response.status_code == 302
    assert second.service_areas.get().valid_until == DEC_2026


def test_admin_refuses_one_zone_twice_in_one_submission(staff_client, kempen):
    network = NetworkFactory()
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = staff_client.post(url, network_form(network, [(kempen, "2027-01-01"), (kempen, "2027-06-01")]))
    assert response.status_code == 200
    assert "Kempen staat twee keer in de lijst" in response.content.decode()
    assert not network.service_areas.exists()


def test_admin_asks_a_justification_for_several_zones(staff_client):
    network = NetworkFactory(name="Groot netwerk")
    a, b = RegionalCareZoneFactory(name="Zone A"), RegionalCareZoneFactory(name="Zone B")
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = staff_client.post(url, network_form(network, [(a, "2027-01-01"), (b, "2027-01-01")]))
    assert response.status_code == 200
    assert "rechtvaardiging" in response.content.decode()

    justified = network_form(
        network,
        [(a, "2027-01-01"), (b, "2027-01-01")],
        scale_justification="Toegankelijkheid blijft gegarandeerd.",
    )
    assert staff_client.post(url, justified).status_code == 302
    assert network.service_areas.count() == 2


def test_the_service_area_admin_refuses_an_overlap_with_a_form_error(staff_client, kempen, first):
    response = staff_client.post(
        reverse("admin:networks_servicearea_add"),
        {"network": NetworkFactory().pk, "zone": kempen.pk, "valid_from": "2027-02-01"},
    )
    assert response.status_code == 200
    assert "NPZ Kempen" in response.content.decode()
    assert ServiceArea.objects.count() == 1


def test_the_service_area_admin_saves_through_the_service(staff_client, kempen, first, monkeypatch):
    """A clash the form did not see (another user saved at the same moment) is refused by the
    service under its lock and shown as a message: no server error, nothing saved."""
    monkeypatch.setattr("networks.admin.service_area_refusal", lambda **kwargs: None)
    url = reverse("admin:networks_servicearea_add")
    response = staff_client.post(
        url, {"network": NetworkFactory().pk, "zone": kempen.pk, "valid_from": "2027-02-01"}, follow=True
    )
    assert response.status_code == 200
    assert "NPZ Kempen" in response.content.decode()
    assert ServiceArea.objects.count() == 1


@only_on_postgresql
def test_a_database_refusal_reaching_the_admin_is_a_clear_message(staff_client, kempen, first, monkeypatch):
    for where in ("networks.admin", "networks.services.networks"):
        monkeypatch.setattr(f"{where}.service_area_refusal", lambda **kwargs: None)
    second = NetworkFactory()
    response = staff_client.post(
        reverse("admin:networks_network_change", args=[second.pk]),
        network_form(second, [(kempen, "2027-03-01")]),
        follow=True,
    )
    assert response.status_code == 200
    assert "overlapt met deze periode" in response.content.decode()
    assert not second.service_areas.exists()


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


def test_a_history_revert_of_a_service_area_is_checked_like_any_change(staff_client, kempen, first):
    area = first.service_areas.get()
    area.valid_until = datetime.date(2027, 6, 30)
    service_areas_save(network=first, areas=[area])
    service_area_add(
        network=NetworkFactory(name="Opvolger"), zone=kempen, valid_from=datetime.date(2027, 7, 1)
    )
    open_ended = area.history.filter(valid_until__isnull=True).first()
    url = reverse("admin:networks_servicearea_simple_history", args=[area.pk, open_ended.history_id])
    response = staff_client.post(url, change_form_data(staff_client.get(url)))
    assert response.status_code == 200
    assert "Opvolger" in response.content.decode()
    area.refresh_from_db()
    assert area.valid_until == datetime.date(2027, 6, 30)


# A recognised network keeps a zone (DOMAIN: every network serves at least one whole zone): the
# back office could end, delete or "delete selected" its only service area (found by review).


@pytest.fixture
def recognised(first):
    network_set_status(network=first, to_status=RecognitionStatus.RECOGNISED, effective_date=RECOGNITION)
    return first


def test_a_recognised_networks_only_zone_cannot_be_ended_or_deleted(recognised):
    area = recognised.service_areas.get()
    with pytest.raises(
        ValidationError, match="zou vanaf 01/02/2027 geen enkele regionale zorgzone meer bedienen"
    ):
        area.valid_until = datetime.date(2027, 1, 31)
        service_areas_save(network=recognised, areas=[area])
    with pytest.raises(ValidationError, match="is erkend vanaf 01/01/2027"):
        service_areas_save(network=recognised, deleted=[ServiceArea.objects.get(pk=area.pk)])
    assert ServiceArea.objects.get(pk=area.pk).valid_until is None

    # Handing the zone over while another takes its place, in one save, is fine.
    other = RegionalCareZoneFactory(code="turnhout", name="Turnhout")
    recognised.scale_justification = "Twee zones tijdens de overgang."
    recognised.save()
    area.valid_until = datetime.date(2027, 1, 31)
    follow = ServiceArea(zone=other, valid_from=datetime.date(2027, 2, 1))
    service_areas_save(network=recognised, areas=[area, follow])
    assert recognised.service_areas.count() == 2


def test_a_network_is_not_recognised_for_days_it_would_serve_no_zone(first):
    area = first.service_areas.get()
    area.valid_until = datetime.date(2027, 6, 30)
    service_areas_save(network=first, areas=[area])
    with pytest.raises(
        ValidationError, match="zou vanaf 01/07/2027 geen enkele regionale zorgzone meer bedienen"
    ):
        network_set_status(network=first, to_status=RecognitionStatus.RECOGNISED, effective_date=RECOGNITION)


def test_the_back_office_refuses_to_leave_a_recognised_network_without_a_zone(recognised, admin_client):
    area = recognised.service_areas.get()
    changelist = reverse("admin:networks_servicearea_changelist")
    action = {"action": "delete_selected", "_selected_action": [area.pk], "post": "yes"}
    response = admin_client.post(changelist, action, follow=True)
    assert "is erkend vanaf 01/01/2027" in response.content.decode()
    delete = reverse("admin:networks_servicearea_delete", args=[area.pk])
    response = admin_client.post(delete, {"post": "yes"}, follow=True)
    assert "is erkend vanaf 01/01/2027" in response.content.decode()

    network_page = reverse("admin:networks_network_change", args=[recognised.pk])
    opened = admin_client.get(network_page)
    prefix = next(
        inline.formset.prefix
        for inline in opened.context["inline_admin_formsets"]
        if inline.formset.model is ServiceArea
    )
    response = admin_client.post(network_page, change_form_data(opened, **{f"{prefix}-0-DELETE": "on"}))
    assert response.status_code == 200 and "is erkend vanaf 01/01/2027" in response.content.decode()
    assert ServiceArea.objects.filter(pk=area.pk).exists()


def test_the_admin_adds_a_network_with_or_without_a_zone(staff_client, kempen):
    url = reverse("admin:networks_network_add")
    bare = NetworkFactory.build(code="nieuw", name="Nieuw netwerk", scale_justification="")
    assert staff_client.post(url, network_form(bare, [])).status_code == 302
    assert Network.objects.get(code="nieuw").service_areas.count() == 0

    zoned = NetworkFactory.build(code="kempen-npz", name="NPZ Kempen nieuw", scale_justification="")
    assert staff_client.post(url, network_form(zoned, [(kempen, "2027-01-01")])).status_code == 302
    assert Network.objects.get(code="kempen-npz").service_areas.get().zone == kempen
