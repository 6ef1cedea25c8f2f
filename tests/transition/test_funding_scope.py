"""The funding page for a coordinator: the grants to their network and to the legacy
organisations that merge into it (its successor or its merger's participants), and the
envelope shares those grants are drawn from; never another network's amounts nor the
remainder of an envelope (which would add up other networks' grants). Staff see everything,
per year from 2023 and per kind of recipient, each amount with its source and certainty."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from networks.models import ActorKind, ReformOrganisation
from npz_registry.models import Certainty
from tests.networks.factories import LegacyOrganisationFactory
from tests.transition.factories import FundingFactory, MergerFactory
from transition.models import FundingFigure, FundingKind
from transition.permissions import funding_networks, view_funding
from transition.selectors import FundingScope, funding_scope, funding_totals, fundings_in, year_table

pytestmark = pytest.mark.django_db

PAGE = "/transition/financiering/"
MERGED = datetime.date(2027, 1, 1)


@pytest.fixture
def grants(network_a, network_b):
    """Grants to network A, to its two legacy organisations (one its successor names, one in its
    merger), to network B and B's legacy organisation, to the consortium and to the sector."""
    envelope = FundingFigure.objects.create(
        code="extra-middelen-2024", kind="ENVELOPE", title="Extra middelen", amount=Decimal("5000000"),
        year_from=2024, source="vraag nr. 150", certainty=Certainty.FIXED,
    )  # fmt: skip
    mbe_share = FundingFigure.objects.create(
        code="extra-middelen-2024-mbe", kind="SHARE", part_of=envelope, title="Aandeel MBE",
        amount=Decimal("2500000"), is_approximate=True, year_from=2024, intended_kind="MBE",
        source="vraag nr. 150", certainty=Certainty.PLANNED,
    )  # fmt: skip
    FundingFigure.objects.create(
        code="extra-middelen-2024-rest", kind="SHARE", part_of=envelope, title="Aandeel PN/PSV en sector",
        year_from=2024, source="vraag nr. 150", certainty=Certainty.PLANNED,
    )  # fmt: skip
    successor_of_a = LegacyOrganisationFactory(name="PN Kempen", successor=network_a, merger_date=MERGED)
    in_merger_of_a = LegacyOrganisationFactory(mbe=True, name="MBE Kempen")
    MergerFactory(network=network_a).participants.add(in_merger_of_a)
    of_b = LegacyOrganisationFactory(mbe=True, name="MBE Limburg", successor=network_b, merger_date=MERGED)
    consortium = ReformOrganisation.objects.create(code="consortium", name="Consortium", role="CONSORTIUM")
    recurrent = {"kind": FundingKind.RECURRENT, "network": None}
    FundingFactory(legacy_organisation=successor_of_a, year=2023, amount=Decimal("410000"), **recurrent)
    FundingFactory(
        legacy_organisation=in_merger_of_a, year=2024, amount=Decimal("1200000"), drawn_from=mbe_share,
        source_document="Besluit MBE 2024", **recurrent,
    )  # fmt: skip
    FundingFactory(
        legacy_organisation=of_b, year=2024, amount=Decimal("800000"), drawn_from=mbe_share, **recurrent
    )
    FundingFactory(network=network_a, year=2027, amount=Decimal("930000"), certainty=Certainty.PLANNED)
    FundingFactory(network=network_b, year=2027, amount=Decimal("970000"))
    FundingFactory(
        organisation=consortium, year=2024, amount=Decimal("500000"), drawn_from=envelope, **recurrent
    )
    FundingFactory(actor_kind=ActorKind.SECTOR, year=2025, amount=Decimal("60000"), **recurrent)
    return {"a": [successor_of_a, in_merger_of_a], "b": of_b}


def page_text(client) -> str:
    response = client.get(PAGE)
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_who_sees_which_networks(staff_user, coordinator_a, outsider, network_a):
    assert view_funding(staff_user) and funding_networks(staff_user) is None
    assert view_funding(coordinator_a) and funding_networks(coordinator_a) == {network_a.pk}
    answer = view_funding(outsider)
    assert not answer and answer.reason


def test_a_coordinators_scope_is_their_network_and_its_legacy_organisations(grants, network_a):
    scope = funding_scope(frozenset({network_a.pk}))
    assert scope.legacy_ids == {organisation.pk for organisation in grants["a"]}
    amounts = sorted(fundings_in(scope).values_list("amount", flat=True))
    assert amounts == [Decimal("410000"), Decimal("930000"), Decimal("1200000")]
    assert fundings_in(FundingScope()).count() == 7


def test_the_coordinator_sees_only_their_own_grants(coordinator_a_client, grants):
    text = page_text(coordinator_a_client)
    assert "PN Kempen" in text and "MBE Kempen" in text and "Testnetwerk A" in text
    for other in ("MBE Limburg", "Testnetwerk B", "970.000", "800.000", "Consortium", "60.000"):
        assert other not in text, other
    assert "Bedragen van andere netwerken worden niet getoond" in text


def test_the_coordinator_sees_the_share_their_grants_come_from_without_the_remainder(
    coordinator_a_client, grants
):
    soup = BeautifulSoup(coordinator_a_client.get(PAGE).content, "html.parser")
    share = soup.select_one("#figure-extra-middelen-2024-mbe")
    assert share is not None and "1.200.000" in share.get_text()
    assert soup.select_one("#figure-extra-middelen-2024-rest") is None
    envelopes = soup.select_one("#envelopes").find_parent("section").get_text()
    assert "2.000.000" not in envelopes  # A's and B's grants together
    headers = [th.get_text(strip=True) for th in share.select("thead th")]
    assert headers == ["Jaar", "Toegekend"]  # no "Saldo"


def test_staff_see_every_grant_and_the_remainder(staff_client, grants):
    soup = BeautifulSoup(staff_client.get(PAGE).content, "html.parser")
    share = soup.select_one("#figure-extra-middelen-2024-mbe").get_text()
    assert "2.000.000" in share and "500.000" in share  # drawn by A and B, remainder ≈ 500.000
    text = " ".join(soup.get_text().split())
    assert "MBE Limburg" in text and "Consortium" in text


def test_the_year_on_year_view_per_kind_of_recipient_starts_in_2023(staff_client, grants):
    """A row per year (from 2023, the baseline, without gaps) and a column per kind of recipient,
    each row's total last and the columns' totals in the footer."""
    soup = BeautifulSoup(staff_client.get(PAGE).content, "html.parser")
    table = soup.select_one("#totals-by-recipient")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    kinds = ["Bestaande organisatie", "Netwerk", "Organisatie van de hervorming", "De sector als geheel"]
    assert headers == ["Jaar", *kinds, "Totaal"]
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in table.select("tbody tr")
    }
    assert list(rows) == ["2023", "2024", "2025", "2026", "2027"]
    assert [rows[year][0] for year in ("2023", "2024")] == ["410.000,00", "2.000.000,00"]
    assert [rows[year][1] for year in rows] == ["–", "–", "–", "–", "1.900.000,00"]
    assert rows["2024"][2] == "500.000,00" and rows["2025"][3] == "60.000,00"
    assert rows["2027"][-1] == "1.900.000,00"  # the year's total
    footer = [cell.get_text(strip=True) for cell in table.select("tfoot tr > *")]
    assert footer[0] == "Totaal" and footer[2] == "1.900.000,00"  # the networks' column


def test_each_total_shows_its_source_and_certainty(coordinator_a_client, grants):
    soup = BeautifulSoup(coordinator_a_client.get(PAGE).content, "html.parser")
    rows = {
        " ".join(tr.select("td")[0].get_text().split()): " ".join(tr.select("td")[-1].get_text().split())
        for tr in soup.select("#year-on-year tbody tr")
    }
    assert "Besluit MBE 2024" in rows["MBE Kempen"]
    assert "gepland" in next(value for key, value in rows.items() if key.startswith("Testnetwerk A"))


def test_the_page_is_kept_per_data_version_and_scope_and_shows_a_new_grant_once_committed(
    staff_client, coordinator_a_client, network_b, grants, commit_pending, django_assert_max_num_queries
):
    """Staff read it first; the coordinator then gets their own scope (not staff's kept page);
    a second read comes from the fragment; a grant saved and committed shows at once."""
    commit_pending()
    assert "Testnetwerk B" in page_text(staff_client)
    assert "Testnetwerk B" not in page_text(coordinator_a_client)
    with django_assert_max_num_queries(6):  # session, user, roles, the data version
        assert "Testnetwerk B" in page_text(staff_client)

    FundingFactory(network=network_b, year=2028, amount=Decimal("123456"))
    commit_pending()
    assert "123.456" in page_text(staff_client)


def test_a_year_table_has_a_row_per_year_and_leaves_out_unused_kinds_only_when_asked(network_a):
    FundingFactory(network=network_a, year=2025, kind=FundingKind.RECURRENT, amount=Decimal("100.50"))
    FundingFactory(network=network_a, year=2027, kind=FundingKind.RECURRENT, amount=Decimal("200"))
    FundingFactory(network=network_a, year=2027, kind=FundingKind.FORFAIT, amount=Decimal("50"))
    totals = funding_totals()

    table = year_table(totals, totals.kinds, totals.by_year_kind)
    assert table.columns == [label for _value, label in FundingKind.choices]
    assert [row["year"] for row in table.rows] == [2023, 2024, 2025, 2026, 2027]  # no gaps, from 2023
    assert table.rows[2]["amounts"] == [None, Decimal("100.50"), None] and table.rows[2]["total"] == Decimal(
        "100.50"
    )
    assert table.column_totals == [Decimal("50"), Decimal("300.50"), None]  # None: nothing entered
    assert table.total == Decimal("350.50")

    used = year_table(totals, totals.kinds, totals.by_year_kind, only_used=True)
    assert used.columns == [FundingKind.FORFAIT.label, FundingKind.RECURRENT.label]
    assert used.rows[-1]["amounts"] == [Decimal("50"), Decimal("200")] and used.rows[-1]["total"] == Decimal(
        "250"
    )
