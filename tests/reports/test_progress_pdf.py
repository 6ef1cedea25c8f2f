"""The PDF of a yearly progress report, for policy makers (found by review: the plan had a PDF,
its yearly progress none): what the network reported, rated as on the report's page, with a
CONCEPT mark until the department approved it; for those who may see the report only."""

import datetime
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from missions.models import ActivityCount, PlanIndicator
from npz_registry.reports.progress import progress_report_context
from tests.missions.conftest import advance
from tests.missions.factories import PlanGoalFactory, YearlyProgressFactory
from tests.networks.factories import (
    MunicipalityFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
)

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def pdf_text(content: bytes) -> str:
    return squeeze(" ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages))


@pytest.fixture
def submitted(make_plan, coordinator_a):
    plan = make_plan(approved=True)
    progress = YearlyProgressFactory(plan=plan, filled=True, narrative="Een druk jaar in de Kempen.")
    progress.indicator_values.filter(pk=progress.indicator_values.order_by("pk").first().pk).update(
        actual=Decimal(11), note="Wachtlijst in het voorjaar."
    )
    served = RegionalCareZoneFactory(name="Zone van vandaag")  # the report lists the zones served today
    ServiceAreaFactory(network=plan.network, zone=served, valid_from=datetime.date(2026, 1, 1))
    geel = MunicipalityFactory(name="Geel")
    RegionalCareZoneMembershipFactory(municipality=geel, zone=served)
    ActivityCount.objects.create(network=plan.network, municipality=geel, year=progress.year, count=1042)
    return advance(progress, "submit", by=coordinator_a)


@pytest.mark.pdf
def test_the_pdf_says_what_the_network_reported_with_a_concept_mark_until_approved(
    submitted, coordinator_a_client, staff_user, commit_pending
):
    response = coordinator_a_client.get(f"/rapporten/voortgang/{submitted.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "voortgang-test-a-2027.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for needle in (
        "Jaarlijkse voortgang 2027",
        "Testnetwerk A",
        "CONCEPT",
        "ingediend",
        "Een druk jaar in de Kempen.",
        "Indicator informeren",
        "behaald",
        "streefwaarde niet gehaald",  # 11 against the 2027 target of 12
        "Wachtlijst in het voorjaar.",
        "Actie informeren",
        "op schema",
    ):
        assert squeeze(needle) in text, needle

    approved = advance(submitted, "approve", by=staff_user)
    commit_pending()  # the approval's new data version: the PDF is made again
    text = pdf_text(coordinator_a_client.get(f"/rapporten/voortgang/{approved.pk}.pdf").content)
    assert "CONCEPT" not in text and "goedgekeurd" in text.lower()


def test_the_report_names_the_plan_as_it_was_submitted(submitted, staff_user):
    plan = advance(submitted.plan, "reopen", by=staff_user, comment="Hernoemen.")
    indicator = PlanIndicator.objects.filter(goal__plan=plan).order_by("pk").first()
    old = indicator.name
    PlanIndicator.objects.filter(pk=indicator.pk).update(name="Hernoemde indicator")
    context = progress_report_context(
        type(submitted).objects.select_related("plan__network").get(pk=submitted.pk)
    )
    names = [row["name"] for row in context["indicators"]]
    assert old in names and "Hernoemde indicator" not in names
    assert context["activity_total"] == 1042 and [m.name for m in context["activity_municipalities"]] == [
        "Geel"
    ]
    assert context["is_concept"]


def test_the_report_reads_a_fixed_number_of_queries(submitted):
    draft = YearlyProgressFactory(plan=submitted.plan, filled=True, year=2028)  # lists the plan as it is

    def queries() -> int:
        progress = type(draft).objects.select_related("plan__network", "plan__period").get(pk=draft.pk)
        with CaptureQueriesContext(connection) as counted:
            context = progress_report_context(progress)
        return len(counted.captured_queries), len(context["indicators"])

    before, indicators = queries()
    PlanGoalFactory(plan=submitted.plan)  # one more goal with an action and an indicator
    assert queries() == (before, indicators + 1)


def test_only_those_who_may_see_the_report_get_its_pdf(submitted, coordinator_b_client, client):
    path = f"/rapporten/voortgang/{submitted.pk}.pdf"
    assert coordinator_b_client.get(path).status_code == 404
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/aanmelden/" in anonymous["Location"]


def test_the_report_page_links_to_its_pdf(submitted, coordinator_a_client):
    page = coordinator_a_client.get(submitted.get_absolute_url()).content.decode()
    assert f'href="/rapporten/voortgang/{submitted.pk}.pdf"' in page


def test_the_reports_index_lists_the_submitted_progress_reports_in_scope(
    submitted, network_b, coordinator_a_client, coordinator_b_client, staff_client
):
    draft = YearlyProgressFactory(plan=submitted.plan, year=2028)  # not a report yet
    other = YearlyProgressFactory(plan__network=network_b, submitted=True, filled=True)
    link = f'href="/rapporten/voortgang/{submitted.pk}.pdf"'
    staff_page = staff_client.get("/rapporten/").content.decode()
    assert link in staff_page and f'href="/rapporten/voortgang/{other.pk}.pdf"' in staff_page
    assert f"/rapporten/voortgang/{draft.pk}.pdf" not in staff_page
    assert "Testnetwerk A · 2027" in staff_page  # the name screen readers hear
    assert link in coordinator_a_client.get("/rapporten/").content.decode()
    assert link not in coordinator_b_client.get("/rapporten/").content.decode()
