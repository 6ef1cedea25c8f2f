"""A plan version that was approved stays approved in its PDF and on the versions page, also once
a later version was approved (found by review: version 2's PDF said "not approved (this
version)" with a CONCEPT mark while its own history listed its approval)."""

import re
from io import BytesIO

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from missions.models import MultiYearPlan, PlanVersion, ReviewEvent, SubmissionStatus
from missions.selectors.versions import plan_version_approvals, version_approvals
from npz_registry.reports.context import REPLACED, SUPERSEDED, plan_report_context
from tests.missions.conftest import advance

pytestmark = pytest.mark.django_db

S = SubmissionStatus


def context_for(plan, number):
    plan = MultiYearPlan.objects.select_related("network", "period").get(pk=plan.pk)
    version = plan.versions.select_related("submitted_by").get(number=number)
    return plan_report_context(plan, version)


def revise(plan, summary):
    """A change to the plan: sent again, it is a new version (unchanged, the same one)."""
    MultiYearPlan.objects.filter(pk=plan.pk).update(summary=summary)


@pytest.fixture
def replaced_plan(make_plan, coordinator_a, staff_user):
    """Version 1 approved, reopened; version 2 sent back; version 3 approved."""
    plan = make_plan(complete=True)
    plan = advance(plan, "submit", by=coordinator_a)
    plan = advance(plan, "approve", by=staff_user)
    plan = advance(plan, "reopen", by=staff_user, comment="Correctie nodig.")
    revise(plan, "Gecorrigeerde prioriteiten")
    plan = advance(plan, "submit", by=coordinator_a)
    plan = advance(plan, "request_changes", by=staff_user, comment="Nog niet goed.")
    revise(plan, "Opnieuw gecorrigeerde prioriteiten")
    plan = advance(plan, "submit", by=coordinator_a)
    plan = advance(plan, "approve", by=staff_user)
    assert plan.approved_version == 3 and plan.versions.count() == 3
    return plan


def approvals_of(plan):
    return list(plan.events.filter(to_status=S.APPROVED).order_by("at", "pk"))


def test_an_approved_version_replaced_by_a_later_approval_stays_approved_and_final(replaced_plan):
    first_approval, second_approval = approvals_of(replaced_plan)
    with translation.override("en"):
        first, second, third = (context_for(replaced_plan, number) for number in (1, 2, 3))
        approved, replaced = (
            date_format(timezone.localtime(event.at), "j F Y") for event in (first_approval, second_approval)
        )

    status = first["plan_status"]
    assert status["is_approved"] and status["approved_at"] == first_approval.at
    assert (status["replaced_by"], status["replaced_at"]) == (3, second_approval.at)
    assert status["status"] == REPLACED
    assert status["label"] == (f"approved on {approved}, replaced by version 3 on {replaced}")
    assert not first["is_concept"] and first["concept_reasons"] == []
    # Version 2 was never approved: superseded, a concept.
    assert second["plan_status"]["status"] == SUPERSEDED and not second["plan_status"]["is_approved"]
    assert second["is_concept"]
    # Version 3 is the approved version in force.
    assert third["plan_status"]["is_approved"] and third["plan_status"]["replaced_by"] is None
    assert third["plan_status"]["approved_at"] == second_approval.at and not third["is_concept"]
    assert third["plan_status"]["label"] == "approved"


def test_the_versions_page_marks_each_approved_version(replaced_plan, staff_client):
    first_approval, second_approval = approvals_of(replaced_plan)

    page = staff_client.get(f"/portaal/plannen/{replaced_plan.pk}/versies/").content.decode()

    assert re.findall(r'data-approved="(\d+)"', page) == ["1", "3"]
    local = timezone.localtime
    assert f"{local(first_approval.at):%d/%m/%Y %H:%M}" in page
    assert f"{local(second_approval.at):%d/%m/%Y %H:%M}" in page


def test_the_page_and_the_pdf_read_the_same_approvals(replaced_plan):
    versions = list(replaced_plan.versions.order_by("number"))
    approvals = plan_version_approvals(replaced_plan, versions)

    assert sorted(approvals) == [1, 3]
    assert approvals[1].replaced_by == 3 and not approvals[1].in_force and approvals[3].in_force
    assert context_for(replaced_plan, 1)["plan_status"]["approved_at"] == approvals[1].approved_at


def test_an_approval_that_names_no_version_approved_the_one_submitted_before_it(replaced_plan):
    ReviewEvent.objects.filter(plan=replaced_plan).update(version_number=None)
    versions = list(replaced_plan.versions.order_by("number"))

    approvals = plan_version_approvals(replaced_plan, versions)

    assert sorted(approvals) == [1, 3] and approvals[1].replaced_by == 3


def test_a_plan_approved_without_a_timeline_has_its_approved_version_in_force(make_plan):
    plan = make_plan(complete=True)
    PlanVersion.objects.create(plan=plan, number=1, content={})
    MultiYearPlan.objects.filter(pk=plan.pk).update(status=S.APPROVED, approved_version=1)
    plan.refresh_from_db()

    approvals = version_approvals(plan, list(plan.versions.all()), [])

    assert list(approvals) == [1] and approvals[1].approved_at is None and approvals[1].in_force
    with translation.override("en"):
        context = context_for(plan, 1)
    assert context["plan_status"]["is_approved"] and not context["is_concept"]


@pytest.mark.pdf
def test_the_pdf_of_a_replaced_version_says_it_was_approved_without_a_concept_mark(
    replaced_plan, staff_client
):
    first_approval, _second = approvals_of(replaced_plan)

    response = staff_client.get(f"/rapporten/plannen/{replaced_plan.pk}/versie-1.pdf?lang=en")

    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "CONCEPT" not in text
    assert "replaced by version 3" in text
    assert "not approved" not in text
    with translation.override("en"):
        approved = date_format(timezone.localtime(first_approval.at), "j F Y, H:i")
    assert approved in text
