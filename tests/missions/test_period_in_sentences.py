"""A planning period's name may say "meerjarenplan" itself ("Verkort meerjarenplan 2027–2028"):
sentences that say "the multi-year plan ..." name its years, not its name, so that no page,
message or e-mail reads "het meerjarenplan Verkort meerjarenplan 2027–2028"."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from missions.notifications import progress_reminder
from missions.workflow import describe
from npz_registry.reports.context import network_report
from tests.missions.factories import MultiYearPlanFactory, PlanningPeriodFactory
from tests.networks.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

NAME = "Verkort meerjarenplan 2027–2028"


@pytest.fixture
def plan():
    period = PlanningPeriodFactory(name=NAME)
    return MultiYearPlanFactory(period=period)


def test_the_workflow_messages_name_the_plans_years(plan):
    with translation.override("nl-be"):
        assert describe(plan) == f"het meerjarenplan 2027–2028 van {plan.network.name}"


def test_the_reminder_names_the_plans_years(plan, settings):
    CoordinatorFactory(network=plan.network, email="coordinator@example.org")
    assert progress_reminder(plan, 2027, datetime.date(2028, 3, 31)) == 1
    body = mail.outbox[-1].body
    assert "meerjarenplan 2027–2028 van" in body and NAME not in body


def test_the_network_profile_names_the_plans_years(plan):
    with translation.override("nl-be"):
        html = network_report(plan.network, day=datetime.date(2027, 6, 1)).html()
    assert "Meerjarenplan 2027–2028:" in html and f"Meerjarenplan {NAME}" not in html
