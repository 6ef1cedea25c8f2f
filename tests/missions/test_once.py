"""A double click creates one object: creation forms carry a one-time token (npz_registry.once);
the second post with the same token creates nothing and shows what the first one made."""

import re

import pytest

from missions.models import MultiYearPlan, PlanAction, PlanGoal, PlanIndicator, ReviewComment
from npz_registry.models import OnceToken

pytestmark = pytest.mark.django_db


def token(client, url) -> str:
    match = re.search(r'name="once" value="([^"]+)"', client.get(url).content.decode())
    assert match, f"no one-time token on {url}"
    return match.group(1)


def post_twice(client, url, data):
    data = {**data, "once": token(client, url)}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]  # the second shows what the first made
    return first


def test_a_double_click_creates_one_plan(coordinator_a_client, plan_setup):
    url = "/portaal/netwerken/test-a/plannen/nieuw/"
    post_twice(coordinator_a_client, url, {"period": plan_setup["period"].pk, "summary": "Prioriteiten"})
    assert MultiYearPlan.objects.count() == 1


def test_a_double_click_creates_one_goal_action_and_indicator(coordinator_a_client, make_plan, plan_setup):
    plan = make_plan()
    goal_data = {"theme": PlanGoal._meta.get_field("theme").related_model.objects.core().first().pk}
    goal_data.update({"title": "Doel", "delivery_mode": "BOTH", "target_zones": [plan_setup["zone"].pk]})
    post_twice(coordinator_a_client, f"/portaal/plannen/{plan.pk}/doelen/nieuw/", goal_data)
    assert PlanGoal.objects.filter(plan=plan, title="Doel").count() == 1
    goal = PlanGoal.objects.get(plan=plan, title="Doel")

    base = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    post_twice(coordinator_a_client, base + "acties/nieuw/", {"what": "Vormingen"})
    assert PlanAction.objects.filter(goal=goal).count() == 1
    post_twice(
        coordinator_a_client,
        base + "indicatoren/nieuw/",
        {"name": "Aantal vormingen", "unit": "aantal", "direction": "INCREASE"},
    )
    assert PlanIndicator.objects.filter(goal=goal).count() == 1


def test_a_double_click_adds_one_comment(staff_client, make_plan):
    plan = make_plan(submitted=True)
    once = token(staff_client, plan.get_absolute_url())
    data = {"text": "Graag concreter.", "once": once}
    for _ in range(2):
        staff_client.post(f"/portaal/plannen/{plan.pk}/commentaar/", data)
    assert ReviewComment.objects.filter(plan=plan).count() == 1


def test_a_form_without_token_still_creates(coordinator_a_client, plan_setup):
    url = "/portaal/netwerken/test-a/plannen/nieuw/"
    coordinator_a_client.post(url, {"period": plan_setup["period"].pk, "summary": "x"})
    assert MultiYearPlan.objects.count() == 1


@pytest.mark.parametrize("posted", ["a\x00b", "x" * 65, "<script>", "é"])
def test_a_token_the_registry_never_makes_is_no_token(coordinator_a_client, plan_setup, posted):
    """PostgreSQL refuses a NUL in a lookup (a server error, found by review): such a token is
    ignored, the form is saved once as without one, and the page gets a token of its own."""
    url = "/portaal/netwerken/test-a/plannen/nieuw/"
    response = coordinator_a_client.post(
        url, {"period": plan_setup["period"].pk, "summary": "S", "once": posted}
    )
    assert response.status_code == 302
    assert MultiYearPlan.objects.count() == 1 and not OnceToken.objects.exists()
    again = coordinator_a_client.post(url, {"period": "", "once": posted}).content.decode()
    assert re.search(r'name="once" value="[A-Za-z0-9_-]{32}"', again)
