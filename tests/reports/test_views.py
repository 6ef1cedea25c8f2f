"""Report pages and downloads: who gets what (STYLE 4.4: 404 outside the scope, 403 in scope but
not allowed, anonymous visitors log in) and what a real network PDF contains (pypdf)."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """All text of a PDF without whitespace: table cells and line breaks cannot split a needle."""
    reader = PdfReader(BytesIO(content))
    return re.sub(r"\s+", "", " ".join(page.extract_text() for page in reader.pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.pdf
@pytest.mark.parametrize("client_fixture", ["staff_client", "coordinator_a_client"])
def test_staff_and_the_networks_own_coordinator_download_its_profile(request, world, client_fixture):
    response = request.getfixturevalue(client_fixture).get("/rapporten/netwerken/test-a.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="netwerkprofiel-test-a-')
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert squeeze("Testnetwerk A") in text
    assert squeeze("Testzone Noord") in text
    for theme in world["themes"]:
        assert squeeze(theme.name) in text  # the Dutch labels: reports are Dutch by default


def test_a_coordinator_gets_404_for_another_networks_pdf_and_preview(coordinator_b_client, world):
    assert coordinator_b_client.get("/rapporten/netwerken/test-a.pdf").status_code == 404
    assert coordinator_b_client.get("/rapporten/netwerken/test-a/").status_code == 404


def test_outsiders_get_404_and_anonymous_users_log_in(outsider_client, anonymous_client, world):
    for path in [
        "/rapporten/netwerken/test-a.pdf",
        "/rapporten/netwerken/test-a/",
        "/rapporten/netwerken/nope.pdf",
    ]:
        assert outsider_client.get(path).status_code == 404
    for path in [
        "/rapporten/",
        "/rapporten/vlaanderen.pdf",
        "/rapporten/vlaanderen/",
        "/rapporten/netwerken/test-a.pdf",
        "/rapporten/netwerken/test-a/",
    ]:
        response = anonymous_client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")


@pytest.mark.parametrize("path", ["/rapporten/vlaanderen.pdf", "/rapporten/vlaanderen/"])
@pytest.mark.parametrize("client_fixture", ["coordinator_a_client", "outsider_client"])
def test_the_flanders_report_is_refused_to_everyone_but_staff(request, world, client_fixture, path):
    assert request.getfixturevalue(client_fixture).get(path).status_code == 403


def test_the_index_lists_what_each_user_may_download(
    staff_client, coordinator_a_client, outsider_client, world
):
    staff_page = staff_client.get("/rapporten/").content.decode()
    assert "/rapporten/vlaanderen.pdf" in staff_page
    assert "/rapporten/netwerken/test-a.pdf" in staff_page and "/rapporten/netwerken/test-b.pdf" in staff_page
    assert "report-download.js" in staff_page and "data-report-pdf" in staff_page

    coordinator_page = coordinator_a_client.get("/rapporten/").content.decode()
    assert "/rapporten/netwerken/test-a.pdf" in coordinator_page
    assert "/rapporten/netwerken/test-b.pdf" not in coordinator_page
    assert "/rapporten/vlaanderen.pdf" not in coordinator_page

    outsider_page = outsider_client.get("/rapporten/").content.decode()
    assert "/rapporten/netwerken/" not in outsider_page


def test_previews_render_the_report_as_html_with_a_download_link(staff_client, world):
    response = staff_client.get("/rapporten/netwerken/test-a/?as_of=2027-06-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Testnetwerk A" in page and 'href="/rapporten/netwerken/test-a.pdf?as_of=2027-06-01"' in page

    page = staff_client.get("/rapporten/vlaanderen/").content.decode()
    assert "Testzone Zuid" in page and "<svg" in page


def test_a_preview_is_gathered_once_per_data_version_and_each_answer_gets_its_own_nonce(
    staff_client, coordinator_a_client, world, monkeypatch
):
    from django.db import connection

    from npz_registry import dataversion
    from npz_registry.reports.context import network_report

    for _savepoints, callback, _robust in connection.run_on_commit:  # as if the world was committed
        callback()
    connection.run_on_commit.clear()
    builds = []
    monkeypatch.setattr(
        "npz_registry.reports.views.network_report",
        lambda *a, **kw: builds.append(1) or network_report(*a, **kw),
    )
    first = staff_client.get("/rapporten/netwerken/test-a/")
    again = coordinator_a_client.get("/rapporten/netwerken/test-a/")  # the same report for both
    assert first.status_code == again.status_code == 200 and len(builds) == 1
    assert "Testnetwerk A" in again.content.decode()
    nonces = {response["Content-Security-Policy"] for response in (first, again)}
    assert len(nonces) == 2  # the cached HTML gets the nonce of the answer it goes out in
    dataversion.increment()  # what a save does once its transaction commits
    staff_client.get("/rapporten/netwerken/test-a/")
    assert len(builds) == 2
    staff_client.get("/rapporten/netwerken/test-a/?lang=en")  # another language, another preview
    assert len(builds) == 3
    # Parameters a report does not read make no copy (they could fill the cache) and no link.
    junk = staff_client.get("/rapporten/netwerken/test-a/?lang=en&o=" + "x" * 300).content.decode()
    assert len(builds) == 3 and 'href="/rapporten/netwerken/test-a.pdf?lang=en"' in junk


def test_an_invalid_date_is_a_400(staff_client, world):
    assert staff_client.get("/rapporten/vlaanderen.pdf?as_of=31-12-2027").status_code == 400
    assert staff_client.get("/rapporten/netwerken/test-a/?as_of=morgen").status_code == 400


@pytest.mark.pdf
def test_a_pdf_that_takes_too_long_answers_503_instead_of_hanging(staff_client, world, settings):
    settings.NPZ_PDF_TIME_LIMIT = 0.001
    response = staff_client.get("/rapporten/netwerken/test-a.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.pdf
def test_the_english_version_is_available_on_request(staff_client, world):
    response = staff_client.get("/rapporten/netwerken/test-a.pdf?lang=en")
    text = pdf_text(response.content)
    assert squeeze("Network profile") in text
    assert PdfReader(BytesIO(response.content)).trailer["/Root"]["/Lang"] == "en"


def test_a_reader_of_the_english_site_is_offered_the_reports_in_english(staff_client, world, settings):
    """Reports are Dutch by default; the index links a reader of the English site to the English
    versions and preselects English for the Flanders report."""
    dutch = staff_client.get("/rapporten/").text
    assert 'href="/rapporten/netwerken/test-a.pdf"' in dutch and "?lang=" not in dutch
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = staff_client.get("/rapporten/").text
    assert 'href="/rapporten/netwerken/test-a.pdf?lang=en"' in english
    assert 'href="/rapporten/netwerken/test-a/?lang=en"' in english
    assert '<option value="en" selected>' in english


def test_the_index_names_a_reopened_plans_approved_version_as_its_report_does(staff_client, network_a):
    """The approved version stays in force while the plan is changed: the index says so, as
    the version's report does, rather than giving it the plan's current status."""
    from missions.models import MultiYearPlan, SubmissionStatus
    from tests.missions.factories import MultiYearPlanFactory

    plan = MultiYearPlanFactory(network=network_a, approved=True)
    MultiYearPlan.objects.filter(pk=plan.pk).update(status=SubmissionStatus.CHANGES_REQUESTED)
    html = " ".join(staff_client.get("/rapporten/").content.decode().split())
    assert "Goedgekeurd, van kracht terwijl het plan wordt aangepast (nu: aanpassingen gevraagd)" in html
