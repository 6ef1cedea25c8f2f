"""The needs index per primary care zone as the suggestion for a cell refined per primary care
zone (decision 0001 §2.5, §2.7): shown on the form, stored with the refinement, and a level that
differs from it needs a justification. All places and numbers are fictional test data."""

import pytest
from bs4 import BeautifulSoup

from missions.models import Indicator, IndicatorValue, RegionalIntensity
from missions.models.indicators import IndicatorLevel
from tests.networks.factories import MunicipalityFiguresFactory

pytestmark = pytest.mark.django_db

URL = "/netwerken/test-a/opdrachten/kempen/informeren/eerstelijnszones/"


@pytest.fixture
def kempen(kempen_primary_zones):
    """Network A serves Kempen with two primary care zones; a third lies in Limburg. One
    municipal indicator (weight 1): Noorderkempen 10, Zuiderkempen 30, Genk 20, so over the
    three primary care zones mean 20, sd sqrt(200 / 3) and z = -1.22, +1.22, 0: suggested
    levels 1, 3 and 2."""
    indicator = Indicator.objects.create(
        code="test-need", name="Testnood", name_en="Test need", level=IndicatorLevel.MUNICIPALITY,
        direction="MORE_NEED", weight=1, weight_source="Beslissing afdeling (test)",
    )  # fmt: skip
    for code, value in (("noorderkempen", 10), ("zuiderkempen", 30), ("genk", 20)):
        municipality = kempen_primary_zones["municipalities"][code]
        MunicipalityFiguresFactory(municipality=municipality, year=2026, population=1000)
        IndicatorValue.objects.create(indicator=indicator, municipality=municipality, year=2025, value=value)
    return kempen_primary_zones["zone"]


def _post(north, south, justification=""):
    data = {"pcz-TOTAL_FORMS": "2", "pcz-INITIAL_FORMS": "2"}
    for index, (code, level) in enumerate((("noorderkempen", north), ("zuiderkempen", south))):
        data[f"pcz-{index}-primary_care_zone"] = code
        data[f"pcz-{index}-level"] = level
        data[f"pcz-{index}-justification"] = justification
    return data


def test_the_form_shows_the_suggestion_of_each_primary_care_zone(coordinator_a_client, kempen):
    soup = BeautifulSoup(coordinator_a_client.get(URL).content, "html.parser")
    suggestions = {
        fieldset["data-primary"]: fieldset.select_one("[data-suggestion]")
        for fieldset in soup.select("fieldset.refinement")
    }
    assert {code: tag["data-suggestion"] for code, tag in suggestions.items()} == {
        "noorderkempen": "1",
        "zuiderkempen": "3",
    }
    text = " ".join(suggestions["noorderkempen"].get_text().split())
    assert text == "Noodindex van deze eerstelijnszone: −1,22; de gegevens stellen niveau 1 voor."


def test_a_refinement_that_follows_the_suggestion_is_saved_with_it(coordinator_a_client, kempen):
    response = coordinator_a_client.post(URL, _post("1", "3"))
    assert response.status_code == 302
    saved = {
        row.primary_care_zone.code: (row.level, row.suggested_level)
        for row in RegionalIntensity.objects.filter(primary_care_zone__isnull=False)
    }
    assert saved == {"noorderkempen": (1, 1), "zuiderkempen": (3, 3)}
    page = BeautifulSoup(coordinator_a_client.get("/netwerken/test-a/opdrachten/").content, "html.parser")
    shown = {
        row["data-primary"]: row.select_one('[data-figure="suggested"]').get_text()
        for row in page.select("tr[data-primary]")
    }
    assert shown == {"noorderkempen": "1", "zuiderkempen": "3"}


def test_a_refinement_against_the_suggestion_needs_a_justification(coordinator_a_client, kempen):
    response = coordinator_a_client.post(URL, _post("3", "3"))
    assert response.status_code == 200
    error = " ".join(
        BeautifulSoup(response.content, "html.parser").select_one(".alert-danger").get_text().split()
    )
    assert "ELZ Noorderkempen" in error and "niveau 1" in error
    assert not RegionalIntensity.objects.filter(primary_care_zone__isnull=False).exists()
    assert coordinator_a_client.post(URL, _post("3", "3", "Lokale vraag (test)")).status_code == 302
    assert RegionalIntensity.objects.get(primary_care_zone__code="noorderkempen").suggested_level == 1
