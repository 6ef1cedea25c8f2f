"""Model rules: identifiers, dated memberships, partners, figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from networks.models import LegacyOrganisation, Municipality, PrimaryCareZone, registry_completeness
from networks.validators import validate_enterprise_number
from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    PrimaryCareZoneFactory,
    PrimaryCareZoneMembershipFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["0123.456.749", "BE 0412 345 614", "0412345614"])
def test_valid_enterprise_numbers_pass_the_mod_97_check(value):
    validate_enterprise_number(value)


@pytest.mark.parametrize("value", ["0123.456.748", "2123456749", "12345", "abcdefghij"])
def test_invalid_enterprise_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        validate_enterprise_number(value)


def test_enterprise_number_is_stored_as_ten_digits():
    organisation = LegacyOrganisationFactory.build(code="pn-x", enterprise_number="BE 0123.456.749")
    organisation.full_clean()
    assert organisation.enterprise_number == "0123456749"
    assert organisation.enterprise_number_display == "0123.456.749"


@pytest.mark.parametrize("nis_code", ["1100", "110022", "1100a", ""])
def test_nis_code_must_have_five_digits(nis_code):
    municipality = Municipality(nis_code=nis_code, name="X", region=Municipality.Region.FLEMISH)
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "nis_code" in error.value.message_dict


def test_database_refuses_a_nis_code_that_skipped_validation():
    # The check constraint guards imports or scripts that bypass full_clean().
    with pytest.raises(IntegrityError):
        Municipality.objects.create(nis_code="12AB5", name="X", region=Municipality.Region.FLEMISH)


def test_a_primary_care_zone_may_straddle_two_regional_care_zones():
    elz = PrimaryCareZoneFactory(code="druivenstreek")
    west, east = RegionalCareZoneFactory(code="west"), RegionalCareZoneFactory(code="east")
    for zone in (west, east):
        municipality = MunicipalityFactory()
        PrimaryCareZoneMembershipFactory(municipality=municipality, zone=elz).full_clean()
        RegionalCareZoneMembershipFactory(municipality=municipality, zone=zone).full_clean()

    assert Municipality.objects.in_primary_care_zone(elz).count() == 2
    assert {
        m.regional_care_zone_memberships.get().zone for m in Municipality.objects.in_primary_care_zone(elz)
    } == {
        west,
        east,
    }


def test_a_municipality_cannot_be_in_two_regional_care_zones_on_the_same_day():
    municipality = MunicipalityFactory(name="Mol")
    RegionalCareZoneMembershipFactory(municipality=municipality, zone=RegionalCareZoneFactory(name="Kempen"))
    second = RegionalCareZoneMembershipFactory.build(
        municipality=municipality,
        zone=RegionalCareZoneFactory(name="Elders"),
        valid_from=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError, match="Kempen"):
        second.full_clean()


def test_memberships_that_follow_each_other_are_accepted():
    municipality = MunicipalityFactory()
    RegionalCareZoneMembershipFactory(
        municipality=municipality,
        valid_from=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    later = RegionalCareZoneMembershipFactory.build(
        municipality=municipality, zone=RegionalCareZoneFactory(), valid_from=datetime.date(2025, 1, 1)
    )
    later.full_clean()
    assert Municipality.objects.in_regional_care_zone(later.zone, datetime.date(2025, 6, 1)).count() == 0
    later.save()
    assert list(Municipality.objects.in_regional_care_zone(later.zone, datetime.date(2025, 6, 1))) == [
        municipality
    ]


def test_partial_antwerp_subzones_may_overlap_their_cluster():
    antwerpen = MunicipalityFactory(nis_code="11002", name="Antwerpen")
    cluster = PrimaryCareZoneFactory(code="antwerpen-en-rand", kind=PrimaryCareZone.Kind.ELZ_CLUSTER)
    PrimaryCareZoneMembershipFactory(municipality=antwerpen, zone=cluster)
    for code in ("antwerpen-centrum", "antwerpen-oost"):
        sub = PrimaryCareZoneFactory(code=code, kind=PrimaryCareZone.Kind.ELZ_SUBMUNICIPAL, parent=cluster)
        PrimaryCareZoneMembershipFactory.build(municipality=antwerpen, zone=sub, is_partial=True).full_clean()


def test_end_before_start_is_refused():
    membership = RegionalCareZoneMembershipFactory.build(
        municipality=MunicipalityFactory(),
        zone=RegionalCareZoneFactory(),
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "valid_until" in error.value.message_dict


def test_partner_must_be_of_the_other_kind():
    network = LegacyOrganisationFactory()
    other_network = LegacyOrganisationFactory()
    network.partner = other_network
    with pytest.raises(ValidationError) as error:
        network.full_clean()
    assert "partner" in error.value.message_dict

    network.partner = LegacyOrganisationFactory(mbe=True)
    network.full_clean()


def test_figures_refuse_more_elderly_than_inhabitants():
    figures = MunicipalityFiguresFactory.build(
        municipality=MunicipalityFactory(), population=100, aged_65_plus=150
    )
    with pytest.raises(ValidationError) as error:
        figures.full_clean()
    assert "aged_65_plus" in error.value.message_dict


def test_completeness_counts_registered_organisations_against_the_expected_fifteen():
    LegacyOrganisationFactory.create_batch(2)
    LegacyOrganisationFactory(mbe=True)
    completeness = {row["kind"]: row for row in registry_completeness()}
    assert completeness[LegacyOrganisation.Kind.PN_PSV]["registered"] == 2
    assert completeness[LegacyOrganisation.Kind.PN_PSV]["expected"] == 15
    assert completeness[LegacyOrganisation.Kind.MBE]["registered"] == 1
