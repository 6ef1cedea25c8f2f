"""Every URL we serve is either deliberately public or refuses outsiders.

A meta-test walks the URL patterns: a new named URL fails this module until it is listed
below, either as public (and then checked to answer an anonymous visitor) or with an
outsider case (a URL the anonymous visitor must be refused)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

#: Named URLs that are public on purpose, with a sample path an anonymous visitor may open.
PUBLIC = {
    "home": "/",
    "healthz": "/healthz",
    "favicon": None,  # a redirect to the static file; tests/test_layout.py
    "accessibility": "/toegankelijkheid/",
    "set_language": None,  # POST only; checked below
    "api-schema": "/api/v1/schema/",
    "api-docs": "/api/v1/docs/",
    "regional-care-zone-list": "/api/v1/regional-care-zones/",
    "regional-care-zone-detail": None,
    "primary-care-zone-list": "/api/v1/primary-care-zones/",
    "primary-care-zone-detail": None,
    "municipality-list": "/api/v1/municipalities/",
    "municipality-detail": None,
    "legacy-organisation-list": "/api/v1/legacy-organisations/",
    "legacy-organisation-detail": None,
    "network-list": "/api/v1/networks/",
    "network-detail": None,
    "municipality-network": None,
    "network-search": "/netwerk-zoeken/",
    "municipality-suggestions": "/netwerk-zoeken/gemeenten/?q=mol",
    "login": "/aanmelden/",
    "password_reset": "/wachtwoord-vergeten/",
    "password_reset_done": "/wachtwoord-vergeten/verstuurd/",
    "password_reset_confirm": None,  # needs a token: tests/test_login.py
    "password_reset_complete": "/wachtwoord-herstellen/klaar/",
    "oidc_authentication_init": None,  # 404 unless OIDC_ENABLED: tests/test_oidc.py
    "oidc_authentication_callback": None,
    "logout": None,  # POST only
}

#: Namespaces whose views check access themselves, with their own outsider tests.
PROTECTED_NAMESPACES = {
    "admin": "tests/networks/test_admin.py::test_admin_refuses_anonymous_users_coordinators_and_outsiders",
    "transition": "tests/transition/test_dashboard.py::test_coordinators_and_outsiders_are_refused",
    "missions": "tests/missions/test_matrix.py::test_outsiders_get_404_and_anonymous_users_log_in",
    "reports": "tests/reports/test_views.py::test_outsiders_get_404_and_anonymous_users_log_in",
}


STAFF_PAGES = [
    "/transition/",
    "/transition/financiering/",
    "/transition/mijlpalen/",
    "/transition/bestaande-organisaties/",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize("client_fixture", ["coordinator_a_client", "outsider_client"])
def test_staff_pages_refuse_logged_in_outsiders(request, client_fixture, path):
    assert request.getfixturevalue(client_fixture).get(path).status_code == 403


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_send_anonymous_visitors_to_login(anonymous_client, path):
    response = anonymous_client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")


def _named_patterns(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _named_patterns(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace, pattern.name


def test_every_named_url_is_public_on_purpose_or_protected():
    unclassified = sorted(
        name
        for namespace, name in _named_patterns()
        if namespace not in PROTECTED_NAMESPACES
        and name not in PUBLIC
        and not name.endswith("-format-suffix")
    )
    assert unclassified == [], "classify these URLs in tests/test_urls.py and test their outsider case"


@pytest.mark.parametrize("path", [path for path in PUBLIC.values() if path])
def test_public_pages_answer_an_anonymous_visitor(anonymous_client, path):
    assert anonymous_client.get(path).status_code == 200


def test_healthz_answers_ok(anonymous_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anonymous_client.get("/healthz")
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_language_can_be_switched_to_english_without_login(anonymous_client):
    response = anonymous_client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "Find your network" in response.content.decode()


def test_home_is_dutch_by_default(anonymous_client):
    assert "Vind uw netwerk" in anonymous_client.get("/").content.decode()
