"""The transition's staff tables: year-on-year funding, late milestones and legacy organisations
without successor. Filters, sort orders and pages come from query parameters; bad values never
give an error page; the number of queries does not grow with the rows."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from networks.models import LegacyOrganisation
from tests.networks.factories import (
    LegacyOrganisationFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    recognition_day_row,
)
from tests.transition.factories import FundingFactory, MergerFactory, MilestoneFactory
from transition.models import FundingKind, Milestone

pytestmark = pytest.mark.django_db

FUNDING = "/transition/financiering/"
MILESTONES = "/transition/mijlpalen/"
LEGACY = "/transition/bestaande-organisaties/"


def rows(response, table_id):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in tr.select("td")]
        for tr in soup.select(f"#{table_id} tbody tr")
    ]


def fund(name, amounts, *, kind=FundingKind.RECURRENT, network=False):
    """Funding of one organisation: {year: amount}."""
    recipient = {"network": NetworkFactory(name=name)} if network else {"network": None}
    if not network:
        recipient["legacy_organisation"] = LegacyOrganisationFactory(name=name)
    for year, amount in amounts.items():
        FundingFactory(year=year, kind=kind, amount=Decimal(amount), **recipient)


@pytest.fixture
def fundings():
    fund("Palliatief Netwerk Aa", {2025: "100", 2026: "150"})
    fund("Thuiszorgteam Bb", {2025: "200", 2026: "100"})
    fund("NPZ Cc", {2027: "500"}, network=True)


def test_funding_changes_filter_on_year_and_still_compare_with_the_year_before(staff_client, fundings):
    table = rows(staff_client.get(FUNDING, {"year": "2026"}), "year-on-year")
    assert [(row[0], row[1], row[3].split()[0]) for row in table] == [
        ("Palliatief Netwerk Aa", "2026", "+50"),
        ("Thuiszorgteam Bb", "2026", "-50"),
    ]


def test_funding_changes_filter_on_name_and_kind_of_organisation(staff_client, fundings):
    assert {
        row[0] for row in rows(staff_client.get(FUNDING, {"organisation": "netwerk aa"}), "year-on-year")
    } == {"Palliatief Netwerk Aa"}
    networks = rows(staff_client.get(FUNDING, {"recipient": "network"}), "year-on-year")
    assert [row[0] for row in networks] == ["NPZ Cc netwerk"]


def test_funding_changes_sort_on_the_column_asked(staff_client, fundings):
    by_change = rows(staff_client.get(FUNDING, {"o": "-change"}), "year-on-year")
    assert [(row[0], row[1]) for row in by_change[:2]] == [
        ("Palliatief Netwerk Aa", "2026"),
        ("Thuiszorgteam Bb", "2026"),
    ]
    by_total = rows(staff_client.get(FUNDING, {"o": "-total"}), "year-on-year")
    assert by_total[0][0].startswith("NPZ Cc")


def test_the_column_header_links_to_the_other_direction_and_keeps_the_filters(staff_client, fundings):
    soup = BeautifulSoup(
        staff_client.get(FUNDING, {"o": "year", "year": "2026", "page": "1"}).content, "html.parser"
    )
    year_header = soup.select_one("#year-on-year th[aria-sort]")
    assert year_header["aria-sort"] == "ascending"
    assert year_header.a["href"] == "?o=-year&year=2026"


def test_funding_changes_come_in_pages_of_25(staff_client):
    for n in range(13):
        fund(f"Organisatie {n:02}", {2025: "100", 2026: "110"})
    first = staff_client.get(FUNDING)
    assert len(rows(first, "year-on-year")) == 25
    pages = BeautifulSoup(first.content, "html.parser").select_one("nav.table-pages")
    assert pages.select_one("[aria-current=page]").get_text() == "1"
    assert pages.select_one("a[rel=next]")["href"] == "?page=2"
    assert len(rows(staff_client.get(FUNDING, {"page": "2"}), "year-on-year")) == 1


@pytest.mark.parametrize(
    "path, query",
    [
        (FUNDING, {"year": "abc"}),
        (FUNDING, {"o": "zzz"}),
        (FUNDING, {"page": "99"}),
        (FUNDING, {"page": "-1"}),
        (FUNDING, {"recipient": "x", "kind": "?"}),
        (MILESTONES, {"as_of": "2026-13-45", "network": "x", "o": "zzz", "page": "abc"}),
        (LEGACY, {"as_of": "gisteren", "zone": "999999", "kind": "?", "o": "-zzz"}),
    ],
)
def test_bad_parameters_give_the_page_not_an_error(staff_client, fundings, path, query):
    assert staff_client.get(path, query).status_code == 200


def test_a_filter_without_result_says_so_and_how_to_clear_it(staff_client, fundings):
    html = staff_client.get(FUNDING, {"organisation": "bestaat niet"}).content.decode()
    assert "Geen enkele organisatie voldoet aan deze filters." in html
    assert "Wis de filters" in html


def test_the_zone_table_names_its_rows_without_a_zone_and_explains_them(staff_client):
    fund("Zonder zone", {2026: "10"})
    soup = BeautifulSoup(staff_client.get(FUNDING).content, "html.parser")
    zones = [th.get_text(strip=True) for th in soup.select("#totals-by-zone tbody th")]
    assert zones == ["Geen zone bekend"]
    assert "Geen zone bekend" in soup.select_one("section[aria-labelledby=by-zone] dl.legend").get_text()


@pytest.fixture
def late_milestones():
    """Three milestones late on 1 January 2027 (two networks, two kinds), one done in time."""
    aa, bb = (
        MergerFactory(network=NetworkFactory(name="NPZ Aa")),
        MergerFactory(network=NetworkFactory(name="NPZ Bb")),
    )
    MilestoneFactory(merger=bb, kind=Milestone.Kind.STATUTES, due_date=datetime.date(2026, 3, 1))
    MilestoneFactory(merger=aa, kind=Milestone.Kind.GOVERNANCE, due_date=datetime.date(2026, 9, 1))
    MilestoneFactory(merger=aa, kind=Milestone.Kind.STATUTES, due_date=datetime.date(2026, 10, 1))
    MilestoneFactory(
        merger=aa, due_date=datetime.date(2026, 5, 1), completed_on=datetime.date(2026, 4, 1), title="Op tijd"
    )
    return aa.network


def test_late_milestones_most_overdue_first_and_filtered(staff_client, late_milestones):
    assert [row[:3] for row in rows(staff_client.get(MILESTONES), "late-milestones")] == [
        ["NPZ Bb", "Statuten", "01/03/2026"],
        ["NPZ Aa", "Bestuur", "01/09/2026"],
        ["NPZ Aa", "Statuten", "01/10/2026"],
    ]
    only_aa = rows(
        staff_client.get(MILESTONES, {"network": late_milestones.pk, "kind": "STATUTES"}), "late-milestones"
    )
    assert [row[:3] for row in only_aa] == [["NPZ Aa", "Statuten", "01/10/2026"]]
    earlier = rows(staff_client.get(MILESTONES, {"as_of": "2026-06-01"}), "late-milestones")
    assert [row[0] for row in earlier] == ["NPZ Bb"]


def test_late_milestones_sort_by_kind_in_the_order_of_a_merger(staff_client, late_milestones):
    """They sorted by the kinds' codes (GOVERNANCE before STATUTES): statutes come first."""
    by_kind = rows(staff_client.get(MILESTONES, {"o": "milestone"}), "late-milestones")
    assert [row[1] for row in by_kind] == ["Statuten", "Statuten", "Bestuur"]


def test_late_milestones_sort_by_network(staff_client, late_milestones):
    by_network = rows(staff_client.get(MILESTONES, {"o": "-network"}), "late-milestones")
    assert [row[0] for row in by_network] == ["NPZ Bb", "NPZ Aa", "NPZ Aa"]


def test_the_dashboard_shows_the_five_most_overdue_milestones_and_links_to_all(staff_client):
    recognition_day_row("2027-01-01")
    merger = MergerFactory()
    for month in range(1, 8):
        MilestoneFactory(merger=merger, due_date=datetime.date(2026, month, 1))
    soup = BeautifulSoup(staff_client.get("/transition/").content, "html.parser")
    assert len(soup.select("#late-milestones tbody tr")) == 5
    link = soup.select_one(f"a[href='{MILESTONES}?as_of=2027-01-01']")
    assert "7" in link.get_text()


def test_legacy_organisations_without_successor_filtered_by_kind_and_zone(staff_client):
    kempen = RegionalCareZoneFactory(code="kempen", name="Kempen")
    in_kempen = LegacyOrganisationFactory(name="MBE Kempen", kind=LegacyOrganisation.Kind.MBE)
    in_kempen.derived_regional_care_zones.add(kempen)
    LegacyOrganisationFactory(name="PN Elders", kind=LegacyOrganisation.Kind.PN_PSV)
    merged = LegacyOrganisationFactory(
        name="Al gefuseerd", successor=NetworkFactory(), merger_date=datetime.date(2026, 1, 1)
    )
    assert merged.successor_id
    everyone = rows(staff_client.get(LEGACY), "legacy-without-successor")
    assert [row[0] for row in everyone] == ["MBE Kempen", "PN Elders"]
    assert [
        row[0] for row in rows(staff_client.get(LEGACY, {"zone": kempen.pk}), "legacy-without-successor")
    ] == ["MBE Kempen"]
    assert [
        row[0] for row in rows(staff_client.get(LEGACY, {"kind": "PN_PSV"}), "legacy-without-successor")
    ] == ["PN Elders"]


def test_the_zone_filter_finds_a_home_care_team_by_its_partners_zone_as_the_search_does(staff_client):
    """The search listed an MBE without zones of its own where its partner PN/PSV works; this
    table's zone filter left it out (one rule now: LegacyOrganisationQuerySet.working_in)."""
    kempen = RegionalCareZoneFactory(code="kempen", name="Kempen")
    network_pn = LegacyOrganisationFactory(name="PN Kempen")
    network_pn.derived_regional_care_zones.add(kempen)
    LegacyOrganisationFactory(name="MBE Kempen", mbe=True, partner=network_pn)
    LegacyOrganisationFactory(name="MBE Elders", mbe=True)
    found = rows(staff_client.get(LEGACY, {"zone": kempen.pk}), "legacy-without-successor")
    assert [row[0] for row in found] == ["MBE Kempen", "PN Kempen"]


def test_the_dashboard_shows_the_work_form_of_an_action_line_in_words(staff_client):
    from tests.transition.factories import ActionLineFactory

    ActionLineFactory(position=1, work_forms=[2])
    soup = BeautifulSoup(staff_client.get("/transition/").content, "html.parser")
    work_form = soup.select("#action-lines tbody tr td")[3].get_text(strip=True)
    assert work_form != "2" and "werkgroep" in work_form
    assert "Werkvorm" in soup.select_one("#work-forms").get_text()


def _count_queries(client, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(1000) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("path", [FUNDING, MILESTONES, LEGACY])
def test_query_count_does_not_grow_with_the_rows(staff_client, path, django_assert_max_num_queries):
    def add(n):
        zone = RegionalCareZoneFactory()
        for _ in range(n):
            organisation = LegacyOrganisationFactory()
            organisation.derived_regional_care_zones.add(zone)
            FundingFactory(network=None, legacy_organisation=organisation, year=2026)
            FundingFactory(network=None, legacy_organisation=organisation, year=2027)
            MilestoneFactory(due_date=datetime.date(2026, 6, 1))

    add(1)
    one = _count_queries(staff_client, path, django_assert_max_num_queries)
    add(9)
    assert _count_queries(staff_client, path, django_assert_max_num_queries) == one


def test_the_dated_lists_are_kept_per_data_version_and_show_a_completed_milestone_once_committed(
    staff_client, late_milestones, commit_pending, django_assert_max_num_queries
):
    commit_pending()
    first = rows(staff_client.get(MILESTONES), "late-milestones")
    assert len(first) == 3
    with django_assert_max_num_queries(6):  # session, user, reform dates, the data version
        assert rows(staff_client.get(MILESTONES), "late-milestones") == first
    assert rows(staff_client.get(LEGACY), "legacy-without-successor") != first  # its own list

    Milestone.objects.filter(merger__network__name="NPZ Bb").update(completed_on=datetime.date(2026, 2, 1))
    from npz_registry import dataversion

    dataversion.bump()
    commit_pending()
    assert [row[0] for row in rows(staff_client.get(MILESTONES), "late-milestones")] == ["NPZ Aa", "NPZ Aa"]
