"""Hardened settings and headers: the Content-Security-Policy on every HTML page (public, logged in,
admin, error pages) with a nonce and nothing the policy would block in our own pages; HTTPS
hardening on by default in production; session time-outs; CSRF checks; the schema race."""

import importlib.util
import re
import threading

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from npz_registry import security
from tests.test_urls import CASES, PUBLIC

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9+/=]{16,})'")


def blocked_by_policy(html: str) -> list[str]:
    """What a browser would refuse in this page under our policy: inline handlers, style
    attributes, and inline scripts or styles without the nonce."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        found += [f"<{tag.name} {name}>" for name in tag.attrs if name == "style" or name.startswith("on")]
        inline_code = tag.name in {"script", "style"} and not tag.get("src") and not tag.get("nonce")
        if inline_code and tag.get("type") != "application/json":
            found.append(f"<{tag.name}> without nonce")
    return found


def assert_csp_with_nonce(response):
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    match = NONCE.search(policy)
    assert match, policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    return match.group(1)


@pytest.mark.parametrize(
    "path",
    [
        case.path
        for case in CASES.values()
        if case.kind == PUBLIC and (not case.path.startswith("/api/v1/") or case.path == "/api/v1/docs/")
    ],
)
def test_public_pages_carry_a_csp_nonce_and_nothing_it_would_block(anonymous_client, path):
    response = anonymous_client.get(path)
    if response["Content-Type"].startswith("text/html"):
        assert_csp_with_nonce(response)
        assert blocked_by_policy(response.content.decode()) == []


def test_each_response_gets_its_own_nonce_and_pages_use_it(anonymous_client):
    first = assert_csp_with_nonce(anonymous_client.get("/api/v1/docs/"))
    second = anonymous_client.get("/api/v1/docs/")
    assert first != assert_csp_with_nonce(second)
    assert f'nonce="{assert_csp_with_nonce(second)}"' in second.content.decode()


STAFF_PAGES = [
    "/",
    "/transition/",
    "/transition/financiering/",
    "/opdrachten/",
    "/beoordeling/",
    "/rapporten/",
    "/netwerken/test-a/opdrachten/",
    "/rapporten/netwerken/test-a/",
    "/rapporten/vlaanderen/",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/networks/network/",
    "/admin/networks/network/add/",
    "/admin/networks/person/",
    "/admin/networks/municipality/import/",
]


COORDINATOR_PAGES = ["/portaal/", "/netwerken/test-a/opdrachten/", "/rapporten/"]


@pytest.mark.parametrize(
    "client_fixture, path",
    [("staff_client", path) for path in STAFF_PAGES]
    + [("coordinator_a_client", path) for path in COORDINATOR_PAGES],
)
def test_logged_in_pages_carry_a_csp_nonce_and_nothing_it_would_block(
    request, network_a, client_fixture, path
):
    response = request.getfixturevalue(client_fixture).get(path)
    assert response.status_code == 200
    assert_csp_with_nonce(response)
    assert blocked_by_policy(response.content.decode()) == []


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_carry_a_csp_nonce(staff_client, network_a, path):
    response = staff_client.get(path)
    assert response.status_code == 200
    assert_csp_with_nonce(response)


def test_the_user_admin_of_a_superuser_carries_a_csp_nonce(admin_client, coordinator_a):
    assert_csp_with_nonce(admin_client.get("/admin/auth/user/"))
    assert_csp_with_nonce(admin_client.get(f"/admin/auth/user/{coordinator_a.pk}/change/"))


def test_error_pages_carry_a_csp_nonce(anonymous_client, coordinator_b_client, monkeypatch):
    assert_csp_with_nonce(anonymous_client.get("/bestaat-niet/"))
    assert_csp_with_nonce(coordinator_b_client.get("/transition/"))  # 403

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("npz_registry.views.render", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert_csp_with_nonce(response)
    assert blocked_by_policy(response.content.decode()) == []


def test_json_answers_carry_the_policy_without_a_nonce(anonymous_client):
    response = anonymous_client.get("/api/v1/regional-care-zones/", HTTP_ACCEPT="application/json")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "nonce-" not in response["Content-Security-Policy"]


def production_settings(monkeypatch, **env):
    """The settings module as production would load it, with only these variables set."""
    for name in list(__import__("os").environ):
        if name.startswith(("SECURE_", "SESSION_", "CSRF_", "DEBUG", "ALLOWED_HOSTS", "OIDC_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NPZ_READ_ENV_FILE", "false")
    env = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "npz.example", **env}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("production_settings", "npz_registry/settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_production_defaults_turn_on_https_hardening(monkeypatch):
    prod = production_settings(monkeypatch)
    assert prod.SECURE_SSL_REDIRECT and prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
    assert (
        prod.SECURE_HSTS_SECONDS >= 31536000
        and prod.SECURE_HSTS_INCLUDE_SUBDOMAINS
        and prod.SECURE_HSTS_PRELOAD
    )
    assert prod.SESSION_COOKIE_AGE == prod.SESSION_ABSOLUTE_TIMEOUT <= 12 * 3600
    assert (
        prod.OIDC_ENABLED is False and "npz_registry.oidc.AcmIdmBackend" not in prod.AUTHENTICATION_BACKENDS
    )


def test_local_http_serving_can_turn_the_https_hardening_off(monkeypatch):
    prod = production_settings(
        monkeypatch,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    assert not (prod.SECURE_SSL_REDIRECT or prod.SESSION_COOKIE_SECURE or prod.CSRF_COOKIE_SECURE)
    assert prod.SECURE_HSTS_SECONDS == 0


def test_oidc_switched_on_without_its_endpoints_fails_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_TOKEN_ENDPOINT"):
        production_settings(monkeypatch, OIDC_ENABLED="true", OIDC_RP_CLIENT_ID="npz")


class Clock:
    """Stands in for time.time() in npz_registry.security, so time-outs are tested without waiting."""

    def __init__(self, monkeypatch, start=1_000_000):
        self.now = start
        monkeypatch.setattr(security.time, "time", lambda: self.now)


@pytest.fixture
def logged_in(monkeypatch, coordinator_a):
    clock = Clock(monkeypatch)
    client = Client()
    assert (
        client.post("/aanmelden/", {"username": "coord.a", "password": "secret-pass-123"}).status_code == 302
    )
    return client, clock


def test_a_session_ends_after_the_idle_timeout(logged_in, settings):
    client, clock = logged_in
    clock.now += settings.SESSION_IDLE_TIMEOUT - 5
    assert client.get("/portaal/").status_code == 200
    clock.now += settings.SESSION_IDLE_TIMEOUT - 5  # active just in time: still in
    assert client.get("/portaal/").status_code == 200
    clock.now += settings.SESSION_IDLE_TIMEOUT + 1
    response = client.get("/portaal/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/aanmelden/?next=/portaal/")
    assert "Uw sessie is verlopen" in response.content.decode()


def test_a_session_ends_after_the_absolute_timeout_however_active(logged_in, settings):
    client, clock = logged_in
    while clock.now < 1_000_000 + settings.SESSION_ABSOLUTE_TIMEOUT - settings.SESSION_IDLE_TIMEOUT:
        clock.now += settings.SESSION_IDLE_TIMEOUT - 5
        assert client.get("/portaal/").status_code == 200
    clock.now = 1_000_000 + settings.SESSION_ABSOLUTE_TIMEOUT + 1
    assert client.get("/portaal/").status_code == 302


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_login_without_csrf_token_is_refused(csrf_client, coordinator_a):
    response = csrf_client.post("/aanmelden/", {"username": "coord.a", "password": "secret-pass-123"})
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_login_with_the_form_csrf_token_succeeds(csrf_client, coordinator_a):
    page = csrf_client.get("/aanmelden/")
    token = BeautifulSoup(page.content, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})["value"]
    response = csrf_client.post(
        "/aanmelden/", {"username": "coord.a", "password": "secret-pass-123", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_logged_in_post_without_csrf_token_changes_nothing(csrf_client, coordinator_a, network_a):
    from missions.models import MultiYearPlan

    csrf_client.force_login(coordinator_a)
    response = csrf_client.post(f"/portaal/netwerken/{network_a.code}/plannen/nieuw/", {"period": "1"})
    assert response.status_code == 403
    assert not MultiYearPlan.objects.exists()


def _fresh_extensions(monkeypatch):
    """Put drf-spectacular's extensions back as a fresh process has them (target classes as
    dotted paths, loaded on first use): the state in which parallel first requests raced."""
    from drf_spectacular.extensions import (
        OpenApiAuthenticationExtension,
        OpenApiFilterExtension,
        OpenApiSerializerExtension,
        OpenApiSerializerFieldExtension,
        OpenApiViewExtension,
    )

    for base in (
        OpenApiAuthenticationExtension,
        OpenApiFilterExtension,
        OpenApiSerializerExtension,
        OpenApiSerializerFieldExtension,
        OpenApiViewExtension,
    ):
        for extension in base._registry:
            target = extension.target_class
            if isinstance(target, type):
                monkeypatch.setattr(extension, "target_class", f"{target.__module__}.{target.__qualname__}")


def test_parallel_first_requests_for_the_schema_all_succeed(monkeypatch):
    from npz_registry import api

    monkeypatch.setattr(api, "_schemas", {})
    _fresh_extensions(monkeypatch)
    barrier = threading.Barrier(4)
    statuses = []

    def fetch():
        client = Client()
        barrier.wait()
        statuses.append(client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").status_code)

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 4
    assert len(api._schemas) == 1  # generated once


def test_the_web_server_refuses_to_start_without_a_secret_key(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("NPZ_COMMAND_LINE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        production_settings(monkeypatch, SECRET_KEY="")


def test_a_command_without_a_secret_key_gets_a_key_for_that_run_only(monkeypatch):
    monkeypatch.setenv("NPZ_COMMAND_LINE", "true")
    first = production_settings(monkeypatch, SECRET_KEY="").SECRET_KEY
    second = production_settings(monkeypatch, SECRET_KEY="").SECRET_KEY
    assert len(first) >= 50 and first != second and "insecure" not in first
