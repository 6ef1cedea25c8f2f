"""A plan page shows, per goal, the role of the first line and the complexity levels it
addresses (decision 0001 §2.8), as the goal form stores them."""

from django.utils import translation

from missions.models import ComplexityLevel
from missions.models.themes import FirstLineRole
from tests.missions.factories import PlanGoalFactory


def test_the_plan_page_shows_each_goals_role_of_the_first_line_and_complexity(
    make_plan, plan_setup, coordinator_a_client
):
    plan = make_plan()
    complex_care = ComplexityLevel.objects.create(
        code="hoog", name="Hoog complexe zorg", name_en="Highly complex"
    )
    goal = PlanGoalFactory(plan=plan, first_line_role=FirstLineRole.SECOND_LINE)
    goal.complexity_levels.set([complex_care])
    page = coordinator_a_client.get(plan.get_absolute_url()).content.decode()
    with translation.override("nl-be"):
        role = str(FirstLineRole.SECOND_LINE.label)
    assert f"Rol van de eerste lijn: {role}" in page
    assert "Complexiteitsniveaus: Hoog complexe zorg" in page
