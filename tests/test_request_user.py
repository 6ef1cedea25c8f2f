"""The request's user: read with its facts (staff group, networks, whether it holds any model
permission) in one query whose SQL is compiled once, and the same facts as the ORM reads."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from networks.groups import STAFF_GROUP
from networks.models import Network, NetworkRole
from networks.rules import is_department_staff, network_ids_of, request_user, users_with_request_facts
from npz_registry.auth import ModelBackend
from tests.networks.factories import UserFactory


@pytest.fixture
def people(staff_user, coordinator_a, network_b, outsider, django_user_model):
    NetworkRole.objects.create(user=coordinator_a, network=network_b, role=NetworkRole.Role.COORDINATOR)
    clerk = UserFactory(username="clerk")
    clerk.user_permissions.add(Permission.objects.get(codename="view_network"))
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    inactive = UserFactory(username="gone", is_active=False)
    return [staff_user, coordinator_a, outsider, clerk, root, inactive]


def test_the_request_user_has_the_facts_the_orm_reads(people, django_assert_num_queries):
    for person in people:
        expected = users_with_request_facts(type(person).objects.filter(pk=person.pk)).get()
        networks = frozenset(Network.objects.filter(roles__user=person).values_list("pk", flat=True))
        staff = person.is_superuser or person.groups.filter(name=STAFF_GROUP).exists()
        with django_assert_num_queries(1):
            found = request_user(str(person.pk))  # the session holds the key as text
        with django_assert_num_queries(0):  # the facts are cached on it
            assert network_ids_of(found) == networks and is_department_staff(found) == staff
        assert (found, found.username, found.password, found.is_active) == (
            person,
            person.username,
            person.password,
            person.is_active,
        )
        assert found.npz_in_staff_group is bool(expected.npz_in_staff_group)
        assert found.npz_holds_permissions is bool(expected.npz_holds_permissions)
    staff, coordinator, outsider, clerk, root, _inactive = people
    assert [is_department_staff(request_user(p.pk)) for p in (staff, coordinator, outsider, root)] == [
        True,
        False,
        False,
        True,
    ]
    assert len(network_ids_of(request_user(coordinator.pk))) == 2
    assert (
        request_user(clerk.pk).npz_holds_permissions
        and not request_user(coordinator.pk).npz_holds_permissions
    )


def test_a_group_given_after_the_first_read_shows_on_the_next(outsider):
    """The SQL is kept, not the answer."""
    assert not is_department_staff(request_user(outsider.pk))
    outsider.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    assert is_department_staff(request_user(outsider.pk))


@pytest.mark.parametrize("key", ["999999", "-7654321", "not a number", "", None])
def test_a_key_of_no_account_is_no_user(db, key):
    assert request_user(key) is None
    assert ModelBackend().get_user(key) is None


def test_an_inactive_account_is_not_the_request_user(people):
    assert ModelBackend().get_user(people[-1].pk) is None
    assert ModelBackend().get_user(people[0].pk) == people[0]


def test_a_signed_in_page_reads_the_user_with_its_facts_once(coordinator_a_client, coordinator_a):
    response = coordinator_a_client.get(reverse("home"))
    assert response.status_code == 200 and response.wsgi_request.user == coordinator_a
    assert network_ids_of(response.wsgi_request.user) == {coordinator_a.network_roles.get().network_id}
    assert hasattr(response.wsgi_request.user, "npz_network_id_list")  # read by request_user
