"""A planning period is named in the reader's language: its English name on English pages, the
Dutch one otherwise or when it has none (the English pages showed "Verkort meerjarenplan")."""

import pytest
from django.utils import translation

from tests.missions.factories import MultiYearPlanFactory, PlanningPeriodFactory

pytestmark = pytest.mark.django_db


def test_the_label_follows_the_language_and_falls_back_to_the_dutch_name():
    period = PlanningPeriodFactory(name="Verkort meerjarenplan 2027–2028", name_en="Shortened plan 2027–2028")
    bare = PlanningPeriodFactory(start_year=2029, end_year=2034, name="Meerjarenplan 2029–2034")
    with translation.override("en"):
        assert (str(period), bare.label) == ("Shortened plan 2027–2028", "Meerjarenplan 2029–2034")
    with translation.override("nl-be"):
        assert str(period) == "Verkort meerjarenplan 2027–2028"


def test_the_plan_page_and_the_new_plan_form_name_the_period_in_the_readers_language(
    coordinator_a_client, network_a, settings
):
    period = PlanningPeriodFactory(name="Verkort meerjarenplan 2027–2028", name_en="Shortened plan 2027–2028")
    plan = MultiYearPlanFactory(network=network_a, period=period)
    PlanningPeriodFactory(
        start_year=2029, end_year=2034, name="Meerjarenplan 2029–2034", name_en="Plan 2029–2034"
    )
    dutch = coordinator_a_client.get(plan.get_absolute_url()).content.decode()
    assert "Verkort meerjarenplan 2027–2028" in dutch and "Shortened plan" not in dutch
    coordinator_a_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = coordinator_a_client.get(plan.get_absolute_url()).content.decode()
    assert "Shortened plan 2027–2028" in english and "Verkort meerjarenplan" not in english
    form = coordinator_a_client.get(f"/portaal/netwerken/{network_a.code}/plannen/nieuw/").content.decode()
    assert "Plan 2029–2034" in form and "Meerjarenplan 2029–2034" not in form


def test_the_demo_gives_its_own_periods_an_english_name_also_when_they_were_made_before(settings):
    """`make run` loads the demo data each time: a demo period made before periods had an
    English name gets it; a period staff named otherwise is left alone."""
    from missions.models import PlanningPeriod
    from missions.services.demo_data import load_plan_demo_data

    PlanningPeriod.objects.create(start_year=2025, end_year=2026, name="Proefperiode 2025–2026 (demo)")
    PlanningPeriod.objects.create(start_year=2029, end_year=2034, name="Eigen naam van de afdeling")
    load_plan_demo_data(networks={})
    names = dict(PlanningPeriod.objects.values_list("start_year", "name_en"))
    assert names == {
        2025: "Pilot period 2025–2026 (demo)",
        2027: "Shortened multi-year plan 2027–2028",
        2029: "",
    }
