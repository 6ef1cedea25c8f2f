"""A progress report that is not the reader's to edit (submitted, or read by staff) shows its
notes as text: in a disabled one-line field a 216-character note read "Deze opmerking is la"
and could not be scrolled (found by review)."""

import pytest
from bs4 import BeautifulSoup

from missions.models import ActionProgress, IndicatorProgress
from tests.missions.factories import YearlyProgressFactory

pytestmark = pytest.mark.django_db

NOTE = "Deze opmerking is lang: " + "de regio telde meer aanvragen dan verwacht en " * 5


def test_the_notes_of_a_report_read_only_are_shown_whole_as_text(staff_client):
    progress = YearlyProgressFactory(filled=True, submitted=True)
    IndicatorProgress.objects.filter(progress=progress).update(note=NOTE[:300])
    ActionProgress.objects.filter(progress=progress).update(note="Actie loopt volgens plan.")
    soup = BeautifulSoup(staff_client.get(f"/portaal/voortgang/{progress.pk}/").content, "html.parser")
    notes = [span.get_text(" ", strip=True) for span in soup.select("#indicator-progress .note-text")]
    assert notes and all(note == NOTE[:300].strip() for note in notes)
    assert [s.get_text(strip=True) for s in soup.select("#action-progress .note-text")][
        0
    ] == "Actie loopt volgens plan."
    assert not soup.select("#indicator-progress [name^='inote_']")


def test_the_coordinator_editing_a_draft_still_types_notes_in_fields(coordinator_a_client, network_a):
    from tests.missions.factories import MultiYearPlanFactory

    progress = YearlyProgressFactory(plan=MultiYearPlanFactory(network=network_a, approved=True))
    response = coordinator_a_client.get(f"/portaal/voortgang/{progress.pk}/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select("#indicator-progress [name^='inote_']") and not soup.select(".note-text")


def test_the_portal_leads_to_the_first_progress_report_of_an_approved_plan(coordinator_a_client, network_a):
    """The portal showed "–" where an approved plan had no report yet: the only way in was at the
    bottom of the plan page (found by review)."""
    from tests.missions.factories import MultiYearPlanFactory

    plan = MultiYearPlanFactory(network=network_a, approved=True)
    draft = MultiYearPlanFactory(network=network_a, period__start_year=2029)
    soup = BeautifulSoup(coordinator_a_client.get("/portaal/").content, "html.parser")
    links = [a["href"] for a in soup.find_all("a", string="een voortgangsrapport openen")]
    assert links == [f"{plan.get_absolute_url()}#progress-title"]
    assert draft.get_absolute_url() not in links
