"""A progress report over several years of one plan (found by review): while staff revise the
plan its reports wait to be submitted and approved; a submitted report keeps naming the
indicators and actions as it reported them; a year without a target of its own is rated against
the next target, a year's own target not reached is missed."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from missions import permissions
from missions.models import IndicatorTarget, PlanAction, PlanIndicator
from missions.models import SubmissionStatus as S
from missions.selectors.plans import indicator_rows, progress_parts
from npz_registry.reports.context import indicator_progress_rows
from tests.missions.conftest import advance
from tests.missions.factories import YearlyProgressFactory

pytestmark = pytest.mark.django_db

WAITS = "Het meerjarenplan wordt herzien"


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def _confirm(client, progress, slug):
    """The step ``slug`` confirmed on its page, as opened now: the answer and the status after."""
    response = client.post(f"/portaal/voortgang/{progress.pk}/{slug}/", {"version": progress.lock_version})
    progress.refresh_from_db()
    return response, progress.status


@pytest.fixture
def reopened(make_plan, staff_user):
    """An approved plan staff reopened for a revision (its approved version stays in force)."""
    plan = make_plan(approved=True)
    return advance(plan, "reopen", by=staff_user, comment="De streefwaarden worden herzien.")


def test_a_report_waits_to_be_submitted_while_its_plan_is_revised(
    reopened, coordinator_a, coordinator_a_client
):
    progress = YearlyProgressFactory(plan=reopened, filled=True)

    answer = permissions.apply_transition(coordinator_a, progress, "submit")
    assert not answer and WAITS in str(answer.reason)
    # It can still be written and saved.
    assert permissions.edit_progress(coordinator_a, progress)

    page = coordinator_a_client.get(progress.get_absolute_url())
    assert WAITS in _text(page)
    soup = BeautifulSoup(page.content, "html.parser")
    assert not soup.select("a[data-transition=indienen]")
    assert soup.select_one("#save-report") and not soup.select_one("#save-and-submit")

    confirm = coordinator_a_client.get(f"/portaal/voortgang/{progress.pk}/indienen/")
    assert confirm.status_code == 200 and WAITS in _text(confirm)
    assert BeautifulSoup(confirm.content, "html.parser").select_one("#confirm-button[disabled]")

    # A page opened before the plan was reopened: the step is refused with the reason.
    sent, status = _confirm(coordinator_a_client, progress, "indienen")
    assert WAITS in _text(sent) and status == S.DRAFT


def test_staff_approve_a_submitted_report_only_once_the_revision_is_approved(
    make_plan, coordinator_a, staff_user, staff_client
):
    plan = make_plan(approved=True)
    progress = advance(YearlyProgressFactory(plan=plan, filled=True), "submit", by=coordinator_a)
    plan = advance(plan, "reopen", by=staff_user, comment="Herzien.")

    refused, status = _confirm(staff_client, progress, "goedkeuren")
    assert WAITS in _text(refused) and status == S.SUBMITTED

    plan = advance(advance(plan, "submit", by=coordinator_a), "approve", by=staff_user)
    assert permissions.apply_transition(staff_user, progress, "approve")
    done, status = _confirm(staff_client, progress, "goedkeuren")
    assert done.status_code == 302 and status == S.APPROVED


def test_a_submitted_report_names_the_indicators_and_actions_as_it_reported_them(
    make_plan, coordinator_a, staff_user, coordinator_a_client
):
    plan = make_plan(approved=True)
    submitted = advance(YearlyProgressFactory(plan=plan, filled=True), "submit", by=coordinator_a)
    draft = YearlyProgressFactory(plan=plan, filled=True, year=2028)
    plan = advance(plan, "reopen", by=staff_user, comment="Hernoem.")
    indicator = PlanIndicator.objects.filter(goal__plan=plan).order_by("pk").first()
    action = PlanAction.objects.filter(goal__plan=plan).order_by("pk").first()
    old_indicator, old_action = indicator.name, action.what
    PlanIndicator.objects.filter(pk=indicator.pk).update(name="Hernoemde indicator", unit="dossiers")
    PlanAction.objects.filter(pk=action.pk).update(what="Hernoemde actie")

    shown = _text(coordinator_a_client.get(submitted.get_absolute_url()))
    assert old_indicator in shown and old_action in shown
    assert "Hernoemde indicator" not in shown and "Hernoemde actie" not in shown and "dossiers" not in shown
    rows = indicator_progress_rows(type(plan).objects.get(pk=plan.pk), submitted)  # the PDF's rows
    assert old_indicator in [row["indicator"] for row in rows]
    assert "Hernoemde indicator" not in [row["indicator"] for row in rows]

    # A report still being written names the plan as it stands.
    shown = _text(coordinator_a_client.get(draft.get_absolute_url()))
    assert "Hernoemde indicator" in shown and "(dossiers)" in shown and "Hernoemde actie" in shown


def _rows(progress):
    parts = progress_parts(progress)
    return indicator_rows(parts.indicators, parts.values, progress)


def test_a_year_without_a_target_of_its_own_is_rated_against_the_next(make_plan, coordinator_a_client):
    """Baseline 10, targets 12 (2027) and 15 (2028). Without the 2027 target, 2027 is rated
    against 15: 13 is past halfway (12.5), on track; 12 is not, behind. With its own target of
    14, 13 misses it."""
    plan = make_plan(approved=True)
    progress = YearlyProgressFactory(plan=plan, filled=True)  # 12 everywhere
    IndicatorTarget.objects.filter(indicator__goal__plan=plan, year=2027).delete()

    rows = _rows(progress)
    assert {(row.target, row.target_year, row.interim, row.status) for row in rows} == {
        (Decimal(15), 2028, True, "BEHIND")
    }
    progress.indicator_values.update(actual=Decimal(13))
    assert {row.status for row in _rows(progress)} == {"ON_TRACK"}
    page = _text(coordinator_a_client.get(progress.get_absolute_url()))
    assert "streefwaarde voor 2028" in page and "op schema" in page.lower()

    for indicator in PlanIndicator.objects.filter(goal__plan=plan):
        IndicatorTarget.objects.create(indicator=indicator, year=2027, value=Decimal(14))
    rows = _rows(progress)
    assert {(row.target, row.interim, row.status) for row in rows} == {(Decimal(14), False, "BEHIND")}
    assert "streefwaarde niet gehaald" in _text(coordinator_a_client.get(progress.get_absolute_url()))


def test_a_submitted_report_keeps_the_year_of_the_target_it_was_rated_against(
    make_plan, coordinator_a, staff_user
):
    plan = make_plan(approved=True)
    IndicatorTarget.objects.filter(indicator__goal__plan=plan, year=2027).delete()
    progress = YearlyProgressFactory(plan=plan, filled=True)
    progress.indicator_values.update(actual=Decimal(13))
    progress = advance(progress, "submit", by=coordinator_a)
    assert {(line.target_then, line.target_year_then) for line in progress.indicator_values.all()} == {
        (Decimal(15), 2028)
    }
    # The plan gains a 2027 target later: the submitted report still says what it said.
    plan = advance(plan, "reopen", by=staff_user, comment="Tussentijdse streefwaarde.")
    for indicator in PlanIndicator.objects.filter(goal__plan=plan):
        IndicatorTarget.objects.create(indicator=indicator, year=2027, value=Decimal(14))
    assert {(row.target, row.interim, row.status) for row in _rows(progress)} == {
        (Decimal(15), True, "ON_TRACK")
    }


def test_a_plan_sent_again_unchanged_is_its_latest_version_not_a_copy(
    make_plan, coordinator_a, staff_user, coordinator_a_client
):
    plan = advance(make_plan(approved=True), "reopen", by=staff_user, comment="Toch niet.")
    assert plan.versions.count() == 1
    page = coordinator_a_client.get(f"/portaal/plannen/{plan.pk}/indienen/")
    assert "Er is niets veranderd sinds versie 1" in _text(page)

    plan = advance(advance(plan, "submit", by=coordinator_a), "approve", by=staff_user)
    assert list(plan.versions.values_list("number", flat=True)) == [1]
    assert plan.approved_version == 1
    assert plan.events.filter(to_status=S.SUBMITTED).latest("at").version_number == 1

    # Changed, it is a new version.
    plan = advance(plan, "reopen", by=staff_user, comment="Herzien.")
    PlanIndicator.objects.filter(goal__plan=plan).update(name="Herziene indicator")
    assert "niets veranderd" not in _text(coordinator_a_client.get(f"/portaal/plannen/{plan.pk}/indienen/"))
    plan = advance(plan, "submit", by=coordinator_a)
    assert list(plan.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
