"""Yearly progress on an approved plan: statuses computed from baseline, target and direction,
activity counts reported for the evenness check, the same workflow, and due-date reminders."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from missions.models import (
    ActivityCount,
    IndicatorDirectionGoal,
    IndicatorProgress,
    IndicatorStatus,
    MultiYearPlan,
    PlanningPeriod,
    SubmissionStatus,
    YearlyProgress,
    indicator_status,
)
from networks.models import ProgressReportRule
from networks.selectors import progress_due_date
from tests.missions.conftest import create_plan
from tests.missions.factories import YearlyProgressFactory
from tests.networks.factories import MunicipalityFactory, RegionalCareZoneMembershipFactory
from tests.page_forms import sent_as_shown

pytestmark = pytest.mark.django_db


INC, DEC = IndicatorDirectionGoal.INCREASE, IndicatorDirectionGoal.DECREASE


@pytest.mark.parametrize(
    ("actual", "target", "baseline", "direction", "interim", "expected"),
    [
        (Decimal("15"), Decimal("15"), Decimal("10"), INC, False, IndicatorStatus.ACHIEVED),
        # The year's own target not reached is missed, however close.
        (Decimal("13"), Decimal("15"), Decimal("10"), INC, False, IndicatorStatus.BEHIND),
        # In an interim year (a later year's target), halfway from the baseline is on track.
        (Decimal("13"), Decimal("15"), Decimal("10"), INC, True, IndicatorStatus.ON_TRACK),
        (Decimal("11"), Decimal("15"), Decimal("10"), INC, True, IndicatorStatus.BEHIND),
        (Decimal("4"), Decimal("5"), Decimal("10"), DEC, False, IndicatorStatus.ACHIEVED),
        (Decimal("7"), Decimal("5"), Decimal("10"), DEC, True, IndicatorStatus.ON_TRACK),
        (Decimal("9"), Decimal("5"), Decimal("10"), DEC, True, IndicatorStatus.BEHIND),
        (Decimal("13"), Decimal("15"), None, INC, True, IndicatorStatus.BEHIND),
        (None, Decimal("5"), Decimal("10"), DEC, False, IndicatorStatus.UNKNOWN),
    ],
)
def test_indicator_status_follows_baseline_target_and_direction(
    actual, target, baseline, direction, interim, expected
):
    status = indicator_status(
        actual=actual, target=target, baseline=baseline, direction=direction, interim=interim
    )
    assert status == expected


@pytest.fixture
def approved(make_plan, plan_setup):
    plan = make_plan(approved=True)
    town = MunicipalityFactory(name="Geel")
    RegionalCareZoneMembershipFactory(municipality=town, zone=plan_setup["zone"])
    return plan, town


def test_coordinator_reports_progress_and_staff_approve_it(coordinator_a_client, staff_client, approved):
    plan, town = approved
    response = coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/voortgang/2027/")
    progress = YearlyProgress.objects.get()
    assert response["Location"] == progress.get_absolute_url()

    indicators = list(plan.goals.all()[0].indicators.all()) + [
        i for g in plan.goals.all()[1:] for i in g.indicators.all()
    ]
    actions = [a for g in plan.goals.all() for a in g.actions.all()]
    # The count typed as in Belgium, its thousands grouped (refused before review).
    data = {"narrative": "Een goed jaar.", "version": progress.lock_version, f"activity_{town.pk}": "1.042"}
    for indicator in indicators:
        data[f"actual_{indicator.pk}"] = "12"
    for action in actions:
        data[f"status_{action.pk}"] = "ON_TRACK"
    assert coordinator_a_client.post(progress.get_absolute_url(), data).status_code == 302
    assert ActivityCount.objects.get(municipality=town, year=2027).count == 1042

    page = coordinator_a_client.get(progress.get_absolute_url()).content.decode()
    assert 'class="badge indicator-achieved"' in page  # 12 reaches the 2027 target of 12

    coordinator_a_client.post(f"/portaal/voortgang/{progress.pk}/indienen/")
    progress.refresh_from_db()
    assert progress.status == SubmissionStatus.SUBMITTED
    staff_client.post(f"/portaal/voortgang/{progress.pk}/goedkeuren/")
    progress.refresh_from_db()
    assert progress.status == SubmissionStatus.APPROVED
    assert coordinator_a_client.post(progress.get_absolute_url(), data).status_code == 403
    assert [e.to_status for e in progress.events.all()] == ["SUBMITTED", "IN_REVIEW", "APPROVED"]


def test_an_incomplete_report_cannot_be_submitted(coordinator_a_client, approved):
    plan, _town = approved
    coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/voortgang/2027/")
    progress = YearlyProgress.objects.get()
    coordinator_a_client.post(f"/portaal/voortgang/{progress.pk}/indienen/")
    progress.refresh_from_db()
    assert progress.status == SubmissionStatus.DRAFT


def test_progress_outside_the_period_or_of_a_draft_plan_is_refused(coordinator_a_client, make_plan):
    draft = make_plan()
    response = coordinator_a_client.post(f"/portaal/plannen/{draft.pk}/voortgang/2027/")
    assert response.status_code == 403
    MultiYearPlan.objects.filter(pk=draft.pk).update(status=SubmissionStatus.APPROVED, approved_version=1)
    response = coordinator_a_client.post(f"/portaal/plannen/{draft.pk}/voortgang/2031/")
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert not YearlyProgress.objects.exists()


def test_outsiders_get_404_on_a_progress_report(
    coordinator_a_client, coordinator_b_client, anonymous_client, approved
):
    plan, _town = approved
    coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/voortgang/2027/")
    progress = YearlyProgress.objects.get()
    assert coordinator_b_client.get(progress.get_absolute_url()).status_code == 404
    assert coordinator_b_client.post(f"/portaal/plannen/{plan.pk}/voortgang/2028/").status_code == 404
    assert anonymous_client.get(progress.get_absolute_url()).status_code == 302


def test_reminders_go_out_before_the_due_date(approved, coordinator_a):
    plan, _town = approved
    out = StringIO()
    ProgressReportRule.objects.create(applies_from_year=2024, due_month=3, due_day=31)
    # The 2027 report is due on 31 March 2028; 30 days before is 1 March 2028.
    call_command("send_progress_reminders", today=datetime.date(2028, 3, 1), stdout=out)
    assert [m.to for m in mail.outbox] == [[coordinator_a.email]]
    assert "31/03/2028" in mail.outbox[0].subject
    assert f"/portaal/plannen/{plan.pk}/voortgang/2027/" in mail.outbox[0].body
    call_command("send_progress_reminders", today=datetime.date(2028, 3, 2), stdout=out)
    assert len(mail.outbox) == 1


def test_plans_by_period_are_unique_per_network(coordinator_a_client, plan_setup):
    create_plan(coordinator_a_client, plan_setup["period"])
    response = coordinator_a_client.post(
        "/portaal/netwerken/test-a/plannen/nieuw/", {"period": plan_setup["period"].pk}
    )
    assert response.status_code == 200  # the period is no longer offered
    assert MultiYearPlan.objects.count() == 1
    assert PlanningPeriod.objects.count() == 1


def _report_form(coordinator_a_client, plan, town):
    coordinator_a_client.post(f"/portaal/plannen/{plan.pk}/voortgang/2027/")
    progress = YearlyProgress.objects.get()
    indicators = [i for g in plan.goals.all() for i in g.indicators.all()]
    actions = [a for g in plan.goals.all() for a in g.actions.all()]
    data = {"narrative": "Een goed jaar.", "version": progress.lock_version, f"activity_{town.pk}": "42"}
    data.update({f"actual_{i.pk}": "12" for i in indicators})
    data.update({f"inote_{i.pk}": f"noot {i.pk}" for i in indicators})
    data.update({f"status_{a.pk}": "ON_TRACK" for a in actions})
    return progress, data


def test_every_field_of_the_progress_report_has_a_label_and_the_buttons_share_one_form(
    coordinator_a_client, approved
):
    from bs4 import BeautifulSoup

    plan, town = approved
    progress, _data = _report_form(coordinator_a_client, plan, town)
    soup = BeautifulSoup(coordinator_a_client.get(progress.get_absolute_url()).content, "html.parser")
    form = soup.select_one("#progress-form")
    fields = form.select("input:not([type=hidden]), select, textarea")
    assert fields
    for field in fields:
        assert soup.select_one(f"label[for='{field['id']}']"), field
    assert {b["value"] for b in form.select("button[name=then]")} == {"save", "submit"}
    assert not soup.select("a[data-transition]")  # no second form that would lose the input


@pytest.mark.parametrize("then", ["save", "submit"])
def test_a_value_typed_in_the_progress_report_survives_every_button(coordinator_a_client, approved, then):
    plan, town = approved
    progress, data = _report_form(coordinator_a_client, plan, town)
    bad = next(name for name in data if name.startswith("actual_"))
    response = coordinator_a_client.post(progress.get_absolute_url(), {**data, bad: "twaalf", "then": then})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page and f'href="#id_{bad}"' in page  # summarised at the top
    assert f'id="id_{bad}-error"' in page  # and next to the field
    assert "Een goed jaar." in page and 'value="twaalf"' in page and 'value="42"' in page
    assert 'value="ON_TRACK" selected' in page
    progress.refresh_from_db()
    assert progress.narrative == "" and progress.status == SubmissionStatus.DRAFT

    response = coordinator_a_client.post(progress.get_absolute_url(), {**data, "then": then})
    progress.refresh_from_db()
    assert progress.narrative == "Een goed jaar."  # saved, whichever button
    if then == "submit":  # saved, then asked to confirm the submission
        assert response["Location"] == f"/portaal/voortgang/{progress.pk}/indienen/"
        coordinator_a_client.post(response["Location"])
        progress.refresh_from_db()
        assert progress.status == SubmissionStatus.SUBMITTED
    else:
        assert response["Location"] == progress.get_absolute_url()


def test_progress_due_date_follows_the_rule_staff_set():
    assert progress_due_date(2027) is None
    rule = ProgressReportRule.objects.create(applies_from_year=2024, due_month=3, due_day=31)
    assert progress_due_date(2027) == datetime.date(2028, 3, 31)
    rule.due_month, rule.due_day = 4, 30
    rule.save()
    assert progress_due_date(2027) == datetime.date(2028, 4, 30)
    ProgressReportRule.objects.create(applies_from_year=2028, due_month=6, due_day=30, year_offset=0)
    assert progress_due_date(2028) == datetime.date(2028, 6, 30)
    assert progress_due_date(2023) is None


def test_a_rule_refuses_a_day_that_does_not_exist():
    with pytest.raises(ValidationError):
        ProgressReportRule(applies_from_year=2024, due_month=4, due_day=31).full_clean()


def test_reminders_skip_years_without_a_rule(approved, coordinator_a):
    out = StringIO()
    call_command("send_progress_reminders", today=datetime.date(2028, 3, 1), stdout=out)
    assert mail.outbox == []
    assert "No due date set for the reports on 2027" in out.getvalue()


@pytest.mark.parametrize(("year_offset", "warned"), [(1, True), (0, False)])
def test_submitting_a_report_on_a_year_that_has_not_begun_is_said_first(
    coordinator_a_client, approved, year_offset, warned
):
    plan, _town = approved
    year = timezone.localdate().year + year_offset
    progress = YearlyProgressFactory(plan=plan, year=year, filled=True)
    page = BeautifulSoup(
        coordinator_a_client.get(f"/portaal/voortgang/{progress.pk}/indienen/").content, "html.parser"
    )
    warning = page.select_one("#year-ahead")
    assert (warning is not None) == warned
    if warned:
        assert f"Het jaar {year} is nog niet begonnen" in warning.get_text()


def test_an_actual_value_takes_a_decimal_comma(coordinator_a_client, approved):
    plan, town = approved
    progress, data = _report_form(coordinator_a_client, plan, town)
    first = next(name for name in data if name.startswith("actual_"))
    response = coordinator_a_client.post(progress.get_absolute_url(), {**data, first: "12,5", "then": "save"})
    assert response.status_code == 302
    line = IndicatorProgress.objects.get(progress=progress, indicator_id=int(first.removeprefix("actual_")))
    assert line.actual == Decimal("12.5")
    field = BeautifulSoup(coordinator_a_client.get(progress.get_absolute_url()).content, "html.parser")
    assert field.select_one(f"#id_{first}")["value"] == "12,5"


def test_a_report_saved_from_a_page_left_open_keeps_counts_stored_elsewhere_and_refuses_a_clash(
    coordinator_a_client, approved
):
    """The guided patients are the network's counts, written in the back office and by imports
    too: a report saved from a page opened before such a change deleted or reset them (found by
    review). Now it writes only what was typed, and a count typed over one changed since is
    refused, naming the municipality."""
    plan, town = approved
    other = MunicipalityFactory(name="Mol")
    RegionalCareZoneMembershipFactory(municipality=other, zone=town.regional_care_zone_memberships.get().zone)
    progress = YearlyProgressFactory(plan=plan, year=2027)
    url = progress.get_absolute_url()
    opened = sent_as_shown(coordinator_a_client.get(url), "narrative")

    def elsewhere(municipality, count):  # as the back office or an import stores it
        ActivityCount.objects.create(
            network=plan.network, municipality=municipality, year=2027, count=count, source="back office"
        )

    elsewhere(town, 123)
    assert coordinator_a_client.post(url, {**opened, "narrative": "Alleen tekst."}).status_code == 302
    assert ActivityCount.objects.get(municipality=town).count == 123  # was deleted

    opened = sent_as_shown(coordinator_a_client.get(url), "narrative")
    elsewhere(other, 7)
    clash = {**opened, f"activity_{other.pk}": "9"}
    refused = coordinator_a_client.post(url, clash)
    assert refused.status_code == 200 and "Mol" in refused.content.decode()
    assert ActivityCount.objects.get(municipality=other).count == 7

    again = sent_as_shown(refused, "narrative")  # the page now shows 9 typed, 7 as stored
    assert again[f"activity_{other.pk}"] == ["9"] and again[f"initial-activity_{other.pk}"] == ["7"]
    assert coordinator_a_client.post(url, again).status_code == 302
    assert ActivityCount.objects.get(municipality=other).count == 9
