"""What staff read while reviewing: a comment that starts the review says so, and the hint
"the plan can be submitted" is for who submits it."""

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from missions.models import SubmissionStatus
from tests.missions.factories import MultiYearPlanFactory

pytestmark = pytest.mark.django_db


def test_a_comment_on_a_submitted_plan_says_it_started_the_review(staff_client, network_a, settings):
    plan = MultiYearPlanFactory(network=network_a, submitted=True)
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_client.post(f"/portaal/plannen/{plan.pk}/commentaar/", {"text": "Graag meer detail."})
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.IN_REVIEW
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("review of the multi-year plan" in m and "has started" in m for m in said), said
    again = staff_client.post(f"/portaal/plannen/{plan.pk}/commentaar/", {"text": "Nog iets."})
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == "Comment added."


def test_only_who_submits_a_complete_plan_is_told_it_can_be_submitted(
    coordinator_a_client, staff_client, network_a
):
    plan = MultiYearPlanFactory(network=network_a, complete=True)
    with translation.override("nl-be"):
        assert 'id="plan-complete"' in coordinator_a_client.get(plan.get_absolute_url()).content.decode()
        assert 'id="plan-complete"' not in staff_client.get(plan.get_absolute_url()).content.decode()


def test_a_comment_on_an_action_returns_to_that_action(staff_client, network_a):
    plan = MultiYearPlanFactory(network=network_a, submitted=True)
    action = plan.goals.first().actions.first()
    response = staff_client.post(
        f"/portaal/plannen/{plan.pk}/commentaar/", {"text": "Wie doet dit?", "action": action.pk}
    )
    assert response.status_code == 302 and response.url.endswith(f"#action-{action.pk}")
    assert f'id="action-{action.pk}"' in staff_client.get(plan.get_absolute_url()).content.decode()
