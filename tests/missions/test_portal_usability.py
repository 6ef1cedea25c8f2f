"""Usability of the portal's forms (found by review as coordinator.a):

- a delete asks first, on a page naming the part and, for a goal, the actions and indicators
  that go with it; only its POST deletes, and the message names what was deleted;
- the edit forms tell the browser not to restore what was typed when the user goes back to
  them (after a save, the restored values with a fresh one-time token saved a duplicate; the
  browser test is tests/browser/test_portal_forms_browser.py);
- a refused save loads the script that puts the focus on the error summary;
- a cell of the missions matrix offers no level that removes the theme (always refused)."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders

from missions.models import PlanAction, PlanGoal, PlanIndicator, RegionalIntensity
from tests.missions.conftest import advance
from tests.missions.factories import make_themes

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _delete_url(plan, kind, item):
    return f"/portaal/plannen/{plan.pk}/verwijderen/{kind}/{item.pk}/"


def _confirmation(client, url) -> tuple[BeautifulSoup, dict]:
    """The page that asks, and the data its form sends."""
    response = client.get(url)
    assert response.status_code == 200
    soup = _soup(response)
    form = soup.select_one("#delete-form")
    assert form.get("method") == "post" and not form.get("action")  # posts to the same address
    return soup, {tag["name"]: tag["value"] for tag in form.select("input[type=hidden]")}


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_goal_is_deleted_only_after_a_page_naming_its_actions_and_indicators(
    make_plan, coordinator_a_client
):
    client = _english(coordinator_a_client)
    plan = make_plan(complete=True)
    goal = plan.goals.order_by("pk").first()
    second = PlanAction.objects.create(goal=goal, what="Tweede actie")
    url = _delete_url(plan, "doel", goal)

    soup, data = _confirmation(client, url)

    assert PlanGoal.objects.filter(pk=goal.pk).exists()  # asking deletes nothing
    assert soup.select_one("h1").get_text() == f"Delete goal “{goal.title}”?"
    assert "With it go 2 actions and 1 indicator:" in soup.get_text()
    parts = [li.get_text(strip=True) for li in soup.select("#delete-parts li")]
    first = goal.actions.order_by("pk").first()
    assert parts == [
        f"Action: {first.what}",
        f"Action: {second.what}",
        f"Indicator: {goal.indicators.get().name}",
    ]
    cancel = soup.select_one("#delete-form a")["href"]
    assert cancel == f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"

    response = client.post(url, data, follow=True)

    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert not PlanGoal.objects.filter(pk=goal.pk).exists()
    assert not PlanAction.objects.filter(goal_id=goal.pk).exists()
    assert _messages(response) == [f"Goal “{goal.title}” deleted, with 2 actions and 1 indicator."]


def test_a_goal_without_parts_says_so(make_plan, coordinator_a_client):
    client = _english(coordinator_a_client)
    plan = make_plan(complete=True)
    goal = plan.goals.order_by("pk").first()
    goal.actions.all().delete()
    goal.indicators.all().delete()
    url = _delete_url(plan, "doel", goal)

    soup, data = _confirmation(client, url)
    assert "The goal has no actions or indicators." in soup.get_text()
    assert not soup.select("#delete-parts")
    assert _messages(client.post(url, data, follow=True)) == [f"Goal “{goal.title}” deleted."]


@pytest.mark.parametrize(
    ("kind", "model", "word"), [("actie", PlanAction, "action"), ("indicator", PlanIndicator, "indicator")]
)
def test_an_action_or_indicator_is_deleted_after_a_page_naming_it(
    make_plan, coordinator_a_client, kind, model, word
):
    client = _english(coordinator_a_client)
    plan = make_plan(complete=True)
    goal = plan.goals.order_by("pk").first()
    item = model.objects.filter(goal=goal).first()
    url = _delete_url(plan, kind, item)

    soup, data = _confirmation(client, url)

    assert model.objects.filter(pk=item.pk).exists()
    assert soup.select_one("h1").get_text() == f"Delete {word} “{item}”?"
    assert not soup.select("#delete-parts")
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    assert not model.objects.filter(pk=item.pk).exists()
    assert _messages(response) == [f"{word.capitalize()} “{item}” deleted."]


def test_the_goal_page_deletes_nothing_itself_it_links_to_the_question(make_plan, coordinator_a_client):
    plan = make_plan(complete=True)
    goal = plan.goals.order_by("pk").first()
    soup = _soup(coordinator_a_client.get(f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"))
    assert not [form for form in soup.select("form") if "/verwijderen/" in form.get("action", "")]
    assert not soup.select("[formaction*='/verwijderen/']")
    links = {a["href"] for a in soup.select("a[href*='/verwijderen/']")}
    assert links == {
        _delete_url(plan, "doel", goal),
        _delete_url(plan, "actie", goal.actions.get()),
        _delete_url(plan, "indicator", goal.indicators.get()),
    }


def test_a_goal_changed_after_the_question_was_asked_is_not_deleted(make_plan, coordinator_a_client):
    plan = make_plan(complete=True)
    goal = plan.goals.order_by("pk").first()
    url = _delete_url(plan, "doel", goal)
    _soup, data = _confirmation(coordinator_a_client, url)
    PlanAction.objects.create(goal=goal, what="Intussen toegevoegd")  # nobody saw it

    coordinator_a_client.post(url, data)

    assert PlanGoal.objects.filter(pk=goal.pk).exists()
    assert goal.actions.filter(what="Intussen toegevoegd").exists()


def test_the_question_is_not_asked_outside_the_scope_or_on_a_plan_that_cannot_change(
    make_plan, coordinator_a_client, coordinator_b_client, outsider_client, coordinator_a
):
    plan = make_plan(complete=True)
    goal = plan.goals.order_by("pk").first()
    url = _delete_url(plan, "doel", goal)
    assert coordinator_b_client.get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404
    assert (
        coordinator_a_client.get(f"/portaal/plannen/{plan.pk}/verwijderen/iets/{goal.pk}/").status_code == 404
    )

    advance(plan, "submit", by=coordinator_a)
    assert coordinator_a_client.get(url).status_code == 403
    assert PlanGoal.objects.filter(pk=goal.pk).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/portaal/plannen/{plan}/algemeen/",
        "/portaal/plannen/{plan}/doelen/nieuw/",
        "/portaal/plannen/{plan}/doelen/{goal}/",
        "/portaal/plannen/{plan}/doelen/{goal}/acties/nieuw/",
        "/portaal/plannen/{plan}/doelen/{goal}/acties/{action}/",
        "/portaal/plannen/{plan}/doelen/{goal}/indicatoren/nieuw/",
        "/portaal/netwerken/test-a/opdrachten/kempen/{theme}/",
    ],
)
def test_the_edit_forms_ask_the_browser_not_to_restore_what_was_typed(make_plan, coordinator_a_client, path):
    plan = make_plan(complete=True)
    goal = plan.goals.order_by("pk").first()
    path = path.format(plan=plan.pk, goal=goal.pk, action=goal.actions.get().pk, theme=goal.theme.code)
    path = path.replace("/portaal/netwerken/", "/netwerken/")
    response = coordinator_a_client.get(path)
    assert response.status_code == 200, path
    [form] = _soup(response).select("main form[method=post]:has(button[type=submit].btn-primary)")
    assert form["autocomplete"] == "off"


def test_a_refused_save_loads_the_script_that_focuses_the_error_summary(make_plan, coordinator_a_client):
    plan = make_plan(complete=True)
    goal = plan.goals.order_by("pk").first()
    url = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/nieuw/"
    script = "script[src$='/js/error-summary.js']"
    assert not _soup(coordinator_a_client.get(url)).select(script)  # nothing to focus

    refused = coordinator_a_client.post(url, {"what": ""})

    soup = _soup(refused)
    assert refused.status_code == 200 and soup.select_one("#error-summary[tabindex='-1']")
    [tag] = soup.select(script)
    assert tag.get("nonce") and tag.has_attr("defer")
    source = Path(finders.find("js/error-summary.js")).read_text(encoding="utf-8")
    assert 'getElementById("error-summary")' in source and ".focus()" in source


def _level_options(client, url) -> list[tuple[str, str]]:
    options = _soup(client.get(url)).select("#id_level option")
    return [(option["value"], option.get_text(strip=True)) for option in options]


def test_a_cell_offers_no_level_that_removes_the_theme(plan_setup, network_a, coordinator_a_client):
    client = _english(coordinator_a_client)
    theme = make_themes()[0]
    url = f"/netwerken/{network_a.code}/opdrachten/{plan_setup['zone'].code}/{theme.code}/"

    # Not set yet: an empty line asks for a level (sent anyway, the service says why not).
    new = _level_options(client, url)
    assert new[0] == ("", "— choose a level —")
    assert [value for value, _label in new[1:]] == ["1", "2", "3"]
    refused = client.post(url, {"level": "", "delivery_emphasis": "BOTH"})
    assert "Every theme stays present in every zone" in refused.content.decode()
    assert not RegionalIntensity.objects.exists()

    assert (
        client.post(url, {"level": "2", "delivery_emphasis": "BOTH", "justification": "Zo"}).status_code
        == 302
    )
    # Set: only the levels, the stored one chosen; nothing offers to remove the theme.
    assert [value for value, _label in _level_options(client, url)] == ["1", "2", "3"]
    assert _soup(client.get(url)).select_one("#id_level option[selected]")["value"] == "2"
    assert "remove" not in str(_soup(client.get(url)).select_one("#id_level"))
