"""The data version goes up once per committed change of the registry's data, and values cached
on it are computed again after a change and not before."""

import pytest

from npz_registry import dataversion
from tests.networks.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_a_save_bumps_the_version_once_per_transaction(django_capture_on_commit_callbacks):
    before = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True):
        NetworkFactory()
        NetworkFactory()
    assert dataversion.current() == max(before, 1) + 1


def test_a_history_row_or_another_apps_row_does_not_count_twice(django_capture_on_commit_callbacks):
    from axes.models import AccessAttempt

    before = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True):
        AccessAttempt.objects.create(username="iemand", failures_since_start=1)
    assert dataversion.current() == before
    with django_capture_on_commit_callbacks(execute=True):
        NetworkFactory()  # and its history row
    assert dataversion.current() == max(before, 1) + 1


def test_a_change_of_rights_counts(commit_pending):
    """A group, its permissions and a user's groups decide what pages offer their readers."""
    from django.contrib.auth.models import Group, Permission

    from tests.networks.factories import UserFactory

    user = UserFactory(username="naam")
    commit_pending()
    for change in (
        lambda: Group.objects.create(name="Redacteurs"),
        lambda: Group.objects.get(name="Redacteurs").permissions.add(Permission.objects.first()),
        lambda: user.groups.add(Group.objects.get(name="Redacteurs")),
        lambda: user.user_permissions.add(Permission.objects.first()),
    ):
        before = dataversion.current()
        change()
        commit_pending()
        assert dataversion.current() == max(before, 1) + 1


def test_a_users_change_counts_but_a_sign_in_does_not(django_capture_on_commit_callbacks, commit_pending):
    from django.contrib.auth.models import update_last_login

    from tests.networks.factories import UserFactory

    user = UserFactory(username="naam")
    commit_pending()
    before = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True):
        update_last_login(None, user)
    assert dataversion.current() == before  # every cached page would be built again otherwise
    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Nieuwe voornaam"  # shown as the plan's coordinator, in histories
        user.save()
    assert dataversion.current() == max(before, 1) + 1


def test_a_cached_value_is_built_again_after_a_change(django_capture_on_commit_callbacks):
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert dataversion.cached("test-figure", build) == 1
    assert dataversion.cached("test-figure", build) == 1  # same version: from the cache
    with django_capture_on_commit_callbacks(execute=True):
        NetworkFactory()
    assert dataversion.cached("test-figure", build) == 2


def test_a_rolled_back_change_does_not_count_and_does_not_stop_later_ones(django_capture_on_commit_callbacks):
    from django.db import transaction

    before = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                NetworkFactory()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert dataversion.current() == before
    with django_capture_on_commit_callbacks(execute=True):
        NetworkFactory()
    assert dataversion.current() == max(before, 1) + 1


def test_a_request_reads_the_version_once_and_again_after_its_own_change(django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The receivers Django's request signals call (sending the signals here would also close
    # the test's database connection: Django closes old connections at request_finished).
    dataversion.request_started()
    try:
        with CaptureQueriesContext(connection) as first:
            before = dataversion.current()
        with CaptureQueriesContext(connection) as again:
            assert dataversion.current() == before
        assert len(first) == 1 and len(again) == 0
        with django_capture_on_commit_callbacks(execute=True):
            NetworkFactory()
        assert dataversion.current() == max(before, 1) + 1  # its own change is read afresh
    finally:
        dataversion.request_finished()
    # Outside a request every read asks the database (another process may have changed it).
    with CaptureQueriesContext(connection) as outside:
        dataversion.current()
    assert len(outside) == 1


def test_the_request_signals_call_the_data_versions_receivers():
    from django.core.signals import request_finished, request_started

    for signal, receiver, uid in (
        (request_started, dataversion.request_started, "npz_data_version_request_started"),
        (request_finished, dataversion.request_finished, "npz_data_version_request_finished"),
    ):
        assert signal.disconnect(dispatch_uid=uid)  # it was connected
        signal.connect(receiver, dispatch_uid=uid)


def test_a_cached_value_is_kept_per_language():
    """A value built with translated text (the evenness sentence, the reasons an indicator is
    skipped) is not served to a reader of the other language."""
    from django.utils import translation
    from django.utils.translation import gettext

    def build():
        return gettext("no status yet")

    with translation.override("en"):
        assert dataversion.cached("test:language", build) == "no status yet"
    with translation.override("nl-be"):
        assert dataversion.cached("test:language", build) == "nog geen status"
    with translation.override("en"):
        assert dataversion.cached("test:language", build) == "no status yet"
