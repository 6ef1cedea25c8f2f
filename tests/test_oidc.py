"""Login through ACM/IDM with OpenID Connect, against a mock provider on loopback
(oidc-provider-mock, started here on a free port): the claims map to the staff group and to the
right network's coordinator role; the mapping itself; off by default."""

import warnings
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import get_user_model

from networks.models import NetworkRole, Person
from networks.rules import is_department_staff
from npz_registry.oidc import rights_from_claims
from tests.networks.factories import NetworkFactory

ROLES = "npzregister_rol_3d"
STAFF_SUB = "acm-person-staff"
COORDINATOR_SUB = "acm-person-coordinator"
MOCK_CLAIMS = {
    STAFF_SUB: {
        "given_name": "An",
        "family_name": "Peeters",
        "email": "an.peeters@vlaanderen.invalid",
        ROLES: ["NPZMedewerker:OVO003361"],
    },
    COORDINATOR_SUB: {
        "given_name": "Jan",
        "family_name": "Claes",
        "email": "jan.claes@netwerk.invalid",
        ROLES: ["NPZCoordinator-test-a:0123456749", "AndereToepassing:0123456749"],
    },
}


@pytest.fixture(scope="module")
def provider():
    import authlib.deprecate  # noqa: F401  (installs authlib's "always" filter; ours must come after it)

    with warnings.catch_warnings():  # the mock uses authlib APIs that authlib deprecates
        warnings.simplefilter("ignore")
        from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub=sub, claims=claims) for sub, claims in MOCK_CLAIMS.items()]
    with run_server_in_thread(port=0, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc_on(settings, provider):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "npz-registry"
    settings.OIDC_RP_CLIENT_SECRET = "test-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_STAFF_ORGANISATION = "OVO003361"
    settings.OIDC_VERIFY_KID = False  # the mock signs with one key that has no "kid"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "npz_registry.oidc.AcmIdmBackend",
        "rules.permissions.ObjectPermissionBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    return settings


def login_through_provider(client, sub, next_url="/portaal/"):
    """The browser's round trip: our login link, the provider's consent form (the mock's "sub"
    field stands for the person logging in at ACM/IDM), back to our callback."""
    start = client.get("/aanmelden/acm-idm/", {"next": next_url})
    assert start.status_code == 302
    authorize = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=10)
    assert authorize.status_code == 302, authorize.text
    callback = urlparse(authorize.headers["Location"])
    assert callback.path == "/aanmelden/acm-idm/terug/"
    return client.get(callback.path, {key: values[0] for key, values in parse_qs(callback.query).items()})


@pytest.mark.django_db
def test_a_coordinator_logs_in_through_acm_idm_and_gets_their_network(oidc_on, client, network_a):
    NetworkFactory(code="test-b")
    response = login_through_provider(client, COORDINATOR_SUB)
    assert response.status_code == 302 and response["Location"] == "/portaal/"

    user = get_user_model().objects.get(username=f"acm-{COORDINATOR_SUB}")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert list(NetworkRole.objects.filter(user=user).values_list("network__code", flat=True)) == ["test-a"]
    assert not is_department_staff(user) and not user.is_staff
    assert not user.has_usable_password()
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.email) == (
        "Jan",
        "Claes",
        "jan.claes@netwerk.invalid",
    )
    assert user.get_full_name() == "Jan Claes"
    assert client.get("/portaal/").status_code == 200


@pytest.mark.django_db
def test_department_staff_log_in_through_acm_idm_into_the_staff_group(oidc_on, client):
    login_through_provider(client, STAFF_SUB, next_url="/transition/")
    user = get_user_model().objects.get(username=f"acm-{STAFF_SUB}")
    assert is_department_staff(user) and user.is_staff
    assert not NetworkRole.objects.filter(user=user).exists()
    assert client.get("/transition/").status_code == 200


@pytest.mark.django_db
def test_a_right_withdrawn_in_acm_idm_is_withdrawn_at_the_next_login(oidc_on, client, provider, network_a):
    login_through_provider(client, COORDINATOR_SUB)
    user = get_user_model().objects.get(username=f"acm-{COORDINATOR_SUB}")
    claims = dict(MOCK_CLAIMS[COORDINATOR_SUB])
    try:
        claims[ROLES] = []
        requests.put(f"{provider}/users/{COORDINATOR_SUB}", json=claims, timeout=10).raise_for_status()
        client.logout()
        login_through_provider(client, COORDINATOR_SUB)
    finally:
        claims[ROLES] = MOCK_CLAIMS[COORDINATOR_SUB][ROLES]
        requests.put(f"{provider}/users/{COORDINATOR_SUB}", json=claims, timeout=10).raise_for_status()
    assert get_user_model().objects.filter(pk=user.pk).count() == 1  # same account, matched on the subject
    assert not NetworkRole.objects.filter(user=user).exists()
    assert NetworkRole.history.filter(user_id=user.pk, history_type="-").exists()


@pytest.mark.django_db
def test_acm_idm_pages_answer_404_while_oidc_is_off(client):
    assert client.get("/aanmelden/acm-idm/").status_code == 404
    assert client.get("/aanmelden/acm-idm/terug/?code=x&state=y").status_code == 404


@pytest.mark.django_db
def test_the_login_page_offers_acm_idm_when_it_is_on(oidc_on, client):
    assert 'href="/aanmelden/acm-idm/' in client.get("/aanmelden/").content.decode()


@pytest.mark.django_db
def test_a_callback_with_a_forged_state_logs_nobody_in(oidc_on, client):
    client.get("/aanmelden/acm-idm/")
    response = client.get("/aanmelden/acm-idm/terug/", {"code": "x", "state": "forged"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values, staff, networks",
    [
        (["NPZMedewerker:OVO003361"], True, set()),
        (["NPZMedewerker:OVO999999"], False, set()),  # another organisation's staff
        (["NPZCoordinator-test-a:0123456749"], False, {"test-a"}),
        (["NPZCoordinator:0987.654.321"], False, {"test-b"}),  # by enterprise number
        ("NPZCoordinator-test-a:x, NPZCoordinator-test-b:y", False, {"test-a", "test-b"}),
        (["NPZCoordinator-unknown:x", "Other:OVO003361", ""], False, set()),
        (None, False, set()),
    ],
)
def test_claims_map_to_staff_and_networks(settings, values, staff, networks):
    settings.OIDC_STAFF_ORGANISATION = "OVO003361"
    NetworkFactory(code="test-a", enterprise_number="0123456749")
    NetworkFactory(code="test-b", enterprise_number="0987654321")
    rights = rights_from_claims({"sub": "x", ROLES: values})
    assert rights.is_staff is staff
    assert rights.network_codes == networks


@pytest.mark.django_db
def test_unknown_networks_and_roles_are_reported_as_ignored(settings):
    rights = rights_from_claims({ROLES: ["NPZCoordinator-nowhere:x", "Other:y"]})
    assert set(rights.ignored) == {"nowhere", "Other:y"}
