"""The Flanders report counts the plans per status on its day, from their timeline: a plan
registered later is not counted, and one submitted after the day was still a draft on it."""

import datetime

import pytest
from django.utils import timezone

from missions.models import MultiYearPlan, ReviewEvent, SubmissionStatus
from missions.selectors.plans import plan_approved_on, plan_status_on, plans_of_networks
from npz_registry.reports.context import network_report_context
from tests.conftest import run_pending_commits
from tests.missions.factories import MultiYearPlanFactory, YearlyProgressFactory
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


#: The day a plan is registered, then the days of its steps (submitted, in review, approved).
PLAN_DAYS = [
    datetime.date(2026, 1, 10),
    datetime.date(2026, 2, 1),
    datetime.date(2026, 3, 1),
    datetime.date(2026, 4, 1),
]
#: The same for its first progress report, a year later.
PROGRESS_DAYS = [day.replace(year=2027) for day in PLAN_DAYS]


def dated(subject, days):
    """``subject`` registered on the first of ``days``, each step of its timeline on the next
    ones and a plan's versions on the day of its first step (the factories write them today)."""
    type(subject).objects.filter(pk=subject.pk).update(created_at=moment(days[0]))
    if isinstance(subject, MultiYearPlan):
        subject.versions.update(submitted_at=moment(days[1]))
    steps = list(subject.events.order_by("at", "pk"))
    assert len(steps) <= len(days) - 1
    for step, day in zip(steps, days[1:], strict=False):
        ReviewEvent.objects.filter(pk=step.pk).update(at=moment(day))
    return [step.to_status for step in steps]


def test_a_plan_and_its_progress_are_read_as_they_stood_on_the_day():
    """A report for a past day showed a plan approved months later as approved, and a progress
    report approved later with its indicators (found by review): each is read as it stood at the
    end of the day, and one registered later is not there yet."""
    progress = YearlyProgressFactory(filled=True, approved=True)
    plan = progress.plan
    assert dated(plan, PLAN_DAYS)[-1] == S.APPROVED
    assert dated(progress, PROGRESS_DAYS)[-1] == S.APPROVED

    def read(day):
        plans = plans_of_networks([plan.network], day)
        return plans.in_force.get(plan.network_id), plans.latest_progress.get(plan.network_id), plans

    assert read(datetime.date(2026, 1, 1))[0] is None  # not registered yet
    before_approval, no_progress, plans = read(datetime.date(2026, 3, 15))
    assert plan_status_on(before_approval) == S.IN_REVIEW
    assert not plan_approved_on(before_approval) and before_approval.approved_summary == ""
    assert before_approval.latest_version_number == 1 and no_progress is None
    assert plans.latest_reported == {}

    approved, draft_progress, plans = read(datetime.date(2027, 1, 31))
    assert plan_approved_on(approved) and approved.approved_version_on_day == 1
    assert draft_progress.status == S.DRAFT and plans.latest_reported == {}

    profile = network_report_context(plan.network, day=datetime.date(2026, 3, 15))
    assert (profile["plan"]["status"], profile["plan"]["approved_version"]) == (S.IN_REVIEW, None)
    assert profile["progress"] is None
    assert network_report_context(plan.network, day=datetime.date(2026, 1, 1))["plan"] is None

    _plan, reported, plans = read(datetime.date(2027, 4, 1))
    assert reported.status == S.APPROVED
    assert plans.latest_reported == {plan.network_id: (plan.pk, progress.pk, progress.year, S.APPROVED)}


def test_the_reports_indicator_figures_follow_their_day_within_one_data_version():
    """The Flanders report's indicator figures were kept per data version only: a report for a
    day before the approval showed those of a later day."""
    from missions.selectors import core_themes
    from npz_registry.reports.context import indicator_progress_by_theme

    progress = YearlyProgressFactory(filled=True, approved=True)
    dated(progress.plan, PLAN_DAYS)
    dated(progress, PROGRESS_DAYS)
    run_pending_commits()  # what is cached per data version is kept again

    def networks_counted(day):
        plans = plans_of_networks([progress.plan.network], day)
        return indicator_progress_by_theme(plans, core_themes())["networks"]

    assert networks_counted(datetime.date(2027, 6, 1)) == 1
    assert networks_counted(datetime.date(2026, 6, 1)) == 0
