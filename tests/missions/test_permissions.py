"""Who may move a multi-year plan along its workflow: every (status x transition x role), asked
of missions.permissions and tried through the page (must-show 5 of issue 12).

The expected answers are written out here from the workflow of the note, not computed from the
workflow table: a coordinator submits and withdraws their own network's plan, department staff
review; anybody else, or at another moment, is refused with the reason. Through the page an
anonymous visitor logs in, an outsider or another network's coordinator gets 404 (the plan's
existence does not leak), a refusal inside the scope is a 403 that shows the reason, and an
allowed step moves the plan.

The five plans (one per status) are made once for the module, inside a transaction rolled back
at the end; every test runs in its own savepoint on top."""

import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.utils.translation import gettext as _

from missions import permissions
from missions.models import MultiYearPlan
from missions.models import SubmissionStatus as S
from tests.missions.factories import MultiYearPlanFactory, PlanningPeriodFactory
from tests.networks.factories import (
    CoordinatorFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "other_coordinator", "staff", "outsider", "anonymous"]
TRANSITIONS = ["submit", "withdraw", "start_review", "request_changes", "approve", "reopen"]

#: Every (transition, from status, role) that is allowed; everything else is refused.
ALLOWED = {
    ("submit", S.DRAFT, "coordinator"),
    ("submit", S.CHANGES_REQUESTED, "coordinator"),
    ("withdraw", S.SUBMITTED, "coordinator"),
    ("start_review", S.SUBMITTED, "staff"),
    ("request_changes", S.SUBMITTED, "staff"),
    ("request_changes", S.IN_REVIEW, "staff"),
    ("approve", S.SUBMITTED, "staff"),
    ("approve", S.IN_REVIEW, "staff"),
    ("reopen", S.APPROVED, "staff"),
}
#: Where an allowed step leads.
TARGET = {
    "submit": S.SUBMITTED,
    "withdraw": S.DRAFT,
    "start_review": S.IN_REVIEW,
    "request_changes": S.CHANGES_REQUESTED,
    "approve": S.APPROVED,
    "reopen": S.CHANGES_REQUESTED,
}
COORDINATOR_STEPS = {"submit", "withdraw"}
#: The (Dutch) URL of each step: a contract with the users' bookmarks and e-mails.
SLUG_OF = {
    "submit": "indienen",
    "withdraw": "intrekken",
    "start_review": "beoordelen",
    "request_changes": "wijzigingen-vragen",
    "approve": "goedkeuren",
    "reopen": "heropenen",
}


def expected_reason(status, transition, role) -> str:
    """The refusal a user in ``role`` must read ("" when allowed)."""
    if (transition, status, role) in ALLOWED:
        return ""
    if transition in COORDINATOR_STEPS and role != "coordinator":
        return _("Only the network's coordinators can do this.")
    if transition not in COORDINATOR_STEPS and role != "staff":
        return _("Only department staff can do this.")
    return _("Not possible while the status is '%(status)s'.") % {"status": S(status).label}


@pytest.fixture(scope="module")
def lifecycle(django_db_setup, django_db_blocker):
    """Testnetwerk A with a complete plan in each status, its coordinator, another network's
    coordinator, staff and an outsider."""
    with django_db_blocker.unblock(), transaction.atomic():
        network = NetworkFactory(code="test-a", name="Testnetwerk A")
        ServiceAreaFactory(network=network, zone=RegionalCareZoneFactory(code="kempen", name="Kempen"))
        users = {
            "coordinator": CoordinatorFactory(username="coord.a", network=network),
            "other_coordinator": CoordinatorFactory(
                username="coord.b", network=NetworkFactory(code="test-b")
            ),
            "staff": StaffFactory(username="staff.test"),
            "outsider": UserFactory(username="outsider"),
            "anonymous": AnonymousUser(),
        }
        plans = {
            status: MultiYearPlanFactory(
                network=network,
                period=PlanningPeriodFactory(start_year=2027 + 2 * number),
                complete=True,
                status=status,
                coordinator=users["coordinator"],
                reviewer=users["staff"],
            ).pk
            for number, status in enumerate(S)
        }
        yield {
            "users": users,
            "plans": plans,
            "clients": {role: client_for(user) for role, user in users.items()},
        }
        transaction.set_rollback(True)


def client_for(user) -> Client:
    """A client logged in as ``user`` (its session lives as long as the module's data)."""
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("transition", TRANSITIONS)
@pytest.mark.parametrize("status", list(S))
def test_every_transition_of_a_plan_for_every_role(lifecycle, status, transition, role):
    user = lifecycle["users"][role]
    plan = MultiYearPlan.objects.select_related("network").get(pk=lifecycle["plans"][status])
    reason = expected_reason(status, transition, role)

    assert tuple(permissions.apply_transition(user, plan, transition)) == (not reason, reason)

    url = f"/portaal/plannen/{plan.pk}/{SLUG_OF[transition]}/"
    response = lifecycle["clients"][role].post(url, {"comment": "Graag de streefwaarden per zone."})
    plan.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")
    elif role in ("outsider", "other_coordinator"):
        assert response.status_code == 404
    elif reason == _("Not possible while the status is '%(status)s'.") % {"status": S(status).label}:
        # a stale page or a double click: a message and the plan as it is now, not a 403 page
        assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    elif reason:
        assert response.status_code == 403
        assert reason in html.unescape(response.content.decode())
    else:
        assert response.status_code == 302
        assert plan.status == TARGET[transition]
    if reason:
        assert plan.status == status  # nothing moved
