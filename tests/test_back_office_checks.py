"""Checks the back office (and every import, which runs the same clean()) makes of dates and
periods staff type, and the words a database refusal reaches them in (QA round 4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from missions.models import Indicator, PlanningPeriod
from networks.models import ReformDate, ReformOrganisation
from tests.transition.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    return refused.value.message_dict


def test_a_reform_date_or_organisation_cannot_end_before_it_starts():
    row = ReformDate(
        code="stap", title="Stap", start="2027-05-01", end="2027-01", certainty="HOPED", source="x"
    )
    assert errors_of(row) == {"end": ["Het einde ligt voor het begin."]}
    row.end = "2027"  # the year of the start: it may end in it
    row.full_clean()
    organisation = ReformOrganisation(code="org", name="Org", role="CONSORTIUM", active_from="2027-01-01",
                                      active_until="2026-01-01")  # fmt: skip
    assert errors_of(organisation) == {"active_until": ["Het einde ligt voor het begin."]}


def test_a_planning_period_cannot_overlap_another_or_end_before_it_starts():
    PlanningPeriod.objects.create(start_year=2027, end_year=2028, name="Verkort meerjarenplan 2027–2028")
    overlapping = PlanningPeriod(start_year=2027, end_year=2029, name="QA periode")
    assert "overlapt met Verkort meerjarenplan 2027–2028 (2027–2028)" in errors_of(overlapping)["__all__"][0]
    reversed_period = PlanningPeriod(start_year=2035, end_year=2034, name="Omgekeerd")
    assert errors_of(reversed_period)["end_year"] == ["Het laatste jaar ligt voor het eerste."]
    PlanningPeriod(start_year=2029, end_year=2034, name="Meerjarenplan 2029–2034").full_clean()


def test_a_milestone_cannot_be_completed_in_the_future():
    milestone = MilestoneFactory(due_date=datetime.date(2026, 6, 30))
    milestone.completed_on = timezone.localdate() + datetime.timedelta(days=1)
    assert errors_of(milestone) == {
        "completed_on": ["Een mijlpaal wordt afgerond op een dag die al gekomen is: uiterlijk vandaag."]
    }
    milestone.completed_on = timezone.localdate()
    milestone.full_clean()


def test_a_database_refusal_reaches_staff_in_words_not_its_constraint_name(admin_client):
    response = admin_client.post(
        "/admin/missions/indicator/add/",
        {"code": "negatief", "name": "Negatief", "name_en": "Negative", "direction": "MORE_NEED",
         "level": "ZONE", "weight": "-1", "weight_source": "Test", "weight_certainty": "ASSUMED"},
    )  # fmt: skip
    page = response.content.decode()
    assert "Een gewicht kan niet negatief zijn." in page and "indicator_weight_not_negative" not in page
    assert not Indicator.objects.filter(code="negatief").exists()


def test_staff_filter_milestones_by_their_state_today(staff_client):
    today = timezone.localdate()
    late = MilestoneFactory(title="Mijlpaal L", due_date=today - datetime.timedelta(days=10))
    MilestoneFactory(title="Mijlpaal O", due_date=today + datetime.timedelta(days=10))
    MilestoneFactory(title="Mijlpaal D", due_date=today - datetime.timedelta(days=10), completed_on=today)

    def listed(state):
        page = staff_client.get("/admin/transition/milestone/", {"state": state}).content.decode()
        return {title for title in ("Mijlpaal L", "Mijlpaal O", "Mijlpaal D") if title in page}

    assert listed("late") == {"Mijlpaal L"} and late.is_late_on(today)
    assert listed("open") == {"Mijlpaal O"}
    assert listed("done") == {"Mijlpaal D"}


@pytest.mark.parametrize("address", ["/api/", "/api/v1/"])
def test_the_api_root_leads_to_its_documentation(anonymous_client, address):
    response = anonymous_client.get(address)
    assert response.status_code == 302 and response["Location"] == "/api/v1/docs/"


def test_the_parts_of_plans_can_be_filtered_by_network(staff_client):
    from tests.missions.factories import PlanGoalFactory

    mine, other = PlanGoalFactory(title="Doel van A"), PlanGoalFactory(title="Doel van B")
    page = staff_client.get(
        "/admin/missions/plangoal/", {"plan__network__id__exact": mine.plan.network_id}
    ).content.decode()
    assert "Doel van A" in page and "Doel van B" not in page
    actions = staff_client.get(
        "/admin/missions/planaction/", {"goal__plan__network__id__exact": other.plan.network_id}
    ).content.decode()
    assert "Doel van B" in actions and "Doel van A" not in actions  # the goal column of the actions


def test_a_planning_period_without_its_last_year_gets_a_field_error_not_a_server_error(admin_client):
    response = admin_client.post(
        "/admin/missions/planningperiod/add/",
        {"start_year": "2035", "end_year": "", "name": "Zonder einde", "certainty": "ASSUMED"},
    )
    assert response.status_code == 200
    assert "end_year" in response.context["adminform"].form.errors
    assert not PlanningPeriod.objects.filter(name="Zonder einde").exists()
