"""The order of a merger's stages (review F2, F3): the recognition is the last stage, recorded
after every other one; stages go forward (a step back only with a note that explains it); a
change never repeats the stage in force on its day, nor breaks the change recorded after it.
The participants of a merger with a recognition recorded are fixed in the back office.

Messages are read in English (translation.override), or by the dates and stage names they carry
in the back office, so the tests hold before and after the Dutch catalog has them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from networks.models import RecognitionStatus
from networks.services.networks import network_set_status
from tests.admin_helpers import change_form_data
from tests.networks.factories import (
    LegacyOrganisationFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    recognise,
)
from tests.transition.factories import FundingFactory, MergerFactory
from transition.models import Funding, MergerStatus, MergerStatusChange
from transition.services.mergers import merger_set_status

pytestmark = pytest.mark.django_db

LETTER = datetime.date(2025, 9, 1)
STATUTES = datetime.date(2026, 4, 1)
REQUESTED = datetime.date(2026, 10, 1)
RECOGNITION = datetime.date(2027, 1, 1)


@pytest.fixture
def merger():
    """A merger with one participant and its statutes adapted on 1 April 2026, into a network
    recognised from RECOGNITION."""
    merger = MergerFactory(network=recognise(NetworkFactory(), RECOGNITION))
    merger.participants.add(LegacyOrganisationFactory(name="PN Deelnemer", short_name="PNDL"))
    merger_set_status(merger=merger, to_status=MergerStatus.LETTER_OF_INTENT, effective_date=LETTER)
    merger_set_status(merger=merger, to_status=MergerStatus.STATUTES_ADAPTED, effective_date=STATUTES)
    return merger


def set_stage(merger, status, day, **kwargs):
    with translation.override("en"):
        return merger_set_status(merger=merger, to_status=status, effective_date=day, **kwargs)


def add_url():
    return reverse("admin:transition_mergerstatuschange_add")


# --------------------------------------------------------------------------------------------
# F2: the recognition follows every recorded stage
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [datetime.date(2026, 3, 1), STATUTES], ids=["before", "same day"])
def test_a_recognition_on_or_before_a_recorded_stage_is_refused(merger, day):
    """It was accepted: the status stayed "statutes adapted", the participants got their
    successor and stayed editable."""
    with pytest.raises(ValidationError) as refused:
        set_stage(merger, MergerStatus.RECOGNISED, day)
    assert "last stage of a merger" in refused.value.messages[0]
    assert "statutes adapted of 01/04/2026" in refused.value.messages[0]
    assert not merger.status_changes.filter(to_status=MergerStatus.RECOGNISED).exists()
    assert merger.participants.get().successor is None


def test_a_recognition_after_every_stage_is_recorded(merger):
    set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    merger.refresh_from_db()
    assert merger.status == MergerStatus.RECOGNISED
    assert merger.participants.get().successor == merger.network


def test_the_status_change_admin_refuses_an_early_recognition_naming_the_stage(merger, staff_client):
    response = staff_client.post(
        add_url(),
        {"merger": merger.pk, "to_status": MergerStatus.RECOGNISED, "effective_date": "2026-03-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "statuten aangepast" in page and "01/04/2026" in page
    assert not merger.status_changes.filter(to_status=MergerStatus.RECOGNISED).exists()


def test_the_participants_are_fixed_once_a_recognition_is_recorded_whatever_its_date(merger, admin_client):
    """A recognition recorded before this rule, dated before a later stage: the merger's status
    is that stage, yet the participants have their successor and must stay."""
    participant = merger.participants.get()
    MergerStatusChange.objects.create(
        merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=datetime.date(2026, 3, 1)
    )
    participant.successor, participant.merger_date = merger.network, datetime.date(2026, 3, 1)
    participant.save()
    merger.refresh_from_db()
    assert merger.status == MergerStatus.STATUTES_ADAPTED
    url = reverse("admin:transition_merger_change", args=[merger.pk])
    form_page = admin_client.get(url)
    assert "participants" not in form_page.context["adminform"].form.fields
    response = admin_client.post(url, change_form_data(form_page, participants=[], notes="Nagekeken"))
    assert response.status_code == 302
    merger.refresh_from_db()
    assert merger.notes == "Nagekeken"
    assert list(merger.participants.all()) == [participant]


def test_the_participants_of_a_merger_without_recognition_stay_editable(merger, admin_client):
    form_page = admin_client.get(reverse("admin:transition_merger_change", args=[merger.pk]))
    assert "participants" in form_page.context["adminform"].form.fields


# --------------------------------------------------------------------------------------------
# F3: stages go forward
# --------------------------------------------------------------------------------------------


def test_a_step_back_without_a_note_is_refused(merger):
    set_stage(merger, MergerStatus.RECOGNITION_REQUESTED, REQUESTED)
    with pytest.raises(ValidationError, match="explain the step back in the note") as refused:
        set_stage(merger, MergerStatus.EXPLORING, datetime.date(2026, 11, 1), note="  ")
    assert "Exploring comes before recognition requested, the status on 01/11/2026" in str(refused.value)
    merger.refresh_from_db()
    assert merger.status == MergerStatus.RECOGNITION_REQUESTED


def test_a_step_back_explained_in_the_note_is_recorded(merger):
    set_stage(merger, MergerStatus.RECOGNITION_REQUESTED, REQUESTED)
    change = set_stage(
        merger, MergerStatus.EXPLORING, datetime.date(2026, 11, 1), note="Aanvraag ingetrokken"
    )
    merger.refresh_from_db()
    assert merger.status == MergerStatus.EXPLORING
    assert change.from_status == MergerStatus.RECOGNITION_REQUESTED


def test_a_step_back_before_a_recorded_recognition_is_refused(merger):
    """Inserted before the recognition it still goes back from the stage in force on its day."""
    set_stage(merger, MergerStatus.RECOGNITION_REQUESTED, REQUESTED)
    set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    with pytest.raises(ValidationError, match="explain the step back in the note"):
        set_stage(merger, MergerStatus.EXPLORING, datetime.date(2026, 11, 1))
    for day in (RECOGNITION, datetime.date(2027, 2, 1)):  # on or after it: never, note or not
        with pytest.raises(ValidationError, match="recognised on 01/01/2027"):
            set_stage(merger, MergerStatus.EXPLORING, day, note="Toch opnieuw")
    assert merger.status_changes.count() == 4


@pytest.mark.parametrize(
    ("status", "day", "in_force"),
    [
        (MergerStatus.STATUTES_ADAPTED, datetime.date(2026, 5, 1), "Statutes adapted is already in force"),
        (MergerStatus.LETTER_OF_INTENT, LETTER, "Letter of intent is already in force"),
    ],
    ids=["later day", "same day"],
)
def test_the_stage_in_force_on_the_day_is_not_recorded_again(merger, status, day, in_force):
    with pytest.raises(ValidationError, match=in_force):
        set_stage(merger, status, day, note="Nogmaals")
    assert merger.status_changes.count() == 2


def test_the_day_exploring_began_is_recorded_once_before_every_other_stage(merger):
    """Exploring could never be dated ("already in force"), so a merger read as exploring on
    every day before its first stage, 1990 included (found by review)."""
    set_stage(merger, MergerStatus.EXPLORING, datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="Exploring is already in force"):
        set_stage(merger, MergerStatus.EXPLORING, datetime.date(2025, 2, 1), note="Nogmaals")
    assert merger.status_changes.order_by("effective_date").first().to_status == MergerStatus.EXPLORING


def test_a_stage_that_would_turn_the_next_one_into_a_step_back_is_refused_naming_it(merger):
    with pytest.raises(ValidationError) as refused:
        set_stage(merger, MergerStatus.RECOGNITION_REQUESTED, datetime.date(2026, 1, 1))
    message = refused.value.messages[0]
    assert "The next recorded change (statutes adapted on 01/04/2026)" in message
    assert merger.status_changes.count() == 2


def test_stages_recorded_late_between_others_are_recorded():
    """Forward on their day and before the next one: the history stays in order."""
    merger = MergerFactory()
    set_stage(merger, MergerStatus.RECOGNITION_REQUESTED, REQUESTED)
    set_stage(merger, MergerStatus.LETTER_OF_INTENT, LETTER)
    change = set_stage(merger, MergerStatus.STATUTES_ADAPTED, STATUTES)
    assert change.from_status == MergerStatus.LETTER_OF_INTENT
    merger.refresh_from_db()
    assert merger.status == MergerStatus.RECOGNITION_REQUESTED


def test_the_status_change_admin_records_a_step_back_only_with_a_note(merger, staff_client):
    data = {"merger": merger.pk, "to_status": MergerStatus.EXPLORING, "effective_date": "2026-05-01"}
    refused = staff_client.post(add_url(), data)
    assert refused.status_code == 200
    assert "01/05/2026" in refused.content.decode() and refused.context["adminform"].form.errors
    assert merger.status_changes.count() == 2
    recorded = staff_client.post(add_url(), data | {"note": "Statuten opnieuw in bespreking"})
    assert recorded.status_code == 302
    merger.refresh_from_db()
    assert merger.status == MergerStatus.EXPLORING


def test_a_merger_is_recognised_only_on_days_its_network_is_recognised():
    """A merger could be recognised while its network stayed a candidate: the dashboard then
    counted it recognised beside its zone "without a network" (found by review)."""
    network = NetworkFactory(name="Kandidaat-netwerk")
    merger = MergerFactory(network=network)
    merger.participants.add(LegacyOrganisationFactory())
    with pytest.raises(ValidationError) as refused:
        set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    assert "Kandidaat-netwerk is candidate on 01/01/2027" in refused.value.messages[0]
    assert "Record the recognition of the network first" in refused.value.messages[0]
    recognise(network, RECOGNITION)
    with pytest.raises(ValidationError) as refused:
        set_stage(merger, MergerStatus.RECOGNISED, datetime.date(2026, 12, 31))
    assert "is candidate on 31/12/2026 and recognised from 01/01/2027" in refused.value.messages[0]
    assert "date the recognition of the merger 01/01/2027 or later" in refused.value.messages[0]
    set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    assert merger.participants.get().successor == network


def test_a_recognised_mergers_network_is_fixed_in_the_back_office(merger, admin_client):
    set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    page = admin_client.get(reverse("admin:transition_merger_change", args=[merger.pk]))
    assert "network" not in page.context["adminform"].form.fields
    other = NetworkFactory()
    url = reverse("admin:transition_merger_change", args=[merger.pk])
    admin_client.post(url, change_form_data(admin_client.get(url), network=other.pk))
    merger.refresh_from_db()
    assert merger.network != other


def test_an_organisation_or_zone_of_another_merger_is_refused_naming_it(merger, admin_client):
    """One organisation could join two open mergers and one zone be the target of two; the first
    recognition then took the organisation and the other merger could never be recognised."""
    taken = merger.participants.get()
    zone = RegionalCareZoneFactory(name="Regio Gent")
    merger.target_zones.add(zone)
    other = MergerFactory(network=NetworkFactory(name="Ander netwerk"))
    url = reverse("admin:transition_merger_change", args=[other.pk])
    response = admin_client.post(url, change_form_data(admin_client.get(url), participants=[taken.pk]))
    assert response.status_code == 200
    assert f"PN Deelnemer ({merger.network.name})" in response.content.decode()
    response = admin_client.post(url, change_form_data(admin_client.get(url), target_zones=[zone.pk]))
    assert response.status_code == 200
    assert f"Regio Gent ({merger.network.name})" in response.content.decode()
    assert not other.participants.exists() and not other.target_zones.exists()
    # Its own participants and zones stay its own.
    url = reverse("admin:transition_merger_change", args=[merger.pk])
    kept = change_form_data(admin_client.get(url), notes="Nota")
    assert admin_client.post(url, kept).status_code == 302


def test_the_merger_list_tells_apart_participants_that_share_a_short_name(admin_client):
    merger = MergerFactory()
    merger.participants.add(
        LegacyOrganisationFactory(short_name="PHA"),
        LegacyOrganisationFactory(short_name="PHA", mbe=True),
        LegacyOrganisationFactory(short_name="PNAT"),
    )
    page = admin_client.get(reverse("admin:transition_merger_changelist")).content.decode()
    assert "PHA (MBE), PHA (PN/PSV), PNAT" in page  # by kind and name


def test_a_stage_recorded_late_for_an_earlier_day_becomes_where_the_next_one_comes_from(merger):
    """The recognition kept reading "statutes adapted → recognised" after the request recorded
    late for a day between them."""
    set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    set_stage(merger, MergerStatus.RECOGNITION_REQUESTED, REQUESTED)
    moves = merger.status_changes.order_by("effective_date").values_list("from_status", "to_status")
    assert list(moves) == [
        (MergerStatus.EXPLORING, MergerStatus.LETTER_OF_INTENT),
        (MergerStatus.LETTER_OF_INTENT, MergerStatus.STATUTES_ADAPTED),
        (MergerStatus.STATUTES_ADAPTED, MergerStatus.RECOGNITION_REQUESTED),
        (MergerStatus.RECOGNITION_REQUESTED, MergerStatus.RECOGNISED),
    ]


def test_the_merger_list_shows_and_filters_the_stage_in_force_today(admin_client):
    """It showed the latest decision as the stage: ten mergers "erkend" weeks before their
    recognition took effect, where the dashboard for today said one."""
    later = timezone.localdate() + datetime.timedelta(days=30)
    merger = MergerFactory(network=recognise(NetworkFactory(name="Netwerk Later"), later))
    merger.participants.add(LegacyOrganisationFactory())
    set_stage(merger, MergerStatus.LETTER_OF_INTENT, LETTER)
    set_stage(merger, MergerStatus.RECOGNISED, later)
    url = reverse("admin:transition_merger_changelist")
    page = admin_client.get(url).content.decode()
    assert f"intentieverklaring (erkend vanaf {later:%d/%m/%Y})" in page
    listed = admin_client.get(url, {"status_today": MergerStatus.RECOGNISED}).context["cl"].result_list
    assert list(listed) == []
    listed = admin_client.get(url, {"status_today": MergerStatus.LETTER_OF_INTENT}).context["cl"].result_list
    assert list(listed) == [merger]


def test_the_history_of_a_merger_records_who_changed_its_participants_and_zones(admin_client):
    merger = MergerFactory()
    joining = LegacyOrganisationFactory(name="PN Nieuwkomer")
    zone = RegionalCareZoneFactory(name="Regio Nieuw")
    url = reverse("admin:transition_merger_change", args=[merger.pk])
    form = change_form_data(admin_client.get(url), participants=[joining.pk], target_zones=[zone.pk])
    assert admin_client.post(url, form).status_code == 302
    latest = merger.history.first()
    assert [p.legacyorganisation for p in latest.participants.all()] == [joining]
    assert [z.regionalcarezone for z in latest.target_zones.all()] == [zone]
    page = admin_client.get(reverse("admin:transition_merger_history", args=[merger.pk])).content.decode()
    assert "PN Nieuwkomer" in page and "Regio Nieuw" in page


def test_a_merger_is_not_recognised_while_a_participant_has_a_grant_for_a_year_it_starts_merged():
    """A 2027 grant to an organisation merging on 1/1/2027 was left behind, which the funding
    form and the import refuse (found by review)."""
    network = recognise(NetworkFactory(), RECOGNITION)
    merger = MergerFactory(network=network)
    participant = LegacyOrganisationFactory(name="PN Gent-Eeklo")
    merger.participants.add(participant)
    FundingFactory(network=None, legacy_organisation=participant, year=2027)
    with pytest.raises(ValidationError, match="PN Gent-Eeklo has a grant for 2027"):
        set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    Funding.objects.update(year=2026)  # its last year on its own
    set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)


def test_the_network_stays_recognised_on_the_day_its_predecessors_merged_into_it(merger):
    """A suspension dated on the merger's recognition day left a recognised merger with a
    candidate network (found by review)."""
    set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    with translation.override("en"), pytest.raises(ValidationError, match="stays recognised on that day"):
        network_set_status(
            network=merger.network,
            to_status=RecognitionStatus.SUSPENDED,
            effective_date=RECOGNITION,
            note="x",
        )
    later = datetime.date(2027, 3, 1)  # after that day a suspension is the network's own matter
    network_set_status(network=merger.network, to_status=RecognitionStatus.SUSPENDED, effective_date=later)


def test_a_mergers_change_page_shows_the_stage_in_force_today(admin_client):
    """It showed "Status: erkend" weeks before the recognition took effect."""
    later = timezone.localdate() + datetime.timedelta(days=30)
    merger = MergerFactory(network=recognise(NetworkFactory(), later))
    merger.participants.add(LegacyOrganisationFactory())
    set_stage(merger, MergerStatus.LETTER_OF_INTENT, LETTER)
    set_stage(merger, MergerStatus.RECOGNISED, later)
    page = admin_client.get(reverse("admin:transition_merger_change", args=[merger.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    assert not soup.select(".field-status")  # the stored status is the latest decision
    shown = " ".join(soup.select_one(".field-status_today").get_text().split())
    assert f"intentieverklaring (erkend vanaf {later:%d/%m/%Y})" in shown
    assert "status" not in page.context["adminform"].form.fields


# --------------------------------------------------------------------------------------------
# Taking back the latest decision, recorded by mistake (found by review: a wrong day stayed)
# --------------------------------------------------------------------------------------------


def test_staff_take_back_a_latest_stage_recorded_by_mistake_and_only_that_one(merger, staff_client):
    wrong = set_stage(merger, MergerStatus.RECOGNITION_REQUESTED, datetime.date(2026, 12, 5))
    earlier = merger.status_changes.get(to_status=MergerStatus.LETTER_OF_INTENT)
    refused = staff_client.get(reverse("admin:transition_mergerstatuschange_delete", args=[earlier.pk]))
    assert refused.status_code == 302
    assert "Alleen de laatste beslissing" in staff_client.get(refused.url).content.decode()
    url = reverse("admin:transition_mergerstatuschange_delete", args=[wrong.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    merger.refresh_from_db()
    assert merger.status == MergerStatus.STATUTES_ADAPTED
    assert not MergerStatusChange.objects.filter(pk=wrong.pk).exists()
    set_stage(merger, MergerStatus.RECOGNITION_REQUESTED, datetime.date(2026, 11, 5))  # the right day


def test_a_recognition_is_not_taken_back(merger, staff_client, outsider_client):
    recognition = set_stage(merger, MergerStatus.RECOGNISED, RECOGNITION)
    url = reverse("admin:transition_mergerstatuschange_delete", args=[recognition.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert MergerStatusChange.objects.filter(pk=recognition.pk).exists()
    network_recognition = merger.network.status_changes.get()
    url = reverse("admin:networks_networkstatuschange_delete", args=[network_recognition.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert merger.network.status_changes.exists()
    assert outsider_client.post(url, {"post": "yes"}).status_code == 302  # to the login page
    assert merger.network.status_changes.exists()
