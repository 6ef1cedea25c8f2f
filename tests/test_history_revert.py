"""A history revert in the back office (django-simple-history) puts back what the change form
lets staff edit, never what it shows read-only: those fields keep their current values (a legacy
organisation's successor and legal merger date, set by the merger's recognition)."""

import datetime

import pytest
from django.urls import reverse

from networks.models import LegacyOrganisation
from tests.admin_helpers import change_form_data
from tests.networks.factories import LegacyOrganisationFactory, NetworkFactory, recognise
from tests.transition.factories import MergerFactory
from transition.models import MergerStatus
from transition.services.mergers import merger_set_status

pytestmark = pytest.mark.django_db

RECOGNITION = datetime.date(2027, 1, 1)


@pytest.fixture
def merged():
    """An organisation renamed, then merged into a recognised network."""
    organisation = LegacyOrganisationFactory(name="PN Oude naam")
    organisation.name = "PN Nieuwe naam"
    organisation.save()
    merger = MergerFactory(network=recognise(NetworkFactory(), RECOGNITION))
    merger.participants.add(organisation)
    merger_set_status(merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=RECOGNITION)
    organisation.refresh_from_db()
    assert organisation.successor == merger.network
    return organisation


def _revert_url(organisation, version) -> str:
    return reverse(
        "admin:networks_legacyorganisation_simple_history", args=[organisation.pk, version.history_id]
    )


def test_a_revert_keeps_the_successor_and_legal_date_the_merger_set(staff_client, merged):
    before_merger = merged.history.filter(successor__isnull=True).order_by("-history_id").first()
    url = _revert_url(merged, before_merger)
    form_page = staff_client.get(url)
    assert not form_page.context["revert_disabled"]
    assert "velden zonder invoerveld behouden hun huidige waarde" in form_page.content.decode()
    response = staff_client.post(url, change_form_data(form_page, name="PN Teruggezet"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = LegacyOrganisation.objects.get(pk=merged.pk)
    assert organisation.name == "PN Teruggezet"  # the revert went through
    assert (organisation.successor, organisation.merger_date) == (merged.successor, RECOGNITION)


def test_a_revert_puts_back_the_editable_fields_of_the_old_version(staff_client, merged):
    first = merged.history.earliest()
    url = _revert_url(merged, first)
    response = staff_client.post(url, change_form_data(staff_client.get(url)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = LegacyOrganisation.objects.get(pk=merged.pk)
    assert organisation.name == "PN Oude naam"
    assert (organisation.successor, organisation.merger_date) == (merged.successor, RECOGNITION)
    latest = organisation.history.latest()
    assert (latest.successor_id, latest.merger_date) == (merged.successor_id, RECOGNITION)
