"""The department's comments on an action reach the coordinator where they fix it: on the goal's
page next to the action and on the action's own edit page, as a goal's comments do on the goal's
page; both pages keep their query count whatever the number of comments and actions, and show a
new comment at once although they keep their lists per data version. (Indicators take no
comments: a review comment names a goal or an action.)"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missions.models import PlanAction, ReviewComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_back(make_plan, staff_user):
    """A plan the department sent back, with a comment on its first goal's action."""
    plan = make_plan(changes_requested=True)
    goal = plan.goals.order_by("pk").first()
    action = goal.actions.get()
    ReviewComment.objects.create(plan=plan, action=action, author=staff_user, text="Wie trekt deze actie?")
    return plan, goal, action


def _page(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_the_coordinator_reads_an_actions_comment_on_the_goal_page_next_to_the_action(
    coordinator_a_client, sent_back
):
    plan, goal, action = sent_back
    page = _page(coordinator_a_client, f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/")
    link = page.find("a", href=f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/{action.pk}/")
    item = link.find_parent("li")
    comment = item.select_one(f'[data-comment-for="action-{action.pk}"]')
    assert comment is not None and "Wie trekt deze actie?" in comment.get_text()


def test_the_coordinator_reads_an_actions_comment_on_its_edit_page(coordinator_a_client, sent_back):
    plan, goal, action = sent_back
    page = _page(coordinator_a_client, f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/{action.pk}/")
    comment = page.select_one(f'[data-comment-for="action-{action.pk}"]')
    assert comment is not None and "Wie trekt deze actie?" in comment.get_text()
    assert comment.find_next("form")  # above the form, where it is fixed


def test_another_actions_comment_stays_off_an_actions_edit_page(coordinator_a_client, sent_back, staff_user):
    plan, goal, action = sent_back
    other = PlanAction.objects.create(goal=goal, what="Een tweede actie")
    page = _page(coordinator_a_client, f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/{other.pk}/")
    assert "Wie trekt deze actie?" not in page.get_text()
    assert not page.select("[data-comment-for]")


@pytest.mark.parametrize("which", ["goal", "action"])
def test_the_goal_and_action_pages_do_not_read_more_with_more_comments_and_actions(
    coordinator_a_client, sent_back, staff_user, which
):
    plan, goal, action = sent_back
    base = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    url = base if which == "goal" else f"{base}acties/{action.pk}/"
    with CaptureQueriesContext(connection) as small:
        _page(coordinator_a_client, url)
    for n in range(3):
        extra = PlanAction.objects.create(goal=goal, what=f"Extra {n}")
        for part in (extra, action):
            ReviewComment.objects.create(plan=plan, action=part, author=staff_user, text=f"Opmerking {n}")
        ReviewComment.objects.create(plan=plan, goal=goal, author=staff_user, text=f"Doel {n}")
    with CaptureQueriesContext(connection) as large:
        page = _page(coordinator_a_client, url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(page.select(f'[data-comment-for="action-{action.pk}"]')) == 4


def test_a_new_comment_shows_on_the_kept_goal_and_action_pages(
    coordinator_a_client, sent_back, staff_user, commit_pending
):
    plan, goal, action = sent_back
    commit_pending()
    urls = [
        f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/",
        f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/{action.pk}/",
    ]
    for url in urls:  # kept for this data version
        assert "Nog een vraag" not in _page(coordinator_a_client, url).get_text()
    ReviewComment.objects.create(plan=plan, action=action, author=staff_user, text="Nog een vraag")
    commit_pending()
    for url in urls:
        assert "Nog een vraag" in _page(coordinator_a_client, url).get_text(), url
