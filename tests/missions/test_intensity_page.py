"""A cell's page shows the theme's tasks and offers every partner type and complexity level in
their order and the page's language, read together (missions.selectors.core_themes with its
tasks, partner_type_and_complexity_choices); the choices still save."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from missions.models import ComplexityLevel, MissionTask, RegionalIntensity
from missions.selectors import partner_type_and_complexity_choices
from tests.missions.factories import PartnerTypeFactory, make_themes
from tests.networks.factories import ServiceAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(network_a):
    area = ServiceAreaFactory(network=network_a)
    theme = make_themes()[0]
    for letter, dutch, english in (("b", "Tweede taak", "Second task"), ("a", "Eerste taak", "First task")):
        MissionTask.objects.create(theme=theme, letter=letter, description=dutch, description_en=english)
    PartnerTypeFactory(code="z", name="Zorgraden", name_en="Care councils", order=2)
    PartnerTypeFactory(code="h", name="Huisartsen", name_en="GPs", order=1)
    ComplexityLevel.objects.create(code="hoog", order=3, name="Hoog complexe zorg", name_en="High")
    ComplexityLevel.objects.create(code="laag", order=1, name="Laag complexe zorg", name_en="Low")
    return f"/netwerken/{network_a.code}/opdrachten/{area.zone.code}/{theme.code}/"


def _labels(soup, name):
    boxes = soup.select(f'input[name="{name}"]')
    return [soup.select_one(f'label[for="{box["id"]}"]').get_text(strip=True) for box in boxes]


def test_the_page_lists_the_tasks_by_letter_and_the_choices_in_their_order(coordinator_a_client, cell):
    soup = BeautifulSoup(coordinator_a_client.get(cell).content, "html.parser")
    tasks = [item.get_text(strip=True) for item in soup.select("ul.small li")]
    assert tasks[:2] == ["a. Eerste taak", "b. Tweede taak"]
    assert _labels(soup, "partner_types") == ["Huisartsen", "Zorgraden"]
    assert _labels(soup, "complexity_levels") == ["Laag complexe zorg", "Hoog complexe zorg"]


def test_the_choices_are_labelled_in_english_for_an_english_page():
    PartnerTypeFactory(code="h", name="Huisartsen", name_en="GPs", order=1)
    ComplexityLevel.objects.create(code="laag", order=1, name="Laag complexe zorg", name_en="Low")
    with translation.override("en"):
        kinds, levels = partner_type_and_complexity_choices()
    assert [label for _pk, label in kinds] == ["GPs"]
    assert [label for _pk, label in levels] == ["Low"]


def test_the_chosen_partner_types_and_levels_are_saved(coordinator_a_client, cell):
    soup = BeautifulSoup(coordinator_a_client.get(cell).content, "html.parser")
    kind = soup.select('input[name="partner_types"]')[0]["value"]
    level = soup.select('input[name="complexity_levels"]')[1]["value"]
    data = {"level": 2, "delivery_emphasis": "BOTH", "partner_types": [kind], "complexity_levels": [level]}
    data["justification"] = "Test"
    response = coordinator_a_client.post(cell, data)
    assert response.status_code == 302
    intensity = RegionalIntensity.objects.get()
    assert [k.name for k in intensity.partner_types.all()] == ["Huisartsen"]
    assert [lvl.code for lvl in intensity.complexity_levels.all()] == ["hoog"]
