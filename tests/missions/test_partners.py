"""Named partner organisations behind the partner types (issue 13; decision 0001 §2.10): the
model's rules, which partners a network may choose, the action and cell forms that choose them,
their history, and where they show (plan page, matrix, plan and network PDFs). Also the planning
period's certainty (§0 item 3), the goal's first-line role and complexity in the plan PDF (§2.8)
and the intensity scale said to be ours (§4 item 23)."""

import re
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pypdf import PdfReader
from tablib import Dataset

from missions.models import (
    ComplexityLevel,
    FirstLineRole,
    PartnerOrganisation,
    PlanAction,
    PlanVersion,
    RegionalIntensity,
)
from missions.resources import PartnerOrganisationResource
from missions.selectors.partners import partners_for_network
from missions.selectors.plans import plan_detail_queryset
from missions.selectors.versions import plan_snapshot
from missions.services.demo_data import DEMO_PARTNERS, load_demo_partners
from missions.services.intensity import intensity_save
from missions.services.plans import action_save
from tests.missions.conftest import advance
from tests.missions.factories import PartnerOrganisationFactory, PartnerTypeFactory, PlanGoalFactory
from tests.networks.factories import (
    MunicipalityFactory,
    PrimaryCareZoneFactory,
    PrimaryCareZoneMembershipFactory,
    RegionalCareZoneFactory,
)

pytestmark = pytest.mark.django_db

MATRIX = "/netwerken/test-a/opdrachten/"
CELL = MATRIX + "kempen/informeren/"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def pdf_text(content: bytes) -> str:
    return squeeze(" ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages))


@pytest.fixture
def partners(plan_setup):
    """Testnetwerk A serves Kempen (plan_setup). Partners: one placed in Kempen, one by a
    municipality of Kempen, one by a primary care zone inside Kempen, one working all over
    Flanders, and one in Limburg (outside)."""
    kempen = plan_setup["zone"]
    limburg = RegionalCareZoneFactory(code="limburg", name="Limburg")
    geel = MunicipalityFactory(name="Geel", zone=kempen)
    primary = PrimaryCareZoneFactory(code="elz-zuiderkempen", name="ELZ Zuiderkempen")
    PrimaryCareZoneMembershipFactory(municipality=geel, zone=primary)
    return {
        "zone": PartnerOrganisationFactory(name="Huisartsenkring Kempen (demo)", regional_care_zone=kempen),
        "municipality": PartnerOrganisationFactory(name="Woonzorgcentrum Geel (demo)", municipality=geel),
        "primary": PartnerOrganisationFactory(
            name="Thuiszorg Zuiderkempen (demo)", primary_care_zone=primary
        ),
        "flanders": PartnerOrganisationFactory(name="Expertisecentrum Vlaanderen (demo)"),
        "outside": PartnerOrganisationFactory(name="Ziekenhuis Genk (demo)", regional_care_zone=limburg),
    }


# The model ------------------------------------------------------------------------------------


def test_a_fictional_partner_must_say_so_in_its_name(partners):
    partner = PartnerOrganisationFactory.build(
        code="x", name="Echte naam", partner_type=PartnerTypeFactory(), is_demo=True
    )
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "name" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        partner.save()  # the database refuses it too


def test_the_certainty_must_be_one_of_the_choices_and_the_code_unique(partners):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerOrganisation.objects.filter(pk=partners["zone"].pk).update(certainty="SURE")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerOrganisationFactory(code=partners["zone"].code)


def test_a_municipality_outside_the_partners_zone_is_refused(partners, plan_setup):
    elsewhere = MunicipalityFactory(name="Genk", zone=RegionalCareZoneFactory(code="limburg"))
    partner = partners["zone"]
    partner.municipality = elsewhere
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "municipality" in error.value.message_dict
    partner.municipality = partners["municipality"].municipality  # Geel lies in Kempen
    partner.full_clean()


# Which partners a network may choose ----------------------------------------------------------


def test_a_network_chooses_partners_in_its_zones_or_without_a_place(partners, network_a):
    chosen = set(partners_for_network(network_a))
    assert chosen == {partners[key] for key in ("zone", "municipality", "primary", "flanders")}
    assert partners["outside"] not in chosen


def test_the_services_refuse_a_partner_outside_the_networks_zones(
    partners, network_a, make_plan, coordinator_a
):
    goal = PlanGoalFactory(plan=make_plan())
    with pytest.raises(ValidationError) as error:
        action_save(goal=goal, by=coordinator_a, what="Overleg", partners=[partners["outside"]])
    assert "Ziekenhuis Genk (demo)" in str(error.value)
    with pytest.raises(ValidationError):
        intensity_save(
            network=network_a,
            zone=partners["zone"].regional_care_zone,
            theme=goal.theme,
            level=2,
            suggested=None,
            by=coordinator_a,
            partners=[partners["outside"]],
        )


# The action form ------------------------------------------------------------------------------


def _action_url(plan, goal):
    return f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/acties/nieuw/"


def test_the_action_form_offers_only_the_networks_partners_and_stores_them_with_history(
    partners, make_plan, coordinator_a_client
):
    plan = make_plan()
    goal = PlanGoalFactory(plan=plan)
    page = coordinator_a_client.get(_action_url(plan, goal)).content.decode()
    assert "Huisartsenkring Kempen (demo)" in page and "Ziekenhuis Genk (demo)" not in page

    chosen = [partners["zone"].pk, partners["flanders"].pk]
    response = coordinator_a_client.post(_action_url(plan, goal), {"what": "Overleg", "partners": chosen})
    assert response.status_code == 302, response.content.decode()[:1000]
    action = PlanAction.objects.get(goal=goal, what="Overleg")
    assert set(action.partners.values_list("pk", flat=True)) == set(chosen)
    latest = action.history.first()
    assert set(latest.partners.values_list("partnerorganisation_id", flat=True)) == set(chosen)
    assert latest.history_user is not None


def test_the_action_form_refuses_a_partner_outside_the_zones_or_an_unknown_id(
    partners, make_plan, coordinator_a_client
):
    plan = make_plan()
    goal = PlanGoalFactory(plan=plan)
    for bad in (partners["outside"].pk, 999_999, "x", "9" * 30):
        response = coordinator_a_client.post(_action_url(plan, goal), {"what": "Overleg", "partners": [bad]})
        assert response.status_code == 200
        assert "partners" in response.context["form"].errors
    assert not PlanAction.objects.filter(goal=goal, what="Overleg").exists()


# The intensity cell form ----------------------------------------------------------------------


def test_the_cell_form_stores_partners_of_the_zone_and_refuses_others(partners, coordinator_a_client):
    page = coordinator_a_client.get(CELL).content.decode()
    assert "Thuiszorg Zuiderkempen (demo)" in page and "Ziekenhuis Genk (demo)" not in page
    assert "Schaal van het register (de nota bepaalt geen schaal)" in page

    bad = coordinator_a_client.post(
        CELL, {"level": "2", "delivery_emphasis": "BOTH", "partners": [partners["outside"].pk]}
    )
    assert bad.status_code == 200 and "partners" in bad.context["form"].errors
    assert not RegionalIntensity.objects.exists()

    good = coordinator_a_client.post(
        CELL, {"level": "2", "delivery_emphasis": "BOTH", "partners": [partners["primary"].pk]}
    )
    assert good.status_code == 302, good.content.decode()[:1000]
    cell = RegionalIntensity.objects.get()
    assert list(cell.partners.all()) == [partners["primary"]]
    assert cell.history.first().partners.get().partnerorganisation_id == partners["primary"].pk


def _refinement(partner):
    return {
        "pcz-TOTAL_FORMS": "1",
        "pcz-INITIAL_FORMS": "1",
        "pcz-0-primary_care_zone": "elz-zuiderkempen",
        "pcz-0-level": "3",
        "pcz-0-partners": [partner.pk],
    }


def test_a_cell_refined_per_primary_care_zone_names_its_partners_too(
    partners, network_a, coordinator_a_client
):
    RegionalIntensity.objects.create(
        network=network_a, zone=partners["zone"].regional_care_zone, theme_id=_theme_id("informeren"), level=2
    )
    refine = CELL + "eerstelijnszones/"
    bad = coordinator_a_client.post(refine, _refinement(partners["outside"]))
    assert bad.status_code == 200
    assert not RegionalIntensity.objects.filter(primary_care_zone__isnull=False).exists()

    good = coordinator_a_client.post(refine, _refinement(partners["primary"]))
    assert good.status_code == 302, good.content.decode()[:1000]
    refined = RegionalIntensity.objects.get(primary_care_zone__code="elz-zuiderkempen")
    assert list(refined.partners.all()) == [partners["primary"]]
    soup = BeautifulSoup(coordinator_a_client.get(MATRIX).content, "html.parser")
    row = soup.select_one('section.refined-cell tr[data-primary="elz-zuiderkempen"]').get_text(
        " ", strip=True
    )
    assert "Thuiszorg Zuiderkempen (demo)" in row


# Where they show ------------------------------------------------------------------------------


def test_the_matrix_shows_the_cells_partners_and_that_the_scale_is_ours(
    partners, network_a, coordinator_a_client
):
    intensity = RegionalIntensity.objects.create(
        network=network_a, zone=partners["zone"].regional_care_zone, theme_id=_theme_id("informeren"), level=2
    )
    intensity.partners.set([partners["zone"]])
    soup = BeautifulSoup(coordinator_a_client.get(MATRIX).content, "html.parser")
    cell = soup.select_one('#matrix tr[data-zone="kempen"] td[data-theme="informeren"]')
    assert "Huisartsenkring Kempen (demo)" in cell.get_text(" ", strip=True)
    assert (
        "Schaal van het register (de nota bepaalt geen schaal)" in soup.select_one("[data-scale-note]").text
    )


def _theme_id(code):
    from missions.models import MissionTheme

    return MissionTheme.objects.get(code=code).pk


@pytest.fixture
def plan_with_partners(partners, make_plan, coordinator_a):
    """A complete plan whose first goal has a first-line role, a complexity level and an action
    with two partner organisations, submitted as version 1."""
    plan = make_plan(complete=True)
    goal = plan.goals.get(theme__code="informeren")
    goal.first_line_role = FirstLineRole.SECOND_LINE
    goal.save()
    goal.complexity_levels.set(
        [ComplexityLevel.objects.create(code="hoog", name="Hoog complexe zorg/ondersteuning", name_en="High")]
    )
    goal.actions.get().partners.set([partners["zone"], partners["flanders"]])
    return advance(plan, "submit", by=coordinator_a)


def test_the_plan_page_names_the_actions_partners_and_the_periods_certainty(
    plan_with_partners, coordinator_a_client
):
    page = coordinator_a_client.get(plan_with_partners.get_absolute_url()).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    text = " ".join(soup.select_one(".action-partners").get_text(" ", strip=True).split())
    assert text == "Partnerorganisaties: Expertisecentrum Vlaanderen (demo), Huisartsenkring Kempen (demo)"
    period = plan_with_partners.period.name
    assert f"Planningsperiode: {period} eigen aanname" in soup.select_one("#period-certainty").get_text(
        " ", strip=True
    )
    portal = coordinator_a_client.get("/portaal/").content.decode()
    assert "eigen aanname" in portal


def test_the_changes_between_versions_name_the_partners_added(
    plan_with_partners, partners, coordinator_a_client
):
    plan = plan_with_partners
    plan.goals.get(theme__code="informeren").actions.get().partners.add(partners["primary"])
    content = plan_snapshot(plan_detail_queryset().get(pk=plan.pk))
    PlanVersion.objects.create(plan=plan, number=2, content=content)
    page = coordinator_a_client.get(f"/portaal/plannen/{plan.pk}/versies/?van=1&naar=2").content.decode()
    diff = BeautifulSoup(page, "html.parser").select_one("#diff").get_text(" ", strip=True)
    assert "Partnerorganisaties" in diff and "Thuiszorg Zuiderkempen (demo)" in diff


@pytest.mark.pdf
def test_the_plan_pdf_names_the_partners_and_each_goals_role_and_complexity(
    plan_with_partners, coordinator_a_client
):
    response = coordinator_a_client.get(f"/rapporten/plannen/{plan_with_partners.pk}/versie-1.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert squeeze("Huisartsenkring Kempen (demo)") in text
    assert squeeze("Expertisecentrum Vlaanderen (demo)") in text
    assert squeeze("Rol van de eerste lijn") in text
    assert squeeze("In tweede lijn (ter ondersteuning van de eerste lijn)") in text
    assert squeeze("Hoog complexe zorg/ondersteuning") in text
    assert squeeze("(eigen aanname)") in text  # the planning period has no source


@pytest.mark.pdf
def test_the_network_pdf_names_the_cells_partners(partners, network_a, staff_client):
    intensity = RegionalIntensity.objects.create(
        network=network_a, zone=partners["zone"].regional_care_zone, theme_id=_theme_id("informeren"), level=2
    )
    intensity.partners.set([partners["municipality"]])
    response = staff_client.get("/rapporten/netwerken/test-a.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert squeeze("Woonzorgcentrum Geel (demo)") in text
    assert squeeze("Schaal van het register (de nota bepaalt geen schaal)") in text


# Import and demo data -------------------------------------------------------------------------


def test_the_import_reads_partners_by_their_codes_and_refuses_an_unknown_zone(partners):
    partner_type = partners["zone"].partner_type
    headers = ["code", "name", "partner_type", "regional_care_zone", "nis_code", "certainty", "is_demo"]
    good = Dataset(headers=headers)
    good.append(["leif-kempen", "LEIF-punt Kempen (demo)", partner_type.code, "kempen", "", "ASSUMED", "1"])
    result = PartnerOrganisationResource().import_data(good, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert PartnerOrganisation.objects.get(code="leif-kempen").regional_care_zone.code == "kempen"

    bad = Dataset(headers=headers)
    bad.append(["nergens", "Nergens (demo)", partner_type.code, "atlantis", "", "ASSUMED", "1"])
    result = PartnerOrganisationResource().import_data(bad, dry_run=False)
    assert result.has_errors() or result.has_validation_errors()
    assert not PartnerOrganisation.objects.filter(code="nergens").exists()


def test_the_demo_partners_are_fictional_and_say_so(db):
    for code in {row[2] for row in DEMO_PARTNERS}:
        PartnerTypeFactory(code=code)
    for code in {row[3] for row in DEMO_PARTNERS if row[3]}:
        RegionalCareZoneFactory(code=code)
    made = load_demo_partners()
    assert len(made) == len(DEMO_PARTNERS)
    assert all(p.is_demo and p.name.startswith("Voorbeeldpartner") and "(demo)" in p.name for p in made)
    assert load_demo_partners() == made  # made once
