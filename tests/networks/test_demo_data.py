"""load_demo_data: the four demo accounts, fictional networks, and a guard for production."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from networks.models import Network, NetworkRole
from networks.rules import is_coordinator_of_network, is_department_staff

pytestmark = pytest.mark.django_db


def authenticate(**credentials):
    """A login as the login page makes it: django-axes refuses one without a request."""
    return django_authenticate(RequestFactory().post("/aanmelden/"), **credentials)


def test_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo_data", stdout=StringIO())
    assert not Network.objects.exists()


def test_creates_the_demo_accounts_with_their_roles(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    history = Network.history.values_list("history_user", "history_change_reason")
    written = list(history)
    call_command("load_demo_data", stdout=out)  # twice: idempotent, with no history row more
    assert list(history) == written
    assert set(written) == {(None, "demogegevens (fictief)")}  # by nobody, and said so

    admin = authenticate(username="admin", password="npz-demo")
    staff = authenticate(username="staff", password="npz-demo")
    coordinator_a = authenticate(username="coordinator.a", password="npz-demo")
    coordinator_b = authenticate(username="coordinator.b", password="npz-demo")
    assert admin.is_superuser
    assert staff.is_staff and not staff.is_superuser and is_department_staff(staff)
    assert not coordinator_a.is_staff and not is_department_staff(coordinator_a)

    network_a = Network.objects.get(code="demo-a")
    network_b = Network.objects.get(code="demo-b")
    assert network_a.is_demo and "fictief" in network_a.name
    assert is_coordinator_of_network(coordinator_a, network_a)
    assert not is_coordinator_of_network(coordinator_a, network_b)
    assert is_coordinator_of_network(coordinator_b, network_b)
    assert NetworkRole.objects.count() == 2
    assert "coordinator.b" in out.getvalue()


def test_force_runs_with_debug_off(settings):
    settings.DEBUG = False
    call_command("load_demo_data", force=True, stdout=StringIO())
    assert authenticate(username="staff", password="npz-demo") is not None
