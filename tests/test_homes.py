"""The role homes on the demo data: staff see their work queues with the right counts,
coordinators their network's plan, what is missing, what is due and the latest request."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from missions.models import MultiYearPlan, SubmissionStatus
from missions.selectors.homes import staff_queues
from missions.services.workflow import transition_apply

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The reference and demo data, loaded once for the module (about 9 s) and rolled back after
    it; each test's own changes are rolled back as usual."""
    from npz_registry.reference_data import load_reference_data

    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True):
        load_reference_data()
        call_command("load_demo_data", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db, settings):
    settings.DEBUG = True


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _count(html, name):
    match = re.search(rf'data-queue="{name}">(\d+)<', html)
    assert match, name
    return int(match.group(1))


def test_staff_home_shows_the_work_queues_of_the_demo_data(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        html = _client("staff").get("/").content.decode()
    # demo-b's plan is submitted; no progress report waits; demo-antwerpen's 2025 report is
    # approved so nothing is overdue; the coverage problems are those of the recognition day.
    assert (
        _count(html, "plans-awaiting")
        == MultiYearPlan.objects.filter(
            status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW]
        ).count()
        == 1
    )
    assert _count(html, "reports-awaiting") == 0
    assert _count(html, "overdue-reports") == 0
    queues = staff_queues(timezone.localdate())
    assert _count(html, "late-milestones") == queues.late_milestones
    assert _count(html, "coverage-problems") == queues.coverage_problems
    assert "/beoordeling/" in html
    # The count links to the page on the day it counts on (that page defaults to the
    # recognition day): the page says as many as the tile.
    link = re.search(r'href="(/transition/mijlpalen/[^"]*)"', html).group(1)
    page = _client("staff").get(link.replace("&amp;", "&"))
    assert link.endswith(f"?as_of={timezone.localdate().isoformat()}")
    assert page.context["page"].paginator.count == queues.late_milestones


def test_coordinator_home_shows_the_plan_status_and_the_departments_reason(demo):
    client = _client("coordinator.b")
    html = client.get("/").content.decode()
    assert 'data-plan-status="IN_REVIEW"' in html  # the demo's comment started the review
    plan = MultiYearPlan.objects.get(network__code="demo-b")
    staff = get_user_model().objects.get(username="staff")
    transition_apply(
        subject=plan, name="request_changes", by=staff, comment="Maak de streefwaarden concreet."
    )
    html = client.get("/").content.decode()
    assert 'data-plan-status="CHANGES_REQUESTED"' in html
    assert "Maak de streefwaarden concreet." in html
    assert "data-missing" not in html  # the demo plan is complete


def test_coordinator_a_home_offers_a_new_plan(demo):
    html = _client("coordinator.a").get("/").content.decode()
    assert "/plannen/nieuw/" in html
    assert 'data-due="0"' in html


def test_the_staff_queues_are_rendered_once_per_data_version_and_follow_a_change(
    demo, django_assert_max_num_queries, commit_pending
):
    """The queues read every approved plan and the coverage: another staff member's home is
    answered from the fragment kept for this data version; a review decision, once committed
    (the version goes up), shows on the next home at once."""
    commit_pending()  # the demo data, as if committed
    html = _client("staff").get("/").content.decode()
    before = _count(html, "plans-awaiting")
    assert before == 1
    other = _client("staff")
    with django_assert_max_num_queries(5):  # session, user, data version, network roles
        again = other.get("/").content.decode()
    assert _count(again, "plans-awaiting") == before
    plan = MultiYearPlan.objects.get(network__code="demo-b")
    staff = get_user_model().objects.get(username="staff")
    transition_apply(subject=plan, name="approve", by=staff, comment="Goedgekeurd.")
    commit_pending()
    assert _count(_client("staff").get("/").content.decode(), "plans-awaiting") == before - 1


def test_the_demos_refinements_carry_the_suggestion_their_edit_page_shows(demo):
    """The matrix page and the network PDF print a refinement's suggestion as saved; the demo
    saves it as the page's form does (the needs index of the primary care zone)."""
    from missions.models import RegionalIntensity
    from missions.selectors import PRIMARY, needs_overview

    overview = needs_overview(level=PRIMARY)
    refinements = list(RegionalIntensity.objects.filter(primary_care_zone__isnull=False))
    assert refinements and any(r.suggested_level for r in refinements)
    assert [r.suggested_level for r in refinements] == [
        overview.suggested(r.primary_care_zone) for r in refinements
    ]
