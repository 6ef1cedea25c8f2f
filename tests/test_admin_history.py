"""The back office's history pages (django-simple-history) read Dutch, name the real model and
leave out saves that changed nothing."""

import pytest
from bs4 import BeautifulSoup

from networks.models import RecognitionStatus
from npz_registry.history import with_changes
from tests.networks.factories import LegacyOrganisationFactory, NetworkFactory, ReformDateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    network = NetworkFactory(code="npz-hist", name="NPZ Geschiedenis")
    network.save()  # a save without a change
    network.name = "NPZ Geschiedenis (nieuwe naam)"
    network.save()
    return network


def test_the_history_lists_real_changes_only_and_in_dutch(staff_client, network):
    response = staff_client.get(f"/admin/networks/network/{network.pk}/history/")
    soup = BeautifulSoup(response.content, "html.parser")
    text = soup.select_one("#content").get_text(" ", strip=True)
    actions = [row.select("td")[1].get_text(strip=True) for row in soup.select("#change-history tbody tr")]
    assert actions == ["Gewijzigd", "Aangemaakt"]  # the save without a change is left out
    assert "NPZ Geschiedenis → NPZ Geschiedenis (nieuwe naam)" in soup.select_one(
        ".history-changes"
    ).get_text(" ", strip=True)
    assert "Gewijzigd door" in text and "3 versies bewaard" in text
    for english in ("Choose a date", "Changed by", "Change reason", "None", "Historical", "historical"):
        assert english not in text


def _version_page(client, obj):
    meta = obj._meta
    version = obj.history.earliest()
    response = client.get(f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/history/{version.pk}/")
    assert "Revert" not in response.content.decode()
    soup = BeautifulSoup(response.content, "html.parser")
    assert "istorical" not in soup.get_text()
    return soup


def test_a_version_page_reads_dutch_and_names_the_real_model(staff_client):
    organisation = LegacyOrganisationFactory(name="PN Geschiedenis")
    soup = _version_page(staff_client, organisation)
    breadcrumbs = soup.select_one(".breadcrumbs").get_text(" ", strip=True)
    assert "Geografie en organisaties" in breadcrumbs and "Bestaande organisaties" in breadcrumbs
    assert soup.select_one("h1").get_text() == "Een versie van PN Geschiedenis terugzetten"
    assert soup.select_one("input[name=_save]")["value"] == "Deze versie terugzetten"


def test_a_version_of_a_network_is_shown_in_dutch_but_cannot_be_put_back(staff_client, network):
    # A network carries a recognition status that only a dated status change may set.
    soup = _version_page(staff_client, network)
    assert "Netwerken (NPZ)" in soup.select_one(".breadcrumbs").get_text(" ", strip=True)
    assert soup.select_one("h1").get_text() == "Versie van NPZ Geschiedenis"
    assert soup.select_one("input[name=_save]") is None


def test_the_back_office_carries_the_flemish_band(staff_client):
    soup = BeautifulSoup(staff_client.get("/admin/").content, "html.parser")
    assert soup.select_one("#site-name .gov-flanders").get_text() == "Vlaanderen"
    assert soup.select_one("link[href='/static/css/admin.css']")


@pytest.mark.parametrize("key", ["{pk}/change", "abc", "{pk}/delete"])
def test_a_history_address_whose_key_is_not_one_is_a_404(staff_client, network, key):
    url = f"/admin/networks/network/{key.format(pk=network.pk)}/history/"
    assert staff_client.get(url).status_code == 404
    assert staff_client.get(f"/admin/networks/network/{network.pk}/history/").status_code == 200


def test_the_history_leaves_out_the_sort_days_derived_from_imprecise_dates(staff_client):
    # `start_sort` is filled from `start` on every save: the reader sees the date entered, once.
    step = ReformDateFactory(code="stap-hist", start="2022-04", end="2023-05")
    step.start, step.end = "2022-05", "2023-06"
    step.save()
    response = staff_client.get(f"/admin/networks/reformdate/{step.pk}/history/")
    changes = BeautifulSoup(response.content, "html.parser").select_one(".history-changes")
    lines = [line.get_text(" ", strip=True) for line in changes.select("li")]
    assert lines == ["Begin: 2022-04 → 2022-05", "Einde: 2023-05 → 2023-06"]
    assert "sort" not in changes.get_text()


def test_what_a_service_sets_stays_in_the_history(network):
    # A status is not entered in the change form (editable=False) but decided: its change is shown.
    network.status = RecognitionStatus.RECOGNISED
    network.save()
    (latest,) = with_changes(network.history.all()[:1])
    assert [change.field for change in latest.changes] == ["Erkenningsstatus"]
