"""The admin: open to department staff only, every page renders, imports are all-or-nothing."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from networks.models import LegacyOrganisation, Municipality, Person
from networks.resources import MunicipalityResource
from networks.services.reference_data import FIXTURES_DIR
from tests.networks.factories import (
    RECOGNITION_DAY,
    CoordinatorFactory,
    LegacyOrganisationFactory,
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    NetworkFactory,
    PrimaryCareZoneFactory,
    PrimaryCareZoneMembershipFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    recognition_day_row,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"networks", "missions", "transition"}


def our_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


def create_reform_dates(action_line):
    """The reform's dated rows: the recognition day, a report deadline, a revision."""
    from networks.models import ProgressReportRule
    from transition.models import ActionLineRevision

    recognition_day_row(RECOGNITION_DAY)
    ProgressReportRule.objects.create(applies_from_year=2024, due_month=3, due_day=31)
    ActionLineRevision.objects.create(
        action_line=action_line, stated_on="2025-07", target_as_written="midden 2027", target_end="2027-mid"
    )


def create_one_of_each(network_a):
    """A record of every model with an admin, around `network_a` (its coordinator exists)."""
    municipality = MunicipalityFactory(nis_code="13025", name="Mol")
    MunicipalityFiguresFactory(municipality=municipality)
    RegionalCareZoneMembershipFactory(municipality=municipality, zone=RegionalCareZoneFactory(code="kempen"))
    PrimaryCareZoneMembershipFactory(municipality=municipality, zone=PrimaryCareZoneFactory(code="baldemore"))
    organisation = LegacyOrganisationFactory(code="pn-pnat", seat=municipality)
    organisation.areas.create(municipality=municipality)
    Person.objects.create(user=network_a.roles.get().user, first_name="Jan", last_name="Janssens")

    from networks.models import RecognitionStatus, RegionalCareZone
    from networks.services.networks import network_set_status, service_area_add
    from tests.transition.factories import ActionLineFactory, FundingFactory, MergerFactory, MilestoneFactory
    from transition.models import ActionLineStatus, MergerStatus
    from transition.services.mergers import action_line_update, merger_set_status

    service_area_add(
        network=network_a, zone=RegionalCareZone.objects.get(code="kempen"), valid_from=RECOGNITION_DAY
    )
    network_set_status(
        network=network_a, to_status=RecognitionStatus.RECOGNISED, effective_date=RECOGNITION_DAY
    )
    merger = MergerFactory(network=network_a)
    merger.participants.add(organisation)
    merger_set_status(merger=merger, to_status=MergerStatus.LETTER_OF_INTENT, effective_date=RECOGNITION_DAY)
    MilestoneFactory(merger=merger)
    action_line_update(  # a status update reports the past
        action_line=ActionLineFactory(), status=ActionLineStatus.ON_TRACK, date=datetime.date(2026, 10, 1)
    )
    create_reform_dates(ActionLineFactory())
    FundingFactory(network=network_a)
    _actors_and_envelopes()

    from missions.models import (
        ActivityCount,
        ComplexityLevel,
        Indicator,
        IndicatorValue,
        MissionTask,
        RegionalIntensity,
        SextupleAim,
    )
    from tests.missions.factories import (
        MultiYearPlanFactory,
        PartnerOrganisationFactory,
        PartnerTypeFactory,
        YearlyProgressFactory,
        make_themes,
    )

    theme = make_themes()[0]
    MissionTask.objects.create(theme=theme, letter="a", description="x", description_en="x")
    PartnerOrganisationFactory(
        partner_type=PartnerTypeFactory(code="huisartsen", name="Huisartsen", name_en="GPs")
    )
    SextupleAim.objects.create(number=1, code="equity", name="Gelijkheid", name_en="Equity")
    ComplexityLevel.objects.create(
        code="hoog", order=3, name="Hoog complexe zorg", name_en="High complex care"
    )
    indicator = Indicator.objects.create(code="demo", name="Demo", name_en="Demo", direction="MORE_NEED")
    IndicatorValue.objects.create(
        indicator=indicator, zone=RegionalCareZone.objects.get(code="kempen"), year=2025, value=1
    )
    RegionalIntensity.objects.create(
        network=network_a, zone=RegionalCareZone.objects.get(code="kempen"), theme=theme, level=2
    )
    ActivityCount.objects.create(network=network_a, municipality=municipality, year=2025, count=3)
    # A plan, its goals, actions, indicators, targets, versions and events, and a filled report.
    YearlyProgressFactory(plan=MultiYearPlanFactory(network=network_a, approved=True), filled=True)


def _actors_and_envelopes():
    from networks.models import CareCouncil, CareCouncilPolicyPeriod, PrimaryCareZone, ReformOrganisation
    from transition.models import FundingFigure

    ReformOrganisation.objects.create(
        code="vlepz", name="VLEPZ", role="EXPERTISE_CENTRE", active_from="2027-H2"
    )
    council = CareCouncil.objects.create(
        primary_care_zone=PrimaryCareZone.objects.create(code="elz-admin", name="ELZ Admin")
    )
    CareCouncilPolicyPeriod.objects.create(council=council, start_year=2027, end_year=2031, source="test")
    FundingFigure.objects.create(code="extra", kind="ENVELOPE", title="Extra", amount=5, year_from=2024)


@pytest.fixture
def one_of_each(network_a, coordinator_a):
    create_one_of_each(network_a)


@pytest.fixture(scope="class")
def one_of_each_for_the_class(django_db_setup, django_db_blocker):
    """The same records once for a whole class, rolled back after it (as TestCase.setUpTestData):
    the smoke test below opens some thirty admins on them."""
    with django_db_blocker.unblock(), transaction.atomic():
        network = NetworkFactory(code="test-a", name="Testnetwerk A")
        CoordinatorFactory(username="coord.a", network=network)
        create_one_of_each(network)
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("one_of_each_for_the_class")
class TestEveryAdminPage:
    @pytest.mark.parametrize("model", our_models(), ids=lambda m: m._meta.label)
    def test_staff_can_open_list_add_change_and_history_of_every_model(self, staff_client, staff_user, model):
        info = model._meta.app_label, model._meta.model_name
        assert staff_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
        # Some records are only written through services (status changes, intensities): no add page.
        can_add = admin.site._registry[model].has_add_permission(type("R", (), {"user": staff_user})())
        add = staff_client.get(reverse("admin:{}_{}_add".format(*info)))
        assert add.status_code == (200 if can_add else 403)
        obj = model.objects.first()
        assert staff_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200
        assert (
            staff_client.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk])).status_code == 200
        )


@pytest.mark.parametrize("client_fixture", ["anonymous_client", "coordinator_a_client", "outsider_client"])
def test_admin_refuses_anonymous_users_coordinators_and_outsiders(request, client_fixture, one_of_each):
    client = request.getfixturevalue(client_fixture)
    for url in (
        reverse("admin:index"),
        reverse("admin:networks_municipality_changelist"),
        reverse("admin:networks_legacyorganisation_change", args=[LegacyOrganisation.objects.get().pk]),
        reverse("admin:networks_municipality_import"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith((reverse("admin:login"), reverse("login"))), url


def test_staff_rights_come_from_the_group(client, one_of_each):
    # is_staff alone opens the admin but gives no model rights: the group does.
    from tests.networks.factories import UserFactory

    user = UserFactory(username="no-group", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:networks_municipality_changelist")).status_code == 403


def test_admin_is_in_dutch_by_default(staff_client):
    response = staff_client.get(reverse("admin:networks_municipality_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl-be"' in html
    assert "Gemeenten" in html


def test_search_and_zone_filter_find_a_municipality(staff_client, one_of_each):
    MunicipalityFactory(name="Elders")
    url = reverse("admin:networks_municipality_changelist")
    assert "Mol" in staff_client.get(url, {"q": "13025"}).content.decode()
    filtered = staff_client.get(url, {"regional_care_zone": "kempen"}).content.decode()
    assert "Mol" in filtered and "Elders" not in filtered


def test_legacy_organisation_list_shows_how_complete_the_registry_is(staff_client):
    LegacyOrganisationFactory.create_batch(2)
    html = staff_client.get(reverse("admin:networks_legacyorganisation_changelist")).content.decode()
    assert "2 van 15 geregistreerd" in html


def test_regional_care_zones_are_marked_provisional(staff_client):
    RegionalCareZoneFactory()
    html = staff_client.get(reverse("admin:networks_regionalcarezone_changelist")).content.decode()
    assert "Voorlopig" in html


def test_staff_corrects_a_record_and_the_change_is_in_its_history(staff_client, one_of_each):
    municipality = Municipality.objects.get(nis_code="13025")
    url = reverse("admin:networks_municipality_change", args=[municipality.pk])
    form = {
        "nis_code": "13025",
        "name": "Mol (gecorrigeerd)",
        "region": Municipality.Region.FLEMISH,
        "province": "Antwerpen",
    }
    for prefix in ("primary_care_zone_memberships", "regional_care_zone_memberships", "figures"):
        form.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = staff_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    municipality.refresh_from_db()
    assert municipality.name == "Mol (gecorrigeerd)"
    assert municipality.history.first().history_user.username == "staff.test"


def _municipality_csv(rows):
    fields = ["nis_code", "name", "name_fr", "region", "province", "arrondissement", "notes"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _shared_rows(n):
    with (FIXTURES_DIR / "municipalities.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[:n]


def _upload(client, content, name="municipalities.csv", create_new=True):
    upload = io.BytesIO(content)
    upload.name = name
    data = {"import_file": upload, "format": "0", "resource": "0"}
    if create_new:
        data["create_new"] = "on"  # the municipalities are new: staff tick "add rows with new keys"
    return client.post(reverse("admin:networks_municipality_import"), data)


def test_import_with_a_bad_nis_code_in_the_last_row_shows_the_row_error_and_changes_nothing(staff_client):
    rows = _shared_rows(5)
    rows[-1]["nis_code"] = "1101"
    response = _upload(staff_client, _municipality_csv(rows))

    assert response.status_code == 200
    html = response.content.decode()
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [5]
    assert "Een NIS-code heeft precies vijf cijfers" in html
    assert "1101" in html
    assert "confirm_form" not in response.context  # nothing to confirm: the file must be fixed first
    assert Municipality.objects.count() == 0


def test_a_good_file_is_previewed_first_then_imported_on_confirmation(staff_client):
    rows = _shared_rows(5)
    response = _upload(staff_client, _municipality_csv(rows))
    assert response.status_code == 200
    assert Municipality.objects.count() == 0  # a dry run: the preview saves nothing
    confirm = response.context["confirm_form"]
    assert "Aartselaar" in response.content.decode()

    response = staff_client.post(reverse("admin:networks_municipality_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Municipality.objects.count() == 5
    assert Municipality.objects.get(nis_code="11001").region == Municipality.Region.FLEMISH


def test_the_shared_data_file_itself_imports(staff_client):
    content = (FIXTURES_DIR / "municipalities.csv").read_bytes()
    response = _upload(staff_client, content)
    assert response.status_code == 200
    assert response.context["result"].totals["new"] == 304
    assert not response.context["result"].has_validation_errors()


def test_importing_an_export_again_changes_nothing(one_of_each):
    dataset = MunicipalityResource().export()
    result = MunicipalityResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 1


def test_legacy_organisations_file_imports_named_rows_only_and_links_partners():
    from networks.resources import LegacyOrganisationResource

    for code in (
        "brussel",
        "middenkust",
        "regio-antwerpen",
        "rivierenland",
        "kempen",
        "limburg",
        "oost-brabant",
        "halle-vilvoorde",
        "regio-gent",
        "regio-brugge",
        "westhoek",
        "midwest",
        "vlaamse-ardennen",
    ):
        RegionalCareZoneFactory(code=code)
    MunicipalityFactory(nis_code="36015", name="Roeselare")
    import tablib

    dataset = tablib.Dataset().load(
        (FIXTURES_DIR / "legacy_organisations.csv").read_text(encoding="utf-8"), "csv"
    )
    result = LegacyOrganisationResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True
    )
    assert not result.has_errors(), [(n, [str(e.error) for e in errs]) for n, errs in result.row_errors()]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert LegacyOrganisation.objects.count() == 18
    assert result.totals["skip"] == 12
    assert LegacyOrganisation.objects.get(code="mbe-ispahan").partner.code == "pn-pnat"


def test_the_primary_care_zone_list_names_the_regional_care_zones_of_its_municipalities_today(staff_client):
    """A zone straddling two regional care zones lists both; a membership that ended, or a
    municipality without a regional care zone today, adds none."""
    import datetime

    elz = PrimaryCareZoneFactory(code="druivenstreek", name="ELZ Druivenstreek")
    west, east = RegionalCareZoneFactory(name="West"), RegionalCareZoneFactory(name="Oost")
    gone = RegionalCareZoneFactory(name="Vroeger")
    for zone in (west, east, west):
        municipality = MunicipalityFactory()
        PrimaryCareZoneMembershipFactory(municipality=municipality, zone=elz)
        RegionalCareZoneMembershipFactory(municipality=municipality, zone=zone)
    ended = MunicipalityFactory()
    PrimaryCareZoneMembershipFactory(municipality=ended, zone=elz, valid_until=datetime.date(2020, 12, 31))
    RegionalCareZoneMembershipFactory(municipality=ended, zone=gone)
    PrimaryCareZoneMembershipFactory(municipality=MunicipalityFactory(), zone=elz)  # no regional zone
    response = staff_client.get(reverse("admin:networks_primarycarezone_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    cell = html[html.index("ELZ Druivenstreek") :].split("</tr>")[0]
    links = [reverse("admin:networks_regionalcarezone_change", args=[zone.pk]) for zone in (east, west)]
    assert f'<a href="{links[0]}">Oost</a>, <a href="{links[1]}">West</a>' in cell
    assert "Vroeger" not in cell


def test_the_network_list_shows_and_filters_the_status_in_force_today(staff_client):
    """A recognition decided for a later day is not today's status: the list says both."""
    import datetime

    from django.utils import timezone

    from networks.models import NetworkStatusChange

    later = timezone.localdate() + datetime.timedelta(days=30)
    network = NetworkFactory(name="Netwerk in afwachting")
    for status, day in (("CANDIDATE", datetime.date(2026, 1, 1)), ("RECOGNISED", later)):
        NetworkStatusChange.objects.create(network=network, to_status=status, effective_date=day)
    network.status = "RECOGNISED"  # the stored status is the latest decision
    network.save()

    page = staff_client.get("/admin/networks/network/").content.decode()
    row = next(line for line in page.split("<tr") if "Netwerk in afwachting" in line)
    assert f"kandidaat (erkend vanaf {later:%d/%m/%Y})" in row
    candidates = staff_client.get("/admin/networks/network/", {"status_today": "CANDIDATE"}).content.decode()
    recognised = staff_client.get("/admin/networks/network/", {"status_today": "RECOGNISED"}).content.decode()
    assert "Netwerk in afwachting" in candidates and "Netwerk in afwachting" not in recognised


def test_the_care_council_list_names_its_columns_in_dutch(staff_client):
    from networks.models import CareCouncil
    from tests.networks.factories import PrimaryCareZoneFactory

    CareCouncil.objects.create(primary_care_zone=PrimaryCareZoneFactory(name="ELZ Kempenland"))
    page = BeautifulSoup(staff_client.get("/admin/networks/carecouncil/").content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in page.select("#result_list thead th")]
    assert "Zorgraad" in headers and "Display name" not in " ".join(headers)


def test_an_organisations_successor_and_merger_date_come_from_the_merger_not_the_form(admin_client):
    """Set by hand they contradicted the merger's recognition (found by review)."""
    organisation = LegacyOrganisationFactory()
    page = admin_client.get(reverse("admin:networks_legacyorganisation_change", args=[organisation.pk]))
    fields = page.context["adminform"].form.fields
    assert "successor" not in fields and "merger_date" not in fields
