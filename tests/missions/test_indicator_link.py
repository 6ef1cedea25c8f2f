"""The needs index's link to the back office, where weights and indicators change: for whoever
holds the permission (department staff through their group; missions.permissions
.change_indicators), as the back office itself decides."""

import pytest
from django.contrib.auth.models import Permission

from missions import permissions
from tests.missions.factories import make_themes
from tests.networks.factories import ServiceAreaFactory

pytestmark = pytest.mark.django_db

LINK = "/admin/missions/indicator/"


@pytest.fixture
def themes(network_a):
    """The themes, and a zone network A serves (its matrix and needs index are shown)."""
    ServiceAreaFactory(network=network_a)
    return make_themes()


def test_staff_see_the_link_on_the_matrix_and_the_flanders_page(staff_client, network_a, themes):
    for url in ("/netwerken/test-a/opdrachten/", "/opdrachten/"):
        response = staff_client.get(url)
        assert response.status_code == 200
        assert LINK in response.content.decode()


def test_coordinators_do_not_see_the_link(coordinator_a_client, themes):
    response = coordinator_a_client.get("/netwerken/test-a/opdrachten/")
    assert response.status_code == 200
    assert '<details class="small mt-2">' in response.content.decode()  # how the index is computed
    assert LINK not in response.content.decode()


def test_who_may_change_the_indicators(staff_user, coordinator_a, outsider):
    assert permissions.change_indicators(staff_user)
    assert not permissions.change_indicators(coordinator_a)
    assert not permissions.change_indicators(outsider)
    outsider.user_permissions.add(Permission.objects.get(codename="change_indicator"))
    outsider = type(outsider).objects.get(pk=outsider.pk)  # permissions are cached per user object
    assert permissions.change_indicators(outsider)


def test_staff_whose_group_lost_the_permission_do_not_get_the_link(
    staff_client, staff_user, network_a, themes
):
    """The back office would refuse them: the page does not offer it."""
    for group in staff_user.groups.all():
        group.permissions.remove(Permission.objects.get(codename="change_indicator"))
    assert not permissions.change_indicators(type(staff_user).objects.get(pk=staff_user.pk))
    response = staff_client.get("/opdrachten/")
    assert response.status_code == 200
    assert LINK not in response.content.decode()


def test_the_cached_flanders_page_keeps_the_link_to_who_may_follow_it(
    staff_client, staff_user, network_a, themes, commit_pending
):
    """The Flanders missions page is kept per data version: whoever opens it first (here a
    superuser) does not decide whether the next reader (staff whose group lost the
    permission) gets the link."""
    from django.test import Client

    from tests.networks.factories import UserFactory

    for group in staff_user.groups.all():
        group.permissions.remove(Permission.objects.get(codename="change_indicator"))
    commit_pending()  # as if committed: the page is cached from here on
    superuser = Client()
    superuser.force_login(UserFactory(is_superuser=True, is_staff=True))
    first = superuser.get("/opdrachten/")
    assert first.status_code == 200 and LINK in first.content.decode()
    second = staff_client.get("/opdrachten/")
    assert second.status_code == 200 and LINK not in second.content.decode()
    assert LINK in superuser.get("/opdrachten/").content.decode()
