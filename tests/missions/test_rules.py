"""The object permissions agree with the querysets every page fetches through: a user may view
a plan exactly when it is in `visible_to(user)`, and change it only as its network's
coordinator while it is editable."""

import itertools

import pytest

from missions.models import MultiYearPlan, PlanningPeriod, SubmissionStatus, YearlyProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(network_a, network_b):
    periods = [
        PlanningPeriod.objects.create(start_year=2027 + 2 * i, end_year=2028 + 2 * i, name=f"P{i}")
        for i in range(3)
    ]
    statuses = [SubmissionStatus.DRAFT, SubmissionStatus.IN_REVIEW, SubmissionStatus.APPROVED]
    result = []
    for network, (period, status) in itertools.product(
        (network_a, network_b), zip(periods, statuses, strict=True)
    ):
        plan = MultiYearPlan.objects.create(network=network, period=period, status=status)
        YearlyProgress.objects.create(plan=plan, year=period.start_year)
        result.append(plan)
    return result


@pytest.mark.parametrize("persona", ["staff_user", "coordinator_a", "coordinator_b", "outsider"])
def test_view_permission_matches_visible_to(request, persona, plans):
    user = request.getfixturevalue(persona)
    visible = set(MultiYearPlan.objects.visible_to(user))
    for plan in plans:
        assert user.has_perm("missions.view_multiyearplan", plan) == (plan in visible), (persona, plan)
    visible_progress = set(YearlyProgress.objects.visible_to(user))
    for progress in YearlyProgress.objects.all():
        assert user.has_perm("missions.view_yearlyprogress", progress) == (progress in visible_progress)


def test_only_the_coordinator_changes_an_editable_plan(staff_user, coordinator_a, coordinator_b, plans):
    for plan in plans:
        own = plan.network.code == "test-a"
        assert coordinator_a.has_perm("missions.change_multiyearplan", plan) == (own and plan.is_editable)
        assert (
            not coordinator_b.has_perm("missions.change_multiyearplan", plan) or plan.network.code == "test-b"
        )
        assert not staff_user.has_perm("missions.change_multiyearplan", plan)
