"""No admin screen changes the workflow of a plan or a progress report (issue 9, must-show 1): as
staff, neither the change form nor a history revert puts an approved plan or report back to an
earlier status, resets its lock version or gives the coordinators their edit rights back; no
event is written. The back office shows them and their parts read-only, with their history."""

import pytest
from django.urls import reverse

from missions import permissions
from missions.models import ReviewEvent, SubmissionStatus
from missions.services.demo_data import record_history
from tests.admin_helpers import change_form_data
from tests.missions.factories import PATHS, MultiYearPlanFactory, YearlyProgressFactory

pytestmark = pytest.mark.django_db

S = SubmissionStatus


def approved_plan(network):
    """A plan whose history holds a draft version, then approved through the workflow's steps."""
    plan = MultiYearPlanFactory(network=network)
    record_history(plan, PATHS[S.APPROVED], coordinator=None, reviewer=None)
    return plan


def approved_report(network):
    report = YearlyProgressFactory(plan=MultiYearPlanFactory(network=network, approved=True))
    record_history(report, PATHS[S.APPROVED], coordinator=None, reviewer=None)
    return report


@pytest.fixture(params=[approved_plan, approved_report], ids=["plan", "progress report"])
def document(request, network_a, coordinator_a):
    document = request.param(network_a)
    document.refresh_from_db()
    assert document.status == S.APPROVED
    return document


def admin_url(obj, view, *args):
    return reverse(f"admin:missions_{obj._meta.model_name}_{view}", args=[obj.pk, *args])


def the_workflow_is_untouched(document, coordinator, *, events: int):
    document.refresh_from_db()
    assert document.status == S.APPROVED
    assert document.lock_version == 1
    check = (
        permissions.edit_plan if document._meta.model_name == "multiyearplan" else permissions.edit_progress
    )
    assert not check(coordinator, document).allowed
    assert ReviewEvent.objects.count() == events


def test_the_change_form_shows_the_document_read_only_and_refuses_a_post(
    document, staff_client, coordinator_a
):
    events = ReviewEvent.objects.count()
    form_page = staff_client.get(admin_url(document, "change"))
    assert form_page.status_code == 200
    assert "status" not in form_page.context["adminform"].form.fields
    response = staff_client.post(admin_url(document, "change"), {"status": S.DRAFT, "lock_version": 7})
    assert response.status_code == 403
    the_workflow_is_untouched(document, coordinator_a, events=events)


def test_a_history_revert_to_the_draft_is_refused(document, staff_client, coordinator_a):
    events = ReviewEvent.objects.count()
    draft = document.history.filter(status=S.DRAFT).earliest("history_date")
    url = admin_url(document, "simple_history", draft.history_id)
    form_page = staff_client.get(url)
    assert form_page.status_code == 200  # staff still see the old version
    assert form_page.context["revert_disabled"]
    response = staff_client.post(url, change_form_data(form_page, status=S.DRAFT, lock_version=1))
    assert response.status_code == 403
    assert "Terugzetten naar een eerdere versie" in response.content.decode()
    the_workflow_is_untouched(document, coordinator_a, events=events)


def test_the_history_of_a_progress_report_lists_its_steps_in_dutch(staff_client, network_a):
    report = approved_report(network_a)
    text = staff_client.get(admin_url(report, "history")).content.decode()
    assert f"<h1>Geschiedenis van {report}</h1>" in text
    assert "<strong>Status:</strong> ontwerp &rarr; goedgekeurd" in text


@pytest.mark.parametrize("model", ["plangoal", "planaction", "planindicator", "indicatortarget"])
def test_the_parts_of_a_plan_are_shown_but_never_changed_in_the_admin(staff_client, network_a, model):
    plan = MultiYearPlanFactory(network=network_a, approved=True)
    part = {
        "plangoal": lambda: plan.goals.first(),
        "planaction": lambda: plan.goals.first().actions.first(),
        "planindicator": lambda: plan.goals.first().indicators.first(),
        "indicatortarget": lambda: plan.goals.first().indicators.first().targets.first(),
    }[model]()
    page = staff_client.get(admin_url(part, "change"))
    assert page.status_code == 200
    assert "lock_version" not in page.content.decode()  # the portal's edit counter tells a reader nothing
    assert staff_client.post(admin_url(part, "change"), {}).status_code == 403
    assert staff_client.post(admin_url(part, "delete"), {"post": "yes"}).status_code == 403
    version = part.history.earliest("history_date")
    assert staff_client.post(admin_url(part, "simple_history", version.history_id), {}).status_code == 403
    assert type(part).objects.filter(pk=part.pk).exists()


def test_the_plan_admin_links_to_the_history_of_its_content(staff_client, network_a):
    plan = MultiYearPlanFactory(network=network_a)
    html = staff_client.get(admin_url(plan, "change")).content.decode()
    assert reverse("missions:plan-history", args=[plan.pk]) in html


def test_the_plan_list_links_each_plan_to_the_pdf_of_its_latest_version(
    staff_client, network_a, network_b, django_assert_max_num_queries
):
    """The list reads the latest version's number, not the versions' snapshots."""
    twice = MultiYearPlanFactory(network=network_a, approved=True)
    twice.versions.create(number=twice.versions.count() + 1, content={"goals": []}, content_hash="0" * 64)
    latest = twice.versions.order_by("-number").first().number
    never = MultiYearPlanFactory(network=network_b)
    with django_assert_max_num_queries(12):
        html = staff_client.get(reverse("admin:missions_multiyearplan_changelist")).content.decode()
    assert f'href="{reverse("reports:plan-pdf", args=[twice.pk, latest])}">PDF v{latest}</a>' in html
    assert reverse("reports:plan-pdf", args=[never.pk, 1]) not in html
