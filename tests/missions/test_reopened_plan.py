"""A reopened approved plan may change, but the progress reports already submitted on it keep
what they said: a part they speak of cannot be deleted, and parts added since do not appear in
them. The lines of a report still being written go with the part."""

import datetime

import pytest
from bs4 import BeautifulSoup

from missions.models import ActionProgress, IndicatorProgress, PlanAction, PlanGoal, PlanIndicator
from missions.models import SubmissionStatus as S
from tests.missions.factories import YearlyProgressFactory

pytestmark = pytest.mark.django_db

PARTS = {"doel": PlanGoal, "actie": PlanAction, "indicator": PlanIndicator}


def _part(plan, kind):
    goal = plan.goals.order_by("pk").first()
    return {"doel": goal, "actie": goal.actions.first(), "indicator": goal.indicators.first()}[kind]


def _lines(progress) -> int:
    return progress.indicator_values.count() + progress.action_statuses.count()


@pytest.mark.parametrize("kind", PARTS)
@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW, S.APPROVED])
def test_a_part_a_submitted_report_speaks_of_cannot_be_deleted(make_plan, coordinator_a_client, kind, status):
    plan = make_plan(changes_requested=True)  # as after staff reopened it
    progress = YearlyProgressFactory(plan=plan, filled=True, status=status)
    lines = _lines(progress)
    item = _part(plan, kind)

    response = coordinator_a_client.post(
        f"/portaal/plannen/{plan.pk}/verwijderen/{kind}/{item.pk}/", follow=True
    )

    assert PARTS[kind].objects.filter(pk=item.pk).exists()
    assert _lines(progress) == lines
    shown = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert f"voortgangsrapport van {progress.year}" in shown
    assert "kan niet verwijderd worden" in shown


@pytest.mark.parametrize("kind", PARTS)
def test_the_lines_of_a_report_still_being_written_go_with_the_part(make_plan, coordinator_a_client, kind):
    plan = make_plan(changes_requested=True)
    progress = YearlyProgressFactory(plan=plan, filled=True)  # a draft
    item = _part(plan, kind)
    about = {
        "doel": ({"indicator__goal": item}, {"action__goal": item}),
        "actie": ({"pk__in": []}, {"action": item}),
        "indicator": ({"indicator": item}, {"pk__in": []}),
    }[kind]
    gone = (
        IndicatorProgress.objects.filter(**about[0]).count()
        + ActionProgress.objects.filter(**about[1]).count()
    )
    before, version = _lines(progress), progress.lock_version

    response = coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/verwijderen/{kind}/{item.pk}/")

    assert response.status_code == 302
    assert not PARTS[kind].objects.filter(pk=item.pk).exists()
    assert gone and _lines(progress) == before - gone
    # A page of the report opened before is out of date: its save would drop a typed value.
    progress.refresh_from_db()
    assert progress.lock_version == version + 1
    # Each removed line is in the history.
    assert (
        IndicatorProgress.history.filter(history_type="-").count()
        + ActionProgress.history.filter(history_type="-").count()
        == gone
    )


def test_a_submitted_report_lists_what_it_reported_not_what_the_plan_gained_since(
    make_plan, coordinator_a_client, staff_client
):
    plan = make_plan(changes_requested=True)
    approved = YearlyProgressFactory(plan=plan, filled=True, approved=True)
    draft = YearlyProgressFactory(plan=plan, filled=True, year=approved.year + 1)
    PlanAction.objects.create(
        goal=plan.goals.first(), what="Nieuwe actie na de heropening", responsible="Team"
    )

    for client in (coordinator_a_client, staff_client):
        assert "Nieuwe actie na de heropening" not in client.get(approved.get_absolute_url()).content.decode()
    # The report still being written asks about it.
    assert (
        "Nieuwe actie na de heropening" in coordinator_a_client.get(draft.get_absolute_url()).content.decode()
    )


def _years(page) -> dict:
    """{year: the list item of the plan page's yearly progress section}."""
    section = BeautifulSoup(page.content, "html.parser").select_one('[aria-labelledby="progress-title"]')
    return {int(item.get_text().split(":")[0]): item for item in section.select("li")} if section else {}


def test_a_reopened_plan_keeps_the_links_to_its_reports(make_plan, coordinator_a_client):
    plan = make_plan(changes_requested=True)
    progress = YearlyProgressFactory(plan=plan, filled=True, approved=True)
    years = _years(coordinator_a_client.get(plan.get_absolute_url()))
    assert years[progress.year].select_one("a")["href"] == progress.get_absolute_url()
    other = next(year for year in plan.period.years if year != progress.year)
    assert years[other].get_text(" ", strip=True).endswith("nog geen rapport")


def test_a_year_with_a_report_links_to_it_and_offers_no_new_one(make_plan, coordinator_a_client):
    plan = make_plan(approved=True)
    progress = YearlyProgressFactory(plan=plan)
    years = _years(coordinator_a_client.get(plan.get_absolute_url()))
    assert years[progress.year].select_one("a")["href"] == progress.get_absolute_url()
    assert years[progress.year].select_one("form") is None
    other = next(year for year in plan.period.years if year != progress.year)
    assert "open het rapport" in years[other].select_one("form button").get_text()


def test_the_comment_fields_stop_at_the_length_a_comment_may_have(make_plan, staff_client):
    from missions.forms import CommentForm

    plan = make_plan(submitted=True)
    soup = BeautifulSoup(staff_client.get(plan.get_absolute_url()).content, "html.parser")
    fields = soup.select('form[action$="/commentaar/"] [name="text"]')
    assert fields and all(
        field["maxlength"] == str(CommentForm.text_max_length()) and field.has_attr("required")
        for field in fields
    )


def _statuses(progress) -> list[tuple]:
    from missions.models import YearlyProgress
    from missions.selectors.plans import indicator_rows, progress_parts

    progress = YearlyProgress.objects.get(pk=progress.pk)
    parts = progress_parts(progress)
    return [(row.target, row.status) for row in indicator_rows(parts.indicators, parts.values, progress)]


def test_a_submitted_report_keeps_the_targets_it_was_rated_against(
    make_plan, coordinator_a, staff_user, coordinator_a_client
):
    """Staff reopen the plan and the coordinator raises a target: the report approved before
    still says what it said (12 reached against a target of 12); a report still being written
    is rated against the new target."""
    from decimal import Decimal

    from missions.models import IndicatorStatus, IndicatorTarget
    from missions.selectors.plans import indicator_status_tally, plans_of_networks
    from tests.missions.conftest import advance

    plan = make_plan(approved=True)
    approved = YearlyProgressFactory(plan=plan, filled=True)  # 12 for every indicator
    approved = advance(advance(approved, "submit", by=coordinator_a), "approve", by=staff_user)
    draft = YearlyProgressFactory(plan=plan, filled=True, year=approved.year + 1)  # target 15 then
    achieved = [(Decimal(12), IndicatorStatus.ACHIEVED)] * len(_statuses(approved))
    assert _statuses(approved) == achieved

    IndicatorTarget.objects.filter(indicator__goal__plan=plan, year=approved.year).update(value=Decimal(20))
    IndicatorTarget.objects.filter(indicator__goal__plan=plan, year=draft.year).update(value=Decimal(11))

    assert _statuses(approved) == achieved
    assert {status for _target, status in _statuses(draft)} == {IndicatorStatus.ACHIEVED}
    assert {target for target, _status in _statuses(draft)} == {Decimal(11)}
    _counted, tally = indicator_status_tally(
        plans_of_networks([plan.network], datetime.date(2027, 6, 1)).latest_reported
    )  # the dashboard and Flanders report
    assert sum(tally_of[IndicatorStatus.ACHIEVED] for tally_of in tally.values()) == len(achieved)
    page = coordinator_a_client.get(approved.get_absolute_url()).content.decode()
    assert "20" not in BeautifulSoup(page, "html.parser").select_one("main").get_text(" ").split()

    # An indicator added since is not in what the approved report said: not on its page, in
    # its PDF or in the tallies.
    from missions.models import MultiYearPlan, PlanIndicator
    from npz_registry.reports.context import indicator_progress_rows

    goal = plan.goals.order_by("pk").first()
    added = PlanIndicator.objects.create(goal=goal, name="Nieuwe indicator", baseline_value=Decimal(1))
    IndicatorTarget.objects.create(indicator=added, year=approved.year, value=Decimal(5))
    assert len(_statuses(approved)) == len(achieved)
    rows = indicator_progress_rows(MultiYearPlan.objects.get(pk=plan.pk), approved)
    assert "Nieuwe indicator" not in [row["indicator"] for row in rows] and len(rows) == len(achieved)
    _counted, tally = indicator_status_tally(
        plans_of_networks([plan.network], datetime.date(2027, 6, 1)).latest_reported
    )
    assert sum(sum(tally_of.values()) for tally_of in tally.values()) == len(achieved)

    # Reopened for changes, the report is rated against the plan as it stands again.
    reopened = advance(approved, "reopen", by=staff_user, comment="De streefwaarden zijn herzien.")
    assert {target for target, _status in _statuses(reopened)} == {Decimal(20), Decimal(5)}
