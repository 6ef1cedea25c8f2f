"""The layout every page shares: the menu per role, breadcrumbs in the menu's words, the home
page's cards, the footer, the favicon and the accessibility statement."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.test import RequestFactory

from npz_registry.accessibility import AXE_CORE_VERSION

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def menu(response):
    return [link.get_text(strip=True) for link in soup_of(response).select(".app-nav .nav-link")]


def test_each_role_sees_its_own_menu(anonymous_client, staff_client, coordinator_a_client, outsider_client):
    assert menu(anonymous_client.get("/")) == ["Vind uw netwerk"]
    assert menu(coordinator_a_client.get("/")) == ["Vind uw netwerk", "Mijn netwerk", "Rapporten"]
    assert menu(outsider_client.get("/")) == ["Vind uw netwerk", "Rapporten"]
    assert menu(staff_client.get("/")) == [
        "Vind uw netwerk",
        "Beoordeling",
        "Opdrachten",
        "Transitie",
        "Rapporten",
        "Beheer",
    ]


def test_the_back_office_is_offered_only_to_who_finds_something_in_it(client, staff_client):
    """A staff account without any permission yet (no group) found an empty back office behind
    the menu entry and the home page's card (found by review)."""
    from tests.networks.factories import UserFactory

    client.force_login(UserFactory(username="nog-geen-groep", is_staff=True))
    bare = client.get("/")
    assert "Beheer" not in menu(bare) and "/admin/" not in bare.content.decode()
    home = staff_client.get("/")
    assert "Beheer" in menu(home) and soup_of(home).select_one('.card a[href="/admin/"]') is not None


def test_the_menu_marks_the_section_of_the_page(staff_client):
    current = soup_of(staff_client.get("/transition/financiering/")).select(".app-nav [aria-current=page]")
    assert [link.get_text(strip=True) for link in current] == ["Transitie"]


def test_anonymous_visitors_get_a_login_link_and_logged_in_users_a_logout_button(
    anonymous_client, staff_client
):
    anonymous = soup_of(anonymous_client.get("/netwerk-zoeken/"))
    assert anonymous.select_one(".gov-band a.account-link")["href"] == "/aanmelden/?next=/netwerk-zoeken/"
    staff = soup_of(staff_client.get("/"))
    assert staff.select_one(".gov-band .account-name").get_text() == "Sam Staff"
    assert staff.select_one(".gov-band form")["action"] == "/afmelden/"


def render_breadcrumbs(source, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return BeautifulSoup(
        Template("{% load npz_layout %}" + source).render(Context({"request": request, **context})),
        "html.parser",
    )


def test_breadcrumbs_start_with_the_words_of_the_menu(coordinator_a):
    html = render_breadcrumbs(
        '{% breadcrumbs "portal" %}{% crumb "/portaal/plannen/1/" %}Plan <b>2027</b>{% endcrumb %}'
        "{% crumb %}{{ title }}{% endcrumb %}{% endbreadcrumbs %}",
        coordinator_a,
        title="Algemeen & doelen",
    )
    items = html.select(".breadcrumb li")
    assert [item.get_text() for item in items] == ["Mijn netwerk", "Plan 2027", "Algemeen & doelen"]
    assert items[0].a["href"] == "/portaal/"
    assert items[1].a["href"] == "/portaal/plannen/1/"
    assert items[2].get("aria-current") == "page" and items[2].a is None


def test_breadcrumbs_refuse_a_section_the_menu_does_not_have(coordinator_a):
    with pytest.raises(TemplateSyntaxError):
        render_breadcrumbs('{% breadcrumbs "portaal" %}{% endbreadcrumbs %}', coordinator_a)


def test_only_back_office_users_see_the_back_office_card(
    anonymous_client, coordinator_a_client, staff_client
):
    def cards(client):
        return [h2.get_text(strip=True) for h2 in soup_of(client.get("/")).select("main .card h2")]

    assert "Medewerkers van het departement" not in cards(anonymous_client)
    assert "Medewerkers van het departement" not in cards(coordinator_a_client)
    assert "Mijn netwerk" in cards(coordinator_a_client)
    assert "Medewerkers van het departement" in cards(staff_client)


def test_pages_carry_no_inline_script_or_style(staff_client):
    """A Content-Security-Policy without 'unsafe-inline' must not break them."""
    for path in ("/", "/transition/", "/transition/financiering/", "/toegankelijkheid/", "/api/v1/docs/"):
        html = staff_client.get(path).content.decode()
        assert not re.search(r"\son[a-z]+=", html), path
        assert " style=" not in html, path
        assert all(script.get("src") for script in BeautifulSoup(html, "html.parser").select("script")), path
    assert " style=" not in render_to_string("500.html")


def test_the_footer_switches_language_with_one_button_per_language(anonymous_client):
    footer = soup_of(anonymous_client.get("/")).select_one("footer")
    assert footer.select_one(".language-current").get_text() == "Nederlands"
    button = footer.select_one("button[name=language]")
    assert (button["value"], button["lang"], button.get_text()) == ("en", "en", "English")
    response = anonymous_client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert soup_of(response).html["lang"] == "en"


def test_favicon_answers_at_the_address_browsers_ask(anonymous_client, settings):
    response = anonymous_client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_the_accessibility_statement_is_public_and_linked_from_every_page(anonymous_client, settings):
    settings.NPZ_ACCESSIBILITY_CONTACT = "toegankelijkheid@example.invalid"
    home = soup_of(anonymous_client.get("/"))
    assert home.select_one("footer a[href='/toegankelijkheid/']")
    statement = soup_of(anonymous_client.get("/toegankelijkheid/"))
    text = statement.get_text(" ", strip=True)
    assert "WCAG" in text and "2.1" in text and "AA" in text
    assert f"axe-core {AXE_CORE_VERSION}" in text
    assert statement.select_one("a[href='mailto:toegankelijkheid@example.invalid']")


def test_the_statement_names_the_axe_version_the_browser_tests_run():
    vendored = Path(__file__).parent / "browser" / "vendor" / "axe.min.js"
    header = vendored.read_text(encoding="utf-8")[:40]
    assert f"axe v{AXE_CORE_VERSION}" in header


def test_filter_selects_have_a_real_empty_label(staff_client):
    from tests.transition.factories import FundingFactory

    FundingFactory()
    for path in ("/beoordeling/", "/transition/financiering/", "/transition/mijlpalen/"):
        html = staff_client.get(path).content.decode()
        assert "---------" not in html, path
