"""The history of a plan and its progress (issue 9, audit): every path that changes a plan's
content writes one history row per change with the user who made it (the page through the
request, the services through their `by`), a save that changes nothing writes none, and staff and
the network's coordinators read it all on the plan's history page, in Dutch, a page at a time."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from missions.models import (
    ActionProgress,
    IndicatorProgress,
    IndicatorTarget,
    MultiYearPlan,
    PlanGoal,
    PlanIndicator,
    SextupleAim,
    SubmissionStatus,
    YearlyProgress,
)
from missions.selectors import history as plan_history
from missions.services.plans import goal_save, indicator_save, item_delete
from missions.services.progress import progress_save
from missions.services.workflow import transition_apply
from tests.missions.factories import YearlyProgressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(make_plan):
    return make_plan(complete=True)


@pytest.fixture
def aim():
    return SextupleAim.objects.create(number=1, code="equity", name="Gelijkheid", name_en="Equity")


def save_goal(goal, by, **changes):
    fields = {"theme": goal.theme, "title": goal.title, "description": goal.description}
    fields |= {"delivery_mode": goal.delivery_mode, "aims": list(goal.aims.all())}
    fields |= {"target_zones": list(goal.target_zones.all())}
    return goal_save(plan=goal.plan, by=by, goal=goal, version=goal.lock_version, **(fields | changes))


def save_indicator(indicator, by, targets):
    fields = {name: getattr(indicator, name) for name in ("name", "unit", "baseline_value", "baseline_year")}
    return indicator_save(
        goal=indicator.goal,
        by=by,
        indicator=indicator,
        version=indicator.lock_version,
        targets=targets,
        direction=indicator.direction,
        **fields,
    )


def rows(model, **filters):
    return list(model.history.filter(**filters).values_list("history_type", "history_user"))


# Writing ------------------------------------------------------------------------------------


def test_a_goal_saved_with_new_aims_is_one_row_by_the_coordinator_and_saved_again_none(
    plan, coordinator_a, aim
):
    goal = plan.goals.first()
    before = rows(PlanGoal, id=goal.pk)
    goal = save_goal(goal, coordinator_a, title="Sneller informeren", aims=[aim])
    assert rows(PlanGoal, id=goal.pk) == [("~", coordinator_a.pk), *before]
    latest = goal.history.first()
    assert (latest.title, [a.sextupleaim for a in latest.aims.all()]) == ("Sneller informeren", [aim])

    save_goal(PlanGoal.objects.get(pk=goal.pk), coordinator_a)  # nothing changed
    assert goal.history.count() == len(before) + 1
    assert PlanGoal.objects.get(pk=goal.pk).lock_version == goal.lock_version


def test_a_new_goal_is_one_creation_row_with_its_aims(plan, coordinator_a, aim):
    goal = goal_save(
        plan=plan,
        by=coordinator_a,
        theme=plan.goals.first().theme,
        title="Nieuw",
        aims=[aim],
        delivery_mode="BOTH",
    )
    assert rows(PlanGoal, id=goal.pk) == [("+", coordinator_a.pk)]
    assert goal.history.get().aims.count() == 1


def test_a_changed_target_writes_its_own_row_and_counts_the_indicator_s_version(plan, coordinator_a):
    indicator = PlanIndicator.objects.filter(goal__plan=plan).first()
    target = indicator.targets.get(year=2027)
    before = rows(PlanIndicator, id=indicator.pk)
    save_indicator(indicator, coordinator_a, {2027: Decimal(13), 2028: Decimal(15)})
    assert rows(IndicatorTarget, id=target.pk) == [("~", coordinator_a.pk), ("+", None)]
    assert not IndicatorTarget.history.filter(year=2028, history_type="~").exists()
    assert rows(PlanIndicator, id=indicator.pk) == before  # the indicator itself did not change
    assert PlanIndicator.objects.get(pk=indicator.pk).lock_version == indicator.lock_version + 1


def test_the_general_part_saved_through_its_page_is_one_row_by_the_coordinator(
    plan, coordinator_a_client, coordinator_a
):
    url = f"/portaal/plannen/{plan.pk}/algemeen/"
    data = {"summary": "Nieuwe prioriteiten", "stakeholders": "", "version": plan.lock_version}
    assert coordinator_a_client.post(url, data).status_code == 302
    assert (
        coordinator_a_client.post(url, data | {"version": plan.lock_version + 1}).status_code == 302
    )  # unchanged
    assert rows(MultiYearPlan, id=plan.pk) == [("~", coordinator_a.pk), ("+", None)]


def test_a_submission_is_one_row_with_the_new_status_by_the_coordinator(plan, coordinator_a):
    transition_apply(subject=plan, name="submit", by=coordinator_a)
    latest = plan.history.first()
    assert (latest.status, latest.history_user) == (SubmissionStatus.SUBMITTED, coordinator_a)
    assert plan.history.count() == 2


@pytest.fixture
def report(make_plan):
    return YearlyProgressFactory(plan=make_plan(approved=True), filled=True)


def save_report(report, by, actions):
    report = YearlyProgress.objects.get(pk=report.pk)
    indicators = {line.indicator_id: (line.actual, line.note) for line in report.indicator_values.all()}
    return progress_save(
        progress=report,
        by=by,
        version=report.lock_version,
        narrative=report.narrative,
        indicators=indicators,
        actions=actions,
        activity={},
    )


def test_a_progress_save_writes_a_row_for_each_changed_line_only(report, coordinator_a):
    line = report.action_statuses.first()
    before = report.lock_version
    save_report(report, coordinator_a, {line.action_id: ("DELAYED", "Later gestart")})
    assert rows(ActionProgress, id=line.pk) == [("~", coordinator_a.pk), ("+", None)]
    assert IndicatorProgress.history.filter(history_type="~").count() == 0
    assert rows(YearlyProgress, id=report.pk) == [("+", None)]  # the narrative did not change
    assert YearlyProgress.objects.get(pk=report.pk).lock_version == before + 1

    save_report(report, coordinator_a, {line.action_id: ("DELAYED", "Later gestart")})  # the same again
    assert ActionProgress.history.filter(id=line.pk).count() == 2
    assert YearlyProgress.objects.get(pk=report.pk).lock_version == before + 1


# Reading: the plan's history page -------------------------------------------------------------


def history_page(client, plan, **query):
    response = client.get(f"/portaal/plannen/{plan.pk}/geschiedenis/", query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def cells(page):
    return [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select("#plan-history tbody tr")
    ]


def test_staff_read_who_changed_which_part_and_what_in_dutch(plan, coordinator_a, staff_client):
    goal = plan.goals.first()
    save_goal(goal, coordinator_a, title="Sneller informeren")
    indicator = goal.indicators.first()
    save_indicator(indicator, coordinator_a, {2027: Decimal("13.5"), 2028: Decimal(15)})
    item_delete(obj=goal.actions.first(), by=coordinator_a)

    table = cells(history_page(staff_client, plan))
    deleted, target, changed = table[:3]
    assert deleted[1:4] == ["coord.a", f"Actie {goal.actions.model.history.first().what}", "Verwijderd"]
    assert target[2] == f"Streefwaarde {indicator.name}, 2027"
    assert target[4] == "Streefwaarde: 12 → 13,5"
    assert (
        changed[2] == "Doel 1. Sneller informeren"
        and changed[4] == f"Doel: {goal.title} → Sneller informeren"
    )
    assert any(row[2] == "Meerjarenplan het plan" and row[3] == "Aangemaakt" for row in table)


def test_the_history_shows_the_progress_lines(report, coordinator_a, staff_client):
    line = report.action_statuses.select_related("action").first()
    save_report(report, coordinator_a, {line.action_id: ("DELAYED", "")})
    first = cells(history_page(staff_client, report.plan))[0]
    assert first[2] == f"Voortgang van een actie {line.action.what}, {report.year}"
    assert first[4] == "Status: op schema → vertraagd"


def test_the_network_s_coordinator_reads_the_history_and_another_coordinator_gets_404(
    plan, coordinator_a_client, coordinator_b_client
):
    assert cells(history_page(coordinator_a_client, plan))
    assert coordinator_b_client.get(f"/portaal/plannen/{plan.pk}/geschiedenis/").status_code == 404


def test_the_history_comes_in_pages_and_any_page_number_gives_a_page(plan, staff_client, monkeypatch):
    monkeypatch.setattr(plan_history, "PER_PAGE", 4)
    total = plan_history.plan_history_page(plan, 1).paginator.count
    assert total > 8
    assert len(cells(history_page(staff_client, plan))) == 4
    assert cells(history_page(staff_client, plan, page="x")) == cells(history_page(staff_client, plan))
    last = history_page(staff_client, plan, page="99999999999999999999")
    assert len(cells(last)) == total % 4 or 4
    assert "Aangemaakt" in cells(last)[-1][3]


def test_the_history_names_the_aims_and_zones_a_goal_had_and_has(plan, coordinator_a, staff_client, aim):
    goal = plan.goals.first()
    zones = sorted(zone.name for zone in goal.target_zones.all())
    assert zones
    save_goal(goal, coordinator_a, aims=[aim], target_zones=[])
    changed = cells(history_page(staff_client, plan))[0]
    assert changed[2:] == [
        f"Doel 1. {goal.title}",
        "Gewijzigd",
        f"Doelen van de sextuple aim: – → {aim.name} Doelzones: {', '.join(zones)} → –",
    ]


def test_the_history_is_read_once_per_data_version_and_shows_a_change_once_committed(
    plan, coordinator_a, staff_client, commit_pending, django_assert_max_num_queries
):
    commit_pending()
    first = cells(history_page(staff_client, plan))
    with django_assert_max_num_queries(5):  # session, user, the plan, the data version, rights
        assert cells(history_page(staff_client, plan)) == first
    save_goal(plan.goals.first(), coordinator_a, title="Sneller informeren")
    commit_pending()
    assert cells(history_page(staff_client, plan))[0][2] == "Doel 1. Sneller informeren"
