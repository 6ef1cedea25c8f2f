"""Intensity per primary care zone inside a regional care zone (issue 13, must-show 4;
docs/decisions/0001-domain-fidelity.md §2.7), and subsidiarity and complexity per cell and per
goal (§2.8)."""

import datetime
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from missions.models import ComplexityLevel, FirstLineRole, MissionTheme, RegionalIntensity
from missions.services.intensity import intensity_save
from tests.networks.factories import ServiceAreaFactory

pytestmark = pytest.mark.django_db

PRIMARY = "/netwerken/test-a/opdrachten/kempen/informeren/eerstelijnszones/"


@pytest.fixture
def kempen(kempen_primary_zones, network_b):
    """Network A serves Kempen: two primary care zones inside it (Noorderkempen, Zuiderkempen),
    every theme set at level 2; a third primary care zone lies in another regional zone, served
    by network B."""
    other = kempen_primary_zones["other"]
    ServiceAreaFactory(network=network_b, zone=other, valid_from=datetime.date(2026, 1, 1))
    ComplexityLevel.objects.create(
        code="hoog", order=3, name="Hoog complexe zorg", name_en="High complex care"
    )
    return kempen_primary_zones


CODES = ("noorderkempen", "zuiderkempen")


def _opened_versions(theme="informeren") -> dict[str, int]:
    """The versions of the theme's refinements as a page opened now carries them."""
    refinements = RegionalIntensity.objects.filter(primary_care_zone__isnull=False, theme__code=theme)
    return dict(refinements.values_list("primary_care_zone__code", "version"))


def _post(level_north="3", level_south="1", codes=CODES, *, theme="informeren", versions=None):
    """The form of `theme` as sent from a page opened now (or at `versions`)."""
    versions = _opened_versions(theme) if versions is None else versions
    data = {"pcz-TOTAL_FORMS": str(len(codes)), "pcz-INITIAL_FORMS": str(len(codes))}
    levels = [level_north, level_south]
    for index, code in enumerate(codes):
        data[f"pcz-{index}-primary_care_zone"] = code
        data[f"pcz-{index}-version"] = versions.get(code, "")
        data[f"pcz-{index}-level"] = levels[index]
        data[f"pcz-{index}-first_line_role"] = FirstLineRole.SECOND_LINE if index == 0 else ""
        data[f"pcz-{index}-justification"] = f"Reden {code}"
    return data


@pytest.mark.pdf
def test_a_long_justification_per_primary_care_zone_keeps_its_table_together_in_the_pdf(
    coordinator_a_client, staff_client, kempen
):
    """With 1,500 characters of justification the profile grew from 5 to 21 pages: the heading
    alone on a page, the table's header after its first row, the justification column a tenth
    of the page wide (found by review). The heading, the header and the first row now share a
    page, and the justification column is the widest."""
    from pypdf import PdfReader

    words = "de regio vraagt een sterkere rol van de huisartsen in de vroegtijdige zorgplanning "
    data = _post()
    data["pcz-0-justification"] = (words * 30)[:1500]
    assert coordinator_a_client.post(PRIMARY, data).status_code == 302
    pdf = staff_client.get("/rapporten/netwerken/test-a.pdf")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf.content)).pages]
    first = next(number for number, text in enumerate(pages) if "per eerstelijnszone" in text)
    table = pages[first][pages[first].index("per eerstelijnszone") :].replace("\u2010 ", "")
    assert table.startswith("per eerstelijnszone Eerstelijnszone Intensiteit Voorstel")
    assert "rest van Kempen 2 versterkt" in table and "ELZ Noorderkempen 3 intensief" in table
    assert "de regio vraagt een sterkere rol van de huisartsen" in table  # a line holds a phrase
    assert len(pages) <= 8, len(pages)


def test_the_form_lists_only_the_primary_care_zones_of_the_regional_zone(coordinator_a_client, kempen):
    response = coordinator_a_client.get(PRIMARY)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    legends = [legend.get_text(strip=True) for legend in soup.select("#refinements .refinement > legend")]
    assert legends == ["ELZ Noorderkempen", "ELZ Zuiderkempen"]


def test_a_theme_filled_per_primary_care_zone_shows_in_the_flanders_overview_and_the_network_pdf(
    coordinator_a_client, staff_client, kempen
):
    response = coordinator_a_client.post(PRIMARY, _post())
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = RegionalIntensity.objects.filter(primary_care_zone__isnull=False)
    assert sorted((r.primary_care_zone.code, r.level) for r in rows) == [
        ("noorderkempen", 3),
        ("zuiderkempen", 1),
    ]
    assert rows.get(primary_care_zone__code="noorderkempen").history.first().history_user is not None

    # The network's own matrix: the cell says it is refined, and the refinements are listed.
    soup = BeautifulSoup(coordinator_a_client.get("/netwerken/test-a/opdrachten/").content, "html.parser")
    cell = soup.select_one('#matrix tr[data-zone="kempen"] td[data-theme="informeren"]')
    assert "verfijnd in 2 eerstelijnszones (1–3)" in cell.get_text(" ", strip=True)
    refined = soup.select_one('section.refined-cell[data-theme="informeren"]').get_text(" ", strip=True)
    assert "ELZ Noorderkempen" in refined and "3 intensief" in refined

    # The Flanders overview.
    soup = BeautifulSoup(staff_client.get("/opdrachten/").content, "html.parser")
    cell = soup.select_one('#flanders-matrix tr[data-network="test-a"] td[data-theme="informeren"]')
    assert "verfijnd in 2 eerstelijnszones (1–3)" in cell.get_text(" ", strip=True)
    other = soup.select_one('#flanders-matrix tr[data-network="test-a"] td[data-theme="expertise"]')
    assert "verfijnd" not in (other or cell.parent).get_text() or other is None

    # The network PDF, read back with pypdf.
    from pypdf import PdfReader

    pdf = staff_client.get("/rapporten/netwerken/test-a.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "per eerstelijnszone" in text
    assert "ELZ Noorderkempen" in text and "ELZ Zuiderkempen" in text
    assert "3 intensief" in text and "1 basis" in text
    assert "in tweede lijn" in text
    # As on the page, the zone's own cell covers the rest of it: the table says so.
    assert "rest van Kempen 2 versterkt" in text


def test_an_empty_level_removes_a_refinement_and_the_zone_cell_stays(coordinator_a_client, kempen):
    coordinator_a_client.post(PRIMARY, _post())
    coordinator_a_client.post(PRIMARY, _post(level_north="", level_south="1"))
    assert list(
        RegionalIntensity.objects.filter(primary_care_zone__isnull=False).values_list(
            "primary_care_zone__code", flat=True
        )
    ) == ["zuiderkempen"]
    assert (
        RegionalIntensity.objects.filter(primary_care_zone__isnull=True, theme__code="informeren").count()
        == 1
    )


def test_a_save_on_a_page_opened_before_somebody_elses_save_changes_nothing_and_can_be_repeated(
    coordinator_a_client, staff_client, kempen
):
    coordinator_a_client.post(PRIMARY, _post(level_north="3", level_south=""))
    opened = _opened_versions()  # both open the page: north refined, south not
    staff_save = _post(level_north="3", level_south="2", versions=opened)
    assert staff_client.post(PRIMARY, staff_save).status_code == 302

    # The coordinator's page still shows south unrefined: its save would erase the staff's.
    response = coordinator_a_client.post(PRIMARY, _post(level_north="", level_south="", versions=opened))
    assert response.status_code == 200
    refused = "voor ELZ Zuiderkempen nadat u deze pagina opende. Er is niets bewaard."
    assert refused in response.content.decode()
    assert _opened_versions() == {"noorderkempen": 1, "zuiderkempen": 1}
    assert RegionalIntensity.objects.get(primary_care_zone__code="zuiderkempen").level == 2
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('[name="pcz-1-level"] option[selected]')["value"] == ""  # the input, shown again
    sent_again = {field["name"]: field.get("value", "") for field in soup.select('input[name$="-version"]')}
    assert sent_again == {"pcz-0-version": "1", "pcz-1-version": "1"}  # as saved now

    # Saving again from that page, after comparing, goes through.
    again = _post(level_north="", level_south="", versions={"noorderkempen": 1, "zuiderkempen": 1})
    assert coordinator_a_client.post(PRIMARY, again).status_code == 302
    assert not RegionalIntensity.objects.filter(primary_care_zone__isnull=False).exists()


def test_a_primary_care_zone_outside_the_regional_zone_is_refused_with_a_message(
    coordinator_a_client, kempen
):
    response = coordinator_a_client.post(PRIMARY, _post(codes=("noorderkempen", "genk")))
    assert response.status_code == 200
    assert "niet" in BeautifulSoup(response.content, "html.parser").select_one(".alert-danger").get_text()
    assert not RegionalIntensity.objects.filter(primary_care_zone__isnull=False).exists()


def test_a_primary_care_zone_twice_on_the_form_is_refused_rather_than_the_last_winning(
    coordinator_a_client, kempen
):
    response = coordinator_a_client.post(PRIMARY, _post(codes=("noorderkempen", "noorderkempen")))
    assert response.status_code == 200
    alert = BeautifulSoup(response.content, "html.parser").select_one(".alert-danger").get_text()
    assert "ELZ Noorderkempen staat twee keer op dit formulier" in alert
    assert not RegionalIntensity.objects.filter(primary_care_zone__isnull=False).exists()


@pytest.mark.parametrize("total", ["abc", "", "-1", "0", "1"])
def test_a_form_whose_count_was_changed_shows_the_zones_again_and_says_nothing_was_saved(
    coordinator_a_client, kempen, total
):
    coordinator_a_client.post(PRIMARY, _post())  # two refinements stored
    stored = set(RegionalIntensity.objects.filter(primary_care_zone__isnull=False).values_list("pk", "level"))
    response = coordinator_a_client.post(PRIMARY, {**_post("1", "3"), "pcz-TOTAL_FORMS": total})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "niets bewaard" in page.select_one(".alert-danger").get_text()
    shown = [fieldset["data-primary"] for fieldset in page.select("fieldset.refinement")]
    assert shown == ["noorderkempen", "zuiderkempen"]
    after = set(RegionalIntensity.objects.filter(primary_care_zone__isnull=False).values_list("pk", "level"))
    assert len(stored) == 2 and after == stored


@pytest.mark.parametrize(
    ("client_name", "status"),
    [("outsider_client", 404), ("coordinator_b_client", 404), ("anonymous_client", 302)],
)
def test_only_staff_and_the_networks_coordinators_refine(request, kempen, client_name, status):
    client = request.getfixturevalue(client_name)
    assert client.get(PRIMARY).status_code == status
    assert client.post(PRIMARY, _post()).status_code == status
    assert not RegionalIntensity.objects.filter(primary_care_zone__isnull=False).exists()


def test_staff_may_refine(staff_client, kempen):
    assert staff_client.post(PRIMARY, _post()).status_code == 302


def test_one_zone_cell_plus_refinements_but_no_duplicate_refinement(network_a, kempen):
    theme = MissionTheme.objects.get(code="informeren")
    north = kempen["primaries"]["noorderkempen"]
    RegionalIntensity.objects.create(
        network=network_a, zone=kempen["zone"], theme=theme, level=1, primary_care_zone=north
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionalIntensity.objects.create(
            network=network_a, zone=kempen["zone"], theme=theme, level=3, primary_care_zone=north
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionalIntensity.objects.create(network=network_a, zone=kempen["zone"], theme=theme, level=3)


def test_refinements_keep_the_matrix_pages_query_counts_flat(coordinator_a_client, staff_client, kempen):
    def counts():
        result = []
        for client, url in (
            (coordinator_a_client, "/netwerken/test-a/opdrachten/"),
            (staff_client, "/opdrachten/"),
            (coordinator_a_client, PRIMARY),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    coordinator_a_client.post(PRIMARY, _post())
    for theme in ("kwaliteit", "expertise"):
        coordinator_a_client.post(PRIMARY.replace("informeren", theme), _post(theme=theme))
    assert RegionalIntensity.objects.filter(primary_care_zone__isnull=False).count() == 6
    assert counts() == before


def test_cell_stores_role_and_complexity_with_history(coordinator_a, network_a, kempen):
    theme = MissionTheme.objects.get(code="zorg-en-ondersteuning")
    high = ComplexityLevel.objects.get(code="hoog")
    cell = intensity_save(
        network=network_a,
        zone=kempen["zone"],
        theme=theme,
        level=2,
        suggested=None,
        by=coordinator_a,
        first_line_role=FirstLineRole.DIRECT,
        complexity_levels=[high],
        version=1,
    )
    cell.refresh_from_db()
    assert cell.first_line_role == FirstLineRole.DIRECT
    assert list(cell.complexity_levels.all()) == [high]
    assert cell.history.first().history_user == coordinator_a


def test_theme_two_shows_second_line_and_empowerment_in_the_notes_words(coordinator_a_client, kempen):
    """The theme texts of the note, loaded from fixtures/mission_themes.csv by the reference
    loader, appear on the cell's form."""
    from django.core.management import call_command

    call_command("load_reference_data", "--overwrite", verbosity=0)
    response = coordinator_a_client.get("/netwerken/test-a/opdrachten/kempen/zorg-en-ondersteuning/")
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert "rechtstreeks of in tweede lijn (ter ondersteuning van de eerste lijn)" in text
    assert "versterken en responsabiliseren" in text
    assert "traceerbaar binnen de VSB" in text
    assert ComplexityLevel.objects.filter(code__in=["laag", "medium", "hoog"]).count() == 3


def test_the_flanders_report_averages_the_zone_cells_not_their_refinements(network_a, kempen):
    """The report's zone heat map reads each network's own cell of the zone; a refinement per
    primary care zone (here 3 in both, beside the zone's 2) does not replace it."""
    from npz_registry.reports.context import flanders_report_context

    zone, informeren = kempen["zone"], kempen["themes"][0]
    for code in ("noorderkempen", "zuiderkempen"):
        RegionalIntensity.objects.create(
            network=network_a,
            zone=zone,
            theme=informeren,
            level=3,
            primary_care_zone=kempen["primaries"][code],
        )
    context = flanders_report_context(datetime.date(2027, 1, 1))
    row = next(row for row in context["zones"] if row["zone"] == zone)
    averages = {cell["theme"].pk: cell["average"] for cell in row["cells"]}
    assert averages[informeren.pk] == 2
    assert row["missing"] == 0


def test_a_missing_justification_is_shown_at_the_field_of_its_primary_care_zone(
    coordinator_a_client, kempen, monkeypatch
):
    """The service names the zone whose level needs a justification: the page marks that
    zone's field (not only the summary above the form), and keeps what was typed."""
    from missions.selectors import NeedsOverview

    monkeypatch.setattr(NeedsOverview, "suggested", lambda self, zone: 1)
    data = _post(level_north="3", level_south="1")
    data["pcz-0-justification"] = ""
    response = coordinator_a_client.post(PRIMARY, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    north = soup.select_one('#refinements fieldset[data-primary="noorderkempen"]')
    south = soup.select_one('#refinements fieldset[data-primary="zuiderkempen"]')
    assert "is-invalid" in north.select_one('[name="pcz-0-justification"]').get("class", [])
    assert "Noorderkempen" in north.select_one(".invalid-feedback").get_text()
    assert not south.select(".is-invalid")
    assert soup.select_one('[name="pcz-1-justification"]').get_text().strip() == "Reden zuiderkempen"
    assert not RegionalIntensity.objects.filter(primary_care_zone__isnull=False).exists()
