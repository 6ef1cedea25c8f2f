"""/transition/: department staff only; the coverage figures equal the database's on the
chosen day; the query count does not grow with the number of networks."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import LegacyOrganisation, Municipality
from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    recognition_day_row,
)
from tests.transition.factories import ActionLineFactory, MergerFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

URL = "/transition/"


def figure(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(f'[data-figure="{name}"]').get_text(strip=True)


@pytest.fixture
def scenario():
    """Three zones: one served from 2027, one from mid-2027, one never."""
    zones = [
        RegionalCareZoneFactory(code=code, name=code.title()) for code in ("kempen", "limburg", "westhoek")
    ]
    for zone in zones:
        municipality = MunicipalityFactory(name=f"Gemeente in {zone.name}", zone=zone)
        MunicipalityFiguresFactory(municipality=municipality, year=2026, population=1000)
    kempen_network = NetworkFactory(name="NPZ Kempen")
    ServiceAreaFactory(network=kempen_network, zone=zones[0], valid_from=datetime.date(2027, 1, 1))
    ServiceAreaFactory(
        network=NetworkFactory(name="NPZ Limburg"), zone=zones[1], valid_from=datetime.date(2027, 7, 1)
    )
    merged = LegacyOrganisationFactory(name="Oud netwerk Kempen")
    merged.successor, merged.merger_date = kempen_network, datetime.date(2027, 1, 1)
    merged.save()
    LegacyOrganisationFactory(name="Oud netwerk Westhoek")
    recognition_day_row("2027-01-01")
    return zones


def test_staff_see_uncovered_zones_and_unmerged_organisations_on_the_default_day(staff_client, scenario):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert response.context["day"] == datetime.date(2027, 1, 1)
    assert figure(response, "zones-covered") == "1 / 3"
    assert figure(response, "zones-uncovered") == "2"
    assert figure(response, "municipalities-uncovered") == "2"
    assert figure(response, "population-covered").startswith("33")
    assert figure(response, "legacy-without-successor") == "1"
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Oud netwerk Westhoek" in soup.select_one("#legacy-without-successor").get_text()
    assert "Oud netwerk Kempen" not in soup.select_one("#legacy-without-successor").get_text()


def test_as_of_changes_the_answer(staff_client, scenario):
    before = staff_client.get(URL, {"as_of": "2026-06-01"})
    assert figure(before, "zones-covered") == "0 / 3"
    assert figure(before, "legacy-without-successor") == "2"  # the merger takes effect in 2027
    later = staff_client.get(URL, {"as_of": "2027-07-01"})
    assert figure(later, "zones-covered") == "2 / 3"
    assert figure(later, "legacy-without-successor") == "1"


def test_the_map_colours_served_zones_only(staff_client, scenario):
    soup = BeautifulSoup(staff_client.get(URL).content, "html.parser")
    fills = {path["data-zone"]: path.get("fill") for path in soup.select("svg path[data-zone]")}
    assert fills["kempen"] != fills["westhoek"]
    assert fills["limburg"] == fills["westhoek"]  # Limburg is served only from July 2027


def test_an_invalid_date_shows_a_message_not_an_error(staff_client, scenario):
    response = staff_client.get(URL, {"as_of": "2027-13-45"})
    assert response.status_code == 200
    assert response.context["as_of_error"]
    assert response.context["day"] == datetime.date(2027, 1, 1)


def test_late_milestones_and_action_lines_are_listed(staff_client, scenario):
    MilestoneFactory(due_date=datetime.date(2026, 6, 30), title="Statuten")  # late on 1/1/2027
    MilestoneFactory(
        due_date=datetime.date(2026, 6, 30), completed_on=datetime.date(2026, 6, 1), title="Klaar"
    )
    MilestoneFactory(due_date=datetime.date(2027, 6, 30), title="Later")
    ActionLineFactory(position=2, title="Reorganiseren")
    response = staff_client.get(URL)
    soup = BeautifulSoup(response.content, "html.parser")
    late = soup.select_one("#late-milestones").get_text()
    assert "Statuten" in late and "Klaar" not in late and "Later" not in late
    assert "Reorganiseren" in soup.select_one("#action-lines").get_text()


@pytest.mark.parametrize("client_fixture", ["coordinator_a_client", "outsider_client"])
def test_coordinators_and_outsiders_are_refused_with_the_reason(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    for url in (URL, "/transition/mijlpalen/", "/transition/bestaande-organisaties/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Alleen medewerkers van het departement zien het transitiedashboard" in str(
            response.content, "utf-8"
        )


def test_anonymous_users_are_sent_to_the_login_page(anonymous_client):
    response = anonymous_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")


def test_query_count_does_not_grow_with_the_number_of_networks(staff_client, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            zone = RegionalCareZoneFactory()
            MunicipalityFactory(zone=zone)
            network = NetworkFactory()
            ServiceAreaFactory(network=network, zone=zone)
            merger = MergerFactory(network=network)
            MilestoneFactory(merger=merger)
            merger.participants.add(LegacyOrganisationFactory())
        ActionLineFactory()

    recognition_day_row()
    add(1)
    with CaptureQueriesContext(connection) as small:
        staff_client.get(URL)
    add(5)
    with django_assert_num_queries(len(small.captured_queries)):
        response = staff_client.get(URL)
    assert figure(response, "zones-covered") == "6 / 6"
    assert LegacyOrganisation.objects.count() == 6


def load_fixture_files(*files):
    """Load a few small files of fixtures/ through the resources `load_reference_data` uses."""
    from networks.resources import ReformDateResource
    from networks.services.reference_data import FIXTURES_DIR
    from npz_registry.importexport.reference import ReferenceFile, load_reference_files
    from transition.resources import ActionLineResource, ActionLineRevisionResource

    resources = {
        "reform_calendar.csv": ReformDateResource,
        "action_lines.csv": ActionLineResource,
        "action_line_revisions.csv": ActionLineRevisionResource,
    }
    load_reference_files(
        [ReferenceFile(name, resources[name]) for name in files], directory=FIXTURES_DIR, overwrite=True
    )


def test_calendar_and_action_lines_show_source_and_certainty(staff_client):
    load_fixture_files("reform_calendar.csv", "action_lines.csv", "action_line_revisions.csv")
    response = staff_client.get(URL, {"as_of": "2026-01-01"})
    soup = BeautifulSoup(response.content, "html.parser")
    calendar = soup.select_one(".reform-calendar")
    award = next(li for li in calendar.select("li") if "gunning" in li.get_text().lower())
    award_text = " ".join(award.get_text().split())
    assert award_text.startswith("midden 2027")
    assert "verwacht" in award_text
    assert "Nota ‘Rollen en opdrachten netwerken palliatieve zorg’ (juli 2025)" in award_text
    assert "1 juni" not in calendar.get_text()
    # every dated step names its source; a hoped-for or planned one says so
    for item in calendar.select("li"):
        assert "Bron:" in item.get_text()
    recognition = next(
        li for li in calendar.select("li") if "erkende netwerken palliatieve zorg" in li.get_text()
    )
    assert "verwacht" in recognition.get_text()

    lines = soup.select("#action-lines tbody tr")
    assert len(lines) == 12
    assert not any(row.select("td")[0].get_text(strip=True).isdigit() for row in lines)
    vlepz = next(row for row in lines if "Expertisecentrum" in row.get_text())
    text = " ".join(vlepz.get_text().split())
    assert "begin 2026" in text and "gepland" in text
    assert "Herzien (juli 2025)" in text and "tweede helft van 2027" in text and "verwacht" in text
    assert "Nota ‘Rollen en opdrachten netwerken palliatieve zorg’ (juli 2025)" in text
    regulation = next(row for row in lines if "Aanpassen regelgeving" in row.get_text())
    assert (
        "1: departement" in regulation.get_text().lower()
        and "2: departement" in regulation.get_text().lower()
    )
    for row in lines:
        assert "Actie- en transitieplan (december 2023)" in row.get_text()


def test_a_later_revision_never_overwrites_the_plans_target(staff_client):
    load_fixture_files("action_lines.csv", "action_line_revisions.csv")
    from transition.models import ActionLine

    line = ActionLine.objects.get(code="oprichting-vlepz")
    assert (line.planned, line.target_end, line.certainty) == ("begin 2026", "2026-early", "PLANNED")
    assert line.current_target_on(datetime.date(2025, 8, 1)) == "2027-H2"
    assert line.current_target_on(datetime.date(2025, 6, 1)) == "2026-early"
    assert line.is_overdue_on(datetime.date(2027, 1, 1)) is False


def test_a_day_before_the_zones_existed_shows_no_zone_rather_than_empty_ones(staff_client, scenario):
    first = min(m.valid_from for zone in scenario for m in zone.memberships.all())
    response = staff_client.get(URL, {"as_of": (first - datetime.timedelta(days=1)).isoformat()})
    assert figure(response, "zones-covered") == "0 / 0"
    assert figure(response, "zones-uncovered") == "0"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#no-zones") is not None and not soup.select("svg path[data-zone]")
    assert "Geen enkele gemeente" in soup.select_one("#zone-table").get_text()


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2026", "", "(vanaf 2026)"),
        ("2024", "2025-late", "(2024 – eind 2025)"),
        ("", "2025-late", "(eind 2025)"),
        ("2024", "2024", "(2024)"),
    ],
)
def test_an_action_lines_target_reads_well_with_or_without_its_end(staff_client, scenario, start, end, shown):
    ActionLineFactory(
        position=9, title="Sensibiliseren", planned="pas opgestart", target_start=start, target_end=end
    )
    soup = BeautifulSoup(staff_client.get(URL).content, "html.parser")
    line = next(row for row in soup.select("#action-lines tr") if "Sensibiliseren" in row.get_text())
    assert shown in " ".join(line.get_text().split())


def test_a_zone_with_a_municipality_without_a_population_count_says_its_sum_is_partial(
    staff_client, scenario
):
    """The network profile showed "–" for such a zone while the dashboard and the Flanders report
    showed a partial sum with no sign (found by review): they say it is partial now."""
    from npz_registry.reports.context import flanders_report

    MunicipalityFactory(name="Nieuwe gemeente zonder cijfers", zone=scenario[0])
    response = staff_client.get(URL)
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert text.count("gedeeltelijk: 1 gemeente zonder bevolkingscijfer") == 2  # the zone and the total
    html = " ".join(flanders_report(datetime.date(2027, 1, 1)).html().split())
    assert html.count("gedeeltelijk: 1 gemeente zonder bevolkingscijfer") == 2
    newcomer = Municipality.objects.get(name="Nieuwe gemeente zonder cijfers")
    MunicipalityFiguresFactory(municipality=newcomer, year=2026, population=500)
    text = " ".join(BeautifulSoup(staff_client.get(URL).content, "html.parser").get_text(" ").split())
    assert "gemeente zonder bevolkingscijfer" not in text


def test_the_count_still_to_merge_says_how_complete_the_registry_is(staff_client, scenario):
    """A count of 1 not yet merged read as a merger nearly done, with 2 of 30 organisations registered
    (found by review): the dashboard and the Flanders report say how many are registered."""
    from npz_registry.reports.context import flanders_report

    LegacyOrganisationFactory(name="Een equipe", mbe=True)
    text = " ".join(BeautifulSoup(staff_client.get(URL).content, "html.parser").get_text(" ").split())
    assert "geregistreerd: PN/PSV 2 van 15, MBE 1 van 15" in text
    html = BeautifulSoup(flanders_report(datetime.date(2027, 1, 1)).html(), "html.parser")
    assert "geregistreerd: PN/PSV 2 van 15, MBE 1 van 15" in " ".join(html.get_text(" ").split())
