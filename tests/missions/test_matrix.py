"""The missions matrix: figures and needs index per zone computed from the database, the
justification and presence rules, history, permissions and query counts."""

import datetime
import math

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missions.models import Indicator, IndicatorDirection, RegionalIntensity
from missions.models.indicators import BuiltinIndicator
from missions.selectors import needs_overview
from missions.services.intensity import intensity_save
from tests.missions.factories import PartnerTypeFactory, make_themes
from tests.networks.factories import (
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
)

pytestmark = pytest.mark.django_db


def add_zone(code, population, aged_65, deaths, aged_80=None):
    zone = RegionalCareZoneFactory(code=code, name=code.title())
    municipality = MunicipalityFactory(name=f"Hoofdplaats {code}")
    RegionalCareZoneMembershipFactory(municipality=municipality, zone=zone)
    MunicipalityFiguresFactory(
        municipality=municipality,
        year=2026,
        population=population,
        aged_65_plus=aged_65,
        aged_80_plus=aged_80,
    )
    MunicipalityFiguresFactory(
        municipality=municipality, year=2025, population=None, aged_65_plus=None, deaths=deaths
    )
    return zone, municipality


@pytest.fixture
def world(network_a, network_b):
    """Three zones with known figures; network A serves two of them, B the third."""
    themes = make_themes()
    for code, name, name_en, builtin, weight in (
        ("aandeel-65-plus", "Aandeel 65+", "Share 65+", BuiltinIndicator.SHARE_65_PLUS, 1),
        ("overlijdens", "Overlijdens", "Deaths", BuiltinIndicator.DEATHS_PER_1000, 1),
        ("bevolking", "Bevolking", "Population", BuiltinIndicator.POPULATION, 0),
    ):
        Indicator.objects.create(
            code=code,
            name=name,
            name_en=name_en,
            direction=IndicatorDirection.MORE_NEED,
            builtin=builtin,
            weight=weight,
            weight_source="Test",
        )
    north, _ = add_zone("noord", 100_000, 20_000, 1_000)  # 20 % 65+, 10 deaths per 1,000
    south, _ = add_zone("zuid", 200_000, 30_000, 1_600)  # 15 %, 8
    east, _ = add_zone("oost", 100_000, 25_000, 1_200)  # 25 %, 12
    start = datetime.date(2026, 1, 1)
    ServiceAreaFactory(network=network_a, zone=north, valid_from=start)
    network_a.scale_justification = "Twee zones (test)."
    network_a.save()
    ServiceAreaFactory(network=network_a, zone=south, valid_from=start)
    ServiceAreaFactory(network=network_b, zone=east, valid_from=start)
    return {"themes": themes, "north": north, "south": south, "east": east}


def expected_index(zone):
    # By hand: 65+ shares 20, 15, 25 (mean 20, population sd sqrt(50/3)); deaths per 1,000
    # 10, 8, 12 (mean 10, sd sqrt(8/3)). Index = mean of the two standard scores.
    share = {"noord": 20, "zuid": 15, "oost": 25}[zone]
    deaths = {"noord": 10, "zuid": 8, "oost": 12}[zone]
    return ((share - 20) / math.sqrt(50 / 3) + (deaths - 10) / math.sqrt(8 / 3)) / 2


def test_needs_index_equals_a_hand_computation(world):
    overview = needs_overview()
    for code in ("noord", "zuid", "oost"):
        assert overview.result.zones[code].index == pytest.approx(expected_index(code), abs=1e-9)
    # zuid: (-5/4.0825 - 2/1.633)/2 = -1.2247 -> below -0.5, so basic; oost above 0.5, intensive.
    assert overview.result.zones["zuid"].suggested_level == 1
    assert overview.result.zones["oost"].suggested_level == 3
    assert overview.result.zones["noord"].suggested_level == 2


def test_matrix_page_shows_every_zone_by_the_five_themes_with_its_figures(coordinator_a_client, world):
    response = coordinator_a_client.get("/netwerken/test-a/opdrachten/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = soup.select("#matrix tbody tr")
    assert [row["data-zone"] for row in rows] == ["noord", "zuid"]
    for row in rows:
        assert len(row.select("td.cell")) == 5
    south = soup.select_one('#matrix tr[data-zone="zuid"]')
    assert south.select_one('[data-figure="share-65"]').get_text(strip=True) == "15,0\xa0%"
    assert south.select_one('[data-figure="population"]').get_text(strip=True) == "200.000"
    assert south.select_one('[data-figure="needs-index"]').get_text(
        strip=True
    ) == f"{expected_index('zuid'):.2f}".replace(".", ",").replace("-", "\u2212")
    assert "Zorg coördineren" in soup.select_one("#matrix thead").get_text()  # theme 6, kept visible under 2
    assert soup.select_one("#matrix-incomplete")  # nothing set yet: flagged


def _post(client, theme, zone="noord", **data):
    return client.post(f"/netwerken/test-a/opdrachten/{zone}/{theme}/", {"delivery_emphasis": "BOTH", **data})


def test_one_step_from_the_suggestion_needs_a_justification(coordinator_a_client, coordinator_a, world):
    # noord's suggestion is 2; level 3 is one step away.
    response = _post(coordinator_a_client, "kwaliteit", level=3)
    assert response.status_code == 200
    assert "level 2" in response.content.decode() or "niveau 2" in response.content.decode()
    assert not RegionalIntensity.objects.exists()

    response = _post(coordinator_a_client, "kwaliteit", level=3, justification="Veel woonzorgcentra.")
    assert response.status_code == 302
    intensity = RegionalIntensity.objects.get()
    assert (intensity.level, intensity.suggested_level, intensity.version) == (3, 2, 1)
    entry = intensity.history.first()
    assert entry.history_user == coordinator_a and entry.justification == "Veel woonzorgcentra."
    page = coordinator_a_client.get("/netwerken/test-a/opdrachten/noord/kwaliteit/").content.decode()
    assert "Veel woonzorgcentra." in page


def test_the_suggested_level_needs_no_justification(coordinator_a_client, world):
    partner = PartnerTypeFactory()
    response = _post(coordinator_a_client, "informeren", level=2, partner_types=[partner.pk])
    assert response.status_code == 302
    assert list(RegionalIntensity.objects.get().partner_types.all()) == [partner]


def test_removing_a_theme_is_refused_naming_zone_and_theme(coordinator_a_client, world):
    assert _post(coordinator_a_client, "expertise", level=2).status_code == 302
    intensity = RegionalIntensity.objects.get()
    response = _post(coordinator_a_client, "expertise", level="", version=intensity.version)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Expertisebevordering" in html and "Noord" in html
    intensity.refresh_from_db()
    assert intensity.level == 2


def test_a_stale_form_is_refused_and_the_input_shown_again(coordinator_a_client, staff_user, world):
    assert _post(coordinator_a_client, "informeren", level=2).status_code == 302
    stale_version = RegionalIntensity.objects.get().version
    theme = world["themes"][0]
    intensity_save(
        network=theme.intensities.get().network,
        zone=world["north"],
        theme=theme,
        level=2,
        suggested=2,
        justification="Door de medewerker.",
        version=stale_version,
        by=staff_user,
    )
    response = _post(
        coordinator_a_client, "informeren", level=3, justification="Mijn versie", version=stale_version
    )
    assert response.status_code == 200
    assert "Mijn versie" in response.content.decode()
    assert RegionalIntensity.objects.get().justification == "Door de medewerker."


def test_a_complete_matrix_is_shown_as_complete(coordinator_a_client, world):
    for zone in ("noord", "zuid"):
        suggested = {"noord": 2, "zuid": 1}[zone]
        for theme in world["themes"]:
            assert _post(coordinator_a_client, theme.code, zone=zone, level=suggested).status_code == 302
    soup = BeautifulSoup(coordinator_a_client.get("/netwerken/test-a/opdrachten/").content, "html.parser")
    assert soup.select_one("#matrix-complete") and not soup.select_one("#matrix-incomplete")


def test_staff_may_edit_any_network(staff_client, world):
    assert _post(staff_client, "informeren", level=2).status_code == 302


def test_outsiders_get_404_and_anonymous_users_log_in(
    coordinator_b_client, outsider_client, anonymous_client, world
):
    for url in ("/netwerken/test-a/opdrachten/", "/netwerken/test-a/opdrachten/noord/informeren/"):
        assert coordinator_b_client.get(url).status_code == 404
        assert outsider_client.get(url).status_code == 404
        response = anonymous_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")
    assert _post(coordinator_b_client, "informeren", level=2).status_code == 404
    assert not RegionalIntensity.objects.exists()


def test_the_flanders_page_is_for_staff(staff_client, coordinator_a_client, anonymous_client, world):
    response = staff_client.get("/opdrachten/")
    assert response.status_code == 200
    assert "Testnetwerk A" in response.content.decode()
    assert coordinator_a_client.get("/opdrachten/").status_code == 403
    assert anonymous_client.get("/opdrachten/").status_code == 302


def test_a_zone_the_network_does_not_serve_is_not_found_and_nothing_is_stored(coordinator_a_client, world):
    # Outside the network's scope, like another network's plan: 404, for reading and for posting.
    path = "/netwerken/test-a/opdrachten/oost/informeren/"
    before = RegionalIntensity.objects.count()
    assert coordinator_a_client.get(path).status_code == 404
    posted = coordinator_a_client.post(path, {"level": "3", "justification": "Niet onze zone"})
    assert posted.status_code == 404
    assert RegionalIntensity.objects.count() == before


def _grow(n):
    """Add n networks, each with a zone, figures and a full matrix."""
    themes = make_themes()
    for i in range(n):
        zone, _municipality = add_zone(
            f"extra-{RegionalCareZoneFactory._meta.model.objects.count()}-{i}", 50_000, 9_000, 400
        )
        network = NetworkFactory()
        ServiceAreaFactory(network=network, zone=zone, valid_from=datetime.date(2026, 1, 1))
        for theme in themes:
            RegionalIntensity.objects.create(network=network, zone=zone, theme=theme, level=2)


@pytest.mark.parametrize("url", ["/netwerken/test-a/opdrachten/", "/opdrachten/"])
def test_matrix_pages_query_count_does_not_grow_with_zones_or_networks(staff_client, world, url):
    _grow(1)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url).status_code == 200
    _grow(6)
    with CaptureQueriesContext(connection) as large:
        assert staff_client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_matrix_page_is_read_once_per_data_version_and_shows_a_saved_cell_at_once(
    coordinator_a_client, world, commit_pending, django_assert_max_num_queries
):
    """The matrix, the needs index and the evenness are read when the page's fragment of this
    data version (day, language, basis and rights) is missing; a saved cell, once committed,
    shows on the next page."""
    commit_pending()
    url = "/netwerken/test-a/opdrachten/"
    first = coordinator_a_client.get(url).content.decode()
    with django_assert_max_num_queries(6):  # session, user, the network, rights, the data version
        again = coordinator_a_client.get(url).content.decode()

    def matrix(html):
        return html.split('id="matrix"')[1].split("</table>")[0]

    assert matrix(again) == matrix(first)

    def level_in_noord(html):
        cell = BeautifulSoup(html, "html.parser").select_one(
            '#matrix tr[data-zone="noord"] td.cell .level-number'
        )
        return cell.get_text(strip=True) if cell else None

    assert level_in_noord(first) is None
    assert _post(coordinator_a_client, "informeren", level=2).status_code == 302
    commit_pending()
    assert level_in_noord(coordinator_a_client.get(url).content.decode()) == "2"
