"""The reports' context and HTML, without WeasyPrint: what each report shows, when it is a
concept, the plan hooks, and a number of queries that does not grow with the data."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from missions.models import (
    MultiYearPlan,
    PlanningPeriod,
    PlanVersion,
    ReviewEvent,
    SubmissionStatus,
    YearlyProgress,
)
from networks.models import LegacyOrganisation
from npz_registry.reports import charts
from npz_registry.reports.context import (
    flanders_report,
    flanders_report_context,
    network_report,
    network_report_context,
)
from tests.networks.factories import RECOGNITION_DAY, NetworkFactory, ServiceAreaFactory
from tests.reports.conftest import add_zone
from tests.transition.factories import FundingFactory
from transition.models import Funding

pytestmark = pytest.mark.django_db

#: A day after the plans a test registers today (a report shows a plan from the day it exists).
LATER = datetime.date(2099, 6, 1)


def registered_before(day: datetime.date) -> None:
    """The plans and progress reports of the test registered on ``day`` (they are made today)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    MultiYearPlan.objects.update(created_at=moment)
    YearlyProgress.objects.update(created_at=moment)


def test_network_profile_gathers_identity_zones_predecessors_status_and_matrix(world):
    network = world["networks"][0]

    context = network_report_context(network, day=datetime.date(2027, 6, 1))

    assert context["status"] == "RECOGNISED"
    assert [z["zone"].name for z in context["zones"]] == ["Testzone Noord"]
    assert context["zones"][0]["population"] == 120_000
    assert context["current_population"] == 120_000
    assert [p.name for p in context["predecessors"]] == ["Palliatief Netwerk Noord"]
    assert [t.number for t in context["themes"]] == [1, 2, 3, 4, 5]
    assert len(context["matrix"].rows) == 1 and len(context["matrix"].missing) == 5
    assert context["merger"]["merger"].network == network


def test_without_plans_the_reports_say_there_is_no_plan_yet(world):
    context = network_report_context(world["networks"][0])
    assert context["plan"] is None and context["progress"] is None
    flanders = flanders_report_context(RECOGNITION_DAY)
    assert flanders["plan_total"] == 0
    assert {item["status"] for item in flanders["plan_counts"]} == set(SubmissionStatus.values)
    assert flanders["indicators"]["total"] == 0 and flanders["indicator_chart"] is None


def test_a_network_report_prints_only_what_the_department_approved(world):
    """A plan reopened for a correction printed its draft summary under "approved: yes, version
    1", and a progress report its text before any approval (found by review)."""
    network = world["networks"][0]
    period = PlanningPeriod.objects.create(start_year=2025, end_year=2030, name="2025–2030")
    plan = MultiYearPlan.objects.create(
        network=network, period=period, summary="Tekst in voorbereiding", approved_version=1,
        status=SubmissionStatus.CHANGES_REQUESTED,
    )  # fmt: skip
    PlanVersion.objects.create(plan=plan, number=1, content={"summary": "Goedgekeurde prioriteiten"})
    YearlyProgress.objects.create(plan=plan, year=2025, narrative="Nog niet ingediend.")

    context = network_report_context(network, day=LATER)
    assert context["plan"]["summary"] == "Goedgekeurde prioriteiten"
    assert context["progress"]["summary"] == ""
    html = network_report(network).html()
    assert "Goedgekeurde prioriteiten" in html
    assert "Tekst in voorbereiding" not in html and "Nog niet ingediend." not in html

    plan.approved_version = None
    plan.save()
    assert network_report_context(network, day=LATER)["plan"]["summary"] == ""


def test_the_reports_show_the_current_plan_its_status_and_the_latest_progress(world):
    network_a, network_b = world["networks"]
    first = PlanningPeriod.objects.create(start_year=2025, end_year=2026, name="2025–2026")
    second = PlanningPeriod.objects.create(start_year=2027, end_year=2031, name="2027–2031")
    old = MultiYearPlan.objects.create(
        network=network_a, period=first, status=SubmissionStatus.APPROVED, approved_version=1
    )
    MultiYearPlan.objects.create(network=network_a, period=second, status=SubmissionStatus.SUBMITTED)
    MultiYearPlan.objects.create(network=network_b, period=second)
    YearlyProgress.objects.create(
        plan=old, year=2025, narrative="Alles volgens plan.", status=SubmissionStatus.APPROVED
    )
    registered_before(datetime.date(2025, 1, 1))

    # The plan whose period runs on the report's day is the current one; a newer draft does
    # not hide an approved plan that is running.
    context = network_report_context(network_a, day=datetime.date(2026, 6, 1))
    assert context["plan"]["period"] == "2025–2026" and context["plan"]["status"] == "APPROVED"
    context = network_report_context(network_a, day=datetime.date(2027, 6, 1))
    assert context["plan"]["period"] == "2027–2031" and context["plan"]["status"] == "SUBMITTED"
    assert context["progress"]["year"] == 2025 and context["progress"]["summary"] == "Alles volgens plan."

    flanders = flanders_report_context(RECOGNITION_DAY)
    counts = {item["status"]: item["count"] for item in flanders["plan_counts"]}
    assert counts == {"DRAFT": 1, "SUBMITTED": 1, "IN_REVIEW": 0, "CHANGES_REQUESTED": 0, "APPROVED": 1}
    assert flanders["plan_total"] == 3
    # On 1 January 2027 network A's plan in force is the submitted 2027–2031 one: none approved.
    assert [row["approved_plans"] for row in flanders["zones"]] == [0, 0]


def test_an_approved_plan_whose_period_has_ended_is_not_counted_as_running(world):
    """The Flanders report counts per zone the networks with an approved plan that runs on the
    report's day: a plan for 2025–2026 no longer does on 1 January 2027."""
    network_a, _network_b = world["networks"]
    ended = PlanningPeriod.objects.create(start_year=2025, end_year=2026, name="2025–2026")
    MultiYearPlan.objects.create(
        network=network_a, period=ended, status=SubmissionStatus.APPROVED, approved_version=1
    )

    def counted():
        return [row["approved_plans"] for row in flanders_report_context(RECOGNITION_DAY)["zones"]]

    assert counted() == [0, 0]
    running = PlanningPeriod.objects.create(start_year=2027, end_year=2031, name="2027–2031")
    MultiYearPlan.objects.create(
        network=network_a, period=running, status=SubmissionStatus.APPROVED, approved_version=1
    )
    assert counted() == [1, 0]


def test_a_plan_counts_as_approved_from_the_day_of_its_approval_and_stays_so_when_reopened(world):
    """The zones' "approved plan in force" on a past day: counted from the day the department
    approved it (its timeline), not from today's approval; a plan reopened since keeps it."""
    network_a, _network_b = world["networks"]
    running = PlanningPeriod.objects.create(start_year=2027, end_year=2031, name="2027–2031")
    plan = MultiYearPlan.objects.create(
        network=network_a, period=running, status=SubmissionStatus.CHANGES_REQUESTED, approved_version=1
    )
    steps = [
        (datetime.date(2026, 12, 1), "", SubmissionStatus.SUBMITTED),
        (datetime.date(2027, 3, 1), SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED),
        (datetime.date(2027, 5, 1), SubmissionStatus.APPROVED, SubmissionStatus.CHANGES_REQUESTED),
    ]
    registered_before(datetime.date(2026, 11, 1))
    for day, before, after in steps:
        event = ReviewEvent.objects.create(plan=plan, from_status=before, to_status=after, version_number=1)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        ReviewEvent.objects.filter(pk=event.pk).update(at=moment)

    def counted(day):
        return [row["approved_plans"] for row in flanders_report_context(day)["zones"]]

    assert counted(datetime.date(2027, 2, 28)) == [0, 0]
    assert counted(datetime.date(2027, 3, 1)) == [1, 0]
    assert counted(datetime.date(2027, 6, 1)) == [1, 0]


def test_an_incomplete_or_unrecognised_network_profile_is_a_concept(world):
    context = network_report_context(world["networks"][1], day=datetime.date(2027, 6, 1))
    assert context["is_concept"]
    assert len(context["concept_reasons"]) >= 2  # not recognised, matrix incomplete


def test_flanders_report_on_a_future_day_is_a_concept_and_counts_coverage(world):
    context = flanders_report_context(RECOGNITION_DAY)
    assert context["is_concept"]
    assert len(context["coverage"].covered_zones) == 2
    assert context["network_count"] == 2
    assert context["recognised_count"] == 1
    rows = context["zones"]
    assert [row["zone"].name for row in rows] == ["Testzone Noord", "Testzone Zuid"]
    assert [row["names"]["shown"] for row in rows] == [["Testnetwerk A"], ["Testnetwerk B"]]
    assert [(row["network_count"], row["recognised"]) for row in rows] == [(1, 1), (1, 0)]
    # Served is not recognised: zone Zuid's network is a candidate (found by review).
    assert (context["recognised_zone_count"], context["recognised_population"]) == (1, 120_000)
    html = " ".join(flanders_report(RECOGNITION_DAY).html().split())
    assert "1 door een erkend netwerk" in html and "120.000 door een erkend netwerk" in html


def test_the_flanders_report_counts_the_networks_serving_on_its_day_as_the_api_does(world, anonymous_client):
    """A network registered to start serving later is not one of the day's networks yet: the
    report's figure, its status table and the API's list on that day agree."""
    later = NetworkFactory(code="later", name="Later netwerk")
    ServiceAreaFactory(network=later, zone=add_zone("testzone-c", "Testzone Oost", 50_000)[0],
                       valid_from=datetime.date(2027, 7, 1))  # fmt: skip
    for day, expected in (
        (RECOGNITION_DAY, 2),
        (datetime.date(2027, 7, 1), 3),
        (datetime.date(2020, 1, 1), 0),
    ):
        context = flanders_report_context(day)
        api = anonymous_client.get("/api/v1/networks/", {"as_of": day.isoformat()}).json()
        assert context["network_count"] == api["count"] == expected
        assert sum(row["count"] for row in context["network_status_counts"]) == expected


def test_flanders_html_names_every_network_zone_and_theme(world):
    with translation.override("nl-be"):
        html = flanders_report(RECOGNITION_DAY).html()
    for name in ["Testnetwerk A", "Testnetwerk B", "Testzone Noord", "Testzone Zuid"]:
        assert name in html
    for theme in world["themes"]:
        assert theme.name in html
    assert '<html lang="nl-BE">' in html
    assert "<script" not in html.split("<body", 1)[1]  # pygal's script is removed from the charts
    charts = re.findall(r'<svg[^>]*class="pygal-chart".*?</svg>', html, flags=re.S)
    assert charts and not any("<desc" in chart for chart in charts)  # nor the tooltips' values


def test_text_from_the_database_is_escaped_in_the_html(world):
    network = world["networks"][0]
    network.name = '<img src="file:///etc/passwd">Netwerk'
    network.save()
    html = network_report(network).html()
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;Netwerk" in html


def _flanders_queries():
    cache.clear()  # count the queries of a report whose figures are not cached yet
    with CaptureQueriesContext(connection) as queries:
        flanders_report(RECOGNITION_DAY).html()
    return len(queries)


def test_flanders_report_queries_do_not_grow_with_the_number_of_networks(world):
    few = _flanders_queries()
    for n in range(4):
        zone, _seat = add_zone(f"extra-{n}", f"Extra zone {n}", 10_000)
        ServiceAreaFactory(network=NetworkFactory(code=f"extra-{n}"), zone=zone, valid_from=RECOGNITION_DAY)
    assert _flanders_queries() == few


def test_page_label_splits_page_x_of_y_around_the_numbers(world):
    with translation.override("en"):
        context = flanders_report_context(RECOGNITION_DAY)
    assert context["page_label"] == ("Page", "of", "")


def test_nice_ticks_are_round_and_cover_the_maximum():
    assert charts.nice_ticks(8_811_400) == [0, 2_000_000, 4_000_000, 6_000_000, 8_000_000, 10_000_000]
    assert charts.nice_ticks(0) == [0, 1]


def test_map_labels_get_a_second_pass_without_halo():
    svg = (
        '<svg><g fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">'
        "<text>Kempen</text></g></svg>"
    )
    result = charts.print_ready_map(svg)
    assert result.count("<text>Kempen</text>") == 2
    assert '<g fill="#000" stroke="none" stroke-width="3">' in result


def test_the_data_date_is_the_latest_change_of_a_networks_data_or_of_a_grant(world):
    """Flanders: any network's row or parts (zones, predecessors, intensities, merger, plans,
    progress) or any grant; a network's profile: its own row and parts only."""
    network_a, network_b = world["networks"]
    period = PlanningPeriod.objects.create(start_year=2027, end_year=2031, name="2027–2031")
    progress = YearlyProgress.objects.create(
        plan=MultiYearPlan.objects.create(network=network_b, period=period), year=2027
    )
    grant = FundingFactory(network=network_a)
    start = timezone.now() + datetime.timedelta(days=1)

    def data_dates():
        cache.clear()  # QuerySet.update below does not bump the data version
        return (
            flanders_report_context(RECOGNITION_DAY)["data_updated"],
            network_report_context(network_a)["data_updated"],
            network_report_context(network_b)["data_updated"],
        )

    YearlyProgress.objects.filter(pk=progress.pk).update(updated_at=start)
    flanders, profile_a, profile_b = data_dates()
    assert flanders == profile_b == start and profile_a < start
    Funding.objects.filter(pk=grant.pk).update(updated_at=start + datetime.timedelta(hours=1))
    flanders, profile_a, profile_b = data_dates()
    assert flanders == start + datetime.timedelta(hours=1) and profile_a < start and profile_b == start
    LegacyOrganisation.objects.filter(successor=network_a).update(
        updated_at=start + datetime.timedelta(hours=2)
    )
    assert data_dates() == (start + datetime.timedelta(hours=2), start + datetime.timedelta(hours=2), start)
