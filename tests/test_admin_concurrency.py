"""Two people on one back-office record: a save over a change somebody saved after the form was
opened is refused with the user's input kept, and saving again after comparing goes through
(npz_registry.concurrency.check_state, every HistoryAdmin change form)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from missions.models import PartnerType
from tests.admin_helpers import change_form_data
from tests.missions.factories import PartnerTypeFactory
from tests.networks.factories import (
    LegacyOrganisationFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    StaffFactory,
    UserFactory,
)
from tests.page_forms import sent_as_shown
from tests.transition.factories import FundingFactory
from transition.models import Funding

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding():
    return FundingFactory(amount=Decimal("900000.00"), note="")


def _staff(username) -> Client:
    client = Client()
    client.force_login(StaffFactory(username=username))
    return client


def test_the_second_save_of_a_record_opened_before_the_first_is_refused_and_keeps_its_input(funding):
    url = reverse("admin:transition_funding_change", args=[funding.pk])
    first, second = _staff("eerste"), _staff("tweede")
    opened_by_first, opened_by_second = first.get(url), second.get(url)
    assert 'name="_loaded_state"' in opened_by_first.content.decode()

    saved = first.post(url, change_form_data(opened_by_first, amount="111111.00"))
    assert saved.status_code == 302

    refused = second.post(url, change_form_data(opened_by_second, note="Bedrag bevestigd door het kabinet"))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Iemand anders heeft dit deel bewaard" in page
    assert "Bedrag bevestigd door het kabinet" in page  # the input is still there
    funding.refresh_from_db()
    assert funding.amount == Decimal("111111.00") and funding.note == ""

    # Saving again from the refused page (after comparing) goes through: the page now carries
    # the state saved by the first.
    again = second.post(url, change_form_data(refused, note="Bedrag bevestigd door het kabinet"))
    assert again.status_code == 302
    funding.refresh_from_db()
    assert funding.note == "Bedrag bevestigd door het kabinet"


def test_saving_a_record_nobody_changed_meanwhile_goes_through(funding):
    url = reverse("admin:transition_funding_change", args=[funding.pk])
    client = _staff("alleen")
    response = client.post(url, change_form_data(client.get(url), amount="950000.00"))
    assert response.status_code == 302
    assert Funding.objects.get(pk=funding.pk).amount == Decimal("950000.00")


def test_a_change_by_an_import_after_the_form_was_opened_is_detected_too(funding):
    url = reverse("admin:transition_funding_change", args=[funding.pk])
    client = _staff("medewerker")
    opened = client.get(url)
    Funding.objects.filter(pk=funding.pk).update(amount=Decimal("1.00"))  # as a bulk import writes

    refused = client.post(url, change_form_data(opened, note="Nota"))

    assert refused.status_code == 200
    assert Funding.objects.get(pk=funding.pk).amount == Decimal("1.00")


# What the form shows besides the record's own fields: its inline rows and its many-to-many
# choices, which Django saves as the stale page has them (found by review).


def _superuser(username) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, is_staff=True, is_superuser=True))
    return client


def test_an_inline_row_changed_after_the_page_was_opened_is_not_overwritten(network_a):
    area = ServiceAreaFactory(network=network_a, note="")
    url = reverse("admin:networks_network_change", args=[network_a.pk])
    first, second = _superuser("eerste"), _superuser("tweede")
    opened_by_first, opened_by_second = first.get(url), second.get(url)
    assert second.post(url, change_form_data(opened_by_second)).status_code == 302  # unchanged: saves

    prefix = _inline_prefix(opened_by_first, "service_areas")
    saved = first.post(url, change_form_data(opened_by_first, **{f"{prefix}-0-note": "Bevestigd"}))
    assert saved.status_code == 302
    refused = second.post(url, change_form_data(opened_by_second, notes="Andere wijziging"))
    assert refused.status_code == 200 and "Iemand anders heeft dit deel bewaard" in refused.content.decode()
    area.refresh_from_db()
    network_a.refresh_from_db()
    assert area.note == "Bevestigd" and network_a.notes != "Andere wijziging"
    assert second.post(url, change_form_data(refused, notes="Andere wijziging")).status_code == 302


def test_many_to_many_choices_changed_after_the_page_was_opened_are_not_overwritten():
    organisation = LegacyOrganisationFactory()
    kempen, limburg = RegionalCareZoneFactory(code="kempen"), RegionalCareZoneFactory(code="limburg")
    url = reverse("admin:networks_legacyorganisation_change", args=[organisation.pk])
    first, second = _superuser("eerste"), _superuser("tweede")
    opened_by_first, opened_by_second = first.get(url), second.get(url)
    zones = "derived_regional_care_zones"
    assert first.post(url, change_form_data(opened_by_first, **{zones: [kempen.pk]})).status_code == 302
    refused = second.post(url, change_form_data(opened_by_second, **{zones: [limburg.pk]}))
    assert refused.status_code == 200
    assert list(organisation.derived_regional_care_zones.values_list("code", flat=True)) == ["kempen"]


def test_an_accounts_groups_changed_after_the_page_was_opened_are_not_overwritten():
    from django.contrib.auth.models import Group

    account = UserFactory(username="iemand")
    staff_group = Group.objects.create(name="Departement Zorg (test)")
    url = reverse("admin:auth_user_change", args=[account.pk])
    first, second = _superuser("eerste"), _superuser("tweede")
    opened_by_first, opened_by_second = first.get(url), second.get(url)
    assert first.post(url, change_form_data(opened_by_first, groups=[staff_group.pk])).status_code == 302
    refused = second.post(url, change_form_data(opened_by_second, is_active=""))
    assert refused.status_code == 200
    account.refresh_from_db()
    assert account.is_active and list(account.groups.all()) == [staff_group]


def _inline_prefix(response, related_name: str) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix.startswith(related_name) or related_name in inline.formset.prefix:
            return inline.formset.prefix
    raise AssertionError([i.formset.prefix for i in response.context["inline_admin_formsets"]])


def test_a_list_edited_in_place_saves_only_the_rows_changed_on_it_and_refuses_a_clash():
    """A stale list of partner types put back an order somebody had saved meanwhile (found by
    review): rows left as the list showed them are not saved, and a row changed on the list and
    elsewhere since is refused."""
    first = PartnerTypeFactory(code="a", name="Apothekers", order=1)
    second = PartnerTypeFactory(code="h", name="Huisartsen", order=2)
    url = reverse("admin:missions_partnertype_changelist")
    client = _superuser("lijst")
    opened = sent_as_shown(client.get(url), "order")
    PartnerType.objects.filter(pk=first.pk).update(order=77)  # saved elsewhere meanwhile

    rows = {opened[f"form-{i}-id"][0]: i for i in range(2)}
    data = {**opened, f"form-{rows[str(second.pk)]}-order": "5", "_save": "Opslaan"}
    assert client.post(url, data).status_code == 302
    assert PartnerType.objects.get(pk=first.pk).order == 77  # not put back to 1
    assert PartnerType.objects.get(pk=second.pk).order == 5

    clash = {**opened, f"form-{rows[str(first.pk)]}-order": "3", "_save": "Opslaan"}
    refused = client.post(url, clash)
    assert refused.status_code == 200 and "Iemand anders heeft dit deel bewaard" in refused.content.decode()
    assert PartnerType.objects.get(pk=first.pk).order == 77


def test_the_back_office_takes_an_amount_as_typed_in_belgium(funding):
    """It took only "1000000.50": "1.000.000,50" and "1000000,50" were "not a number"."""
    url = reverse("admin:transition_funding_change", args=[funding.pk])
    staff = _staff("bedragen")
    for typed in ("1.000.000,50", "1000000,50"):
        response = staff.post(url, change_form_data(staff.get(url), amount=typed))
        assert response.status_code == 302, typed
        funding.refresh_from_db()
        assert funding.amount == Decimal("1000000.50")
        funding.amount = Decimal("1")
        funding.save()
    refused = staff.post(url, change_form_data(staff.get(url), amount="5.000"))
    assert refused.status_code == 200 and "dubbelzinnig" in refused.content.decode()
