"""What was typed in a form is never lost without a copy: a refused CSRF token (the page was open
too long, or the user logged in again in another tab) and a session that ended while the user
typed both answer with the error page that shows the typed texts, labelled, without the codes
and hidden values nobody typed, and a way back to the form."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.utils import translation

from missions.models import PlanGoal
from npz_registry import security
from npz_registry.templatetags.npz_layout import typed_input
from tests.missions.conftest import make_plan, plan_setup  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

DESCRIPTION = "Een lange beschrijving\nover twee regels, getypt voor de sessie verliep."


@pytest.fixture
def goal(make_plan):  # noqa: F811 - the fixture imported above
    return make_plan(complete=True).goals.first()


def goal_url(goal) -> str:
    return f"/portaal/plannen/{goal.plan_id}/doelen/{goal.pk}/"


def goal_data(goal, **extra) -> dict:
    return {
        "theme": goal.theme_id,
        "title": "Nieuwe titel",
        "description": DESCRIPTION,
        "delivery_mode": "BOTH",
        "first_line_role": "SUPPORTS",
        "version": goal.lock_version,
        **extra,
    }


def dutch(msgid: str, **values) -> str:
    with translation.override("nl-be"):
        return translation.gettext(msgid) % values


def typed_copy(response) -> list[tuple[str, str]]:
    """The page's copy of what was typed: (label, text) per read-only box."""
    soup = BeautifulSoup(response.content, "html.parser")
    boxes = soup.select("#typed-input textarea")
    assert all(box.has_attr("readonly") for box in boxes)
    return [
        (soup.select_one(f'label[for="{box["id"]}"]').get_text(strip=True), box.get_text()) for box in boxes
    ]


@pytest.mark.parametrize(
    "referer, back",
    [("http://testserver{path}", "{path}"), ("https://elders.example{path}", "/"), (None, "/")],
)
def test_a_stale_csrf_token_gets_the_dutch_page_with_what_was_typed(
    coordinator_a, goal, caplog, referer, back
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_a)
    path = goal_url(goal)
    assert client.get(path).status_code == 200  # sets the CSRF cookie
    headers = {"HTTP_REFERER": referer.format(path=path)} if referer else {}
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = client.post(path, goal_data(goal, csrfmiddlewaretoken="x" * 64), **headers)

    assert response.status_code == 403
    page = response.content.decode()
    assert 'lang="nl-be"' in page and "Er is niets bewaard. Wat u typte" in page
    assert "CSRF" not in page  # Django's reason is in the log only
    assert "CSRF token" in caplog.text
    assert typed_copy(response) == [
        (dutch("Typed text %(number)s", number=1), "Nieuwe titel"),
        (dutch("Typed text %(number)s", number=2), DESCRIPTION),
    ]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#main p:last-child a")["href"] == back.format(path=path)
    assert "no-store" in response["Cache-Control"]
    goal.refresh_from_db()
    assert goal.title != "Nieuwe titel"


@pytest.fixture
def clock(monkeypatch):
    """Stands in for time.time() in npz_registry.security: time-outs without waiting."""
    now = {"at": 1_000_000}
    monkeypatch.setattr(security.time, "time", lambda: now["at"])
    return now


def test_a_form_sent_after_the_session_ended_gets_the_page_with_what_was_typed(
    coordinator_a, goal, clock, settings
):
    client = Client()
    assert (
        client.post("/aanmelden/", {"username": "coord.a", "password": "secret-pass-123"}).status_code == 302
    )
    path = goal_url(goal)
    assert client.get(path).status_code == 200
    clock["at"] += settings.SESSION_IDLE_TIMEOUT + 1  # typing a long text does not count

    response = client.post(path, goal_data(goal), HTTP_REFERER=f"http://testserver{path}")

    assert response.status_code == 403  # not the redirect to the login, which drops the post
    assert "Er is niets bewaard. Wat u typte" in response.content.decode()
    assert [text for _label, text in typed_copy(response)] == ["Nieuwe titel", DESCRIPTION]
    login = BeautifulSoup(response.content, "html.parser").select_one("#main p:last-child a")
    assert login["href"] == f"/aanmelden/?next={path.replace('/', '%2F')}"
    assert login["target"] == "_blank"
    assert "no-store" in response["Cache-Control"]
    assert "_auth_user_id" not in client.session
    assert PlanGoal.objects.get(pk=goal.pk).title != "Nieuwe titel"
    # The login link leads back to the form's page.
    follow = client.post(login["href"], {"username": "coord.a", "password": "secret-pass-123"})
    assert follow.status_code == 302 and follow["Location"] == path
    # A post with nothing typed (logging out) goes to the login page as before.
    clock["at"] += settings.SESSION_IDLE_TIMEOUT + 1
    logout = client.post("/afmelden/", follow=True)
    assert logout.redirect_chain[0][0] == "/aanmelden/?next=/afmelden/"
    assert "Uw sessie is verlopen" in logout.content.decode()


def test_choice_codes_hidden_values_and_passwords_are_not_in_the_copy():
    request = RequestFactory().post(
        "/",
        {
            "theme": "3",
            "delivery_mode": "BOTH",
            "first_line_role": "FIRST_LINE",
            "aims": ["1", "2"],
            "consent": "on",
            "seen": "a1b2c3",
            "primary_care_zone": "kempen-noord",
            "action": "delete_selected",
            "_save": "Bewaren",
            "password": "geheim wachtwoord",
            "new_password1": "nog geheimer",
            "form-TOTAL_FORMS": "2",
            "description": "  Wat de coördinator typte  ",
            "notes": ["NPZ en OCMW samen", "   "],
        },
    )
    assert [item.text for item in typed_input(request)] == ["Wat de coördinator typte", "NPZ en OCMW samen"]


def test_a_form_of_numbers_sent_after_the_session_ended_is_not_dropped_at_the_login(
    coordinator_a,
    make_plan,  # noqa: F811 - the fixture imported above
    clock,
    settings,
):
    """A progress report with only values typed (found by review): the server found no text in
    it and sent the post to the login, which dropped it. Now the page says nothing was saved, and
    names the form's page for the browser's labelled copy (static/js/typed-input.js)."""
    from tests.missions.factories import YearlyProgressFactory

    progress = YearlyProgressFactory(plan=make_plan(approved=True))
    indicator = progress.plan.goals.first().indicators.first()
    client = Client()
    client.post("/aanmelden/", {"username": "coord.a", "password": "secret-pass-123"})
    path = progress.get_absolute_url()
    assert client.get(path).status_code == 200
    clock["at"] += settings.SESSION_IDLE_TIMEOUT + 1

    response = client.post(
        path,
        {f"actual_{indicator.pk}": "12", "version": progress.lock_version},
        HTTP_REFERER=f"http://testserver{path}",
    )

    assert response.status_code == 403
    section = BeautifulSoup(response.content, "html.parser").select_one("#typed-input")
    assert section["data-form-page"] == path and section.has_attr("hidden")  # no text to show here
    assert "js/typed-input.js" in response.content.decode()
    # A post without anything filled in (a button) still goes to the login.
    clock["at"] += settings.SESSION_IDLE_TIMEOUT + 1
    client.post("/aanmelden/", {"username": "coord.a", "password": "secret-pass-123"})
    clock["at"] += settings.SESSION_IDLE_TIMEOUT + 1
    assert client.post(path, {"version": progress.lock_version, "then": "save"}).status_code == 302
