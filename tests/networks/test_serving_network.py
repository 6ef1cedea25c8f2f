"""Which network serves a zone or a municipality on a day: one selector with one tie-break,
asked by the public search, the API and the admin alike."""

import datetime

import pytest
from django.urls import reverse

from networks import selectors
from networks.models import Network, ServiceArea
from tests.networks.conftest import PAST, RECOGNITION
from tests.networks.factories import MunicipalityFactory, NetworkFactory, ServiceAreaFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 6, 1)


@pytest.fixture
def claimed_twice(kempen, mol, without_zone_exclusion):
    """Kempen claimed by two networks on DAY, as data stored past the rules would be: the
    older claim ("Eerste") started on the recognition day, the other in March."""
    first = NetworkFactory(code="eerste", name="Zzz Eerste")  # last by name: no accidental order
    later = NetworkFactory(code="later", name="Aaa Later")
    ServiceArea.objects.create(network=later, zone=kempen, valid_from=datetime.date(2027, 3, 1))
    ServiceArea.objects.create(network=first, zone=kempen, valid_from=RECOGNITION)
    return first, later


def test_the_claim_that_started_first_serves(kempen, claimed_twice):
    first, _later = claimed_twice
    assert selectors.serving_network_for_zone(kempen, DAY) == first
    assert [area.network for area in selectors.serving_areas(DAY)] == [first]


def test_the_coverage_and_the_flanders_report_name_the_same_serving_networks(kempen, claimed_twice):
    """The coverage's areas come in claim order: its serving network is the selector's, and
    the Flanders report counts the networks of the day as the API lists them."""
    from npz_registry.reports.context import flanders_report_context

    first, later = claimed_twice
    coverage = selectors.coverage_on(DAY)
    assert [z.serving_network for z in coverage.zones if z.zone == kempen] == [first]
    assert coverage.serving_network_ids == set(
        selectors.networks_serving_on(DAY).values_list("pk", flat=True)
    )
    assert later.pk not in coverage.serving_network_ids
    assert flanders_report_context(DAY)["network_count"] == selectors.networks_serving_on(DAY).count() == 1


def test_on_the_same_start_day_the_claim_recorded_first_serves(kempen, without_zone_exclusion):
    recorded_first, recorded_later = NetworkFactory(name="Zzz"), NetworkFactory(name="Aaa")
    for network in (recorded_first, recorded_later):
        ServiceArea.objects.create(network=network, zone=kempen, valid_from=RECOGNITION)
    assert selectors.serving_network_for_zone(kempen, DAY) == recorded_first


def test_the_later_claim_serves_where_the_older_does_not_reach(kempen, claimed_twice):
    first, later = claimed_twice
    assert selectors.serving_network_for_zone(kempen, datetime.date(2027, 2, 1)) == first
    ServiceArea.objects.filter(network=first).update(valid_until=datetime.date(2027, 4, 30))
    assert selectors.serving_network_for_zone(kempen, DAY) == later


def test_serving_network_names_the_zone_and_the_network(mol, kempen, claimed_twice):
    assert selectors.serving_network(mol, DAY).zone == kempen
    assert selectors.serving_network(mol, DAY).network == claimed_twice[0]
    assert selectors.serving_network(mol, datetime.date(2026, 6, 1)).network is None


def test_a_municipality_without_zone_is_served_by_nobody():
    serving = selectors.serving_network(MunicipalityFactory(), DAY)
    assert serving.zone is None and serving.network is None


def test_the_network_list_leaves_out_the_claim_that_does_not_serve(claimed_twice):
    first, later = claimed_twice
    assert list(selectors.networks_serving_on(DAY)) == [first]
    assert set(selectors.networks_serving_on(DAY, networks=Network.objects.filter(pk=later.pk))) == set()


def test_the_next_claim_is_the_one_starting_first(kempen, claimed_twice):
    assert selectors.next_serving_area(kempen, PAST).network == claimed_twice[0]
    assert selectors.next_serving_area(kempen, DAY) is None


def test_query_count_of_the_zone_form_is_fixed(kempen, claimed_twice, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.serving_network_for_zone(kempen, DAY)
    ServiceAreaFactory.create_batch(3, valid_from=PAST)
    with django_assert_num_queries(1):
        selectors.serving_network_for_zone(kempen, DAY)


def test_search_page_and_api_name_the_same_network_when_a_zone_is_claimed_twice(
    anonymous_client, claimed_twice
):
    """Must-show 4: the public page and the open data answer agree, whatever the names."""
    first, later = claimed_twice
    page = anonymous_client.get("/netwerk-zoeken/", {"q": "Mol", "as_of": DAY.isoformat()})
    api = anonymous_client.get("/api/v1/municipalities/13025/network/", {"as_of": DAY.isoformat()}).json()
    assert page.context["answer"].network == first
    assert first.name in page.content.decode() and later.name not in page.content.decode()
    assert api["network"]["code"] == first.code


def test_api_lists_and_details_follow_the_same_tie_break(anonymous_client, claimed_twice):
    first, later = claimed_twice
    listed = anonymous_client.get("/api/v1/networks/", {"as_of": DAY.isoformat()}).json()["results"]
    assert [n["code"] for n in listed] == [first.code]
    detail = anonymous_client.get(f"/api/v1/networks/{later.code}/", {"as_of": DAY.isoformat()}).json()
    assert detail["service_areas"] == []


def test_admin_network_filter_follows_the_same_tie_break(staff_client, claimed_twice):
    response = staff_client.get(reverse("admin:networks_network_changelist"), {"as_of": DAY.isoformat()})
    assert list(response.context["cl"].queryset) == [claimed_twice[0]]
