"""Every decision asks first (a confirmation page naming the network, the plan and the status
before and after), lands on the plan page with a message naming it, and a repeated one (a
double click, a page left open) shows a message and the current state, not a 403 page. A
request for changes shows its reason at the top of the plan and in the e-mail."""

import html

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import mail

from missions.models import SubmissionStatus as S
from missions.selectors.plans import open_change_request, plan_page, plan_page_queryset
from missions.services.workflow import comment_add
from tests.missions.factories import YearlyProgressFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    "traits, client_name, slug, before, after",
    [
        ({"complete": True}, "coordinator_a_client", "indienen", S.DRAFT, S.SUBMITTED),
        ({"submitted": True}, "coordinator_a_client", "intrekken", S.SUBMITTED, S.DRAFT),
        ({"submitted": True}, "staff_client", "goedkeuren", S.SUBMITTED, S.APPROVED),
        ({"submitted": True}, "staff_client", "wijzigingen-vragen", S.SUBMITTED, S.CHANGES_REQUESTED),
        ({"approved": True}, "staff_client", "heropenen", S.APPROVED, S.CHANGES_REQUESTED),
    ],
)
def test_a_decision_is_confirmed_first_and_lands_on_the_plan(
    request, make_plan, traits, client_name, slug, before, after
):
    client = request.getfixturevalue(client_name)
    plan = make_plan(**traits)
    url = f"/portaal/plannen/{plan.pk}/{slug}/"

    page = client.get(url)
    assert page.status_code == 200
    content = text(page)
    assert "Testnetwerk A" in content and plan.period.name in content
    assert str(S(before).label) in content and str(S(after).label) in content
    plan.refresh_from_db()
    assert plan.status == before  # looking changes nothing

    response = client.post(url, {"comment": "Graag de streefwaarden per zone."})
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.status == after
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert plan.period.name in message and "Testnetwerk A" in message and str(S(after).label) in message


def test_a_double_submission_shows_a_message_and_the_current_state(make_plan, coordinator_a_client):
    plan = make_plan(complete=True)
    url = f"/portaal/plannen/{plan.pk}/indienen/"
    assert coordinator_a_client.post(url).status_code == 302
    second = coordinator_a_client.post(url, follow=True)
    assert second.status_code == 200 and second.redirect_chain[-1][0] == plan.get_absolute_url()
    assert plan.versions.count() == 1 and plan.events.count() == 1
    content = text(second)
    assert str(S.SUBMITTED.label) in content and "Er is niets gewijzigd" in content


def test_a_request_for_changes_shows_its_reason_on_the_plan_and_in_the_email(
    make_plan, staff_client, coordinator_a_client, django_capture_on_commit_callbacks
):
    plan = make_plan(submitted=True)
    reason = "De streefwaarden voor Kempen ontbreken."
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/", {"comment": reason})
    page = text(coordinator_a_client.get(plan.get_absolute_url()))
    assert 'id="change-request"' in page and reason in page
    assert page.index("change-request") < page.index("goals-title")  # at the top
    [message] = mail.outbox
    assert reason in message.body


def test_a_missing_reason_keeps_the_confirmation_page_with_the_error(make_plan, staff_client):
    plan = make_plan(submitted=True)
    response = staff_client.post(f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/", {"comment": ""})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == S.SUBMITTED


def test_a_request_for_changes_lists_the_review_comments_on_the_plan_and_its_goals(
    make_plan, staff_user, staff_client, coordinator_a_client, django_capture_on_commit_callbacks
):
    plan = make_plan(submitted=True)
    goal = plan.goals.first()
    action = goal.actions.first()
    comment_add(subject=plan, by=staff_user, text="Welke zones?", goal=goal)
    comment_add(subject=plan, by=staff_user, text="Wie voert dit uit?", action=action)
    comment_add(subject=plan, by=staff_user, text="Kort en duidelijk.")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/", {"comment": "Zie opmerkingen."})
    page = text(coordinator_a_client.get(plan.get_absolute_url()))
    request = page[page.index('id="change-request"') : page.index("goals-title")]
    assert f"<strong>{goal.title}:</strong> Welke zones?" in request and "Kort en duidelijk." in request
    # A comment on an action is introduced by what the action is, on the page and in the e-mail.
    assert f"<strong>{action.what}:</strong> Wie voert dit uit?" in request
    [message] = mail.outbox
    assert f"- {action.what}: Wie voert dit uit?" in message.body
    # The page reads the comments once; the request lists the same as when it reads its own.
    plan.refresh_from_db()
    page_plan = plan_page_queryset().get(pk=plan.pk)
    read_once = open_change_request(page_plan, comments=plan_page(page_plan).comments)
    assert read_once.comments == open_change_request(plan).comments
    assert [c.goal for c in read_once.comments] == [goal, None, None]


@pytest.mark.parametrize("kind", ["plan", "progress"])
def test_the_department_hears_of_a_withdrawal_as_of_the_submission(
    kind, make_plan, coordinator_a_client, django_capture_on_commit_callbacks
):
    """The department was told to review it: a withdrawal takes it out of their queue, so they
    are told that too."""
    plan = make_plan(submitted=True) if kind == "plan" else make_plan(approved=True)
    subject = plan if kind == "plan" else YearlyProgressFactory(plan=plan, filled=True, submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_a_client.post(subject.get_absolute_url() + "intrekken/")
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.status == S.DRAFT
    [message] = mail.outbox
    assert message.to == ["staff@example.invalid"] and "Testnetwerk A" in message.subject
    assert "ingetrokken" in message.subject and subject.get_absolute_url() in message.body


def test_the_approval_mail_names_the_plan_by_its_years_and_carries_the_departments_comment(
    make_plan, staff_client, django_capture_on_commit_callbacks
):
    plan = make_plan(submitted=True)
    plan.period.name = "Verkort meerjarenplan 2027–2028"
    plan.period.save()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/portaal/plannen/{plan.pk}/goedkeuren/", {"comment": "Goedgekeurd, dank."})
    [message] = mail.outbox
    assert message.subject == "Het meerjarenplan 2027–2028 is goedgekeurd"
    assert "Opmerking van het departement:\nGoedgekeurd, dank." in message.body


def test_the_reason_is_optional_once_review_comments_say_it_and_a_stale_page_gives_the_comment_back(
    make_plan, staff_user, staff_client
):
    plan = make_plan(submitted=True)
    url = f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/"
    assert "(verplicht)" in text(staff_client.get(url))
    comment_add(subject=plan, by=staff_user, text="Welke zones?", goal=plan.goals.first())
    page = text(staff_client.get(url))
    assert "(verplicht)" not in page and "uw opmerkingen sinds de vorige stap" in page

    assert staff_client.post(url, {"comment": ""}).status_code == 302  # the review comment says it
    stale = staff_client.post(url, {"comment": "Nog iets: de timing."}, follow=True)
    assert "Uw opmerking werd niet bewaard: “Nog iets: de timing.”" in text(stale)


def _version_on(page) -> str:
    form = BeautifulSoup(page.content, "html.parser").select_one("#confirm-form")
    return form.select_one('input[name="version"]')["value"]


def test_an_approval_confirmed_on_a_page_opened_before_a_resubmission_is_refused(
    make_plan, staff_client, coordinator_a_client
):
    """Approving from a page left open approved whatever was submitted since, a version the
    reviewer never saw (found by review): the page carries the version it was opened at."""
    plan = make_plan(submitted=True)
    url = f"/portaal/plannen/{plan.pk}/goedkeuren/"
    opened = _version_on(staff_client.get(url))
    ask = staff_client.post(f"/portaal/plannen/{plan.pk}/wijzigingen-vragen/", {"comment": "Meer uitleg."})
    assert ask.status_code == 302
    type(plan).objects.filter(pk=plan.pk).update(summary="Meer uitleg bij de prioriteiten")  # a new version
    assert coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/indienen/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == S.SUBMITTED and plan.versions.count() == 2

    refused = staff_client.post(url, {"comment": "", "version": opened})
    assert refused.status_code == 200 and "nadat u de pagina opende" in text(refused)
    plan.refresh_from_db()
    assert plan.status == S.SUBMITTED and plan.approved_version is None

    # The page now carries the version it shows: confirming after looking goes through.
    assert staff_client.post(url, {"comment": "", "version": _version_on(refused)}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == S.APPROVED and plan.approved_version == 2


def test_a_review_comment_sent_after_the_plan_was_approved_comes_back_with_the_reason(
    make_plan, staff_client, coordinator_a_client
):
    """A comment typed while a colleague approved the plan ended on a bare 403 page and was lost
    (found by review): the plan's page says why, and gives the text back."""
    plan = make_plan(submitted=True)
    assert staff_client.post(f"/portaal/plannen/{plan.pk}/goedkeuren/", {"comment": ""}).status_code == 302
    typed = "Graag meer uitleg bij doel 2."
    response = staff_client.post(f"/portaal/plannen/{plan.pk}/commentaar/", {"text": typed}, follow=True)
    assert response.status_code == 200 and typed in text(response)
    assert not plan.comments.exists()
    # A coordinator still may not write review comments at all: refused as before.
    assert (
        coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/commentaar/", {"text": "x"}).status_code == 403
    )
