"""A cell's form and its refinements per primary care zone keep their fields as first shown per
data version, reader and address (the heaviest part of both pages to render): the reader's next
visit is answered from the fragment, a committed change shows at once, the tokens stay each
session's own, and a form sent back with errors shows what was typed."""

import re

import pytest
from django.test import Client

from missions.models import RegionalIntensity

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(network_a, kempen_primary_zones):
    """Network A's cell of the first theme in Kempen, level 2, with one refinement in one of
    the zone's two primary care zones."""
    zone, theme = kempen_primary_zones["zone"], kempen_primary_zones["themes"][0]
    RegionalIntensity.objects.filter(network=network_a, zone=zone, theme=theme).update(
        justification="Eerste reden"
    )
    RegionalIntensity.objects.create(
        network=network_a,
        zone=zone,
        theme=theme,
        primary_care_zone=kempen_primary_zones["primaries"]["noorderkempen"],
        level=3,
        justification="Reden noord",
    )
    url = f"/netwerken/{network_a.code}/opdrachten/{zone.code}/{theme.code}/"
    return {"url": url, "primary_url": f"{url}eerstelijnszones/"}


def _client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _form(html: str) -> str:
    """The page's edit form (the log-out form in the header comes first)."""
    return html.split('<form method="post" novalidate')[1].split("</form>")[0]


def _hidden_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


@pytest.mark.parametrize("page", ["url", "primary_url"])
def test_the_fields_are_rendered_once_per_data_version_and_follow_a_committed_change(
    cell, page, staff_user, coordinator_a, commit_pending
):
    commit_pending()  # the users too
    reason = "Reden noord" if page == "primary_url" else "Eerste reden"
    reader = _client(coordinator_a)
    assert reason in _form(reader.get(cell[page]).content.decode())
    # Changed without the signals that count a change: the reader gets the kept fields again,
    # another reader gets their own.
    stored = RegionalIntensity.objects.get(justification=reason)
    RegionalIntensity.objects.filter(pk=stored.pk).update(justification="Stil gewijzigd")
    assert reason in _form(reader.get(cell[page]).content.decode())
    assert "Stil gewijzigd" in _form(_client(staff_user).get(cell[page]).content.decode())

    stored.refresh_from_db()
    stored.justification = "Nieuwe reden"
    stored.save()
    commit_pending()
    html = _form(reader.get(cell[page]).content.decode())
    assert "Nieuwe reden" in html and reason not in html


@pytest.mark.parametrize("page", ["url", "primary_url"])
def test_a_second_session_gets_its_own_tokens_and_can_save(cell, page, coordinator_a, commit_pending):
    commit_pending()  # the user too: the fields of the first session are kept
    _client(coordinator_a, enforce_csrf_checks=True).get(cell[page])  # keeps the fields
    reader = _client(coordinator_a, enforce_csrf_checks=True)  # another browser
    fields = _hidden_fields(_form(reader.get(cell[page]).content.decode()))
    assert fields["csrfmiddlewaretoken"]
    if page == "url":
        data = {**fields, "level": "2", "delivery_emphasis": "BOTH", "justification": "Opnieuw"}
    else:
        data = {**fields, "pcz-0-level": "3", "pcz-0-justification": "Opnieuw noord", "pcz-1-level": ""}
    response = reader.post(cell[page], data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert RegionalIntensity.objects.filter(justification__startswith="Opnieuw").exists()


def test_a_cell_sent_back_with_an_error_shows_what_was_typed_not_the_kept_fields(
    cell, coordinator_a, commit_pending
):
    commit_pending()  # so that the first visit keeps the fields
    reader = _client(coordinator_a)
    fields = _hidden_fields(reader.get(cell["url"]).content.decode())
    data = {**fields, "level": "7", "delivery_emphasis": "BOTH", "justification": "Getypt"}
    html = _form(reader.post(cell["url"], data).content.decode())
    assert "is-invalid" in html
    assert "Getypt" in html and "Eerste reden" not in html


def test_refinements_sent_back_with_an_error_show_what_was_typed(cell, coordinator_a, commit_pending):
    commit_pending()  # so that the first visit keeps the fields
    reader = _client(coordinator_a)
    fields = _hidden_fields(reader.get(cell["primary_url"]).content.decode())
    data = {**fields, "pcz-0-level": "9", "pcz-0-justification": "Getypte reden", "pcz-1-level": ""}
    html = _form(reader.post(cell["primary_url"], data).content.decode())
    assert "Getypte reden" in html and "Reden noord" not in html
    assert "is-invalid" in html
