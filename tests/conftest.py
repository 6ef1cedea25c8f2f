"""Personas and shared fixtures (healthchecks' alice, bob and charlie, for our roles)."""

import pytest
from django.test import Client

from tests.networks.factories import CoordinatorFactory, NetworkFactory, StaffFactory, UserFactory


@pytest.fixture
def network_a(db):
    return NetworkFactory(code="test-a", name="Testnetwerk A")


@pytest.fixture
def network_b(db):
    return NetworkFactory(code="test-b", name="Testnetwerk B")


@pytest.fixture
def staff_user(db):
    return StaffFactory(username="staff.test", first_name="Sam", last_name="Staff")


@pytest.fixture
def coordinator_a(network_a):
    return CoordinatorFactory(username="coord.a", network=network_a)


@pytest.fixture
def coordinator_b(network_b):
    return CoordinatorFactory(username="coord.b", network=network_b)


@pytest.fixture
def outsider(db):
    """Logged in, but neither staff nor coordinator of anything."""
    return UserFactory(username="outsider")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_user):
    return _client_for(staff_user)


@pytest.fixture
def coordinator_a_client(coordinator_a):
    return _client_for(coordinator_a)


@pytest.fixture
def coordinator_b_client(coordinator_b):
    return _client_for(coordinator_b)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def reference_data(db):
    """The real reference data of fixtures/ (about a second: use only where the real counts
    matter; a class of such tests shares one load with `reference_data_once`)."""
    from npz_registry.reference_data import load_reference_data

    return load_reference_data()


@pytest.fixture(scope="class")
def reference_data_once(django_db_setup, django_db_blocker):
    """The real reference data, loaded once for a test class: its tests share the load, each
    test's own changes are rolled back, and the load itself is rolled back after the class.
    Use it from a class only (outside one it would last for the rest of the module)."""
    from django.db import transaction

    from npz_registry.reference_data import load_reference_data

    with django_db_blocker.unblock(), transaction.atomic():
        yield load_reference_data()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def default_language(settings):
    """A request in English leaves English active in the thread (LocaleMiddleware never resets
    it); start every test in the default language so messages do not depend on test order."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the data version goes back with each test's
    rollback, so a figure or PDF cached by one test would otherwise answer the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
