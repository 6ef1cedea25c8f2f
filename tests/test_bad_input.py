"""No input produces a server error: odd query strings and unknown ids on every kind of page,
numbers too large for any column in every admin list filter and lookup, and the open data API's
parameters answered with a 400 that says what is wrong."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from networks.models import Network
from tests.networks.factories import UserFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"

URLS = [
    "/netwerk-zoeken/?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "/netwerk-zoeken/?q=13025&as_of=2027-02-30",
    "/netwerk-zoeken/gemeenten/?q=" + "x" * 500,
    "/api/v1/networks/?as_of=gisteren",
    "/api/v1/municipalities/?as_of=0000-00-00",
    "/api/v1/municipalities/abc/network/",
    "/api/v1/municipalities/?page=999",
    "/transition/?as_of=99999-01-01",
    "/transition/?as_of=",
    "/portaal/plannen/999999/",
    "/portaal/plannen/999999/versies/?van=abc&naar=-1",
    "/netwerken/onbekend/opdrachten/",
    "/netwerken/test-a/opdrachten/onbekend/informeren/",
    "/beoordeling/?status=BESTAAT_NIET&network=abc&period=-1",
    f"/beoordeling/?network={HUGE}&period={HUGE}",
    f"/transition/financiering/?year={HUGE}&kind={HUGE}&o={HUGE}",
    f"/transition/mijlpalen/?network={HUGE}&o=-{HUGE}",
    f"/transition/bestaande-organisaties/?zone={HUGE}&kind=%00",
    f"/portaal/plannen/{HUGE}/versies/?van={HUGE}&naar=-{HUGE}",
    "/rapporten/vlaanderen.pdf?as_of=nonsense",
    "/rapporten/netwerken/onbekend.pdf",
    "/admin/networks/network/?as_of=zzz",
]


@pytest.mark.parametrize("url", URLS)
def test_odd_input_never_gives_a_server_error(staff_client, network_a, url):
    response = staff_client.get(url)
    assert response.status_code < 500, url


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        (f"networks/?as_of={HUGE}", 400, "as_of"),
        ("regional-care-zones/?kind=bogus", 400, "kind"),
        ("municipalities/?province=%00", 400, "province"),
        ("municipalities/?regional_care_zone=%00", 400, "regional_care_zone"),
        (f"municipalities/?page={HUGE}", 404, "detail"),
        (f"municipalities/?page_size={HUGE}", 200, "results"),
    ],
)
def test_api_parameters_out_of_range_get_a_clear_answer(anonymous_client, query, status, says):
    response = anonymous_client.get("/api/v1/" + query)
    assert response.status_code == status
    assert says in response.json()


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def list_filter_lookups():
    """(changelist URL, lookup) for every list filter of every admin that filters on a field
    (a relation, a number, a date's year), plus every foreign key of its model."""
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        lookups = {
            f if isinstance(f, str) else f[0] for f in model_admin.list_filter if not isinstance(f, type)
        }
        lookups |= {f.name for f in model._meta.fields if f.is_relation}
        if model_admin.date_hierarchy:
            lookups.add(f"{model_admin.date_hierarchy}__year")
        for lookup in sorted(lookups):
            yield url, lookup


def test_the_admins_have_list_filters_on_networks_and_periods():
    lookups = set(list_filter_lookups())
    assert ("/admin/missions/multiyearplan/", "network") in lookups
    assert ("/admin/missions/multiyearplan/", "period") in lookups
    assert ("/admin/networks/servicearea/", "network") in lookups


def test_a_number_too_large_in_any_admin_list_filter_is_a_400(superuser_client):
    answers = {}
    for url, lookup in list_filter_lookups():
        answers[(url, lookup, HUGE)] = superuser_client.get(url, {lookup: HUGE}).status_code
    server_errors = [key for key, status in answers.items() if status >= 500]
    assert server_errors == []
    assert answers[("/admin/missions/multiyearplan/", "network", HUGE)] == 400
    assert answers[("/admin/missions/multiyearplan/", "period", HUGE)] == 400
    assert answers[("/admin/transition/funding/", "network", HUGE)] == 400
    assert answers[("/admin/missions/activitycount/", "network", HUGE)] == 400


def test_a_filter_on_a_year_a_date_cannot_have_is_a_400(superuser_client):
    response = superuser_client.get("/admin/transition/milestone/", {"due_date__year__gte": "99999"})
    assert response.status_code == 400


def test_a_lookup_on_several_keys_checks_each_of_them(superuser_client):
    assert superuser_client.get("/admin/networks/servicearea/", {"zone__in": f"1,{HUGE}"}).status_code == 400
    assert superuser_client.get("/admin/networks/servicearea/", {"zone__in": "1,2"}).status_code == 200


def test_an_admin_action_on_a_key_too_large_changes_nothing(superuser_client, network_a):
    response = superuser_client.post(
        "/admin/networks/network/",
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [str(network_a.pk), HUGE]},
        follow=True,
    )
    assert response.status_code == 200
    assert Network.objects.filter(pk=network_a.pk).exists()


def test_a_key_too_large_in_an_admin_multiple_choice_is_a_form_error(superuser_client):
    response = superuser_client.post("/admin/auth/group/add/", {"name": "Groep", "permissions": [HUGE]})
    assert response.status_code == 200
    assert "permissions" in response.context["adminform"].form.errors


@pytest.mark.parametrize("path", ["/aanmelden/", "/admin/login/"])
def test_a_user_name_longer_than_any_account_has_is_a_form_error_on_both_login_pages(anonymous_client, path):
    """Django's login forms never checked the length: django-axes then logged the failed login
    in a 255-character column, a server error on PostgreSQL."""
    response = anonymous_client.post(path, {"username": "x" * 450, "password": "wrong"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not AccessAttempt.objects.exists()


# A NUL character: PostgreSQL refuses it in any text it compares, so a lookup on it failed with a
# server error there (SQLite answered "not found"); found by review.
NUL_ADDRESSES = [
    "/api/v1/networks/%00/",
    "/api/v1/municipalities/1%002/",
    "/api/v1/municipalities/%00/network/",
    "/portaal/netwerken/test-a/plannen/nieuw/?theme=%00",
    "/admin/networks/municipality/?province=%00",
    "/admin/missions/multiyearplan/?status=%00",
    "/netwerk-zoeken/?q=%00",
    "/transition/financiering/?kind=%00",
]


@pytest.mark.parametrize("url", NUL_ADDRESSES)
def test_a_nul_character_anywhere_in_the_address_is_a_bad_request_that_says_so(
    superuser_client, network_a, url
):
    response = superuser_client.get(url)
    assert response.status_code == 400, url
    if url.startswith("/api/"):
        assert response.json() in (
            {"detail": "Een NUL-teken is niet toegelaten in het adres."},
            {"province": ["Een NUL-teken is niet toegelaten in het adres."]},
        )
    else:
        assert (
            "Het adres of het formulier bevat iets waarmee het register niets kan doen."
            in response.content.decode()
        )
