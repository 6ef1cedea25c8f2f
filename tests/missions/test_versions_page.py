"""The page of a plan's versions: the changes between two versions (a change to the plan's own
fields counts as a difference) and the table of versions, which scrolls in a labelled region
rather than squeezing its headers on a phone."""

import pytest
from bs4 import BeautifulSoup

from missions.models import MultiYearPlan, PlanVersion
from missions.selectors.plans import plan_detail_queryset
from missions.selectors.versions import plan_snapshot

pytestmark = pytest.mark.django_db


def _second_version(plan, **changes) -> None:
    """Version 2 of ``plan``: its content with ``changes`` to the plan's own fields."""
    MultiYearPlan.objects.filter(pk=plan.pk).update(**changes)
    PlanVersion.objects.create(
        plan=plan, number=2, content=plan_snapshot(plan_detail_queryset().get(pk=plan.pk))
    )


def _diff(client, plan) -> BeautifulSoup:
    response = client.get(f"/portaal/plannen/{plan.pk}/versies/?van=1&naar=2")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("#diff")


def test_a_change_to_the_plans_summary_alone_is_not_called_no_differences(make_plan, coordinator_a_client):
    plan = make_plan(submitted=True)
    _second_version(plan, summary="Een nieuwe samenvatting")
    diff = _diff(coordinator_a_client, plan)
    assert "Een nieuwe samenvatting" in diff.select_one(".diff-field").get_text()
    assert "Geen verschillen." not in diff.get_text()


def test_two_versions_with_the_same_content_say_there_is_no_difference(make_plan, coordinator_a_client):
    plan = make_plan(submitted=True)
    _second_version(plan)
    diff = _diff(coordinator_a_client, plan)
    assert diff.get_text(" ", strip=True) == "Geen verschillen."


def test_the_versions_table_scrolls_in_a_region_named_by_the_pages_title(make_plan, staff_client):
    plan = make_plan(submitted=True)
    page = BeautifulSoup(staff_client.get(f"/portaal/plannen/{plan.pk}/versies/").content, "html.parser")
    region = page.select_one("#versions").parent
    assert "table-region" in region["class"]
    assert (region["role"], region["tabindex"]) == ("region", "0")
    assert page.select_one(f"#{region['aria-labelledby']}").get_text(strip=True) == "Versies en wijzigingen"
