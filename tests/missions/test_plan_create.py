"""Starting a plan: which periods the form offers and why the service refuses one.

- A second tab that creates the plan of a period another tab just made is told so, with a link
  to that plan (the period was no longer a choice: "select a valid choice" before).
- A plan covers years in which the network serves its region: a period that ends before the
  network serves its first zone is neither offered nor accepted (found by review: on 7/12/2026
  "Proefperiode 2025–2026" was offered to a network whose zone starts on 1/1/2027)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from missions.models import MultiYearPlan
from missions.services import plans as services
from tests.missions.factories import PlanningPeriodFactory
from tests.networks.factories import RegionalCareZoneFactory, ServiceAreaFactory

pytestmark = pytest.mark.django_db

URL = "/portaal/netwerken/test-a/plannen/nieuw/"


def _offered(client) -> list[str]:
    page = BeautifulSoup(client.get(URL).content, "html.parser")
    return [option.get_text(strip=True) for option in page.select("#id_period option") if option["value"]]


def test_a_second_tab_on_the_same_period_is_told_the_plan_exists_and_where(coordinator_a_client, plan_setup):
    period = plan_setup["period"]
    assert _offered(coordinator_a_client) == [period.label]  # both tabs open the form
    first = coordinator_a_client.post(URL, {"period": period.pk, "summary": "Eerste tab"})
    assert first.status_code == 302
    second = coordinator_a_client.post(URL, {"period": period.pk, "summary": "Tweede tab"})
    assert second.status_code == 200
    page = BeautifulSoup(second.content, "html.parser")
    summary = page.select_one("#error-summary").get_text(" ", strip=True)
    assert f"Testnetwerk A heeft al een plan voor {period.label}." in summary
    assert "Selecteer een geldige keuze" not in page.get_text()
    plan = MultiYearPlan.objects.get()
    assert page.select_one("#existing-plan a")["href"] == plan.get_absolute_url()
    assert plan.summary == "Eerste tab"
    assert page.select_one("#id_summary").get_text().strip() == "Tweede tab"  # what was typed stays


def test_a_period_that_ends_before_the_network_serves_is_not_offered_nor_accepted(
    coordinator_a_client, plan_setup, network_a
):
    early = PlanningPeriodFactory(start_year=2025, end_year=2026, name="Proefperiode 2025–2026")
    assert _offered(coordinator_a_client) == [plan_setup["period"].label]  # the zone starts on 1/1/2027
    response = coordinator_a_client.post(URL, {"period": early.pk, "summary": "Te vroeg"})
    assert response.status_code == 200
    summary = (
        BeautifulSoup(response.content, "html.parser").select_one("#error-summary").get_text(" ", strip=True)
    )
    reason = services.plan_period_refusal(
        network=network_a, period=early, first_day=datetime.date(2027, 1, 1)
    )
    assert "01/01/2027" in reason and "Proefperiode 2025–2026" in reason
    assert reason in summary
    assert not MultiYearPlan.objects.exists()


def test_the_service_refuses_a_period_before_the_network_serves(plan_setup, network_a, coordinator_a):
    early = PlanningPeriodFactory(start_year=2025, end_year=2026, name="Proefperiode 2025–2026")
    with pytest.raises(ValidationError) as refused:
        services.plan_create(network=network_a, period=early, by=coordinator_a)
    assert "01/01/2027" in refused.value.message_dict["period"][0]
    assert not MultiYearPlan.objects.exists()


def test_a_period_the_network_starts_serving_in_is_offered(coordinator_a_client, plan_setup, network_a):
    """A zone from 1/7/2027: the period 2026–2027 runs into it (a shortened first plan)."""
    network_a.service_areas.all().delete()
    ServiceAreaFactory(
        network=network_a, zone=RegionalCareZoneFactory(code="limburg"), valid_from=datetime.date(2027, 7, 1)
    )
    plan_setup["period"].delete()
    PlanningPeriodFactory(start_year=2024, end_year=2026, name="Oud")
    running = PlanningPeriodFactory(start_year=2027, end_year=2027, name="Verkort 2027")
    assert _offered(coordinator_a_client) == ["Verkort 2027"]
    assert coordinator_a_client.post(URL, {"period": running.pk}).status_code == 302


def test_a_network_with_no_zone_registered_yet_is_offered_every_free_period(
    coordinator_a_client, plan_setup, network_a
):
    network_a.service_areas.all().delete()
    PlanningPeriodFactory(start_year=2025, end_year=2026, name="Proefperiode 2025–2026")
    assert _offered(coordinator_a_client) == ["Proefperiode 2025–2026", plan_setup["period"].label]


def test_a_period_with_a_plan_is_no_longer_offered(coordinator_a_client, make_plan, plan_setup):
    make_plan()
    later = PlanningPeriodFactory(start_year=2029, end_year=2034, name="Meerjarenplan 2029–2034")
    assert _offered(coordinator_a_client) == [later.label]
