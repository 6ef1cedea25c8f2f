"""The multi-year plan PDF, one per version, made from the version's frozen snapshot: its status and
CONCEPT mark, who may download it, what pypdf reads in it, and that the plan's own texts are printed
as text without anything being fetched (must-show 4). Also the indicator progress of the Flanders
report, which reads the approved plans and their yearly progress."""

import datetime
import re
import socket
import urllib.request
from collections import Counter
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from pypdf import PdfReader

from missions.models import (
    IndicatorProgress,
    IndicatorTarget,
    MultiYearPlan,
    PartnerType,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanVersion,
    SextupleAim,
    SubmissionStatus,
)
from missions.selectors.plans import indicator_status_tally, plan_detail_queryset, plans_of_networks
from missions.selectors.versions import plan_snapshot
from npz_registry import pdf
from npz_registry.reports.context import (
    flanders_report_context,
    indicator_progress_charts,
    network_report_context,
    plan_report,
    plan_report_context,
)
from tests.missions.conftest import advance
from tests.missions.factories import MultiYearPlanFactory, YearlyProgressFactory
from tests.networks.factories import RECOGNITION_DAY, NetworkFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<img src="file:///etc/passwd"> Zie ook https://example.com/tracker.png en '
    '<link rel="stylesheet" href="http://example.com/evil.css">'
)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def pdf_text(content: bytes) -> str:
    """All text of a PDF without whitespace: table cells and line breaks cannot split a needle."""
    return squeeze(" ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages))


def post_ok(client, path, data=None):
    response = client.post(path, data or {})
    assert response.status_code == 302, response.content.decode()[:500]


def enrich(plan):
    """Sextuple aims and partner types on the first goal and action: the PDF must name them."""
    aim = SextupleAim.objects.create(number=1, code="gezondheid", name="Betere gezondheid", name_en="Health")
    partner = PartnerType.objects.create(code="huisartsen", name="Huisartsen", name_en="GPs")
    goal = plan.goals.get(theme__code="informeren")
    goal.aims.add(aim)
    goal.actions.get().partner_types.add(partner)
    return goal


@pytest.fixture
def submitted_plan(make_plan, coordinator_a):
    """Testnetwerk A's plan 2027–2028, complete, with aims and partners, submitted as version 1."""
    plan = make_plan(complete=True)
    enrich(plan)
    return advance(plan, "submit", by=coordinator_a)


@pytest.fixture
def plan_in_review(submitted_plan, staff_user):
    return advance(submitted_plan, "start_review", by=staff_user)


@pytest.fixture
def approved_plan(submitted_plan, staff_user):
    return advance(submitted_plan, "approve", by=staff_user)


def freeze(plan, number=1):
    """A version of ``plan`` as a submission makes it (without the workflow around it)."""
    return PlanVersion.objects.create(
        plan=plan, number=number, content=plan_snapshot(plan_detail_queryset().get(pk=plan.pk))
    )


def context_for(plan, number):
    """As the views pass them: the plan with network and period, the version with its submitter."""
    plan = MultiYearPlan.objects.select_related("network", "period").get(pk=plan.pk)
    version = plan.versions.select_related("submitted_by").get(number=number)
    return plan_report_context(plan, version)


# --------------------------------------------------------------------------------------------
# Context: status, CONCEPT, snapshot, queries
# --------------------------------------------------------------------------------------------


def test_a_plan_in_review_is_a_concept_that_names_its_version_status_and_hash(plan_in_review):
    with translation.override("en"):
        context = context_for(plan_in_review, 1)

    version = plan_in_review.versions.get()
    assert context["is_concept"]
    assert context["concept_reasons"] == ["The plan is in review at the department."]
    assert context["plan_status"]["label"] == "in review"
    assert context["plan_status"]["is_latest"] and not context["plan_status"]["is_approved"]
    assert context["version"].content_hash == version.content_hash and len(version.content_hash) == 64
    assert context["subtitle"] == "Testnetwerk A · version 1"
    assert [event.to_status for event in context["plan_status"]["history"]] == ["SUBMITTED", "IN_REVIEW"]
    assert [group["number"] for group in context["theme_groups"]] == [1, 2, 3, 4, 5]
    assert context["years"] == [2027, 2028]


def test_the_approved_latest_version_is_final_with_its_approval_date(approved_plan):
    context = context_for(approved_plan, 1)

    approval = approved_plan.events.get(to_status=SubmissionStatus.APPROVED)
    assert not context["is_concept"] and context["concept_reasons"] == []
    assert context["plan_status"]["is_approved"]
    assert context["plan_status"]["approved_at"] == approval.at


def test_the_context_labels_the_snapshots_codes_goal_by_goal(approved_plan):
    with translation.override("nl-be"):
        context = context_for(approved_plan, 1)

    goal = context["goals"][0]
    assert goal["theme_label"] == "Informeren en noden detecteren" and goal["title"] == "Doel informeren"
    assert [aim.label for aim in goal["aims"]] == ["Betere gezondheid"] and goal["aim_numbers"] == {1}
    assert goal["zones"] == ["Kempen"]
    assert goal["actions"][0]["partners"] == ["Huisartsen"]
    assert goal["actions"][0]["responsible"] == "Team"
    indicator = goal["indicators"][0]
    assert (indicator["name"], indicator["baseline"], indicator["baseline_year"]) == (
        "Indicator informeren",
        "10",
        2025,
    )
    assert indicator["targets"] == ["12", "15"]  # 2027, 2028
    assert indicator["direction"] == "hoger is beter"


def test_an_older_version_keeps_its_content_and_is_superseded(
    approved_plan, coordinator_a_client, staff_client
):
    post_ok(staff_client, f"/portaal/plannen/{approved_plan.pk}/heropenen/", {"comment": "Correctie nodig."})
    PlanGoal.objects.filter(plan=approved_plan, theme__code="informeren").update(
        title="Doel informeren, herzien"
    )
    post_ok(coordinator_a_client, f"/portaal/plannen/{approved_plan.pk}/indienen/")

    with translation.override("en"):
        first, second = context_for(approved_plan, 1), context_for(approved_plan, 2)

    assert first["goals"][0]["title"] == "Doel informeren"  # the frozen snapshot, not today's plan
    assert second["goals"][0]["title"] == "Doel informeren, herzien"
    # v1 was approved: it stays in force, and final, until the department approves v2.
    assert not first["is_concept"] and first["plan_status"]["is_approved"]
    assert (
        first["plan_status"]["label"] == "approved, in force while the plan is being changed (now: submitted)"
    )
    assert first["plan_status"]["superseded_by"] == 2 and not first["plan_status"]["is_latest"]
    # v1's history: submitted, in review, approved, reopened; v2's starts at its own submission.
    assert [e.to_status for e in first["plan_status"]["history"]] == [
        "SUBMITTED",
        "IN_REVIEW",
        "APPROVED",
        "CHANGES_REQUESTED",
    ]
    assert [e.to_status for e in second["plan_status"]["history"]] == ["SUBMITTED"]
    assert second["is_concept"] and second["plan_status"]["label"] == "submitted"


def _plan_context_queries(plan):
    plan = MultiYearPlan.objects.select_related("network", "period").get(pk=plan.pk)
    version = plan.versions.select_related("submitted_by").order_by("-number").first()
    with CaptureQueriesContext(connection) as queries:
        plan_report(plan, version).html()
    return len(queries)


def test_the_plan_report_needs_three_queries_however_large_the_plan(approved_plan):
    small = _plan_context_queries(approved_plan)
    # versions, events, and the labels of themes, aims, zones, partner types, partner
    # organisations and complexity levels in one
    assert small == 3

    # A larger plan: three goals per theme, three actions and three indicators per goal.
    big = MultiYearPlanFactory(network=approved_plan.network, period__start_year=2029, period__end_year=2034)
    for source in approved_plan.goals.all():
        for n in range(3):
            goal = PlanGoal.objects.create(plan=big, theme=source.theme, title=f"{source.title} {n}")
            goal.target_zones.set(source.target_zones.all())
            goal.aims.set(source.aims.all())
            for m in range(3):
                PlanAction.objects.create(goal=goal, what=f"Actie {m}", responsible="Team")
                indicator = PlanIndicator.objects.create(goal=goal, name=f"Indicator {m}", unit="aantal")
                IndicatorTarget.objects.create(indicator=indicator, year=2030, value=Decimal("1250.5"))
    freeze(big)
    assert _plan_context_queries(big) == small


# --------------------------------------------------------------------------------------------
# The PDF itself (pypdf)
# --------------------------------------------------------------------------------------------


@pytest.mark.pdf
def test_the_pdf_of_a_plan_in_review_carries_the_concept_mark_and_its_version(
    plan_in_review, coordinator_a_client
):
    response = coordinator_a_client.get(f"/rapporten/plannen/{plan_in_review.pk}/versie-1.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan-test-a-2027-2028-v1.pdf"'
    text = pdf_text(response.content)
    assert "CONCEPT" in text
    assert "versie1" in text.lower() or "version1" in text.lower()
    assert plan_in_review.versions.get().content_hash in text
    for needle in ["Testnetwerk A", "Doel informeren", "Actie informeren", "Indicator informeren", "Kempen"]:
        assert squeeze(needle) in text
    assert squeeze("Betere gezondheid") in text and "Huisartsen" in text  # sextuple aim, partner
    assert squeeze("Informeren en noden detecteren") in text  # the Dutch theme label


@pytest.mark.pdf
def test_the_pdf_of_the_approved_plan_carries_no_concept_mark(approved_plan, staff_client):
    response = staff_client.get(f"/rapporten/plannen/{approved_plan.pk}.pdf")  # the latest version

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan-test-a-2027-2028-v1.pdf"'
    text = pdf_text(response.content)
    assert "CONCEPT" not in text
    assert "versie1" in text.lower() or "version1" in text.lower()
    assert approved_plan.versions.get().content_hash in text
    approval = approved_plan.events.get(to_status=SubmissionStatus.APPROVED)
    with translation.override("nl-be"):
        assert squeeze(date_format(localtime(approval.at), "j F Y, H:i")) in text


@pytest.mark.pdf
def test_render_report_plan_writes_the_latest_or_the_asked_version(approved_plan, tmp_path, capsys):
    target = tmp_path / "plan.pdf"
    call_command("render_report", "plan", str(approved_plan.pk), "--version", "1", "-o", str(target))
    assert target.read_bytes().startswith(b"%PDF-")
    assert "CONCEPT" not in capsys.readouterr().out

    call_command("render_report", "plan", str(approved_plan.pk), "-o", str(target))
    assert approved_plan.versions.get().content_hash in pdf_text(target.read_bytes())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["plan"], "Give the plan's id"),
        (["plan", "999999"], "No multi-year plan with id"),
        (["network", "test-a", "--version", "1"], "--version is for plans only"),
    ],
)
def test_render_report_plan_refuses_what_it_cannot_render(db, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_report", *arguments)


def test_render_report_plan_refuses_an_unknown_or_missing_version(submitted_plan, coordinator_a_client):
    with pytest.raises(CommandError, match="has no version 7"):
        call_command("render_report", "plan", str(submitted_plan.pk), "--version", "7")
    draft = MultiYearPlanFactory(network=submitted_plan.network, period__start_year=2029)
    with pytest.raises(CommandError, match="has not been submitted yet"):
        call_command("render_report", "plan", str(draft.pk))


# --------------------------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------------------------


def test_another_networks_coordinator_and_outsiders_get_404(
    submitted_plan, coordinator_b_client, outsider_client
):
    for client in (coordinator_b_client, outsider_client):
        for path in [
            f"/rapporten/plannen/{submitted_plan.pk}/versie-1.pdf",
            f"/rapporten/plannen/{submitted_plan.pk}.pdf",
            f"/rapporten/plannen/{submitted_plan.pk}/versie-1/",
        ]:
            assert client.get(path).status_code == 404, path


def test_anonymous_visitors_go_to_the_login_page(submitted_plan, anonymous_client):
    for path in [
        f"/rapporten/plannen/{submitted_plan.pk}/versie-1.pdf",
        f"/rapporten/plannen/{submitted_plan.pk}.pdf",
    ]:
        response = anonymous_client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")


def test_an_unknown_version_or_a_plan_never_submitted_is_a_404(submitted_plan, coordinator_a_client):
    assert coordinator_a_client.get(f"/rapporten/plannen/{submitted_plan.pk}/versie-2.pdf").status_code == 404
    assert coordinator_a_client.get(f"/rapporten/plannen/{submitted_plan.pk}/versie-2/").status_code == 404
    assert coordinator_a_client.get("/rapporten/plannen/999999.pdf").status_code == 404
    draft = MultiYearPlanFactory(network=submitted_plan.network, period__start_year=2029)
    assert coordinator_a_client.get(f"/rapporten/plannen/{draft.pk}.pdf").status_code == 404


def test_the_preview_and_the_index_offer_the_plan_to_its_own_coordinator_only(
    submitted_plan, coordinator_a_client, coordinator_b_client
):
    page = coordinator_a_client.get(f"/rapporten/plannen/{submitted_plan.pk}/versie-1/").content.decode()
    assert "Doel informeren" in page
    assert f'href="/rapporten/plannen/{submitted_plan.pk}/versie-1.pdf"' in page

    assert (
        f"/rapporten/plannen/{submitted_plan.pk}/versie-1.pdf"
        in coordinator_a_client.get("/rapporten/").content.decode()
    )
    assert "/rapporten/plannen/" not in coordinator_b_client.get("/rapporten/").content.decode()


# --------------------------------------------------------------------------------------------
# Must-show 4: the plan's texts are printed as text and nothing is fetched
# --------------------------------------------------------------------------------------------


@pytest.fixture
def fetch_spy(monkeypatch):
    """Every fetcher the PDF views make, and every attempt to reach a file or host otherwise."""
    from weasyprint.urls import URLFetcher

    made, calls = [], []
    real = pdf.static_only_url_fetcher

    def recording_fetcher(base_url):
        fetcher = real(base_url)
        made.append(fetcher)
        return fetcher

    def refuse(name):
        def spy(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} must not be called")

        return spy

    monkeypatch.setattr(pdf, "static_only_url_fetcher", recording_fetcher)
    monkeypatch.setattr(URLFetcher, "fetch", refuse("URLFetcher.fetch"))
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse("OpenerDirector.open"))
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    return {"fetchers": made, "calls": calls}


@pytest.fixture
def hostile_plan(make_plan, coordinator_a):
    plan = make_plan(complete=True)
    PlanGoal.objects.filter(plan=plan, theme__code="informeren").update(description=HOSTILE)
    PlanAction.objects.filter(goal__plan=plan, goal__theme__code="kwaliteit").update(
        what='<iframe src="http://example.com/"></iframe>'
    )
    return advance(plan, "submit", by=coordinator_a)


def test_the_plans_markup_is_escaped_in_the_html(hostile_plan, coordinator_a_client):
    page = coordinator_a_client.get(f"/rapporten/plannen/{hostile_plan.pk}/versie-1/").content.decode()
    assert '<img src="file:///etc/passwd">' not in page and "<iframe" not in page
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page
    assert "&lt;link rel=&quot;stylesheet&quot; href=&quot;http://example.com/evil.css&quot;&gt;" in page
    assert '<a href="https://example.com' not in page  # no link is made of a URL in the text


@pytest.mark.pdf
def test_a_plan_text_with_an_image_of_a_local_file_or_an_external_url_renders_without_fetching_anything(
    hostile_plan, coordinator_a_client, fetch_spy
):
    response = coordinator_a_client.get(f"/rapporten/plannen/{hostile_plan.pk}/versie-1.pdf")

    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert fetch_spy["calls"] == []  # no file read, no connection opened
    [fetcher] = fetch_spy["fetchers"]
    assert fetcher.requested == ["http://testserver/static/pdf/report.css"]  # our stylesheet, nothing else
    assert fetcher.refused == []  # nothing even asked for: the markup is text
    text = pdf_text(response.content)
    assert squeeze('<img src="file:///etc/passwd">') in text
    assert "https://example.com/tracker.png" in text
    assert squeeze('<iframe src="http://example.com/"></iframe>') in text


# --------------------------------------------------------------------------------------------
# The network profile and the Flanders report: plan version and indicator progress
# --------------------------------------------------------------------------------------------


def test_the_network_profile_shows_the_plans_version_and_whether_it_is_approved(approved_plan):
    context = network_report_context(approved_plan.network)
    assert context["plan"]["version"] == 1 and context["plan"]["approved_version"] == 1


def report_progress(plan, year, actuals, status=SubmissionStatus.APPROVED):
    """A yearly progress report with the given actual value per indicator (None: no value)."""
    progress = YearlyProgressFactory(plan=plan, year=year, status=status)
    indicators = PlanIndicator.objects.filter(goal__plan=plan).order_by("goal__theme__number", "pk")
    for indicator, actual in zip(indicators, actuals, strict=False):
        IndicatorProgress.objects.create(progress=progress, indicator=indicator, actual=actual)
    return progress


def test_indicator_progress_counts_each_status_in_the_latest_reported_year(approved_plan, network_b):
    # Baseline 10, target 12 in 2027, higher is better: 12 is achieved; 11 and 10 miss the year's
    # own target (halfway counts as on track only in a year without a target of its own); two
    # indicators have a line without a value. The draft report on 2028 is not reported yet.
    report_progress(approved_plan, 2027, [Decimal(12), Decimal(11), Decimal(10), None, None])
    report_progress(approved_plan, 2028, [Decimal(15)], status=SubmissionStatus.DRAFT)

    with translation.override("en"):
        [chart] = indicator_progress_charts([approved_plan.network, network_b])

    assert chart["network"] == approved_plan.network and chart["year"] == 2027
    assert {item["status"]: item["count"] for item in chart["counts"]} == {
        "ACHIEVED": 1,
        "ON_TRACK": 0,
        "BEHIND": 2,
        "UNKNOWN": 2,
    }
    assert [row["status"] for row in chart["rows"]] == [
        "ACHIEVED",
        "BEHIND",
        "BEHIND",
        "UNKNOWN",
        "UNKNOWN",
    ]
    assert chart["svg"].startswith("<svg") and "<script" not in chart["svg"]
    assert "Testnetwerk A: indicators in 2027" in chart["svg"]  # its title, the alternative text


def test_plans_not_approved_or_without_a_report_get_no_chart(submitted_plan):
    report_progress(submitted_plan, 2027, [Decimal(12)])
    assert indicator_progress_charts([submitted_plan.network]) == []
    assert flanders_report_context(RECOGNITION_DAY)["indicators"]["total"] == 0


def _chart_queries(networks):
    with CaptureQueriesContext(connection) as queries:
        indicator_progress_charts(networks)
    return len(queries)


def test_indicator_progress_queries_do_not_grow_with_networks_plans_or_indicators(approved_plan):
    report_progress(approved_plan, 2027, [Decimal(12)])
    few = _chart_queries([approved_plan.network])

    networks = [approved_plan.network]
    for n in range(3):
        network = NetworkFactory(code=f"extra-{n}")
        plan = MultiYearPlanFactory(network=network, period=approved_plan.period)
        for source in approved_plan.goals.all():
            goal = PlanGoal.objects.create(plan=plan, theme=source.theme, title=source.title)
            for m in range(2):
                indicator = PlanIndicator.objects.create(
                    goal=goal, name=f"I{m}", baseline_value=1, baseline_year=2025
                )
                IndicatorTarget.objects.create(indicator=indicator, year=2027, value=5)
        freeze(plan)
        MultiYearPlan.objects.filter(pk=plan.pk).update(status=SubmissionStatus.APPROVED, approved_version=1)
        report_progress(plan, 2027, [Decimal(5), None, Decimal(2)])
        networks.append(network)

    assert len(indicator_progress_charts(networks)) == 4
    assert _chart_queries(networks) == few

    # The Flanders report's tally per theme counts the same statuses in two queries.
    with CaptureQueriesContext(connection) as queries:
        counted, tally = indicator_status_tally(
            plans_of_networks(networks, datetime.date(2027, 6, 1)).latest_reported
        )
    assert len(queries) == 2 and counted == 4
    expected = {}
    for chart in indicator_progress_charts(networks):
        for row in chart["rows"]:
            expected.setdefault(row["theme_number"], Counter())[row["status"]] += 1
    assert tally == expected


def test_a_reopened_plan_keeps_its_approved_version_in_force_in_every_report(approved_plan, staff_client):
    """Reopening asks for a new version; until the department approves it, the approved one is
    the plan in force: its PDF stays final, the profile says it is approved, the Flanders report
    counts it and its approved progress stays in the tally."""
    report_progress(approved_plan, 2027, [Decimal(12)])
    flanders_before = flanders_report_context(datetime.date(2027, 6, 1))
    post_ok(staff_client, f"/portaal/plannen/{approved_plan.pk}/heropenen/", {"comment": "Correctie nodig."})
    approved_plan.refresh_from_db()
    assert approved_plan.status == SubmissionStatus.CHANGES_REQUESTED and approved_plan.approved_version == 1
    page = staff_client.get(approved_plan.get_absolute_url()).content.decode()
    assert "Versie 1 is goedgekeurd en blijft van kracht" in page

    with translation.override("nl-be"):
        version = context_for(approved_plan, 1)
        profile = network_report_context(approved_plan.network, day=datetime.date(2027, 6, 1))
        flanders = flanders_report_context(datetime.date(2027, 6, 1))
    assert not version["is_concept"] and version["plan_status"]["is_approved"]
    assert version["plan_status"]["approved_at"] is not None
    assert profile["plan"]["approved_version"] == 1 and profile["plan"]["status"] == "CHANGES_REQUESTED"
    assert [row["approved_plans"] for row in flanders["zones"]] == [
        row["approved_plans"] for row in flanders_before["zones"]
    ]
    assert sum(row["approved_plans"] for row in flanders["zones"]) >= 1
    assert flanders["indicators"]["networks"] == flanders_before["indicators"]["networks"] == 1


@pytest.mark.pdf
def test_a_long_goal_description_does_not_leave_its_theme_heading_alone_on_a_page(
    make_plan, coordinator_a, coordinator_a_client
):
    """A goal and its description were kept on one page: with a description of the field's
    length the theme's heading stood alone on the page before (found by review). The heading
    now shares a page with the goal's title and the start of its description."""
    plan = make_plan(complete=True)
    words = "de regio vraagt een sterkere rol van de huisartsen in de vroegtijdige zorgplanning "
    plan.goals.filter(theme__code="informeren").update(description=(words * 60)[:5000])
    plan = advance(plan, "submit", by=coordinator_a)
    response = coordinator_a_client.get(f"/rapporten/plannen/{plan.pk}/versie-1.pdf")
    pages = [squeeze(page.extract_text()) for page in PdfReader(BytesIO(response.content)).pages]
    chapter = squeeze("1. Informeren en noden detecteren Doel 1 Doel informeren de regio vraagt")
    assert any(
        chapter.lower() in text.lower() for text in pages
    )  # the theme's heading, the goal, its description
