"""Who may do what with a plan, a progress report and a missions matrix, outside the workflow
steps (those are in test_permissions.py): every edit page and every service refuses with the
reason of missions.permissions, and the pages show a button only to who may use it.

Also the paths that ran nowhere before: the plan's general part and its view (with a
conflict and a save after comparing), deleting goals, actions and indicators, and reopening an
approved plan."""

import html

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from missions.models import (
    PlanAction,
    PlanGoal,
    PlanIndicator,
    RegionalIntensity,
    ReviewEvent,
    YearlyProgress,
)
from missions.models import SubmissionStatus as S
from missions.services import plans as plan_services
from missions.services.intensity import intensity_save
from missions.services.progress import progress_create, progress_save
from missions.services.workflow import comment_add
from tests.missions.conftest import advance
from tests.missions.factories import PlanningPeriodFactory, YearlyProgressFactory, make_themes

pytestmark = pytest.mark.django_db

EDIT_ONLY_COORDINATORS = "Only the network's coordinators edit its plan."


def refusal(response) -> str:
    assert response.status_code == 403, response.status_code
    return html.unescape(response.content.decode())


def edit_pages(plan):
    goal = plan.goals.first()
    action, indicator = goal.actions.first(), goal.indicators.first()
    base = f"/portaal/plannen/{plan.pk}"
    return [
        f"{base}/algemeen/",
        f"{base}/doelen/nieuw/",
        f"{base}/doelen/{goal.pk}/",
        f"{base}/doelen/{goal.pk}/acties/nieuw/",
        f"{base}/doelen/{goal.pk}/acties/{action.pk}/",
        f"{base}/doelen/{goal.pk}/indicatoren/nieuw/",
        f"{base}/doelen/{goal.pk}/indicatoren/{indicator.pk}/",
    ]


# Edit pages ---------------------------------------------------------------------------------


def test_edit_pages_refuse_staff_with_the_reason_and_others_networks_with_404(
    make_plan, staff_client, coordinator_b_client, anonymous_client, coordinator_a_client
):
    plan = make_plan(complete=True)
    for url in edit_pages(plan):
        assert _(EDIT_ONLY_COORDINATORS) in refusal(staff_client.get(url)), url
        assert coordinator_b_client.get(url).status_code == 404, url
        assert anonymous_client.get(url).status_code == 302, url
        assert coordinator_a_client.get(url).status_code == 200, url


@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW, S.APPROVED])
def test_edit_pages_refuse_the_coordinator_while_the_plan_is_with_the_department(
    make_plan, coordinator_a_client, status
):
    plan = make_plan(complete=True, status=status)
    reason = _("This plan can no longer be changed: its status is '%(status)s'.") % {
        "status": S(status).label
    }
    for url in edit_pages(plan):
        assert reason in refusal(coordinator_a_client.get(url)), url


def test_only_the_networks_coordinators_start_a_plan(plan_setup, staff_client, coordinator_b_client):
    url = "/portaal/netwerken/test-a/plannen/nieuw/"
    assert _("Only the network's coordinators create its plans.") in refusal(staff_client.get(url))
    assert coordinator_b_client.get(url).status_code == 404


def test_a_reviewers_post_on_a_progress_report_is_refused_whatever_it_holds(
    make_plan, staff_client, coordinator_b_client
):
    progress = YearlyProgressFactory(plan=make_plan(approved=True))
    url = progress.get_absolute_url()
    reason = _("Only the network's coordinators write its progress reports.")
    assert reason in refusal(staff_client.post(url, {"version": "x", "narrative": "Niet van mij"}))
    assert coordinator_b_client.post(url, {"narrative": "x"}).status_code == 404
    progress.refresh_from_db()
    assert progress.narrative == ""


def test_a_submitted_progress_report_is_read_only_for_its_coordinator(make_plan, coordinator_a_client):
    progress = YearlyProgressFactory(plan=make_plan(approved=True), submitted=True)
    reason = _("This report cannot be changed now: its status is '%(status)s'.") % {
        "status": S.SUBMITTED.label
    }
    assert reason in refusal(coordinator_a_client.post(progress.get_absolute_url(), {"narrative": "x"}))


def test_staff_cannot_open_a_progress_report_for_the_network(make_plan, staff_client):
    plan = make_plan(approved=True)
    response = staff_client.post(f"/portaal/plannen/{plan.pk}/voortgang/2027/")
    assert _("Only the network's coordinators write its progress reports.") in refusal(response)
    assert not YearlyProgress.objects.exists()


def test_comments_are_for_staff_and_for_plans_with_the_department(
    make_plan, staff_client, coordinator_a_client
):
    draft = make_plan(complete=True)
    reason = _("Not possible while the status is '%(status)s'.") % {"status": S.DRAFT.label}
    # Staff are refused by the plan's status: the plan's page says why and gives the text back.
    early = staff_client.post(f"/portaal/plannen/{draft.pk}/commentaar/", {"text": "Te vroeg"}, follow=True)
    assert early.status_code == 200
    assert reason in html.unescape(early.content.decode()) and "Te vroeg" in early.content.decode()
    draft.status = S.SUBMITTED
    draft.save()
    response = coordinator_a_client.post(f"/portaal/plannen/{draft.pk}/commentaar/", {"text": "Van mij"})
    assert _("Only department staff write review comments.") in refusal(response)
    assert not draft.comments.exists()


def test_every_post_on_a_plan_or_report_is_a_404_outside_the_scope(
    make_plan, coordinator_b_client, outsider_client, anonymous_client
):
    plan = make_plan(approved=True)
    progress = YearlyProgressFactory(plan=plan, submitted=True)
    goal = plan.goals.first()
    urls = [
        f"/portaal/plannen/{plan.pk}/verwijderen/doel/{goal.pk}/",
        f"/portaal/plannen/{plan.pk}/commentaar/",
        f"/portaal/plannen/{plan.pk}/heropenen/",
        f"/portaal/plannen/{plan.pk}/voortgang/2028/",
        progress.get_absolute_url(),
        f"/portaal/voortgang/{progress.pk}/commentaar/",
        f"/portaal/voortgang/{progress.pk}/goedkeuren/",
    ]
    data = {"text": "Van buiten", "comment": "Van buiten", "narrative": "Van buiten"}
    for url in urls:
        assert coordinator_b_client.post(url, data).status_code == 404, url
        assert outsider_client.post(url, data).status_code == 404, url
        assert anonymous_client.post(url, data).status_code == 302, url
    plan.refresh_from_db()
    progress.refresh_from_db()
    assert (plan.status, progress.status, progress.narrative) == (S.APPROVED, S.SUBMITTED, "Een goed jaar.")
    assert plan.goals.count() == 5 and not plan.comments.exists() and not progress.comments.exists()
    assert plan.progress_reports.count() == 1


# Services -------------------------------------------------------------------------------------


def service_calls(plan, network, zone, period):
    """Each write of the missions, as a call that needs a user."""
    goal = plan.goals.first()
    action, indicator = goal.actions.first(), goal.indicators.first()
    version = {"version": 1}
    return {
        "plan_create": lambda by: plan_services.plan_create(network=network, period=period, by=by),
        "plan_update": lambda by: plan_services.plan_update(
            plan=plan, by=by, summary="", stakeholders="", **version
        ),
        "goal_save": lambda by: plan_services.goal_save(plan=plan, by=by, goal=goal, title="x", **version),
        "action_save": lambda by: plan_services.action_save(
            goal=goal, by=by, action=action, what="x", **version
        ),
        "indicator_save": lambda by: plan_services.indicator_save(
            goal=goal, by=by, indicator=indicator, targets={}, name="x", **version
        ),
        "item_delete": lambda by: plan_services.item_delete(obj=action, by=by),
        "intensity_save": lambda by: intensity_save(
            network=network, zone=zone, theme=goal.theme, level=2, suggested=2, by=by
        ),
    }


@pytest.mark.parametrize(
    ("service", "reason"),
    [
        ("plan_create", "Only the network's coordinators create its plans."),
        ("plan_update", EDIT_ONLY_COORDINATORS),
        ("goal_save", EDIT_ONLY_COORDINATORS),
        ("action_save", EDIT_ONLY_COORDINATORS),
        ("indicator_save", EDIT_ONLY_COORDINATORS),
        ("item_delete", EDIT_ONLY_COORDINATORS),
        ("intensity_save", "You may look at this matrix, not change it."),
    ],
)
def test_every_write_refuses_a_user_who_may_not(
    make_plan, plan_setup, network_a, coordinator_b, service, reason
):
    plan = make_plan(complete=True)
    calls = service_calls(plan, network_a, plan_setup["zone"], plan_setup["period"])
    with pytest.raises(PermissionDenied, match=_(reason)):
        calls[service](coordinator_b)
    assert PlanAction.objects.filter(goal__plan=plan).count() == 5 and not RegionalIntensity.objects.exists()


@pytest.mark.parametrize(
    "service", ["plan_update", "goal_save", "action_save", "indicator_save", "item_delete"]
)
def test_plan_writes_refuse_the_coordinator_once_the_plan_is_submitted(
    make_plan, plan_setup, network_a, coordinator_a, service
):
    plan = make_plan(submitted=True)
    reason = _("This plan can no longer be changed: its status is '%(status)s'.") % {
        "status": S.SUBMITTED.label
    }
    with pytest.raises(PermissionDenied, match=reason):
        service_calls(plan, network_a, plan_setup["zone"], plan_setup["period"])[service](coordinator_a)


def test_progress_writes_follow_the_same_rules(make_plan, coordinator_a, staff_user):
    plan = make_plan(approved=True)
    with pytest.raises(
        PermissionDenied, match=_("Only the network's coordinators write its progress reports.")
    ):
        progress_create(plan=plan, year=2027, by=staff_user)
    progress = progress_create(plan=plan, year=2027, by=coordinator_a)
    report = {
        "version": progress.lock_version,
        "narrative": "x",
        "indicators": {},
        "actions": {},
        "activity": {},
    }
    with pytest.raises(
        PermissionDenied, match=_("Only the network's coordinators write its progress reports.")
    ):
        progress_save(progress=progress, by=staff_user, **report)


def test_progress_starts_on_an_approved_plan_only(make_plan, coordinator_a):
    with pytest.raises(PermissionDenied, match=_("Progress is reported on an approved plan only.")):
        progress_create(plan=make_plan(submitted=True), year=2027, by=coordinator_a)


def test_comment_service_refuses_coordinators_and_plans_not_with_the_department(
    make_plan, coordinator_a, staff_user
):
    plan = make_plan(submitted=True)
    with pytest.raises(PermissionDenied, match=_("Only department staff write review comments.")):
        comment_add(subject=plan, by=coordinator_a, text="x")
    approved = make_plan(approved=True, period=PlanningPeriodFactory(start_year=2029))
    with pytest.raises(PermissionDenied):
        comment_add(subject=approved, by=staff_user, text="x")
    assert not plan.comments.exists() and not approved.comments.exists()


# Buttons from the same answers ---------------------------------------------------------------


def page(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_plan_page_shows_each_user_what_they_may_do(make_plan, coordinator_a_client, staff_client):
    plan = make_plan(submitted=True)
    url = plan.get_absolute_url()
    coordinator, staff = page(coordinator_a_client, url), page(staff_client, url)

    assert not coordinator.select("form[action$='/commentaar/']")  # comments are the reviewers'
    assert len(staff.select("form[action$='/commentaar/']")) == 1 + 5 + 5  # plan, goals, actions
    assert [a["data-transition"] for a in coordinator.select("a[data-transition]")] == ["intrekken"]
    assert {a["data-transition"] for a in staff.select("a[data-transition]")} >= {
        "beoordelen",
        "wijzigingen-vragen",
        "goedkeuren",
    }
    for soup in (coordinator, staff):
        assert not soup.select(f"a[href='/portaal/plannen/{plan.pk}/algemeen/']")  # no edit link


@pytest.mark.parametrize("status", [S.DRAFT, S.APPROVED])
def test_reviewers_get_no_comment_form_while_the_plan_is_not_with_them(make_plan, staff_client, status):
    plan = make_plan(complete=True, status=status)
    assert not page(staff_client, plan.get_absolute_url()).select("form[action$='/commentaar/']")


def test_only_the_coordinator_sees_how_to_open_a_progress_report(
    make_plan, coordinator_a_client, staff_client
):
    plan = make_plan(approved=True)
    url = plan.get_absolute_url()
    progress_forms = "form[action*='/voortgang/']"
    assert len(page(coordinator_a_client, url).select(progress_forms)) == 2  # 2027 and 2028
    assert not page(staff_client, url).select(progress_forms)


def test_a_reviewer_reads_a_progress_report_without_a_save_button(
    make_plan, staff_client, coordinator_a_client
):
    progress = YearlyProgressFactory(plan=make_plan(approved=True), submitted=True)
    staff = page(staff_client, progress.get_absolute_url())
    assert staff.select_one("fieldset[disabled]") and not staff.select("button[type=submit]")
    assert staff.select_one("#progress-comment")
    coordinator = page(coordinator_a_client, progress.get_absolute_url())
    assert not coordinator.select_one("#progress-comment")


# Paths that ran nowhere before ---------------------------------------------------------------


def test_the_coordinator_saves_the_plans_general_part(make_plan, coordinator_a_client):
    plan = make_plan()
    url = f"/portaal/plannen/{plan.pk}/algemeen/"
    data = {"summary": "Gelijke toegang", "stakeholders": "Zorgraden", "version": plan.lock_version}
    assert coordinator_a_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.summary, plan.stakeholders, plan.lock_version) == ("Gelijke toegang", "Zorgraden", 2)


def test_a_stale_general_form_shows_the_input_and_saves_after_comparing(
    make_plan, coordinator_a, coordinator_a_client
):
    plan = make_plan()
    url = f"/portaal/plannen/{plan.pk}/algemeen/"
    opened_at = plan.lock_version
    plan_services.plan_update(
        plan=plan, by=coordinator_a, version=opened_at, summary="Collega", stakeholders=""
    )

    response = coordinator_a_client.post(
        url, {"summary": "Mijn tekst", "stakeholders": "", "version": opened_at}
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_summary").get_text().strip() == "Mijn tekst"  # the input is kept
    plan.refresh_from_db()
    assert plan.summary == "Collega"
    saved_version = soup.select_one("#id_version")["value"]
    assert saved_version == str(plan.lock_version)  # the form now carries the saved version

    response = coordinator_a_client.post(
        url, {"summary": "Mijn tekst", "stakeholders": "", "version": saved_version}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.summary == "Mijn tekst"


@pytest.mark.parametrize(
    ("kind", "model"), [("doel", PlanGoal), ("actie", PlanAction), ("indicator", PlanIndicator)]
)
def test_the_coordinator_deletes_a_goal_an_action_or_an_indicator(
    make_plan, coordinator_a_client, kind, model
):
    plan = make_plan(complete=True)
    goal = plan.goals.first()
    item = {"doel": goal, "actie": goal.actions.first(), "indicator": goal.indicators.first()}[kind]
    response = coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/verwijderen/{kind}/{item.pk}/")
    assert response.status_code == 302
    back = plan.get_absolute_url() if kind == "doel" else f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    assert response["Location"] == back
    assert not model.objects.filter(pk=item.pk).exists()
    assert coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/verwijderen/iets/1/").status_code == 404


def test_staff_reopen_an_approved_plan_with_a_reason(
    make_plan, staff_client, staff_user, django_capture_on_commit_callbacks
):
    plan = make_plan(approved=True)
    url = f"/portaal/plannen/{plan.pk}/heropenen/"
    response = staff_client.post(url, {"comment": ""})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == S.APPROVED  # a reopening needs its reason

    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, {"comment": "Correctie van een streefwaarde."}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == S.CHANGES_REQUESTED and plan.is_editable
    event = ReviewEvent.objects.filter(plan=plan).last()
    assert (event.from_status, event.to_status, event.by, event.comment) == (
        S.APPROVED,
        S.CHANGES_REQUESTED,
        staff_user,
        "Correctie van een streefwaarde.",
    )
    assert event.version_number == 1
    assert [m.to for m in mail.outbox] == [["coord@example.invalid"]]


def test_a_stale_intensity_form_saves_after_comparing(
    plan_setup, network_a, coordinator_a_client, staff_user
):
    theme = make_themes()[0]
    url = f"/netwerken/test-a/opdrachten/kempen/{theme.code}/"
    cell = {"level": 2, "delivery_emphasis": "BOTH", "justification": "Zo gekozen"}
    assert coordinator_a_client.post(url, cell).status_code == 302
    opened_at = RegionalIntensity.objects.get().version
    intensity_save(
        network=network_a,
        zone=plan_setup["zone"],
        theme=theme,
        level=1,
        suggested=None,
        by=staff_user,
        version=opened_at,
    )

    response = coordinator_a_client.post(url, {**cell, "version": opened_at})
    assert response.status_code == 200
    saved_version = BeautifulSoup(response.content, "html.parser").select_one("#id_version")["value"]
    assert coordinator_a_client.post(url, {**cell, "version": saved_version}).status_code == 302
    assert RegionalIntensity.objects.get().level == 2


@pytest.mark.parametrize("kind", ["doel", "actie"])
def test_comments_on_a_deleted_goal_or_action_say_what_they_were_about(
    make_plan, coordinator_a_client, staff_user, kind
):
    plan = make_plan(submitted=True)
    goal = plan.goals.first()
    action = goal.actions.first()
    item, label = (goal, goal.title) if kind == "doel" else (action, action.what)
    on = {"goal": goal} if kind == "doel" else {"action": action}
    comment_add(subject=plan, by=staff_user, text="Schrap dit onderdeel.", **on)
    comment_add(subject=plan, by=staff_user, text="Algemene opmerking.")
    plan = advance(
        type(plan).objects.get(pk=plan.pk), "request_changes", by=staff_user, comment="Zie hieronder."
    )

    response = coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/verwijderen/{kind}/{item.pk}/")
    assert response.status_code == 302

    page = BeautifulSoup(coordinator_a_client.get(plan.get_absolute_url()).content, "html.parser")
    comments = {c.get_text(" ", strip=True) for c in page.select("#comments .alert")}
    [removed] = [text for text in comments if "Schrap" in text]
    assert f"over “{label}”, intussen verwijderd" in removed
    [general] = [text for text in comments if "Algemene" in text]
    assert "verwijderd" not in general
    banner = page.select_one("#change-request").get_text()
    assert f"{label} (intussen verwijderd): Schrap dit onderdeel." in banner


def test_a_save_refused_because_another_window_changed_the_plan_keeps_what_was_typed(
    make_plan, coordinator_a_client, coordinator_a
):
    """Two windows: one submits the plan or deletes an action, the other then saves its form.
    The refusal (403 for the submitted plan, 404 for the deleted action) shows what was typed."""
    plan = make_plan(complete=True)
    goal = plan.goals.first()
    action = goal.actions.first()
    base = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}"

    plan = advance(plan, "submit", by=coordinator_a)
    refused = coordinator_a_client.post(f"{base}/", {"title": "Mijn nieuwe doel", "version": "1"})
    assert refused.status_code == 403
    assert (
        "Mijn nieuwe doel"
        in BeautifulSoup(refused.content, "html.parser").select_one("#typed-input").get_text()
    )
    advance(plan, "withdraw", by=coordinator_a)

    typed = {"what": "Een lange tekst die ik net heb getypt", "responsible": "Team Noord", "version": "1"}
    coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/verwijderen/actie/{action.pk}/")
    gone = coordinator_a_client.post(f"{base}/acties/{action.pk}/", typed)
    assert gone.status_code == 404
    kept = [
        box.get_text() for box in BeautifulSoup(gone.content, "html.parser").select("#typed-input textarea")
    ]
    assert kept == ["Een lange tekst die ik net heb getypt", "Team Noord"]
    # A page opened (not posted) shows nothing of the kind.
    assert "typed-input" not in coordinator_a_client.get(f"{base}/acties/{action.pk}/").content.decode()
