"""What a screen reader hears on a plan's page, and the unsaved-text warning of the comment
and decision forms (found by review):

- each action's comment button, whose only visible text is "+", is named after its action, and
  each goal's after its goal (the page has one per goal and action);
- the "Add goal" link of each theme names its theme (five identical links before);
- the comment forms and a decision's confirmation page ask before their text is lost
  (data-warn-unsaved), with the script loaded outside the fragments the pages keep (its nonce
  is the request's); the browser tests are in tests/browser/test_portal_forms_browser.py."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

SCRIPT = 'script[src$="js/unsaved-changes.js"]'


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def accessible_text(element) -> str:
    """The text of ``element`` a screen reader reads: without what is aria-hidden."""
    copy = BeautifulSoup(str(element), "html.parser")
    for hidden in copy.select('[aria-hidden="true"]'):
        hidden.decompose()
    return " ".join(copy.get_text().split())


def test_each_comment_button_is_named_after_its_action_or_goal(make_plan, staff_client):
    plan = make_plan(in_review=True)
    page = _soup(staff_client.get(plan.get_absolute_url()))
    for goal in plan.goals.all():
        button = page.select_one(f'form:has(input[name="goal"][value="{goal.pk}"]) button')
        assert accessible_text(button) == f"Opmerking toevoegen: {goal.title}"
        for action in goal.actions.all():
            button = page.select_one(f'form:has(input[name="action"][value="{action.pk}"]) button')
            assert button.get_text(strip=True).startswith("+")  # what shows
            assert accessible_text(button) == f"Opmerking toevoegen: {action.what}"


def test_each_add_goal_link_names_its_theme(make_plan, coordinator_a_client):
    plan = make_plan(complete=True)
    page = _soup(coordinator_a_client.get(plan.get_absolute_url()))
    links = page.select('#goals a[href*="/doelen/nieuw/?theme="]')
    names = [accessible_text(link) for link in links]
    assert len(names) == len(set(names)) == 5
    assert "Doel toevoegen: Informeren en noden detecteren" in names
    assert all(name.startswith("Doel toevoegen") for name in names)  # the visible words first


def test_the_comment_forms_warn_before_their_text_is_lost(make_plan, staff_client, commit_pending):
    plan = make_plan(in_review=True)
    commit_pending()
    page = _soup(staff_client.get(plan.get_absolute_url()))
    forms = page.select('form:has([name="text"])')
    assert len(forms) == 1 + 5 + 5  # the plan's, one per goal, one per action
    assert all(form.has_attr("data-warn-unsaved") for form in forms)
    assert len(page.select(SCRIPT)) == 1


def test_a_plan_read_without_comment_forms_loads_no_warning_for_them(make_plan, coordinator_a_client):
    plan = make_plan(in_review=True)
    page = _soup(coordinator_a_client.get(plan.get_absolute_url()))
    assert not page.select("form[data-warn-unsaved]") and not page.select(SCRIPT)


@pytest.mark.parametrize(
    ("who", "slug"), [("staff_client", "wijzigingen-vragen"), ("coordinator_a_client", "intrekken")]
)
def test_a_decisions_comment_warns_before_it_is_lost(request, make_plan, who, slug):
    plan = make_plan(in_review=True) if slug != "intrekken" else make_plan(submitted=True)
    page = _soup(request.getfixturevalue(who).get(f"/portaal/plannen/{plan.pk}/{slug}/"))
    assert page.select_one("#confirm-form").has_attr("data-warn-unsaved")
    assert len(page.select(SCRIPT)) == 1
