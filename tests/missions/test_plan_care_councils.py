"""A plan shows the care councils of its zones and their policy periods (decision 0001 §2.10,
must-show 6). Names and periods no source gives are shown as unknown, never invented."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missions.selectors.care_councils import care_councils_for_plan
from networks.models import CareCouncil, CareCouncilPolicyPeriod, PrimaryCareZoneMembership
from npz_registry.models import Certainty
from tests.networks.factories import MunicipalityFactory, PrimaryCareZoneFactory, RegionalCareZoneFactory

pytestmark = pytest.mark.django_db


def council_in(regional_zone, name):
    """A primary care zone with one municipality in `regional_zone`, and its council."""
    zone = PrimaryCareZoneFactory(name=name)
    municipality = MunicipalityFactory(zone=regional_zone)
    PrimaryCareZoneMembership.objects.create(municipality=municipality, zone=zone, valid_from="2025-01-01")
    return CareCouncil.objects.create(primary_care_zone=zone)


def test_a_plan_shows_the_care_councils_of_its_zones_and_their_policy_periods(
    make_plan, plan_setup, coordinator_a_client
):
    plan = make_plan()
    aligned = council_in(plan_setup["zone"], "ELZ Kempen-Noord")
    CareCouncilPolicyPeriod.objects.create(
        council=aligned,
        start_year=2027,
        end_year=2028,
        source="Testbron (fictief)",
        certainty=Certainty.PLANNED,
    )
    council_in(plan_setup["zone"], "ELZ Kempen-Zuid")
    council_in(RegionalCareZoneFactory(name="Elders"), "ELZ Elders")

    response = coordinator_a_client.get(reverse("missions:plan-detail", args=[plan.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    section = page[page.index('id="care-councils"') :]
    assert "Zorgraden van de regio" in section
    assert "ELZ Kempen-Noord" in section and "zorgraad van ELZ Kempen-Noord" in section
    assert "2027–2028" in section and "gepland" in section and "loopt gelijk" in section
    assert "ELZ Kempen-Zuid" in section and "periode onbekend" in section
    assert "ELZ Elders" not in section


def test_a_period_that_differs_from_the_plan_does_not_run_alongside(make_plan, plan_setup):
    plan = make_plan()
    council = council_in(plan_setup["zone"], "ELZ Kempen-Noord")
    CareCouncilPolicyPeriod.objects.create(council=council, start_year=2026, end_year=2031, source="Testbron")
    [row] = care_councils_for_plan(plan)
    assert row.overlaps and not row.aligned


@pytest.mark.parametrize("councils", [1, 5])
def test_the_care_councils_of_a_plan_take_a_fixed_number_of_queries(make_plan, plan_setup, councils):
    plan = make_plan()
    for number in range(councils):
        council = council_in(plan_setup["zone"], f"ELZ {number}")
        CareCouncilPolicyPeriod.objects.create(council=council, start_year=2027, end_year=2028, source="x")
    with CaptureQueriesContext(connection) as queries:
        rows = care_councils_for_plan(plan)
    assert len(rows) == councils
    assert len(queries) == 1
