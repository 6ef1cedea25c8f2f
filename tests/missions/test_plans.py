"""The multi-year plan workflow as the coordinators and staff use it, through the pages: create,
complete and submit (end to end), then from a plan in a given state (factories): comment,
request changes, resubmit, diff, approve, read-only afterwards, timeline, edits and conflicts."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from missions.models import (
    IndicatorTarget,
    PlanAction,
    PlanGoal,
    PlanVersion,
    ReviewEvent,
    SubmissionStatus,
)
from tests.missions.conftest import complete_plan, create_plan

pytestmark = pytest.mark.django_db


def test_coordinator_creates_completes_and_submits_a_plan(
    coordinator_a_client, staff_client, plan_setup, django_capture_on_commit_callbacks
):
    plan = create_plan(coordinator_a_client, plan_setup["period"])
    page = BeautifulSoup(coordinator_a_client.get(plan.get_absolute_url()).content, "html.parser")
    missing = page.select_one("#missing-items").get_text()
    assert "Informeren en noden detecteren" in missing  # a theme without goal, named
    assert page.select_one("#missing-items a")["href"].startswith(f"/portaal/plannen/{plan.pk}/doelen/nieuw/")

    # Submitting an incomplete plan is refused, nothing changes.
    coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/indienen/")
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.DRAFT and not plan.versions.exists()

    complete_plan(coordinator_a_client, plan, plan_setup["zone"])
    page = BeautifulSoup(coordinator_a_client.get(plan.get_absolute_url()).content, "html.parser")
    assert page.select_one("#plan-complete") and not page.select_one("#missing-items")

    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/indienen/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.SUBMITTED
    version = plan.versions.get()
    assert version.number == 1 and len(version.content_hash) == 64
    assert version.content_hash == PlanVersion.hash_of(version.content)
    assert [m.to for m in mail.outbox] == [["staff@example.invalid"]]
    assert f"/portaal/plannen/{plan.pk}/" in mail.outbox[0].body

    queue = staff_client.get("/beoordeling/").content.decode()
    assert "Testnetwerk A" in queue

    # The coordinator can no longer edit: no edit links, and POSTs are refused.
    page = coordinator_a_client.get(plan.get_absolute_url()).content.decode()
    assert f"/portaal/plannen/{plan.pk}/algemeen/" not in page
    goal = plan.goals.first()
    response = coordinator_a_client.post(
        f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/",
        {"theme": goal.theme_id, "title": "Stiekem gewijzigd", "delivery_mode": "BOTH"},
    )
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.title != "Stiekem gewijzigd"


@pytest.fixture
def submitted(make_plan):
    return make_plan(submitted=True)


def test_review_round_trip_and_diff_shows_only_the_edited_goal(
    coordinator_a_client, staff_client, submitted, plan_setup, django_capture_on_commit_callbacks
):
    plan = submitted
    goal = plan.goals.get(title="Doel kwaliteit")
    response = staff_client.post(
        f"/portaal/plannen/{plan.pk}/commentaar/", {"text": "Maak dit doel meetbaar.", "goal": goal.pk}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.IN_REVIEW  # commenting starts the review

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/", {"comment": "Zie opmerking."}
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.CHANGES_REQUESTED
    assert mail.outbox[-1].to == ["coord@example.invalid"]

    page = BeautifulSoup(coordinator_a_client.get(plan.get_absolute_url()).content, "html.parser")
    assert "Maak dit doel meetbaar." in page.select_one(f'[data-comment-for="goal-{goal.pk}"]').get_text()

    response = coordinator_a_client.post(
        f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/",
        {
            "theme": goal.theme_id,
            "title": "Doel kwaliteit: 80 % van de woonzorgcentra meet",
            "delivery_mode": "BOTH",
            "target_zones": [plan_setup["zone"].pk],
            "version": goal.lock_version,
        },
    )
    assert response.status_code == 302
    assert coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/indienen/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.SUBMITTED and plan.versions.count() == 2

    for client in (staff_client, coordinator_a_client):
        diff = BeautifulSoup(
            client.get(f"/portaal/plannen/{plan.pk}/versies/?van=1&naar=2").content, "html.parser"
        )
        changed = diff.select("#diff .diff-goal")
        assert [article["data-goal"] for article in changed] == [
            "Doel kwaliteit: 80 % van de woonzorgcentra meet"
        ]
        assert "Doel kwaliteit" in changed[0].select_one("del").get_text()


def test_approved_plan_is_read_only_and_the_timeline_shows_every_step(
    coordinator_a_client, staff_client, staff_user, coordinator_a, submitted
):
    plan = submitted
    assert staff_client.post(f"/portaal/plannen/{plan.pk}/goedkeuren/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.APPROVED

    goal = plan.goals.first()
    for client in (coordinator_a_client, staff_client):
        page = client.get(plan.get_absolute_url()).content.decode()
        assert f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/" not in page  # no edit link for anyone
        assert "read-only-notice" in page
        for url, data in (
            (f"/portaal/plannen/{plan.pk}/algemeen/", {"summary": "x"}),
            (
                f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/",
                {"theme": goal.theme_id, "title": "x", "delivery_mode": "BOTH"},
            ),
            (
                f"/portaal/plannen/{plan.pk}/doelen/nieuw/",
                {"theme": goal.theme_id, "title": "x", "delivery_mode": "BOTH"},
            ),
            (f"/portaal/plannen/{plan.pk}/verwijderen/doel/{goal.pk}/", {}),
        ):
            assert client.post(url, data).status_code == 403, url
        # the coordinators' "Submit" on a page left open: a message and the plan as it is now
        expected = 302 if client is coordinator_a_client else 403
        assert client.post(f"/portaal/plannen/{plan.pk}/indienen/").status_code == expected
    goal.refresh_from_db()
    assert goal.title != "x" and plan.goals.count() == 5

    events = list(ReviewEvent.objects.filter(plan=plan).values_list("from_status", "to_status", "by"))
    assert events == [
        (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, coordinator_a.pk),
        (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW, staff_user.pk),
        (SubmissionStatus.IN_REVIEW, SubmissionStatus.APPROVED, staff_user.pk),
    ]
    timeline = BeautifulSoup(
        coordinator_a_client.get(f"/portaal/plannen/{plan.pk}/tijdlijn/").content, "html.parser"
    )
    entries = timeline.select("#timeline li[data-event]")
    assert [e["data-event"] for e in entries] == ["SUBMITTED", "IN_REVIEW", "APPROVED"]
    assert staff_user.get_full_name() in entries[-1].get_text()


def test_a_coordinator_can_withdraw_before_review_but_not_approve(coordinator_a_client, submitted):
    plan = submitted
    assert coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/goedkeuren/").status_code == 403
    assert coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/intrekken/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.DRAFT


def test_request_changes_needs_a_comment(staff_client, submitted):
    plan = submitted
    staff_client.post(f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/", {"comment": ""})
    plan.refresh_from_db()
    assert plan.status != SubmissionStatus.CHANGES_REQUESTED


def test_outsiders_get_404_on_a_plan(coordinator_b_client, outsider_client, anonymous_client, submitted):
    plan = submitted
    for url in (
        plan.get_absolute_url(),
        f"/portaal/plannen/{plan.pk}/tijdlijn/",
        f"/portaal/plannen/{plan.pk}/versies/",
    ):
        assert coordinator_b_client.get(url).status_code == 404
        assert outsider_client.get(url).status_code == 404
        assert anonymous_client.get(url).status_code == 302
    assert coordinator_b_client.post(f"/portaal/plannen/{plan.pk}/intrekken/").status_code == 404
    assert coordinator_b_client.get("/beoordeling/").status_code == 403


def test_a_stale_goal_form_is_refused_and_the_input_kept(coordinator_a_client, make_plan):
    plan = make_plan(complete=True)
    goal = plan.goals.first()
    data = {
        "theme": goal.theme_id,
        "title": "Versie A",
        "delivery_mode": "BOTH",
        "version": goal.lock_version,
    }
    assert coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/", data).status_code == 302
    response = coordinator_a_client.post(
        f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/", data | {"title": "Versie B"}
    )
    assert response.status_code == 200
    assert "Versie B" in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Versie A"


@pytest.mark.parametrize("who", ["staff_client", "coordinator_a_client"])
def test_plan_page_and_queue_query_counts_do_not_grow_with_goals(request, who, submitted, staff_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from missions.models import PlanAction, ReviewComment

    client = request.getfixturevalue(who)
    plan = submitted
    with CaptureQueriesContext(connection) as small:
        assert client.get(plan.get_absolute_url()).status_code == 200
    for goal in plan.goals.all():
        for n in range(3):
            action = PlanAction.objects.create(goal=goal, what=f"Extra {n}")
            ReviewComment.objects.create(plan=plan, goal=goal, author=staff_user, text="x")
            ReviewComment.objects.create(plan=plan, action=action, author=staff_user, text="y")
    with CaptureQueriesContext(connection) as large:
        assert client.get(plan.get_absolute_url()).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_staff_comment_on_an_action_reaches_the_coordinator(coordinator_a_client, staff_client, submitted):
    plan = submitted
    action = plan.goals.first().actions.first()
    staff_client.post(
        f"/portaal/plannen/{plan.pk}/commentaar/", {"text": "Wie trekt dit?", "action": action.pk}
    )
    page = BeautifulSoup(coordinator_a_client.get(plan.get_absolute_url()).content, "html.parser")
    assert "Wie trekt dit?" in page.select_one(f'[data-comment-for="action-{action.pk}"]').get_text()


def test_a_resubmission_records_its_reason(coordinator_a_client, staff_client, submitted):
    plan = submitted
    staff_client.post(f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/", {"comment": "Graag concreter."})
    IndicatorTarget.objects.filter(indicator__goal__plan=plan).update(value=Decimal(20))
    coordinator_a_client.post(
        f"/portaal/plannen/{plan.pk}/indienen/", {"comment": "Streefwaarden aangescherpt."}
    )
    assert plan.versions.get(number=2).reason == "Streefwaarden aangescherpt."


def test_pages_show_steps_without_a_user_as_system(staff_client, submitted):
    """Demo data and automatic steps have no user: the pages must not break on them."""
    plan = submitted
    plan.versions.update(submitted_by=None)
    ReviewEvent.objects.create(plan=plan, from_status="SUBMITTED", to_status="IN_REVIEW", by=None)
    from missions.models import ReviewComment

    ReviewComment.objects.create(plan=plan, goal=plan.goals.first(), author=None, text="Zonder auteur")
    for url in (
        plan.get_absolute_url(),
        f"/portaal/plannen/{plan.pk}/tijdlijn/",
        f"/portaal/plannen/{plan.pk}/versies/",
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
    assert "systeem" in staff_client.get(f"/portaal/plannen/{plan.pk}/tijdlijn/").content.decode()


def test_editing_an_action_keeps_its_dates(coordinator_a_client, make_plan):
    plan = make_plan(complete=True)
    goal = plan.goals.first()
    action = goal.actions.first()
    base = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/{action.pk}/"
    coordinator_a_client.post(
        base, {"what": "Met data", "start": "2027-03-01", "end": "2028-06-30", "version": action.lock_version}
    )
    page = BeautifulSoup(coordinator_a_client.get(base).content, "html.parser")
    assert page.select_one("#id_start")["value"] == "2027-03-01"
    assert page.select_one("#id_end")["value"] == "2028-06-30"


def test_action_dates_must_fall_within_the_period(coordinator_a_client, make_plan):
    plan = make_plan(complete=True)
    goal = plan.goals.first()
    response = coordinator_a_client.post(
        f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/nieuw/",
        {"what": "Te laat", "start": "2031-01-01"},
    )
    assert response.status_code == 200
    assert "planningsperiode" in response.content.decode()
    assert not goal.actions.filter(what="Te laat").exists()
    # The page opens at the top: the reason is there too, linked to its field (the field's own
    # message stood far below the fold on a phone; found by review).
    summary = BeautifulSoup(response.content, "html.parser").select_one("#error-summary")
    assert "Nog niet bewaard" in summary.get_text()
    assert summary.select_one('a[href="#id_start"]') is not None


@pytest.mark.parametrize(
    ("direction", "baseline", "targets", "refused"),
    [
        ("INCREASE", "-5", {"target_2027": "-1000", "target_2028": "-5"}, ["target_2027"]),
        ("INCREASE", "10", {"target_2027": "9.99", "target_2028": "12"}, ["target_2027"]),
        ("INCREASE", "1.234,5", {"target_2027": "1000", "target_2028": "1300"}, ["target_2027"]),
        ("DECREASE", "10", {"target_2027": "8", "target_2028": "10.01"}, ["target_2028"]),
        ("DECREASE", "-5", {"target_2027": "-5", "target_2028": "-6"}, []),
        ("INCREASE", "", {"target_2027": "-1000"}, []),
    ],
)
def test_a_target_on_the_wrong_side_of_the_baseline_is_refused_on_its_year(
    coordinator_a_client, make_plan, direction, baseline, targets, refused
):
    plan = make_plan(complete=True)
    goal = plan.goals.first()
    response = coordinator_a_client.post(
        f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/indicatoren/nieuw/",
        {
            "name": "Richting",
            "direction": direction,
            "baseline_value": baseline,
            "baseline_year": "2025" if baseline else "",
            **targets,
        },
    )
    stored = goal.indicators.filter(name="Richting").exists()
    if refused:
        assert response.status_code == 200
        assert sorted(response.context["form"].errors) == refused
        assert "wordt de indicator slechter" in response.content.decode()
        if baseline == "1.234,5":  # the baseline as the reader writes it, thousands grouped
            assert "(1.234,5)" in response.content.decode()
        assert not stored
    else:
        assert response.status_code == 302
        assert stored


def test_an_indicator_takes_a_decimal_comma_and_a_baseline_from_before_the_plan(
    coordinator_a_client, make_plan
):
    plan = make_plan(complete=True)
    goal = plan.goals.first()
    url = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/indicatoren/nieuw/"
    data = {"name": "Komma", "direction": "INCREASE", "baseline_value": "1,5", "baseline_year": "2025",
            "target_2027": "2,25", "target_2028": "3"}  # fmt: skip

    # A baseline measured after the plan starts, and a value that is no number: one error each.
    response = coordinator_a_client.post(url, {**data, "baseline_year": "2030"})
    assert response.context["form"].errors["baseline_year"] == [
        "De beginwaarde is het vertrekpunt van het plan: meet ze uiterlijk in 2027."
    ]
    response = coordinator_a_client.post(url, {**data, "baseline_value": "veel"})
    assert list(response.context["form"].errors) == ["baseline_value"]

    assert coordinator_a_client.post(url, data).status_code == 302
    indicator = goal.indicators.get(name="Komma")
    assert indicator.baseline_value == Decimal("1.5")
    assert sorted(indicator.targets.values_list("year", "value")) == [
        (2027, Decimal("2.25")),
        (2028, Decimal("3")),
    ]
    page = coordinator_a_client.get(
        f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/indicatoren/{indicator.pk}/"
    )
    field = BeautifulSoup(page.content, "html.parser").select_one("#id_baseline_value")
    assert field["value"] == "1,5" and field["inputmode"] == "decimal"


def _delete_button(client, page: str, kind: str) -> tuple[str, dict]:
    """The address and the data of the delete form for the first part of `kind` ("doel",
    "actie", "indicator") on the goal page `page`: its delete link opens the page that asks
    first, whose form the browser sends."""
    soup = BeautifulSoup(client.get(page).content, "html.parser")
    link = soup.select_one(f'a[href*="/verwijderen/{kind}/"]')["href"]
    form = BeautifulSoup(client.get(link).content, "html.parser").select_one("#delete-form")
    return form.get("action") or link, {tag["name"]: tag["value"] for tag in form.select("input[name=seen]")}


def test_a_delete_from_a_page_opened_before_a_change_deletes_nothing(coordinator_a_client, make_plan):
    """Deleting a goal from a page left open took with it an action added meanwhile, which
    nobody had seen (found by review): the confirmation says what the page showed."""
    plan = make_plan(complete=True)
    goal = plan.goals.first()
    page = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    goal_url, goal_seen = _delete_button(coordinator_a_client, page, "doel")
    action_url, action_seen = _delete_button(coordinator_a_client, page, "actie")
    PlanAction.objects.create(goal=goal, what="Nieuw, door een collega")
    action = PlanAction.objects.get(pk=action_url.rstrip("/").rsplit("/", 1)[1])
    action.what = "Ook gewijzigd"
    action.lock_version += 1
    action.save()

    refused = coordinator_a_client.post(goal_url, goal_seen, follow=True)
    assert "er is niets verwijderd" in refused.content.decode()
    assert PlanGoal.objects.filter(pk=goal.pk).exists()
    coordinator_a_client.post(action_url, action_seen)
    assert PlanAction.objects.filter(pk=action.pk).exists()

    goal_url, goal_seen = _delete_button(coordinator_a_client, page, "doel")  # looked again
    assert coordinator_a_client.post(goal_url, goal_seen).status_code == 302
    assert not PlanGoal.objects.filter(pk=goal.pk).exists()
