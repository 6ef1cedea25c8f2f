"""The audit trail (npz_registry.history): every domain model keeps a history, and a change is
written once, with the user who made it, whatever the path (the admin, a service, an import,
a status decision, a login); a save that changes nothing writes no row. The plan's own paths
(forms, services, progress) are in tests/missions/test_plan_history.py."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from networks.models import LegacyOrganisation, Network, NetworkRole, PrimaryCareZone
from networks.resources import PrimaryCareZoneResource
from networks.services.networks import network_set_status, service_area_add
from networks.services.people import LOGIN_ROLES_REASON, user_set_roles
from npz_registry.history import readable, recorded_by
from tests.admin_helpers import change_form_data
from tests.importexport.conftest import csv_dataset
from tests.networks.factories import (
    LegacyOrganisationFactory,
    NetworkFactory,
    ReformDateFactory,
    RegionalCareZoneFactory,
    recognise,
)
from tests.transition.factories import MergerFactory
from transition.models import MergerStatus
from transition.services.mergers import merger_set_status

pytestmark = pytest.mark.django_db

#: Models without a history of their own, and why: each is itself a record that is written once
#: and never changed, or not registry data at all.
WITHOUT_HISTORY = {
    "networks.NetworkStatusChange": "a dated recognition decision: written once by its service, never edited",
    "transition.MergerStatusChange": "a dated merger stage: written once by its service, never edited",
    "transition.ActionLineUpdate": "a dated status update of an action line: added, never edited or deleted",
    "missions.PlanVersion": "the frozen content of a plan at a submission: its save refuses a change",
    "missions.ReviewEvent": "a step of a plan or report on its timeline: written once by the workflow",
    "missions.ReviewComment": "a reviewer's comment: written once by the workflow, never edited",
    "npz_registry.DataVersion": "a counter of changes for the caches, not registry data",
    "importexport.ImportJob": "the bookkeeping of a background import; the rows it writes carry history",
    "npz_registry.OnceToken": "a used one-time form token (double-click guard), not registry data",
}


def test_every_domain_model_keeps_a_history_unless_it_is_an_audit_record_itself():
    labels = {"networks", "missions", "transition", "npz_registry", "importexport"}
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in labels and not model.__name__.startswith("Historical")
    ]
    without = {m._meta.label for m in models if not hasattr(m._meta, "simple_history_manager_attribute")}
    assert without == set(WITHOUT_HISTORY)


A_DAY = datetime.date(2027, 1, 1)


def test_an_admin_save_writes_one_row_by_the_staff_member_and_an_unchanged_save_none(
    staff_client, staff_user
):
    event = ReformDateFactory(title="Erkenning")
    url = reverse("admin:networks_reformdate_change", args=[event.pk])
    staff_client.post(url, change_form_data(staff_client.get(url), title="Erkenning van de netwerken"))
    staff_client.post(url, change_form_data(staff_client.get(url)))  # saved again, unchanged
    rows = list(event.history.values_list("history_type", "history_user", "title"))
    assert rows == [("~", staff_user.pk, "Erkenning van de netwerken"), ("+", None, "Erkenning")]


def test_an_admin_history_names_changed_fields_and_reads_their_values(staff_client, staff_user):
    event = ReformDateFactory(title="Erkenning")
    url = reverse("admin:networks_reformdate_change", args=[event.pk])
    staff_client.post(url, change_form_data(staff_client.get(url), start="2027-07-01", end="2027-H2"))
    html = staff_client.get(reverse("admin:networks_reformdate_history", args=[event.pk])).content.decode()
    assert "<strong>Begin:</strong> 2027-01-01 &rarr; 2027-07-01" in html
    assert "<strong>Einde:</strong> – &rarr; 2027-H2" in html
    assert "Sam Staff" in html


def test_an_import_writes_one_row_per_new_row_with_its_link_and_the_importing_user(staff_user):
    rows = csv_dataset(
        ["code", "name", "kind", "parent_code"],
        [
            ["antwerpen-centrum", "Antwerpen-Centrum", "ELZ_SUBMUNICIPAL", "antwerpen-en-rand"],
            ["antwerpen-en-rand", "Antwerpen en rand", "ELZ_CLUSTER", ""],
        ],
    )
    result = PrimaryCareZoneResource().import_data(rows, user=staff_user, file_name="zones.csv")
    assert not result.has_errors() and not result.has_validation_errors()
    centrum = PrimaryCareZone.objects.get(code="antwerpen-centrum")
    history = PrimaryCareZone.history.filter(id=centrum.pk)
    assert list(
        history.values_list("history_type", "history_user", "parent__code", "history_change_reason")
    ) == [("+", staff_user.pk, "antwerpen-en-rand", "import zones.csv")]
    assert PrimaryCareZone.history.count() == 2


def test_a_recognised_merger_records_each_new_successor_with_the_deciding_user(staff_user):
    merger = MergerFactory(network=recognise(NetworkFactory(), A_DAY))
    organisation = LegacyOrganisationFactory()
    merger.participants.add(organisation)
    merger_set_status(merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=A_DAY, by=staff_user)
    latest = organisation.history.first()
    assert (latest.successor_id, latest.merger_date, latest.history_user) == (
        merger.network_id,
        A_DAY,
        staff_user,
    )
    assert merger.history.first().history_user == staff_user
    assert LegacyOrganisation.history.filter(id=organisation.pk).count() == 2


def test_a_decision_that_does_not_change_the_current_status_writes_no_row():
    zone = RegionalCareZoneFactory()
    network = NetworkFactory()
    service_area_add(network=network, zone=zone, valid_from=A_DAY)
    network_set_status(network=network, to_status="RECOGNISED", effective_date=A_DAY)
    rows = Network.history.filter(id=network.pk).count()
    network_set_status(
        network=network, to_status="CANDIDATE", effective_date=A_DAY - datetime.timedelta(days=90)
    )
    assert Network.history.filter(id=network.pk).count() == rows


def test_rights_from_a_login_are_recorded_for_that_user_with_the_reason(coordinator_a, network_a, network_b):
    user_set_roles(user=coordinator_a, is_staff=False, networks=[network_b])
    removed = NetworkRole.history.get(history_type="-", network=network_a)
    added = NetworkRole.history.get(history_type="+", network=network_b)
    for row in (removed, added):
        assert (row.history_user, row.history_change_reason) == (coordinator_a, str(LOGIN_ROLES_REASON))


def test_a_service_inside_a_block_keeps_the_block_s_reason(staff_user):
    with recorded_by(None, reason="demodata"):
        zone = RegionalCareZoneFactory()
        network = NetworkFactory()
        service_area_add(network=network, zone=zone, valid_from=A_DAY)
        network_set_status(network=network, to_status="RECOGNISED", effective_date=A_DAY, by=staff_user)
    latest = network.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff_user, "demodata")
    assert network.history.last().history_user is None


@pytest.mark.parametrize(
    ("model", "field", "value", "shown"),
    [
        ("transition.Milestone", "due_date", A_DAY, "01/01/2027"),
        ("networks.Network", "status", "RECOGNISED", "erkend"),
        ("networks.Network", "is_demo", True, "ja"),
        ("missions.IndicatorTarget", "value", Decimal("12.50"), "12,5"),
        ("missions.IndicatorTarget", "value", Decimal("14.00"), "14"),  # as the pages write it
        ("transition.Funding", "amount", Decimal("1250000.00"), "1.250.000"),
        ("transition.Milestone", "completed_on", None, "–"),
        ("networks.ReformDate", "title", "x" * 300, "x" * 199 + "…"),
    ],
)
def test_values_read_as_people_read_them(model, field, value, shown):
    assert readable(apps.get_model(model)._meta.get_field(field), value) == shown


def test_the_history_of_existing_records_starts_with_a_baseline_row_and_goes_back_without_it():
    baseline = importlib.import_module("missions.migrations.0004_history_baseline")
    PartnerType = apps.get_model("missions", "PartnerType")
    PartnerType.objects.bulk_create([PartnerType(code="huisartsen", name="Huisartsen", name_en="GPs")])
    baseline.write_baseline(apps, None)
    row = PartnerType.history.get()
    assert (row.history_type, row.history_change_reason) == ("+", baseline.REASON)
    baseline.remove_baseline(apps, None)
    assert not PartnerType.history.exists()


def test_a_models_history_manager_class_is_made_once_and_still_reads_and_writes(staff_user):
    """simple-history made a new manager class on every `.history` access, so for every row it
    wrote (npz_registry.history.HistoryManagerOnce)."""
    network = NetworkFactory()
    assert type(Network.history) is type(Network.history)
    assert type(network.history) is type(Network.objects.get(pk=network.pk).history)
    assert network.history.count() == 1 and Network.history.filter(id=network.pk).exists()
    network.name = "Hernoemd netwerk"
    network.save()
    assert [row.name for row in network.history.all()][0] == "Hernoemd netwerk"
    goal_history = apps.get_model("missions", "HistoricalPlanGoal")
    assert type(goal_history.target_zones) is type(goal_history.target_zones)
