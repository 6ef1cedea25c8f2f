"""The latest reported year of each network's approved plan, read with the plans the reports
read anyway (plans_of_networks): what the indicator tallies count. A progress report counts
once the department approved it (missions.selectors.days)."""

import datetime

import pytest

from missions.models import SubmissionStatus as S
from missions.selectors.plans import plans_of_networks
from tests.missions.factories import MultiYearPlanFactory, PlanningPeriodFactory, YearlyProgressFactory
from tests.networks.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_the_plans_of_networks_give_the_latest_reported_year_of_the_approved_plans(
    django_assert_num_queries,
):
    later_period = PlanningPeriodFactory(start_year=2029, end_year=2033)
    both = NetworkFactory(code="both")
    first = MultiYearPlanFactory(network=both, approved=True)
    YearlyProgressFactory(plan=first, year=2027, status=S.SUBMITTED)
    chosen = YearlyProgressFactory(plan=first, year=2028, status=S.APPROVED)
    second = MultiYearPlanFactory(network=both, period=later_period, approved=True)
    YearlyProgressFactory(plan=second, year=2029, status=S.IN_REVIEW)  # not approved yet
    YearlyProgressFactory(plan=second, year=2030)  # a draft is not reported yet

    unapproved = NetworkFactory(code="unapproved")
    YearlyProgressFactory(plan=MultiYearPlanFactory(network=unapproved, submitted=True), status=S.SUBMITTED)
    drafts_only = NetworkFactory(code="drafts")
    YearlyProgressFactory(plan=MultiYearPlanFactory(network=drafts_only, approved=True))

    networks = [both, unapproved, drafts_only]
    expected = {both.pk: (first.pk, chosen.pk, 2028, S.APPROVED)}
    with django_assert_num_queries(1):
        assert plans_of_networks(networks, datetime.date(2029, 6, 1)).latest_reported == expected
