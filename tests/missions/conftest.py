"""Shared fixtures for plan and progress tests: Testnetwerk A serving one zone (Kempen) in the
period 2027–2028, and plans of that network in any status (``make_plan(approved=True)``)."""

import datetime

import pytest

from missions.models import MissionTheme, MultiYearPlan, PlanGoal, RegionalIntensity
from missions.services.workflow import transition_apply
from tests.missions.factories import MultiYearPlanFactory, PlanningPeriodFactory, make_themes
from tests.networks.factories import (
    MunicipalityFactory,
    PrimaryCareZoneFactory,
    PrimaryCareZoneMembershipFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
)


@pytest.fixture
def plan_setup(network_a, coordinator_a, staff_user):
    make_themes()
    zone = RegionalCareZoneFactory(code="kempen", name="Kempen")
    ServiceAreaFactory(network=network_a, zone=zone, valid_from=datetime.date(2027, 1, 1))
    period = PlanningPeriodFactory(start_year=2027)
    coordinator_a.email, staff_user.email = "coord@example.invalid", "staff@example.invalid"
    coordinator_a.save()
    staff_user.save()
    return {"zone": zone, "period": period}


@pytest.fixture
def make_plan(plan_setup, network_a, coordinator_a, staff_user):
    """Testnetwerk A's plan 2027–2028 in the state the traits say, submitted by its coordinator
    and reviewed by staff."""

    def make(**traits):
        traits.setdefault("period", plan_setup["period"])
        return MultiYearPlanFactory(
            network=network_a, coordinator=coordinator_a, reviewer=staff_user, **traits
        )

    return make


@pytest.fixture
def kempen_primary_zones(network_a):
    """For the cells refined per primary care zone: network A serves Kempen, every theme set at
    level 2; two primary care zones lie inside it (ELZ Noorderkempen, ELZ Zuiderkempen) and a
    third in Limburg (ELZ Genk), each with one municipality."""
    themes = make_themes()
    zone = RegionalCareZoneFactory(code="kempen", name="Kempen")
    other = RegionalCareZoneFactory(code="limburg", name="Limburg")
    ServiceAreaFactory(network=network_a, zone=zone, valid_from=datetime.date(2026, 1, 1))
    primaries, municipalities = {}, {}
    for code, regional in (("noorderkempen", zone), ("zuiderkempen", zone), ("genk", other)):
        primaries[code] = PrimaryCareZoneFactory(code=code, name=f"ELZ {code.title()}")
        municipalities[code] = MunicipalityFactory(name=f"Gemeente {code}")
        RegionalCareZoneMembershipFactory(municipality=municipalities[code], zone=regional)
        PrimaryCareZoneMembershipFactory(municipality=municipalities[code], zone=primaries[code])
    for theme in themes:
        RegionalIntensity.objects.create(network=network_a, zone=zone, theme=theme, level=2)
    return {
        "zone": zone,
        "other": other,
        "themes": themes,
        "primaries": primaries,
        "municipalities": municipalities,
    }


def advance(subject, name: str, *, by, comment: str = ""):
    """``subject`` (a plan or progress report) moved along transition ``name`` by the service,
    as the page would: fetched again, with what the pages select."""
    transition_apply(subject=subject, name=name, by=by, comment=comment)
    return type(subject).objects.get(pk=subject.pk)


def create_plan(client, period):
    response = client.post(
        "/portaal/netwerken/test-a/plannen/nieuw/", {"period": period.pk, "summary": "Prioriteiten"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return MultiYearPlan.objects.get()


def complete_plan(client, plan, zone):
    """One goal per theme, each with an action and an indicator with targets, through the pages
    (the end-to-end test; other tests use ``make_plan(complete=True)``)."""
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
