"""Activity counts attach to exactly one actor like grants (decision 0001 §2.9): a legacy
organisation (the baseline before the networks), a network, an organisation of the reform or the
sector; the database refuses any other combination, the admin and the import take every kind,
and the evenness check keeps reading network rows only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from missions.models import ActivityCount
from missions.resources import ActivityCountResource
from missions.selectors import evenness_for_networks
from networks.models import ActorKind, ReformOrganisation
from npz_registry.importexport.resources import result_errors
from tests.conftest import migrate_to, migrate_to_latest
from tests.importexport.conftest import csv_dataset
from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
    StaffFactory,
)
from transition.models import Funding

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db):
    return MunicipalityFactory(nis_code="13025", name="Mol")


@pytest.fixture
def legacy(db):
    return LegacyOrganisationFactory(code="mbe-kempen", name="MBE Kempen", mbe=True)


def count(**actor):
    return {"year": 2023, "count": 5, **actor}


def test_funding_and_activity_share_one_definition_of_the_actor():
    from networks.models.actors import ActorReference

    assert issubclass(Funding, ActorReference) and issubclass(ActivityCount, ActorReference)
    names = {c.name for c in ActivityCount._meta.constraints}
    assert {"activity_count_actor_kind_valid", "activity_count_exactly_the_actor_of_its_kind"} <= names


def test_a_legacy_organisation_row_gets_its_kind_from_the_one_key_set(town, legacy):
    row = ActivityCount.objects.create(legacy_organisation=legacy, municipality=town, **count())
    assert row.actor_kind == ActorKind.LEGACY and row.recipient == legacy
    sector = ActivityCount.objects.create(actor_kind=ActorKind.SECTOR, municipality=town, **count())
    assert str(sector.recipient) == str(ActorKind.SECTOR.label)


@pytest.mark.parametrize(
    "actor",
    [
        pytest.param({"actor_kind": ActorKind.SECTOR, "with_network": True}, id="sector-with-a-network"),
        pytest.param({"actor_kind": ActorKind.LEGACY, "with_network": True}, id="two-recipients"),
        pytest.param({"actor_kind": ActorKind.NETWORK, "with_network": False}, id="network-without-one"),
    ],
)
def test_the_database_refuses_anything_but_exactly_one_recipient(town, legacy, network_a, actor):
    values = {
        "municipality_id": town.pk,
        "actor_kind": actor["actor_kind"],
        "network_id": network_a.pk if actor["with_network"] else None,
        "legacy_organisation_id": legacy.pk if actor["actor_kind"] == ActorKind.LEGACY else None,
        "year": 2023,
        "count": 1,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        # bulk_create skips save(), which would otherwise derive the kind.
        ActivityCount.objects.bulk_create([ActivityCount(**values)])


def test_clean_refuses_two_recipients(town, legacy, network_a):
    row = ActivityCount(legacy_organisation=legacy, network=network_a, municipality=town, year=2023, count=1)
    with pytest.raises(ValidationError):
        row.full_clean()


def test_one_count_per_actor_municipality_year_and_kind(town, legacy):
    ActivityCount.objects.create(legacy_organisation=legacy, municipality=town, **count())
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityCount.objects.create(legacy_organisation=legacy, municipality=town, **count())


def test_the_import_takes_legacy_network_and_sector_rows(town, legacy, network_a):
    staff = StaffFactory()
    columns = ["actor_kind", "legacy_organisation", "network", "organisation", "nis_code", "year", "kind"]
    columns += ["count", "source"]
    rows = [
        ["", "mbe-kempen", "", "", "13025", 2023, "GUIDED_PATIENTS", 40, "jaarverslag MBE 2023"],
        ["", "", "test-a", "", "13025", 2027, "GUIDED_PATIENTS", 12, "voortgangsrapport"],
        ["SECTOR", "", "", "", "13025", 2024, "GUIDED_PATIENTS", 7, "test"],
    ]
    result = ActivityCountResource().import_data(csv_dataset(columns, rows), user=staff)
    assert not result.has_errors() and not result.has_validation_errors(), [
        r.error_dict for r in result.invalid_rows
    ]
    kinds = dict(ActivityCount.objects.values_list("count", "actor_kind"))
    assert kinds == {40: ActorKind.LEGACY, 12: ActorKind.NETWORK, 7: ActorKind.SECTOR}
    again = ActivityCountResource().import_data(csv_dataset(columns, rows), user=staff)
    assert again.totals["skip"] == 3 and ActivityCount.objects.count() == 3, again.totals


def test_an_import_row_naming_two_recipients_is_refused(town, legacy, network_a):
    columns = ["legacy_organisation", "network", "nis_code", "year", "kind", "count"]
    rows = [["mbe-kempen", "test-a", "13025", 2023, "GUIDED_PATIENTS", 4]]
    result = ActivityCountResource().import_data(csv_dataset(columns, rows), user=StaffFactory())
    assert result_errors(result) and not ActivityCount.objects.exists(), result_errors(result)


def test_the_admin_lists_and_searches_counts_of_every_kind(staff_client, town, legacy, network_a):
    consortium = ReformOrganisation.objects.create(code="consortium", name="Consortium", role="CONSORTIUM")
    ActivityCount.objects.create(legacy_organisation=legacy, municipality=town, **count())
    ActivityCount.objects.create(network=network_a, municipality=town, **count())
    ActivityCount.objects.create(organisation=consortium, municipality=town, **count())
    page = staff_client.get("/admin/missions/activitycount/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "MBE Kempen" in text and "Testnetwerk A" in text and "Consortium" in text
    found = staff_client.get("/admin/missions/activitycount/?q=Kempen").context["cl"]
    assert [row.recipient for row in found.result_list] == [legacy]


def test_legacy_activity_leaves_the_evenness_of_a_network_unchanged(network_a, town, legacy):
    zone = RegionalCareZoneFactory(code="kempen")
    RegionalCareZoneMembershipFactory(municipality=town, zone=zone)
    other = MunicipalityFactory(name="Geel")
    RegionalCareZoneMembershipFactory(municipality=other, zone=zone)
    for municipality, people in ((town, 1000), (other, 3000)):
        MunicipalityFiguresFactory(municipality=municipality, year=2026, population=people)
        MunicipalityFiguresFactory(municipality=municipality, year=2025, population=None, deaths=20)
    ServiceAreaFactory(network=network_a, zone=zone, valid_from=datetime.date(2025, 1, 1))
    ActivityCount.objects.create(network=network_a, municipality=town, year=2025, count=30)
    before = evenness_for_networks([network_a])
    ActivityCount.objects.create(legacy_organisation=legacy, municipality=other, year=2025, count=90)
    ActivityCount.objects.create(actor_kind=ActorKind.SECTOR, municipality=other, year=2026, count=9)
    after = evenness_for_networks([network_a])
    assert after[network_a.pk][0] == before[network_a.pk][0] == 2025
    assert after[network_a.pk][1].gini == before[network_a.pk][1].gini


BEFORE = [("missions", "0010_partner_organisations")]
AFTER = [("missions", "0011_activity_recipients")]


@pytest.mark.django_db(transaction=True)
def test_existing_activity_rows_become_network_rows(migrated_database):
    apps = migrate_to(BEFORE)
    network = apps.get_model("networks", "Network").objects.create(code="net-m", name="Netwerk M")
    town = apps.get_model("networks", "Municipality").objects.create(
        nis_code="13025", name="Dorp", region="VLAAMS_GEWEST", province="Antwerpen"
    )
    apps.get_model("missions", "ActivityCount").objects.create(
        network=network, municipality=town, year=2025, count=3
    )
    try:
        apps = migrate_to(AFTER)
        row = apps.get_model("missions", "ActivityCount").objects.get()
        assert row.actor_kind == "NETWORK" and row.network_id == network.pk and row.count == 3
    finally:
        apps.get_model("missions", "ActivityCount").objects.all().delete()
        migrate_to_latest()
