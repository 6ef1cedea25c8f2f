"""Shared fixtures for plan and progress tests."""

import datetime

import pytest

from missions.models import MissionTheme, MultiYearPlan, PlanGoal, PlanningPeriod
from tests.missions.factories import make_themes
from tests.networks.factories import RegionalCareZoneFactory, ServiceAreaFactory


@pytest.fixture
def plan_setup(network_a, coordinator_a, staff_user):
    make_themes()
    zone = RegionalCareZoneFactory(code="kempen", name="Kempen")
    ServiceAreaFactory(network=network_a, zone=zone, valid_from=datetime.date(2027, 1, 1))
    period = PlanningPeriod.objects.create(
        start_year=2027, end_year=2028, name="2027–2028", is_shortened=True
    )
    coordinator_a.email, staff_user.email = "coord@example.invalid", "staff@example.invalid"
    coordinator_a.save()
    staff_user.save()
    return {"zone": zone, "period": period}


def create_plan(client, period):
    response = client.post(
        "/portaal/netwerken/test-a/plannen/nieuw/", {"period": period.pk, "summary": "Prioriteiten"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return MultiYearPlan.objects.get()


def complete_plan(client, plan, zone):
    """One goal per theme, each with an action and an indicator with targets."""
    for theme in ("informeren", "zorg-en-ondersteuning", "kwaliteit", "expertise", "verbinden-en-welzijn"):
        theme_obj = MissionTheme.objects.get(code=theme)
        response = client.post(
            f"/portaal/plannen/{plan.pk}/doelen/nieuw/",
            {
                "theme": theme_obj.pk,
                "title": f"Doel {theme}",
                "target_zones": [zone.pk],
                "delivery_mode": "BOTH",
            },
        )
        assert response.status_code == 302, response.content.decode()[:800]
        goal = PlanGoal.objects.get(plan=plan, theme=theme_obj)
        base = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}"
        assert (
            client.post(
                f"{base}/acties/nieuw/", {"what": f"Actie {theme}", "responsible": "Team"}
            ).status_code
            == 302
        )
        response = client.post(
            f"{base}/indicatoren/nieuw/",
            {
                "name": f"Indicator {theme}",
                "direction": "INCREASE",
                "baseline_value": "10",
                "baseline_year": "2025",
                "target_2027": "12",
                "target_2028": "15",
            },
        )
        assert response.status_code == 302, response.content.decode()[:800]
