"""A merger's participants work in one of its target zones (an NPZ is the merger of the PN/PSV and
MBE of its region), by the one rule for where a legacy organisation works (an MBE without zones
of its own works where its partner PN/PSV does): refused in the admin form and at the
recognition, naming the organisation and the zones it works in."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from networks.models import LegacyOrganisation
from tests.admin_helpers import change_form_data
from tests.networks.factories import (
    LegacyOrganisationFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    recognise,
)
from tests.transition.factories import MergerFactory
from transition.models import MergerStatus
from transition.services.mergers import merger_set_status, outside_target_zones

pytestmark = pytest.mark.django_db

JAN_2027 = datetime.date(2027, 1, 1)


@pytest.fixture
def zones():
    return {
        code: RegionalCareZoneFactory(code=code, name=name)
        for code, name in [
            ("zuid-west-vlaanderen", "Zuid-West-Vlaanderen"),
            ("halle-vilvoorde", "Halle-Vilvoorde"),
            ("brussel", "Brussel"),
        ]
    }


def organisation(name, *zones, **fields):
    created = LegacyOrganisationFactory(name=name, **fields)
    created.derived_regional_care_zones.set(zones)
    return created


def post_participants(client, merger, participants, zones):
    url = reverse("admin:transition_merger_change", args=[merger.pk])
    data = change_form_data(
        client.get(url), participants=[p.pk for p in participants], target_zones=[z.pk for z in zones]
    )
    return client.post(url, data)


def test_the_admin_refuses_a_participant_working_outside_the_target_zones(admin_client, zones):
    merger = MergerFactory()
    forum = organisation("Forum Palliatieve Zorg", zones["halle-vilvoorde"], zones["brussel"])
    local = organisation("Netwerk Zuid-West", zones["zuid-west-vlaanderen"])

    response = post_participants(admin_client, merger, [forum, local], [zones["zuid-west-vlaanderen"]])

    (message,) = response.context["adminform"].form.errors["participants"]
    assert "Forum Palliatieve Zorg" in message and "Brussel, Halle-Vilvoorde" in message
    assert "Netwerk Zuid-West" not in message
    assert not merger.participants.exists()


def test_an_mbe_works_where_its_partner_does(admin_client, zones):
    merger = MergerFactory()
    local = organisation("Netwerk Zuid-West", zones["zuid-west-vlaanderen"])
    local_mbe = LegacyOrganisationFactory(name="MBE Zuid-West", mbe=True, partner=local)
    forum = organisation("Forum Palliatieve Zorg", zones["halle-vilvoorde"])
    omega = LegacyOrganisationFactory(name="Omega", mbe=True, partner=forum)

    response = post_participants(
        admin_client, merger, [local, local_mbe, omega], [zones["zuid-west-vlaanderen"]]
    )

    (message,) = response.context["adminform"].form.errors["participants"]
    assert "Omega" in message and "Halle-Vilvoorde" in message

    response = post_participants(admin_client, merger, [local, local_mbe], [zones["zuid-west-vlaanderen"]])
    assert response.status_code == 302
    assert set(merger.participants.all()) == {local, local_mbe}


def test_the_recognition_is_refused_for_a_participant_working_outside_the_target_zones(zones):
    merger = MergerFactory(network=recognise(NetworkFactory(), JAN_2027))
    merger.target_zones.set([zones["zuid-west-vlaanderen"]])
    forum = organisation("Forum Palliatieve Zorg", zones["halle-vilvoorde"], zones["brussel"])
    merger.participants.set([forum, organisation("Netwerk Zuid-West", zones["zuid-west-vlaanderen"])])

    with translation.override("en"), pytest.raises(ValidationError, match="Forum Palliatieve Zorg works in"):
        merger_set_status(merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=JAN_2027)

    assert not LegacyOrganisation.objects.filter(successor__isnull=False).exists()


def test_an_organisation_whose_area_is_not_recorded_is_not_refused(zones):
    """Nothing says it works elsewhere: the derived zones are the registry's own derivation."""
    unknown = LegacyOrganisationFactory(name="Nog niet afgebakend")
    assert outside_target_zones([unknown], [zones["brussel"]]) == []
    assert outside_target_zones([], []) == []


def test_the_rule_asks_a_fixed_number_of_queries(zones, django_assert_num_queries):
    inside = [organisation(f"Netwerk {n}", zones["brussel"]) for n in range(5)]
    with django_assert_num_queries(1):
        assert outside_target_zones(inside, [zones["brussel"]]) == []
    outside = [organisation(f"Ander {n}", zones["halle-vilvoorde"]) for n in range(5)]
    outside += [LegacyOrganisationFactory(mbe=True, partner=pn) for pn in outside]
    with django_assert_num_queries(4):
        assert len(outside_target_zones(inside + outside, [zones["brussel"]])) == 10
