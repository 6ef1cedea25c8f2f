"""Personas and shared fixtures (healthchecks' alice, bob and charlie, for our roles)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tests.networks.factories import CoordinatorFactory, NetworkFactory, StaffFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_use_migrations(request):
    """On SQLite the test database is built from the models (rendering the migration states costs
    each xdist worker about 25 s, more than half of `make test`): the data migrations only touch
    existing rows, and tests/test_migrations.py checks that the migrations match the models.
    PostgreSQL keeps running every migration (the service-area exclusion constraint lives in one),
    and so does SQLite with `pytest --migrations`."""
    if request.config.getvalue("nomigrations"):
        return False
    return connection.vendor != "sqlite" or "--migrations" in request.config.invocation_params.args


@pytest.fixture
def migrated_database(django_db_use_migrations):
    """For tests of a data migration: they need the database built by the migrations, as on
    PostgreSQL (`make test-pg`, run by CI) or with `pytest --migrations`; skipped otherwise."""
    if not django_db_use_migrations:
        pytest.skip("the test database was built from the models: run with --migrations or on PostgreSQL")


def migrate_to(targets):
    """For the tests of a data migration: the database migrated to `targets` (forwards or
    backwards), and the apps of that state to write and read rows with."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """After such a test: the database back at the latest migrations, as the other tests expect."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


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


def _logged_in_client(name, persona):
    """A fixture `name`: a test client logged in as the user of the fixture `persona`."""

    @pytest.fixture(name=name)
    def client_fixture(request):
        client = Client()
        client.force_login(request.getfixturevalue(persona))
        return client

    return client_fixture


staff_client = _logged_in_client("staff_client", "staff_user")
coordinator_a_client = _logged_in_client("coordinator_a_client", "coordinator_a")
coordinator_b_client = _logged_in_client("coordinator_b_client", "coordinator_b")
outsider_client = _logged_in_client("outsider_client", "outsider")


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


def pytest_itemcollected(item):
    """`make test` (--dist loadgroup) hands each test to a worker on its own: a module- or
    class-scoped fixture (a world built once and rolled back) would be built again on each worker
    and whenever a worker comes back to its module. The tests of such a module run on one worker,
    one after the other (a group per module), unless they name their own group. (Marked as each
    test is collected: xdist reads the groups in its pytest_collection_modifyitems.)"""
    if item.get_closest_marker("xdist_group"):
        return
    info = getattr(item, "_fixtureinfo", None)
    ours = [  # the fixtures of our conftest files and test modules (not the plugins')
        definitions[-1]
        for definitions in (info.name2fixturedefs.values() if info else ())
        if definitions and definitions[-1].baseid
    ]
    if any(definition.scope in ("module", "class") for definition in ours):
        item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def run_pending_commits() -> None:
    """Run the on-commit callbacks queued so far and forget them, as if those writes had been
    committed: the data version goes up, and what is cached per version is kept again
    (npz_registry.dataversion builds afresh while a change is pending)."""
    from django.db import connection

    for _savepoints, callback, _robust in list(connection.run_on_commit):
        callback()
    connection.run_on_commit.clear()


@pytest.fixture
def commit_pending():
    """run_pending_commits, for a test to call after the writes it wants committed."""
    return run_pending_commits


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the data version goes back with each test's
    rollback, so a figure or PDF cached by one test would otherwise answer the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


@pytest.hookimpl(trylast=True)  # after pytest-django, which puts the transactional tests last
def pytest_collection_modifyitems(items):
    """The browser tests first. They are the longest tests (10 to 30 s each) that stand alone:
    at the end of the queue they left one xdist worker idle while the other finished one of them;
    early, the many short tests after them even out the two workers. (Safe for the tests after
    them: a database flushed after a browser test is empty as a new one is, the migrations add
    no rows to an empty database.)"""
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)
