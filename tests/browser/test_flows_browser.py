"""The users' flows in real Chromium, each page they reach checked with axe-core (WCAG 2.1 A/AA)
in Dutch and English at 390 and 1280 px, with a screenshot in var/screenshots/: logging in
with the redirect note; a coordinator drafting and submitting a plan with the keyboard; staff
asking for changes with a reason; the coordinator reading it; a progress report filled and
submitted with its values kept; staff approving; the Flanders PDF link; the public search."""

import datetime

import pytest

from missions.models import MultiYearPlan, PlanningPeriod, SubmissionStatus, YearlyProgress
from tests.browser.audit import session_key
from tests.missions.factories import MultiYearPlanFactory, YearlyProgressFactory, make_themes
from tests.networks import factories as networks


@pytest.fixture
def world():
    """Testnetwerk Kempen serving one zone with a municipality, its coordinator and staff."""
    make_themes()
    zone = networks.RegionalCareZoneFactory(code="kempen", name="Kempen")
    networks.RegionalCareZoneMembershipFactory(
        municipality=networks.MunicipalityFactory(nis_code="13025", name="Mol"), zone=zone
    )
    network = networks.NetworkFactory(code="npz-kempen", name="NPZ Kempen (test)")
    networks.ServiceAreaFactory(network=network, zone=zone, valid_from=datetime.date(2027, 1, 1))
    coordinator = networks.CoordinatorFactory(
        username="coord.flow", password="npz-flow-test", network=network, first_name="Cato"
    )
    staff = networks.StaffFactory(username="staff.flow", first_name="Sam", last_name="Staff")
    return {"network": network, "zone": zone, "coordinator": coordinator, "staff": staff}


def test_login_shows_why_and_lands_where_asked(audit, world):
    audit.assert_accessible("/aanmelden/?next=/portaal/", "login-redirect")
    page = audit.page_for(None, "nl-be")
    page.goto(audit.base_url + "/portaal/")
    assert "/aanmelden/" in page.url
    assert page.locator(".alert").count() >= 1  # the note saying why
    page.fill("#id_username", "coord.flow")
    page.fill("#id_password", "npz-flow-test")
    page.keyboard.press("Enter")
    page.wait_for_url("**/portaal/")


def test_a_coordinator_drafts_and_submits_a_plan_with_the_keyboard(audit, world):
    PlanningPeriod.objects.create(start_year=2027, end_year=2028, name="Verkort meerjarenplan 2027–2028")
    coordinator = session_key(world["coordinator"])
    audit.assert_accessible("/", "home-coordinator-flow", session_key=coordinator)
    create = "/portaal/netwerken/npz-kempen/plannen/nieuw/"
    page = audit.assert_accessible(create, "plan-create", session_key=coordinator)
    page.focus("#id_period")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Prioriteiten (test)")
    page.focus("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#missing-items")
    plan = MultiYearPlan.objects.get()
    # The goals, actions and indicators of every theme (their forms have their own tests)
    _complete(plan, world)
    audit.assert_accessible(plan.get_absolute_url(), "plan-editor", session_key=coordinator)
    page.focus("a[data-transition=indienen]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#confirm-form")
    confirm = f"/portaal/plannen/{plan.pk}/indienen/"
    audit.assert_accessible(confirm, "confirm-submit", session_key=coordinator)
    page.focus("#confirm-button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#plan-status")
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.SUBMITTED


def _complete(plan, world):
    from missions.models import MissionTheme, PlanAction, PlanGoal, PlanIndicator

    for theme in MissionTheme.objects.core():
        goal = PlanGoal.objects.create(
            plan=plan, theme=theme, title=f"Doel {theme.number}", delivery_mode="BOTH"
        )
        goal.target_zones.add(world["zone"])
        PlanAction.objects.create(goal=goal, what=f"Actie {theme.number}")
        indicator = PlanIndicator.objects.create(goal=goal, name=f"Indicator {theme.number}", unit="aantal")
        indicator.targets.create(year=2027, value=10)


def test_staff_request_changes_and_the_coordinator_reads_the_reason(audit, world):
    plan = MultiYearPlanFactory(network=world["network"], submitted=True, coordinator=world["coordinator"])
    staff, coordinator = session_key(world["staff"]), session_key(world["coordinator"])
    audit.assert_accessible("/", "home-staff-flow", session_key=staff)
    audit.assert_accessible(plan.get_absolute_url(), "review-page", session_key=staff)
    url = f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/"
    page = audit.assert_accessible(url, "confirm-request-changes", session_key=staff)
    page.fill("#id_comment", "Maak de streefwaarden per zone concreet.")
    page.click("#confirm-button")
    page.wait_for_selector("#plan-status")
    page = audit.assert_accessible(plan.get_absolute_url(), "plan-changes-requested", session_key=coordinator)
    assert "Maak de streefwaarden per zone concreet." in page.inner_text("#change-request")


def test_a_progress_report_keeps_its_values_and_staff_approve_it(audit, world):
    plan = MultiYearPlanFactory(network=world["network"], approved=True, coordinator=world["coordinator"])
    progress = YearlyProgressFactory(plan=plan, year=2027)
    staff, coordinator = session_key(world["staff"]), session_key(world["coordinator"])
    url = progress.get_absolute_url()
    page = audit.assert_accessible(url, "progress-report", session_key=coordinator)
    page.set_viewport_size({"width": 390, "height": 900})
    for table in ("#indicator-progress", "#action-progress"):  # on a phone they stack: no sideways scroll
        region = page.locator(table).locator("xpath=ancestor::div[contains(@class, 'table-region')]")
        assert region.evaluate("region => region.scrollWidth <= region.clientWidth"), table
    page.set_viewport_size({"width": 1280, "height": 900})
    first = page.locator("#indicator-progress input[name^=actual_]").first
    first.fill("123456789012345678")
    page.fill("#id_narrative", "Een goed jaar (test).")
    page.click("#save-and-submit")
    page.wait_for_selector("#error-summary")
    assert (
        first.input_value() == "123456789012345678"
        and page.input_value("#id_narrative") == "Een goed jaar (test)."
    )
    audit.assert_accessible(url, "progress-report-again", session_key=coordinator)
    for field in page.locator("#indicator-progress input[name^=actual_]").all():
        field.fill("12")
    page.fill("#id_narrative", "Een goed jaar (test).")
    page.click("#save-and-submit")
    page.wait_for_selector("#confirm-form")
    page.click("#confirm-button")
    page.wait_for_selector("#progress-status")
    progress.refresh_from_db()
    assert progress.status == SubmissionStatus.SUBMITTED and progress.narrative == "Een goed jaar (test)."

    approve = f"/portaal/voortgang/{progress.pk}/goedkeuren/"
    page = audit.assert_accessible(approve, "confirm-approve", session_key=staff)
    page.click("#confirm-button")
    page.wait_for_selector("#progress-status")
    assert YearlyProgress.objects.get().status == SubmissionStatus.APPROVED


def test_staff_find_the_flanders_pdf_and_anyone_searches(audit, world):
    staff = session_key(world["staff"])
    page = audit.assert_accessible("/rapporten/", "reports-flow", session_key=staff)
    form = page.locator("form[action$='/vlaanderen.pdf']")
    assert form.count() == 1 and form.locator("button, input[type=submit]").count() >= 1
    audit.assert_accessible("/netwerk-zoeken/?q=Mol", "search-flow")
