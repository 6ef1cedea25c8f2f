"""The portal's edit forms in real Chromium: going back after a save shows an empty form (the
browser restores nothing, so a second save does not make a duplicate); after a refused save
the error summary has the focus; a delete asks first, naming what goes; leaving an edit form, a
review comment or a decision's comment with text not yet saved asks first."""

import datetime

import pytest

from missions.models import PlanAction, PlanGoal, PlanningPeriod, ReviewComment, SubmissionStatus
from tests.browser.audit import session_key
from tests.missions.factories import MultiYearPlanFactory
from tests.networks.factories import (
    CoordinatorFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    StaffFactory,
)


def _kempen_plan(**traits):
    network = NetworkFactory(code="test-kempen", name="Testnetwerk Kempen")
    ServiceAreaFactory(
        network=network,
        zone=RegionalCareZoneFactory(code="kempen", name="Kempen"),
        valid_from=datetime.date(2027, 1, 1),
    )
    period = PlanningPeriod.objects.create(start_year=2027, end_year=2028, name="Meerjarenplan 2027–2028")
    return MultiYearPlanFactory(network=network, period=period, **traits)


@pytest.fixture
def kempen_plan():
    """A complete draft plan of Testnetwerk Kempen."""
    return _kempen_plan(complete=True)


@pytest.fixture
def reviewed_plan(logged_in):
    """Testnetwerk Kempen's plan in review, with a reviewer logged in (in English)."""
    plan = _kempen_plan(in_review=True)
    logged_in(StaffFactory, "staff.forms", "/beoordeling/", "#main", language="en")
    return plan


@pytest.fixture
def plan(logged_in, kempen_plan):
    """The plan, whose coordinator is logged in (in English)."""
    network = kempen_plan.network
    logged_in(CoordinatorFactory, "coord.forms", "/portaal/", "#main", language="en", network=network)
    return kempen_plan


def test_back_after_saving_a_new_action_shows_an_empty_form(live_server, page, plan):
    goal = plan.goals.order_by("pk").first()
    before = goal.actions.count()
    page.goto(f"{live_server.url}/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/nieuw/")
    page.fill("#id_what", "Vormingsavond voor huisartsen")
    page.fill("#id_responsible", "Team Noord")
    page.click("#main form button[type=submit]")
    page.wait_for_url(f"**/portaal/plannen/{plan.pk}/doelen/{goal.pk}/")

    page.go_back()
    page.wait_for_selector("#id_what")
    # Chromium restored what was typed (with a fresh one-time token): Save made a duplicate.
    assert page.input_value("#id_what") == ""
    assert page.input_value("#id_responsible") == ""
    page.click("#main form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert goal.actions.count() == before + 1


def test_after_a_refused_save_the_error_summary_has_the_focus(live_server, page, plan):
    goal = plan.goals.order_by("pk").first()
    page.goto(f"{live_server.url}/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/nieuw/")
    page.fill("#id_responsible", "Team Noord")  # the action itself left empty
    page.click("#main form button[type=submit]")
    page.wait_for_selector("#error-summary")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    # Its link still leads to the field.
    page.click("#error-summary a[href='#id_what']")
    assert page.evaluate("document.activeElement.id") == "id_what"


def test_a_goal_is_deleted_after_a_confirmation_naming_what_goes(live_server, page, plan):
    goal = plan.goals.order_by("pk").first()
    actions, indicators = goal.actions.count(), goal.indicators.count()
    page.goto(f"{live_server.url}/portaal/plannen/{plan.pk}/doelen/{goal.pk}/")
    page.click("text=Delete this goal")
    page.wait_for_selector("#delete-form")
    assert PlanGoal.objects.filter(pk=goal.pk).exists()  # nothing gone yet
    assert goal.title in page.inner_text("h1")
    assert page.locator("#delete-parts li").count() == actions + indicators
    page.click("#delete-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert not PlanGoal.objects.filter(pk=goal.pk).exists()
    assert not PlanAction.objects.filter(goal_id=goal.pk).exists()
    assert f"“{goal.title}” deleted" in page.inner_text(".alert-success")


def test_the_delete_question_is_accessible(audit, kempen_plan):
    coordinator = session_key(CoordinatorFactory(username="coord.audit", network=kempen_plan.network))
    goal = kempen_plan.goals.order_by("pk").first()
    path = f"/portaal/plannen/{kempen_plan.pk}/verwijderen/doel/{goal.pk}/"
    audit.assert_accessible(path, "delete-goal-question", session_key=coordinator)


def test_leaving_a_form_with_unsaved_changes_asks_first_and_saving_does_not(live_server, page, plan, dialogs):
    goal = plan.goals.order_by("pk").first()
    edit = f"{live_server.url}/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    asked = dialogs
    page.goto(edit)
    page.locator("#id_title").press("End")
    page.locator("#id_title").press_sequentially(" extra")
    page.click("text=Back to the plan")
    assert asked == ["beforeunload"]  # the question came and the coordinator stayed
    assert page.url == edit and page.input_value("#id_title") == goal.title + " extra"

    page.locator("#id_title").press("End")
    for _ in " extra":  # the title back as it was: nothing to lose
        page.locator("#id_title").press("Backspace")
    page.click("text=Back to the plan")
    page.wait_for_url(f"**/portaal/plannen/{plan.pk}/#goals")
    assert asked == ["beforeunload"]

    page.goto(edit)
    page.locator("#id_title").press("End")
    page.locator("#id_title").press_sequentially(" bewaard")
    page.click("#main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert asked == ["beforeunload"]  # a save leaves without asking
    goal.refresh_from_db()
    assert goal.title.endswith(" bewaard")


def test_leaving_a_review_comment_not_yet_added_asks_first_and_adding_it_does_not(
    live_server, page, reviewed_plan, dialogs
):
    plan = reviewed_plan
    goal = plan.goals.order_by("pk").first()
    asked = dialogs
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    field = page.locator(f"#comment-goal-{goal.pk}")
    field.press_sequentially("Maak dit doel meetbaar.")
    page.click("text=Timeline")
    assert asked == ["beforeunload"]  # the question came and the reviewer stayed
    assert field.input_value() == "Maak dit doel meetbaar."

    field.fill("")  # nothing typed any more: nothing to lose
    page.click("text=Timeline")
    page.wait_for_url(f"**/portaal/plannen/{plan.pk}/tijdlijn/")
    assert asked == ["beforeunload"]

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.locator(f"#comment-goal-{goal.pk}").press_sequentially("Maak dit doel meetbaar.")
    page.locator(f"form:has(#comment-goal-{goal.pk}) button").click()
    page.wait_for_selector(".alert-success")
    assert asked == ["beforeunload"]  # adding the comment leaves without asking
    assert ReviewComment.objects.filter(goal=goal, text="Maak dit doel meetbaar.").exists()


def test_leaving_a_decision_with_its_comment_typed_asks_first_and_confirming_does_not(
    live_server, page, reviewed_plan, dialogs
):
    plan = reviewed_plan
    asked = dialogs
    page.goto(f"{live_server.url}/portaal/plannen/{plan.pk}/wijzigingen-vragen/")
    page.locator("#id_comment").press_sequentially("Graag concretere streefwaarden.")
    page.click("#confirm-form >> text=Cancel")
    assert asked == ["beforeunload"]
    assert page.input_value("#id_comment") == "Graag concretere streefwaarden."

    page.click("#confirm-button")
    page.wait_for_selector(".alert-success")
    assert asked == ["beforeunload"]  # confirming sends what was typed: no question
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.CHANGES_REQUESTED
