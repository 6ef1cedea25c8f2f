"""A stored choice that went out of scope stays until somebody unticks it: a goal's target zone
the network no longer serves, a partner organisation whose place the network's zones no longer
cover (on an action, a matrix cell and a cell refined per primary care zone). The forms offered
only the choices in scope, so such a value had no checkbox and any save dropped it without a
word (found by review); now it is shown ticked, marked, and an unchanged save keeps it."""

import datetime

import pytest
from bs4 import BeautifulSoup

from missions.models import PlanAction, RegionalIntensity
from tests.missions.factories import PartnerOrganisationFactory, PlanGoalFactory
from tests.networks.factories import (
    MunicipalityFactory,
    PrimaryCareZoneFactory,
    PrimaryCareZoneMembershipFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
)
from tests.page_forms import sent_as_shown

pytestmark = pytest.mark.django_db

CELL = "/netwerken/test-a/opdrachten/kempen/informeren/"
GONE = "niet meer"  # in the Dutch note after a kept choice


def ticked(response, field: str) -> dict[str, str]:
    """{label: value} of the ticked checkboxes of `field` on the page."""
    soup = BeautifulSoup(response.content, "html.parser")
    boxes = soup.select(
        f'input[type=checkbox][checked][name="{field}"], input[type=checkbox][checked][name$="-{field}"]'
    )
    return {
        soup.select_one(f'label[for="{box["id"]}"]').get_text(" ", strip=True): box["value"] for box in boxes
    }


@pytest.fixture
def moved_partner(plan_setup):
    """A partner placed in Kempen (served by Testnetwerk A), moved to Limburg after it was named:
    call it once the record names it."""
    partner = PartnerOrganisationFactory(
        name="Huisartsenkring Kempen (demo)", regional_care_zone=plan_setup["zone"]
    )

    def move():
        partner.regional_care_zone = RegionalCareZoneFactory(code="limburg", name="Limburg")
        partner.save()
        return partner

    return partner, move


def test_a_goals_target_zone_no_longer_served_is_kept_until_unticked(
    coordinator_a_client, network_a, make_plan
):
    plan = make_plan()
    rivierenland = RegionalCareZoneFactory(code="rivierenland", name="Rivierenland")
    area = ServiceAreaFactory(network=network_a, zone=rivierenland, valid_from=datetime.date(2024, 1, 1))
    goal = PlanGoalFactory(plan=plan, title="Vorming")
    goal.target_zones.set([plan.network.service_areas.get(zone__code="kempen").zone, rivierenland])
    area.valid_until = datetime.date.today() - datetime.timedelta(days=1)
    area.save()

    url = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    page = coordinator_a_client.get(url)
    shown = ticked(page, "target_zones")
    assert any(label.startswith("Rivierenland") and GONE in label for label in shown), shown
    assert coordinator_a_client.post(url, sent_as_shown(page, "target_zones")).status_code == 302
    assert sorted(goal.target_zones.values_list("code", flat=True)) == ["kempen", "rivierenland"]

    data = sent_as_shown(coordinator_a_client.get(url), "target_zones")
    data["target_zones"] = [shown[label] for label in shown if not label.startswith("Rivierenland")]
    assert coordinator_a_client.post(url, data).status_code == 302
    assert list(goal.target_zones.values_list("code", flat=True)) == ["kempen"]
    assert "Rivierenland" not in coordinator_a_client.get(url).content.decode()  # unticked: gone for good


def test_an_actions_partner_out_of_the_zones_now_is_kept_and_no_new_one_is_let_in(
    coordinator_a_client, make_plan, moved_partner
):
    plan = make_plan()
    goal = PlanGoalFactory(plan=plan)
    partner, move = moved_partner
    action = PlanAction.objects.create(goal=goal, what="Vorming")
    action.partners.set([partner])
    move()
    url = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/{action.pk}/"
    page = coordinator_a_client.get(url)
    assert [label for label in ticked(page, "partners") if GONE in label] != []
    assert coordinator_a_client.post(url, sent_as_shown(page, "partners")).status_code == 302
    assert list(action.partners.all()) == [partner]

    other = PartnerOrganisationFactory(
        name="Ziekenhuis Genk (demo)", regional_care_zone=partner.regional_care_zone
    )
    data = sent_as_shown(coordinator_a_client.get(url), "partners")
    data["partners"] = [*data["partners"], str(other.pk)]
    refused = coordinator_a_client.post(url, data)
    assert refused.status_code == 200 and list(action.partners.all()) == [partner]


def test_a_cells_partner_out_of_the_zones_now_is_kept(
    coordinator_a_client, network_a, plan_setup, moved_partner
):
    from missions.models import MissionTheme

    partner, move = moved_partner
    cell = RegionalIntensity.objects.create(
        network=network_a, zone=plan_setup["zone"], theme=MissionTheme.objects.get(code="informeren"), level=2
    )
    cell.partners.set([partner])
    move()
    page = coordinator_a_client.get(CELL)
    assert [label for label in ticked(page, "partners") if GONE in label] != []
    assert coordinator_a_client.post(CELL, sent_as_shown(page, "partners")).status_code == 302
    assert list(cell.partners.all()) == [partner]


def test_a_refinements_partner_out_of_the_zones_now_is_kept(
    coordinator_a_client, network_a, plan_setup, moved_partner
):
    from missions.models import MissionTheme

    partner, move = moved_partner
    primary = PrimaryCareZoneFactory(code="elz-zuiderkempen", name="ELZ Zuiderkempen")
    PrimaryCareZoneMembershipFactory(
        municipality=MunicipalityFactory(name="Geel", zone=plan_setup["zone"]), zone=primary
    )
    theme = MissionTheme.objects.get(code="informeren")
    RegionalIntensity.objects.create(network=network_a, zone=plan_setup["zone"], theme=theme, level=2)
    refined = RegionalIntensity.objects.create(
        network=network_a, zone=plan_setup["zone"], theme=theme, primary_care_zone=primary, level=3, version=1
    )
    refined.partners.set([partner])
    move()
    url = CELL + "eerstelijnszones/"
    page = coordinator_a_client.get(url)
    assert [label for label in ticked(page, "partners") if GONE in label] != []
    assert coordinator_a_client.post(url, sent_as_shown(page, "partners")).status_code == 302
    assert list(refined.partners.all()) == [partner]
