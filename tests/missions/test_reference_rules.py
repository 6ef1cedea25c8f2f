"""Reference rows the department edits in the back office or imports, which the plans and the
matrices rest on: changing them under the networks' feet is refused (the model's clean, which
the admin and the imports both call; found by review)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missions.models import MissionTheme, PlanningPeriod, RegionalIntensity
from tests.admin_helpers import change_form_data

pytestmark = pytest.mark.django_db


def test_the_years_of_a_period_with_plans_stay_and_those_of_a_period_without_may_change(
    make_plan, admin_client
):
    plan = make_plan(approved=True)
    period = plan.period
    url = reverse("admin:missions_planningperiod_change", args=[period.pk])
    response = admin_client.post(url, change_form_data(admin_client.get(url), end_year=period.end_year + 1))
    assert (
        response.status_code == 200
        and "Netwerken hebben plannen voor deze periode" in response.content.decode()
    )
    period.refresh_from_db()
    assert period.end_year == plan.period.end_year

    period.name = "Nieuwe naam"
    period.full_clean()  # a name, a note: still free

    empty = PlanningPeriod.objects.create(start_year=2040, end_year=2041, name="Later")
    empty.end_year = 2042
    empty.full_clean()


def test_a_theme_is_part_of_a_core_theme_and_a_used_core_theme_stays_one(plan_setup, network_a):
    themes = {theme.number: theme for theme in MissionTheme.objects.all()}
    themes[3].folded_into = themes[3]
    with pytest.raises(ValidationError, match="Kies een kernthema"):
        themes[3].full_clean()
    themes[3].folded_into = themes[6]  # itself part of theme 2
    with pytest.raises(ValidationError, match="kernthema"):
        themes[3].full_clean()

    RegionalIntensity.objects.create(network=network_a, zone=plan_setup["zone"], theme=themes[5], level=2)
    themes[5].folded_into = themes[2]
    with pytest.raises(ValidationError, match="blijft een kernthema"):
        themes[5].full_clean()

    themes[4].folded_into = themes[2]  # unused: the department may fold it
    themes[4].full_clean()
