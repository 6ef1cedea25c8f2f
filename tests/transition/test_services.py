"""Merger stages, successors, milestones, action line updates and funding arithmetic."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from networks.models import LegacyOrganisation, Network
from networks.selectors import coverage_on
from tests.admin_helpers import change_form_data
from tests.networks.factories import (
    LegacyOrganisationFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    recognise,
)
from tests.transition.factories import ActionLineFactory, FundingFactory, MergerFactory, MilestoneFactory
from transition.models import (
    ActionLineStatus,
    Funding,
    FundingKind,
    Merger,
    MergerStatus,
    MergerStatusChange,
    Milestone,
)
from transition.selectors import (
    NO_ZONE,
    SEVERAL_ZONES,
    action_lines_on,
    funding_changes,
    funding_totals,
    legacy_without_successor_on,
    mergers_by_status,
    mergers_of_networks,
    mergers_on,
    with_mergers_on,
)
from transition.services.mergers import action_line_update, merger_set_status

pytestmark = pytest.mark.django_db

JAN_2027 = datetime.date(2027, 1, 1)


def test_recognition_of_a_merger_links_its_participants_to_the_network(staff_user):
    merger = MergerFactory(network=recognise(NetworkFactory(), JAN_2027))
    pn, mbe = LegacyOrganisationFactory(), LegacyOrganisationFactory(mbe=True)
    merger.participants.set([pn, mbe])
    merger_set_status(
        merger=merger, to_status=MergerStatus.LETTER_OF_INTENT, effective_date=datetime.date(2025, 9, 1)
    )
    merger_set_status(
        merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=JAN_2027, by=staff_user
    )

    merger.refresh_from_db()
    assert merger.status == MergerStatus.RECOGNISED
    for organisation in (pn, mbe):
        organisation.refresh_from_db()
        assert organisation.successor == merger.network
        assert organisation.merger_date == JAN_2027
    history = list(merger.status_changes.values_list("from_status", "to_status", "changed_by__username"))
    assert history == [
        (MergerStatus.EXPLORING, MergerStatus.LETTER_OF_INTENT, None),
        (MergerStatus.LETTER_OF_INTENT, MergerStatus.RECOGNISED, staff_user.username),
    ]
    assert list(LegacyOrganisation.objects.active_on(JAN_2027)) == []
    assert set(LegacyOrganisation.objects.active_on(datetime.date(2026, 12, 31))) == {pn, mbe}


def test_an_organisation_is_still_to_merge_only_on_the_days_it_exists(staff_client):
    """The dashboard, its staff list, the Flanders report's figure and the API read the same
    rule (LegacyOrganisation.objects.active_on): an organisation that starts after the day, or
    ended before it, is not one still to merge on that day."""
    current = LegacyOrganisationFactory(name="Bestaand")
    LegacyOrganisationFactory(name="Later", active_from=datetime.date(2027, 3, 1))
    LegacyOrganisationFactory(name="Gestopt", active_until=datetime.date(2026, 6, 30))
    assert coverage_on(JAN_2027).legacy_without_successor == [current]
    assert list(legacy_without_successor_on(JAN_2027)) == [current]
    answer = staff_client.get("/api/v1/legacy-organisations/", {"as_of": "2027-01-01"}).json()
    assert [row["code"] for row in answer["results"]] == [current.code]
    later = datetime.date(2027, 3, 1)
    assert {o.name for o in coverage_on(later).legacy_without_successor} == {"Bestaand", "Later"}


def test_a_merger_without_participants_cannot_be_recognised():
    merger = MergerFactory(network=recognise(NetworkFactory(), JAN_2027))
    with pytest.raises(ValidationError, match="zonder deelnemende organisaties"):
        merger_set_status(merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=JAN_2027)
    merger.refresh_from_db()
    assert merger.status == MergerStatus.EXPLORING
    assert not merger.status_changes.exists()


def test_an_organisation_merged_elsewhere_blocks_the_recognition():
    organisation = LegacyOrganisationFactory(name="Al elders")
    other = MergerFactory(network=recognise(NetworkFactory(), JAN_2027))
    other.participants.add(organisation)
    merger_set_status(merger=other, to_status=MergerStatus.RECOGNISED, effective_date=JAN_2027)
    merger = MergerFactory(network=recognise(NetworkFactory(), JAN_2027))
    merger.participants.add(organisation)
    with pytest.raises(ValidationError, match="Al elders"):
        merger_set_status(merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=JAN_2027)


def test_a_recognised_merger_has_no_later_stage_and_keeps_its_participants(admin_client):
    """A recognition could be recorded twice, a stage added after it (the successors stayed), and
    the participants of a recognised merger edited (found by review)."""
    merger = MergerFactory(network=recognise(NetworkFactory(), JAN_2027))
    merger.participants.add(LegacyOrganisationFactory(name="Deelnemer"))
    merger_set_status(merger=merger, to_status=MergerStatus.RECOGNISED, effective_date=JAN_2027)
    for stage, day in (
        (MergerStatus.RECOGNISED, datetime.date(2027, 6, 1)),
        (MergerStatus.EXPLORING, JAN_2027),
    ):
        with pytest.raises(ValidationError, match="werd erkend op 01/01/2027"):
            merger_set_status(merger=merger, to_status=stage, effective_date=day)
    # A stage before the recognition, recorded late, still fits the history.
    merger_set_status(
        merger=merger, to_status=MergerStatus.LETTER_OF_INTENT, effective_date=datetime.date(2025, 9, 1)
    )
    merger.refresh_from_db()
    assert merger.status == MergerStatus.RECOGNISED

    page = admin_client.get(reverse("admin:transition_merger_change", args=[merger.pk]))
    assert "participants" not in page.context["adminform"].form.fields


def test_an_organisation_merged_elsewhere_cannot_join_another_merger_in_the_back_office(admin_client):
    organisation = LegacyOrganisationFactory(name="Al elders")
    other = MergerFactory(network=recognise(NetworkFactory(), JAN_2027))
    other.participants.add(organisation)
    merger_set_status(merger=other, to_status=MergerStatus.RECOGNISED, effective_date=JAN_2027)
    merger = MergerFactory()
    url = reverse("admin:transition_merger_change", args=[merger.pk])
    response = admin_client.post(url, change_form_data(admin_client.get(url), participants=[organisation.pk]))
    assert response.status_code == 200 and "Al elders" in response.content.decode()
    assert not merger.participants.exists()


def test_mergers_by_status_follow_the_dated_history():
    merger = MergerFactory()
    merger_set_status(
        merger=merger, to_status=MergerStatus.EXPLORING, effective_date=datetime.date(2025, 10, 1)
    )
    merger_set_status(
        merger=merger, to_status=MergerStatus.STATUTES_ADAPTED, effective_date=datetime.date(2026, 4, 1)
    )
    groups = {g["status"]: g["mergers"] for g in mergers_by_status(datetime.date(2026, 1, 1))}
    assert groups[MergerStatus.EXPLORING] == [merger]
    groups = {g["status"]: g["mergers"] for g in mergers_by_status(datetime.date(2026, 5, 1))}
    assert groups[MergerStatus.STATUTES_ADAPTED] == [merger]


def test_a_merger_is_of_the_days_from_its_first_stage_or_its_registration():
    """The reports for 1990 counted 13 mergers "verkennend" (found by review): a merger counts
    from its first recorded stage (exploring can be dated now), or from the day it was
    registered when that is earlier."""
    dated, registered = MergerFactory(), MergerFactory()
    merger_set_status(
        merger=dated, to_status=MergerStatus.EXPLORING, effective_date=datetime.date(2025, 3, 1)
    )
    Merger.objects.filter(pk=registered.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 6, 1))
    )

    def counted(day):
        return sorted(m.pk for g in mergers_by_status(day) for m in g["mergers"])

    assert counted(datetime.date(1990, 1, 1)) == []
    assert counted(datetime.date(2025, 3, 1)) == [dated.pk]
    assert counted(datetime.date(2025, 6, 1)) == sorted([dated.pk, registered.pk])
    assert dated.status_changes.get().to_status == MergerStatus.EXPLORING


def test_the_status_in_sql_is_the_status_of_the_dated_history():
    merger, untouched = MergerFactory(), MergerFactory()
    april = datetime.date(2026, 4, 1)
    for status in (MergerStatus.LETTER_OF_INTENT, MergerStatus.STATUTES_ADAPTED):  # same day: the later one
        MergerStatusChange.objects.create(merger=merger, effective_date=april, to_status=status)
    MergerStatusChange.objects.create(
        merger=merger, effective_date=datetime.date(2026, 1, 1), to_status=MergerStatus.LETTER_OF_INTENT
    )
    for day in (datetime.date(2025, 12, 31), datetime.date(2026, 2, 1), april, datetime.date(2027, 1, 1)):
        in_sql = Merger.objects.annotate(status_on_day=Merger.status_on_expression(day))
        in_python = {m.pk: m.status_on(day) for m in (merger, untouched)}
        assert {m.pk: m.status_on_day for m in in_sql} == in_python
    assert merger.status_on(april) == MergerStatus.STATUTES_ADAPTED


def test_milestones_are_late_when_due_and_not_done_by_that_day():
    late = MilestoneFactory(due_date=datetime.date(2026, 6, 30))
    done_late = MilestoneFactory(due_date=datetime.date(2026, 6, 30), completed_on=datetime.date(2026, 8, 1))
    day = datetime.date(2026, 7, 15)
    assert set(Milestone.objects.late_on(day)) == {late, done_late}  # done only after that day
    assert set(Milestone.objects.late_on(datetime.date(2026, 9, 1))) == {late}
    assert late.is_late_on(day) and not late.is_late_on(datetime.date(2026, 6, 30))


def test_the_first_late_milestones_come_with_how_many_are_late(django_assert_num_queries):
    """With the mergers by status, in one query: the most overdue first, each with its merger
    and network; a milestone done after the day was still late on it."""
    merger = MergerFactory()
    for due in (datetime.date(2026, 3, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)):
        MilestoneFactory(merger=merger, due_date=due)
    MilestoneFactory(due_date=datetime.date(2026, 4, 1), completed_on=datetime.date(2026, 8, 1))
    MilestoneFactory(due_date=datetime.date(2026, 5, 1), completed_on=datetime.date(2026, 6, 1))
    MilestoneFactory(due_date=datetime.date(2026, 8, 1))
    Merger.objects.update(created_at=timezone.make_aware(datetime.datetime(2025, 1, 1)))  # registered then
    with django_assert_num_queries(1):
        found = mergers_on(datetime.date(2026, 7, 1), 2)
        assert [m.due_date.month for m in found.late_milestones] == [1, 2] and found.late_count == 4
        assert found.late_milestones[0].merger.network == merger.network
        assert sum(len(group["mergers"]) for group in found.by_status) == 4
    assert [g["mergers"] for g in found.by_status] == [
        g["mergers"] for g in mergers_by_status(datetime.date(2026, 7, 1))
    ]
    empty = mergers_on(datetime.date(2025, 7, 1), 2)
    assert (empty.late_milestones, empty.late_count) == ([], 0)


def test_the_mergers_read_with_the_networks_are_those_mergers_on_reads(staff_user, django_assert_num_queries):
    """The Flanders report reads the mergers with its networks (no query of their own): the same
    mergers in the same stages and the same late milestones as mergers_on, networks without a
    merger left out."""
    NetworkFactory()  # no merger (and the networks' keys differ from their mergers')
    early, late = MergerFactory(), MergerFactory()
    merger_set_status(
        merger=late,
        to_status=MergerStatus.LETTER_OF_INTENT,
        effective_date=datetime.date(2026, 5, 1),
        by=staff_user,
    )
    MilestoneFactory(merger=early, due_date=datetime.date(2026, 2, 1))
    MilestoneFactory(merger=late, due_date=datetime.date(2026, 1, 1))
    MilestoneFactory(merger=late, due_date=datetime.date(2026, 3, 1), completed_on=datetime.date(2026, 4, 1))
    for day in (datetime.date(2026, 4, 1), datetime.date(2026, 7, 1)):
        with django_assert_num_queries(1):
            networks = list(with_mergers_on(Network.objects.order_by("name"), day))
            found = mergers_of_networks(networks, 5, day)
        expected = mergers_on(day, 5)
        assert [(g["status"], g["mergers"]) for g in found.by_status] == [
            (g["status"], g["mergers"]) for g in expected.by_status
        ]
        assert [(m.pk, m.merger, m.merger.network) for m in found.late_milestones] == [
            (m.pk, m.merger, m.merger.network) for m in expected.late_milestones
        ]
        assert found.late_count == expected.late_count == 2
    assert [g["mergers"] for g in found.by_status if g["status"] == MergerStatus.LETTER_OF_INTENT] == [[late]]


def test_action_line_status_is_the_latest_update_on_the_day(staff_user):
    line = ActionLineFactory(position=2)
    action_line_update(
        action_line=line, status=ActionLineStatus.ON_TRACK, date=datetime.date(2025, 1, 1), by=staff_user
    )
    action_line_update(action_line=line, status=ActionLineStatus.DELAYED, date=datetime.date(2026, 1, 1))
    assert action_lines_on(datetime.date(2025, 6, 1))[0]["status"] == ActionLineStatus.ON_TRACK
    assert action_lines_on(datetime.date(2026, 6, 1))[0]["status"] == ActionLineStatus.DELAYED
    assert action_lines_on(datetime.date(2024, 6, 1))[0]["status"] is None
    with pytest.raises(ValidationError):
        action_line_update(action_line=line, status="MAYBE", date=datetime.date(2026, 1, 1))


def test_action_lines_come_with_their_updates_revisions_and_work_forms_in_one_query(
    django_assert_num_queries,
):
    """The dashboard and the Flanders report read every line in one query: its updates,
    revisions and work forms ride along (json_rows) and answer as if prefetched."""
    for position in (1, 2, 3):
        line = ActionLineFactory(position=position, work_forms=[2, 1])
        for day, status in ((datetime.date(2025, 1, 1), "ON_TRACK"), (datetime.date(2026, 1, 1), "DELAYED")):
            line.updates.create(date=day, status=status, progress_note=f"noot {position}")
        for stated, end in (("2026-01", "2027-late"), ("2025-06", "2026-late")):
            line.revisions.create(
                stated_on=stated, target_as_written=f"tegen {end}", target_end=end, source="Bron"
            )
    with django_assert_num_queries(1):
        rows = action_lines_on(datetime.date(2025, 12, 31))
        forms = [[form.work_form for form in row["line"].work_forms.all()] for row in rows]
    assert forms == [[1, 2]] * 3
    assert [row["update"].progress_note for row in rows] == ["noot 1", "noot 2", "noot 3"]
    assert {row["status"] for row in rows} == {ActionLineStatus.ON_TRACK}
    # Only the revision stated by then, the earliest first on a later day.
    assert [revision.target_end for revision in rows[0]["revisions"]] == ["2026-late"]
    later = action_lines_on(datetime.date(2026, 6, 1))[0]
    assert [revision.target_end for revision in later["revisions"]] == ["2026-late", "2027-late"]
    assert later["status"] == ActionLineStatus.DELAYED
    assert str(later["update"]).startswith(str(later["line"]))  # each row points back at its line


def test_funding_needs_exactly_one_recipient():
    funding = Funding(year=2027, kind=FundingKind.RECURRENT, amount=Decimal("1"), source_document="x")
    with pytest.raises(ValidationError):
        funding.full_clean()
    funding.network = NetworkFactory()
    funding.legacy_organisation = LegacyOrganisationFactory()
    with pytest.raises(ValidationError):
        funding.full_clean()


def test_funding_totals_per_year_kind_and_zone():
    kempen = RegionalCareZoneFactory(name="Kempen")
    network = NetworkFactory()
    ServiceAreaFactory(network=network, zone=kempen, valid_from=JAN_2027)
    FundingFactory(network=network, year=2027, kind=FundingKind.RECURRENT, amount=Decimal("1000.00"))
    FundingFactory(network=network, year=2027, kind=FundingKind.AD_HOC, amount=Decimal("250.50"))
    legacy = LegacyOrganisationFactory()
    legacy.derived_regional_care_zones.add(kempen)
    FundingFactory(network=None, legacy_organisation=legacy, year=2026, amount=Decimal("800.00"))

    totals = funding_totals()
    assert totals.years == [2023, 2024, 2025, 2026, 2027]  # from the baseline year on
    assert totals.by_year == {2026: Decimal("800.00"), 2027: Decimal("1250.50")}
    assert totals.by_year_kind[(2027, FundingKind.AD_HOC)] == Decimal("250.50")
    assert totals.by_zone_year[("Kempen", 2027)] == Decimal("1250.50")
    assert totals.by_zone_year[("Kempen", 2026)] == Decimal("800.00")


def test_funding_without_one_zone_is_counted_in_named_rows_after_the_zones():
    kempen, limburg = RegionalCareZoneFactory(name="Kempen"), RegionalCareZoneFactory(name="Limburg")
    straddling = LegacyOrganisationFactory()
    straddling.derived_regional_care_zones.add(kempen, limburg)
    FundingFactory(network=None, legacy_organisation=straddling, year=2026, amount=Decimal("300.00"))
    FundingFactory(
        network=None, legacy_organisation=LegacyOrganisationFactory(), year=2026, amount=Decimal("5")
    )
    ServiceAreaFactory(network=NetworkFactory(), zone=kempen, valid_from=JAN_2027)
    totals = funding_totals()
    assert totals.zones == [NO_ZONE, SEVERAL_ZONES]
    assert totals.by_zone_year[(SEVERAL_ZONES, 2026)] == Decimal("300.00")
    assert totals.by_zone_year[(NO_ZONE, 2026)] == Decimal("5.00")
    assert str(SEVERAL_ZONES) and str(NO_ZONE) != "—"


def test_year_on_year_change_is_computed_from_entered_amounts():
    legacy = LegacyOrganisationFactory(name="PN Test")
    for year, amount in ((2023, "400000"), (2024, "500000"), (2026, "450000")):
        FundingFactory(network=None, legacy_organisation=legacy, year=year, amount=Decimal(amount))
    rows = funding_changes(Funding.objects.all(), ordering="year")
    assert [(r["year"], r["previous_year"], r["change"]) for r in rows] == [
        (2023, None, None),
        (2024, 2023, Decimal("0.25")),
        (2026, 2024, Decimal("-0.1")),
    ]


def test_funding_page_is_for_staff_and_scoped_for_coordinators(
    staff_client, coordinator_a_client, outsider_client, anonymous_client
):
    FundingFactory(is_demo=True)
    response = staff_client.get("/transition/financiering/")
    assert response.status_code == 200
    assert "100.000,00" in response.content.decode()
    scoped = coordinator_a_client.get("/transition/financiering/")
    assert scoped.status_code == 200 and "100.000,00" not in scoped.content.decode()
    refused = outsider_client.get("/transition/financiering/")
    assert refused.status_code == 403
    assert "Alleen" in refused.content.decode()  # the reason
    assert anonymous_client.get("/transition/financiering/").status_code == 302


def test_an_mbes_grant_counts_in_the_zone_of_its_partner_pn_psv():
    """Every MBE amount went to "no zone known" (MBEs have no derived zone), so a zone's growth
    from the baseline read as +186 % where its predecessors' total gave +16 % (found by review)."""
    from transition.selectors import funding_totals

    zone = RegionalCareZoneFactory(name="Kempen")
    network_pn = LegacyOrganisationFactory(name="PN Kempen")
    network_pn.derived_regional_care_zones.add(zone)
    team = LegacyOrganisationFactory(name="MBE Kempen", mbe=True, partner=network_pn)
    loose = LegacyOrganisationFactory(name="MBE zonder partner", mbe=True)
    for organisation in (network_pn, team, loose):
        FundingFactory(network=None, legacy_organisation=organisation, year=2023, amount=100)
    totals = funding_totals()
    assert totals.by_zone_year[("Kempen", 2023)] == 200
    assert sum(amount for (name, _year), amount in totals.by_zone_year.items() if name != "Kempen") == 100
