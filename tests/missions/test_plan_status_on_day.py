"""The Flanders report counts the plans per status on its day, from their timeline: a plan
registered later is not counted, and one submitted after the day was still a draft on it."""

import datetime

import pytest
from django.utils import timezone

from missions.models import MultiYearPlan, ReviewEvent, SubmissionStatus
from missions.selectors.plans import plans_of_networks
from tests.missions.factories import MultiYearPlanFactory
from tests.networks.factories import NetworkFactory

pytestmark = pytest.mark.django_db

S = SubmissionStatus


def moment(day: datetime.date, hour: int = 12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_the_plans_are_counted_in_the_status_they_had_on_the_day():
    submitted = MultiYearPlanFactory(submitted=True)
    approved = MultiYearPlanFactory(approved=True)
    MultiYearPlan.objects.filter(pk__in=[submitted.pk, approved.pk]).update(
        created_at=moment(datetime.date(2026, 1, 10))
    )
    ReviewEvent.objects.filter(plan=submitted).update(at=moment(datetime.date(2026, 3, 1)))
    steps = list(ReviewEvent.objects.filter(plan=approved).order_by("at", "pk"))
    days = [datetime.date(2026, 2, 1), datetime.date(2026, 4, 1), datetime.date(2026, 5, 1)]
    assert len(steps) <= len(days)
    for step, day in zip(steps, days, strict=False):
        ReviewEvent.objects.filter(pk=step.pk).update(at=moment(day))
    networks = [submitted.network, approved.network]

    def counts(day):
        return dict(plans_of_networks(networks, day).counts)

    assert counts(datetime.date(2026, 1, 1)) == {}  # neither registered yet
    assert counts(datetime.date(2026, 1, 10)) == {S.DRAFT: 2}
    assert counts(datetime.date(2026, 3, 1)) == {S.SUBMITTED: 2}  # a step counts on its own day
    assert counts(datetime.date(2027, 1, 1)) == {S.SUBMITTED: 1, S.APPROVED: 1}
    assert [step.to_status for step in steps][-1] == S.APPROVED


def test_a_plan_without_a_timeline_counts_in_its_status():
    period = MultiYearPlanFactory().period
    network = NetworkFactory()
    plan = MultiYearPlan.objects.create(network=network, period=period, status=S.APPROVED, approved_version=1)
    assert not plan.events.exists()
    assert dict(plans_of_networks([plan.network], datetime.date(2099, 1, 1)).counts) == {S.APPROVED: 1}
