"""A report on a day reads that day (found by review): a progress report counts once the
department approved it, and only when its year has begun; the evenness reads the activity of
approved reports up to the day's year; the Flanders report's default day is today once the
recognition day has passed."""

import datetime

import pytest
from django.utils import timezone

from missions.models import ActivityCount, IndicatorProgress, PlanIndicator, ReviewEvent, SubmissionStatus
from missions.selectors import evenness_for_networks
from missions.selectors.plans import plans_of_networks
from npz_registry.reports.context import flanders_default_day, flanders_report_context, network_report_context
from npz_registry.reports.rendering import RenderedPdf
from tests.missions.factories import YearlyProgressFactory
from tests.networks.factories import (
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    RegionalCareZoneMembershipFactory,
    recognition_day_row,
)

pytestmark = pytest.mark.django_db

S = SubmissionStatus
END_OF_2027 = datetime.date(2027, 12, 31)


def moment(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def report_on(plan, year, status, values=(12,)):
    """A progress report of ``plan`` on ``year`` in ``status`` (its timeline as the workflow
    writes it, today) with a value for its first indicators."""
    progress = YearlyProgressFactory(plan=plan, year=year, status=status)
    indicators = PlanIndicator.objects.filter(goal__plan=plan).order_by("pk")
    for indicator, value in zip(indicators, values, strict=False):
        IndicatorProgress.objects.create(progress=progress, indicator=indicator, actual=value)
    return progress


def approve_on(progress, day: datetime.date):
    """``progress`` approved on ``day`` (its timeline: submitted, then approved that day)."""
    progress.events.all().delete()
    submitted = ReviewEvent.objects.create(progress=progress, from_status=S.DRAFT, to_status=S.SUBMITTED)
    approved = ReviewEvent.objects.create(progress=progress, from_status=S.SUBMITTED, to_status=S.APPROVED)
    ReviewEvent.objects.filter(pk=submitted.pk).update(at=moment(day) - datetime.timedelta(days=1))
    ReviewEvent.objects.filter(pk=approved.pk).update(at=moment(day))
    type(progress).objects.filter(pk=progress.pk).update(status=S.APPROVED)


# --------------------------------------------------------------------------------------------
# Progress reports count once approved, on a year that has begun
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED])
def test_a_progress_report_not_approved_is_not_counted(make_plan, status):
    plan = make_plan(approved=True)
    report_on(plan, 2027, status)

    assert plans_of_networks([plan.network], END_OF_2027).latest_reported == {}
    assert flanders_report_context(END_OF_2027)["indicators"]["networks"] == 0


def test_a_progress_report_counts_from_the_day_it_was_approved(make_plan):
    plan = make_plan(approved=True)
    progress = report_on(plan, 2027, S.SUBMITTED)
    approve_on(progress, datetime.date(2028, 2, 1))

    assert plans_of_networks([plan.network], datetime.date(2028, 1, 31)).latest_reported == {}
    found = plans_of_networks([plan.network], datetime.date(2028, 2, 1)).latest_reported
    assert found == {plan.network_id: (plan.pk, progress.pk, 2027, S.APPROVED)}


def test_a_report_sent_back_leaves_the_approved_year_before_it_counted(make_plan):
    plan = make_plan(approved=True)
    first = report_on(plan, 2027, S.APPROVED)
    report_on(plan, 2028, S.CHANGES_REQUESTED, values=(1,))

    found = plans_of_networks([plan.network], datetime.date(2028, 12, 31)).latest_reported
    assert found == {plan.network_id: (plan.pk, first.pk, 2027, S.APPROVED)}


def test_a_report_on_a_year_that_has_not_begun_is_not_that_days_progress(make_plan):
    plan = make_plan(approved=True)
    report_on(plan, 2028, S.APPROVED)
    mid_2027 = datetime.date(2027, 6, 30)

    plans = plans_of_networks([plan.network], mid_2027)
    assert plans.latest_progress == {} and plans.latest_reported == {}
    assert network_report_context(plan.network, day=mid_2027)["progress"] is None
    later = plans_of_networks([plan.network], datetime.date(2028, 1, 1))
    assert later.latest_progress[plan.network_id].year == 2028 and plan.network_id in later.latest_reported


# --------------------------------------------------------------------------------------------
# Evenness: the activity of approved reports, up to the day's year
# --------------------------------------------------------------------------------------------


@pytest.fixture
def activity(world, make_plan):
    """Network A (its seat in Testzone Noord) with an approved plan 2027–2028, the counts of 2025
    staff imported (no report on 2025): 30 at the seat, 10 in Geel."""
    network = world["networks"][0]
    geel = MunicipalityFactory(name="Geel")
    RegionalCareZoneMembershipFactory(municipality=geel, zone=world["zones"][0])
    MunicipalityFiguresFactory(municipality=geel, year=2026, population=40_000, aged_65_plus=8_000)
    for municipality, count in ((network.seat, 30), (geel, 10)):
        ActivityCount.objects.create(network=network, municipality=municipality, year=2025, count=count)
    return {"network": network, "geel": geel, "plan": make_plan(approved=True)}


def geel_activity(network, day):
    """The evenness year of ``network`` on ``day`` and the activity it counts in Geel."""
    year, evenness = evenness_for_networks([network], "population", day=day)[network.pk]
    return year, next(rate.activity for rate in evenness.rates if rate.name == "Geel")


def test_the_evenness_leaves_out_the_counts_of_a_report_not_approved(activity):
    network, geel = activity["network"], activity["geel"]
    progress = report_on(activity["plan"], 2027, S.CHANGES_REQUESTED)
    ActivityCount.objects.create(network=network, municipality=geel, year=2027, count=5000)

    assert geel_activity(network, END_OF_2027) == (2025, 10)
    profile = network_report_context(network, day=END_OF_2027)
    assert profile["evenness_year"] == 2025

    approve_on(progress, datetime.date(2028, 1, 15))
    assert geel_activity(network, END_OF_2027) == (2025, 10)
    assert geel_activity(network, datetime.date(2028, 1, 15)) == (2027, 5000)


def test_the_evenness_of_a_day_reads_no_later_year(activity):
    network, geel = activity["network"], activity["geel"]
    ActivityCount.objects.create(network=network, municipality=geel, year=2028, count=50)
    day = datetime.date(2026, 12, 1)

    assert geel_activity(network, day) == (2025, 10)
    assert network_report_context(network, day=day)["evenness_year"] == 2025
    assert network_report_context(network, day=datetime.date(2028, 3, 1))["evenness_year"] == 2028


# --------------------------------------------------------------------------------------------
# The Flanders report's default day
# --------------------------------------------------------------------------------------------


def test_the_default_day_is_the_recognition_day_while_it_lies_ahead():
    today = timezone.localdate()
    assert flanders_default_day() == today  # none set
    recognition_day_row(today + datetime.timedelta(days=30))
    assert flanders_default_day() == today + datetime.timedelta(days=30)


def test_the_default_day_is_today_once_the_recognition_day_has_passed(staff_client, monkeypatch):
    today = timezone.localdate()
    recognition_day_row(today - datetime.timedelta(days=30))
    asked = []

    class Report:
        def html(self, **extra):
            return "<html><body>preview</body></html>"

    def fake_report(day=None):
        asked.append(day)
        return Report()

    monkeypatch.setattr("npz_registry.reports.views.flanders_report", fake_report)
    monkeypatch.setattr(
        "npz_registry.reports.views.report_pdf",
        lambda key, build, **kw: (build(), RenderedPdf(b"%PDF-", "v.pdf"))[1],
    )

    assert flanders_default_day() == today
    page = staff_client.get("/rapporten/").content.decode()
    assert f'value="{today:%Y-%m-%d}"' in page
    assert staff_client.get("/rapporten/vlaanderen.pdf").status_code == 200
    assert staff_client.get("/rapporten/vlaanderen/").status_code == 200
    assert asked == [today, today]
