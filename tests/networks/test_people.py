"""People: name, e-mail and phone in one model (Person), copied onto the account for Django; the
anonymisation of a person across the current and the history tables; the admin."""

from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models import CharField, Q, TextField

from missions.models import (
    ActionProgress,
    ActionStatus,
    MissionTheme,
    MultiYearPlan,
    PlanAction,
    PlanGoal,
    PlanningPeriod,
    YearlyProgress,
)
from networks.models import NetworkRole, Person
from networks.services.people import ANONYMISED_NAME, person_for_user, person_update
from npz_registry.history import recorded_by
from tests.missions.factories import make_themes

pytestmark = pytest.mark.django_db


@pytest.fixture
def jan(coordinator_a):
    person = person_update(
        person=person_for_user(coordinator_a),
        first_name="Jan",
        last_name="Janssens",
        email="jan.janssens@example.invalid",
        phone="+32 14 00 00 00",
    )
    person_update(person=person, phone="+32 14 11 11 11")  # a second history row
    return person


def test_a_person_edit_is_copied_onto_the_account(jan, coordinator_a):
    coordinator_a.refresh_from_db()
    assert (coordinator_a.first_name, coordinator_a.last_name, coordinator_a.email) == (
        "Jan",
        "Janssens",
        "jan.janssens@example.invalid",
    )
    assert jan.history.count() == 3


def test_every_account_has_one_person(coordinator_a):
    assert person_for_user(coordinator_a) == person_for_user(coordinator_a)
    assert Person.objects.filter(user=coordinator_a).count() == 1


def action_naming(person, network):
    """An action and a progress line that name `person`, each changed once by their account."""
    make_themes()
    period = PlanningPeriod.objects.create(start_year=2027, end_year=2028, name="2027–2028")
    plan = MultiYearPlan.objects.create(network=network, period=period)
    goal = PlanGoal.objects.create(plan=plan, theme=MissionTheme.objects.get(number=1), title="Doel")
    action = PlanAction.objects.create(
        goal=goal, what="Vorming", responsible=f"{person.full_name} (coördinator)"
    )
    progress = YearlyProgress.objects.create(plan=plan, year=2027)
    line = ActionProgress.objects.create(
        progress=progress, action=action, note=f"Gegeven door {person.full_name}"
    )
    with recorded_by(person.user):
        action.what = "Vorming en intervisie"
        action.save()
        line.status = ActionStatus.DONE
        line.save()
    return action


def test_anonymise_removes_the_person_from_current_and_history_rows(
    jan, coordinator_a, network_a, staff_user
):
    action = action_naming(jan, network_a)
    AccessAttempt.objects.create(
        username=coordinator_a.username, failures_since_start=2, ip_address="127.0.0.1"
    )
    LogEntry.objects.create(
        user=staff_user,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(jan.pk),
        object_repr="Jan Janssens",
        action_flag=CHANGE,
    )

    out = StringIO()
    call_command("anonymise_person", coordinator_a.username, "--yes", stdout=out)

    jan.refresh_from_db()
    coordinator_a.refresh_from_db()
    assert (jan.first_name, jan.last_name, jan.email, jan.phone) == ("", ANONYMISED_NAME, "", "")
    assert jan.anonymised_at is not None
    for row in jan.history.all():
        assert "Jan" not in row.first_name and "Janssens" not in row.last_name
        assert row.email == "" and row.phone == ""
    assert coordinator_a.username == f"anoniem-{coordinator_a.pk}"
    assert (coordinator_a.first_name, coordinator_a.last_name, coordinator_a.email) == ("", "", "")
    assert not coordinator_a.is_active and not coordinator_a.has_usable_password()
    action.refresh_from_db()
    assert action.responsible == f"{ANONYMISED_NAME} (coördinator)"
    assert not action.history.filter(responsible__contains="Janssens").exists()
    assert action.history.count() == 2
    # Every history table, the new ones included: no copy of the name is left, and the rows the
    # person wrote point at the emptied account.
    for history_model in (m for m in apps.get_models() if m.__name__.startswith("Historical")):
        texts = [f.name for f in history_model._meta.fields if isinstance(f, CharField | TextField)]
        named = Q(*(Q(**{f"{name}__contains": "Janssens"}) for name in texts), _connector=Q.OR)
        assert not (texts and history_model.objects.filter(named).exists()), history_model
    assert action.history.first().history_user.get_full_name() == ""
    assert ActionProgress.history.first().history_user.get_username() == f"anoniem-{coordinator_a.pk}"
    assert not AccessAttempt.objects.exists()
    assert not LogEntry.objects.filter(object_repr__contains="Janssens").exists()
    # Roles keep pointing at the (now anonymous) account: the history of who coordinated stays.
    assert NetworkRole.objects.filter(user=coordinator_a, network=network_a).exists()
    assert "Person" in out.getvalue() and "anonymised" in out.getvalue()


def test_anonymise_without_yes_changes_nothing(jan):
    out = StringIO()
    call_command("anonymise_person", "jan.janssens@example.invalid", stdout=out)
    jan.refresh_from_db()
    assert jan.last_name == "Janssens"
    assert "Add --yes" in out.getvalue()


def test_anonymise_finds_a_person_without_account_by_id():
    person = Person.objects.create(first_name="Mia", last_name="Maes", phone="0470 00 00 00")
    call_command("anonymise_person", str(person.pk), "--yes", stdout=StringIO())
    person.refresh_from_db()
    assert person.phone == "" and person.last_name == ANONYMISED_NAME


def test_anonymise_refuses_when_nobody_matches():
    with pytest.raises(CommandError, match="No single person"):
        call_command("anonymise_person", "nobody@example.invalid", "--yes", stdout=StringIO())


def test_staff_edit_a_person_in_the_admin_and_the_account_follows(staff_client, jan, coordinator_a):
    response = staff_client.post(
        f"/admin/networks/person/{jan.pk}/change/",
        {
            "user": coordinator_a.pk,
            "first_name": "Jan",
            "last_name": "Peeters",
            "email": "jan.peeters@example.invalid",
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    coordinator_a.refresh_from_db()
    assert (coordinator_a.last_name, coordinator_a.email) == ("Peeters", "jan.peeters@example.invalid")


def test_the_user_admin_shows_the_person_inline_and_keeps_the_account_copy(admin_client, jan, coordinator_a):
    page = admin_client.get(f"/admin/auth/user/{coordinator_a.pk}/change/")
    assert page.status_code == 200
    assert 'name="person-0-phone"' in page.content.decode()
