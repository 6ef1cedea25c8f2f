"""Dated status changes, one shape for a network's recognition and a merger's stage: the
service records them, the database checks them, and no admin screen (change form, status
change form or history revert) writes a status any other way (issue 9, must-show 1)."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from networks.models import Network, NetworkStatusChange, RecognitionStatus
from networks.services.networks import network_set_status, service_area_add
from npz_registry.admin import StatusGuardedHistoryAdmin
from tests.admin_helpers import change_form_data
from tests.networks.conftest import RECOGNITION
from tests.networks.factories import LegacyOrganisationFactory, NetworkFactory, recognise
from tests.transition.factories import ActionLineFactory, MergerFactory
from transition.models import ActionLineStatus, Merger, MergerStatus, MergerStatusChange
from transition.services.mergers import action_line_update, merger_set_status

pytestmark = pytest.mark.django_db


@dataclass
class Subject:
    """A subject with a dated status, and what the tests need to know about it."""

    obj: Network | Merger
    service: object
    change_model: type
    #: Two moves the subject may make, in date order.
    moves: list[tuple[str, datetime.date]]
    #: A move its rule refuses, and a word of the reason.
    refused: tuple[str, datetime.date, str]
    #: The status before any decision.
    initial: str | None

    @property
    def field(self) -> str:
        return self.change_model.subject_field

    def set_status(self, to_status, day, **kwargs):
        return self.service(**{self.field: self.obj}, to_status=to_status, effective_date=day, **kwargs)

    def admin_url(self, view, *args, model=None):
        opts = (model or type(self.obj))._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def network_subject(kempen):
    network = NetworkFactory(code="npz-kempen", name="NPZ Kempen")
    service_area_add(network=network, zone=kempen, valid_from=RECOGNITION)
    return Subject(
        obj=network,
        service=network_set_status,
        change_model=NetworkStatusChange,
        moves=[
            (RecognitionStatus.CANDIDATE, datetime.date(2026, 1, 1)),
            (RecognitionStatus.RECOGNISED, RECOGNITION),
        ],
        refused=(RecognitionStatus.RECOGNISED, datetime.date(2026, 6, 1), "geen enkele regionale zorgzone"),
        initial=None,
    )


def merger_subject(kempen):
    return Subject(
        obj=MergerFactory(network=recognise(NetworkFactory(), RECOGNITION)),
        service=merger_set_status,
        change_model=MergerStatusChange,
        moves=[
            (MergerStatus.LETTER_OF_INTENT, datetime.date(2025, 9, 1)),
            (MergerStatus.STATUTES_ADAPTED, datetime.date(2026, 4, 1)),
        ],
        refused=(MergerStatus.RECOGNISED, RECOGNITION, "zonder deelnemende organisaties"),
        initial=MergerStatus.EXPLORING,
    )


@pytest.fixture(params=[network_subject, merger_subject], ids=["network", "merger"])
def subject(request, kempen):
    return request.param(kempen)


def test_a_change_is_recorded_with_who_when_and_why(subject, staff_user):
    (first, first_day), (second, second_day) = subject.moves
    subject.set_status(first, first_day)
    change = subject.set_status(second, second_day, by=staff_user, note="Besluit")
    subject.obj.refresh_from_db()
    assert subject.obj.status == second
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        first,
        second,
        staff_user,
        "Besluit",
    )
    assert subject.obj.status_on(first_day - datetime.timedelta(days=1)) == subject.initial
    assert subject.obj.status_on(first_day) == first
    assert subject.obj.status_on(second_day) == second


def test_a_decision_recorded_late_for_an_earlier_day_does_not_undo_a_later_one(subject):
    (first, first_day), (second, second_day) = subject.moves
    subject.set_status(second, second_day)
    late = subject.set_status(first, first_day, by=AnonymousUser())
    subject.obj.refresh_from_db()
    assert subject.obj.status == second
    assert late.from_status == (subject.initial or "")
    assert late.changed_by is None


def test_an_unknown_status_is_refused_and_nothing_is_written(subject):
    with pytest.raises(ValidationError, match="Onbekende status MAYBE"):
        subject.set_status("MAYBE", RECOGNITION)
    assert not subject.change_model.objects.exists()


def test_a_move_the_rule_refuses_writes_nothing(subject):
    status, day, reason = subject.refused
    before = type(subject.obj).objects.get(pk=subject.obj.pk).status
    with pytest.raises(ValidationError, match=reason):
        subject.set_status(status, day)
    assert type(subject.obj).objects.get(pk=subject.obj.pk).status == before
    assert not subject.change_model.objects.exists()


@pytest.mark.parametrize("field", ["to_status", "from_status"])
def test_the_database_refuses_a_status_outside_the_choices(subject, field):
    values = {"to_status": subject.moves[0][0], field: "NONSENSE"}
    with pytest.raises(IntegrityError):
        subject.change_model.objects.create(
            **{subject.field: subject.obj}, effective_date=RECOGNITION, **values
        )


def test_a_merger_recognised_links_its_participants_in_the_same_transaction():
    merger = MergerFactory(network=recognise(NetworkFactory(), RECOGNITION))
    organisation = LegacyOrganisationFactory()
    merger.participants.add(organisation)
    merger_set_status(merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=RECOGNITION)
    organisation.refresh_from_db()
    assert (organisation.successor, organisation.merger_date) == (merger.network, RECOGNITION)


# --------------------------------------------------------------------------------------------
# The status change admin: through the service, never edited afterwards
# --------------------------------------------------------------------------------------------


def test_the_status_change_admin_records_through_the_service(subject, staff_client, staff_user):
    status, day = subject.moves[0]
    url = subject.admin_url("add", model=subject.change_model)
    response = staff_client.post(
        url, {subject.field: subject.obj.pk, "to_status": status, "effective_date": day}
    )
    assert response.status_code == 302
    change = subject.change_model.objects.get()
    assert change.changed_by == staff_user
    subject.obj.refresh_from_db()
    assert subject.obj.status == status


def test_the_status_change_admin_shows_why_a_move_is_refused(subject, staff_client):
    status, day, reason = subject.refused
    url = subject.admin_url("add", model=subject.change_model)
    response = staff_client.post(
        url, {subject.field: subject.obj.pk, "to_status": status, "effective_date": day}
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not subject.change_model.objects.exists()


def test_a_recorded_status_change_is_not_edited_and_only_the_latest_is_taken_back(subject, staff_client):
    (status, day), (second, second_day) = subject.moves
    change = subject.set_status(status, day)
    subject.set_status(second, second_day)
    url = subject.admin_url("change", change.pk, model=subject.change_model)
    assert staff_client.get(url).status_code == 200  # shown read-only
    staff_client.post(url, {subject.field: subject.obj.pk, "to_status": second, "effective_date": day})
    delete = staff_client.post(
        subject.admin_url("delete", change.pk, model=subject.change_model), {"post": "yes"}
    )
    assert delete.status_code == 302 and delete.url == url  # back to it, with the reason
    change.refresh_from_db()
    assert change.to_status == status


# --------------------------------------------------------------------------------------------
# No admin screen writes a status (issue 9, must-show 1)
# --------------------------------------------------------------------------------------------


@pytest.fixture
def decided(subject):
    """The subject with its two decisions: its history holds a version with the first status."""
    for status, day in subject.moves:
        subject.set_status(status, day)
    subject.obj.refresh_from_db()
    return subject


def test_the_change_form_shows_the_status_read_only_and_ignores_a_posted_one(decided, staff_client):
    url = decided.admin_url("change", decided.obj.pk)
    form_page = staff_client.get(url)
    assert "status" in form_page.context["adminform"].readonly_fields
    assert "status" not in form_page.context["adminform"].form.fields
    response = staff_client.post(
        url, change_form_data(form_page, status=decided.moves[0][0], notes="Nagekeken")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    decided.obj.refresh_from_db()
    assert decided.obj.notes == "Nagekeken"  # the save went through
    assert decided.obj.status == decided.moves[1][0]


def test_a_history_revert_is_refused_and_the_status_stays(decided, staff_client):
    old = decided.obj.history.filter(status=decided.moves[0][0]).first()
    url = decided.admin_url("simple_history", decided.obj.pk, old.history_id)
    form_page = staff_client.get(url)
    assert form_page.status_code == 200  # staff still see the old version
    assert form_page.context["revert_disabled"]
    response = staff_client.post(url, change_form_data(form_page))
    assert response.status_code == 403
    assert "Terugzetten naar een eerdere versie" in response.content.decode()
    decided.obj.refresh_from_db()
    assert decided.obj.status == decided.moves[1][0]
    assert decided.change_model.objects.count() == 2


def test_the_public_api_shows_the_recorded_recognition_after_a_refused_revert(
    staff_client, anonymous_client, kempen
):
    decided = network_subject(kempen)
    for status, day in decided.moves:
        decided.set_status(status, day)
    old = decided.obj.history.filter(status=RecognitionStatus.CANDIDATE).first()
    url = decided.admin_url("simple_history", decided.obj.pk, old.history_id)
    staff_client.post(url, change_form_data(staff_client.get(url)))
    body = anonymous_client.get("/api/v1/networks/npz-kempen/", {"as_of": "2027-02-01"}).json()
    assert (body["status"], body["status_on_day"]) == (
        RecognitionStatus.RECOGNISED,
        RecognitionStatus.RECOGNISED,
    )


def test_every_admin_of_a_model_with_a_status_guards_it():
    apps = {"networks", "missions", "transition"}
    with_status = {
        model._meta.label: isinstance(model_admin, StatusGuardedHistoryAdmin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in apps and any(f.name == "status" for f in model._meta.fields)
    }
    assert with_status == {
        "networks.Network": True,
        "transition.Merger": True,
        "missions.MultiYearPlan": True,
        "missions.YearlyProgress": True,
        "missions.ActionProgress": True,
    }


def test_recorded_action_line_updates_cannot_be_changed_in_the_admin(staff_client, staff_user):
    line = ActionLineFactory()
    update = action_line_update(
        action_line=line, status=ActionLineStatus.ON_TRACK, date=datetime.date(2026, 10, 1)
    )
    url = reverse("admin:transition_actionline_change", args=[line.pk])
    form_page = staff_client.get(url)
    data = change_form_data(form_page, **{"updates-0-status": ActionLineStatus.STOPPED})
    data |= {
        "updates-TOTAL_FORMS": 2,
        "updates-1-date": "2026-11-01",
        "updates-1-status": ActionLineStatus.DELAYED,
    }
    assert staff_client.post(url, data).status_code == 302
    update.refresh_from_db()
    assert update.status == ActionLineStatus.ON_TRACK
    added = line.updates.get(status=ActionLineStatus.DELAYED)
    assert added.created_by == staff_user


def test_a_status_update_is_not_dated_ahead_and_one_recorded_by_mistake_can_be_deleted(staff_client):
    """An update "done on 01/06/2030" was accepted and then stayed for good: no date after today,
    and staff who may delete updates delete a mistaken one (the back office's log names it)."""
    line = ActionLineFactory()
    mistaken = action_line_update(
        action_line=line, status=ActionLineStatus.DONE, date=datetime.date(2026, 10, 1)
    )
    url = reverse("admin:transition_actionline_change", args=[line.pk])
    ahead = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = change_form_data(staff_client.get(url)) | {
        "updates-TOTAL_FORMS": 2,
        "updates-1-date": ahead,
        "updates-1-status": ActionLineStatus.DONE,
    }
    refused = staff_client.post(url, data)
    assert refused.status_code == 200 and "na vandaag" in refused.content.decode()
    assert line.updates.count() == 1
    deleted = change_form_data(staff_client.get(url), **{"updates-0-DELETE": "on"})
    assert staff_client.post(url, deleted).status_code == 302
    assert not line.updates.filter(pk=mistaken.pk).exists()
    logged = LogEntry.objects.filter(object_id=str(line.pk)).latest("action_time")
    assert "deleted" in logged.change_message and "01/10/2026" in logged.change_message


@pytest.mark.parametrize("client_fixture", ["coordinator_a_client", "outsider_client", "anonymous_client"])
def test_outsiders_cannot_record_or_revert_a_status(request, decided, client_fixture):
    client = request.getfixturevalue(client_fixture)
    status, day = decided.moves[0]
    add = client.post(
        decided.admin_url("add", model=decided.change_model),
        {decided.field: decided.obj.pk, "to_status": status, "effective_date": day},
    )
    old = decided.obj.history.filter(status=status).first()
    revert = client.post(decided.admin_url("simple_history", decided.obj.pk, old.history_id), {})
    assert add.status_code == revert.status_code == 302  # to the login page
    decided.obj.refresh_from_db()
    assert decided.obj.status == decided.moves[1][0]
    assert decided.change_model.objects.count() == 2
