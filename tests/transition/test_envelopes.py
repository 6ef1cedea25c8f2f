"""Budgets and envelopes: the +5 M€ from 2024 with its split, the grants drawn from it and the
remainder, from fixtures/funding_figures.csv (decision 0001 §2.9, must-show 5)."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from networks.models import ActorKind
from networks.services.reference_data import FIXTURES_DIR
from npz_registry.importexport.reference import ReferenceFile, load_reference_files
from tests.networks.factories import LegacyOrganisationFactory, NetworkFactory
from tests.transition.factories import FundingFactory
from transition.models import Funding, FundingFigure, FundingKind
from transition.resources import FundingFigureResource
from transition.selectors import envelopes

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    load_reference_files(
        [ReferenceFile("funding_figures.csv", FundingFigureResource)], directory=FIXTURES_DIR, overwrite=True
    )
    return {figure.code: figure for figure in FundingFigure.objects.all()}


@pytest.fixture
def consortium(db):
    from networks.models import ReformOrganisation

    return ReformOrganisation.objects.create(
        code="consortium-palliatieve-zorg", name="Consortium palliatieve zorg", role="CONSORTIUM"
    )


def grant(figure, amount, *, year=2024, **recipient):
    return FundingFactory(
        network=None,
        drawn_from=figure,
        year=year,
        kind=FundingKind.RECURRENT,
        amount=Decimal(amount),
        **recipient,
    )


def test_the_figures_load_with_their_source_and_certainty(figures):
    assert len(figures) == 6
    share = figures["extra-middelen-2024-mbe"]
    assert share.part_of == figures["extra-middelen-2024"]
    assert share.amount == Decimal("2500000") and share.is_approximate and share.certainty == "PLANNED"
    assert share.intended_kind == "MBE"
    assert figures["extra-middelen-2024"].recurrent is True and figures["extra-middelen-2024"].year_to is None
    assert figures["extra-middelen-2024-rest"].amount is None
    assert "vraag nr. 150" in figures["extra-middelen-2024"].source


def test_the_funding_page_shows_the_envelope_its_split_grants_drawn_and_the_remainder(
    figures, consortium, staff_client
):
    mbe_share = figures["extra-middelen-2024-mbe"]
    grant(mbe_share, "1200000", legacy_organisation=LegacyOrganisationFactory(mbe=True))
    grant(mbe_share, "800000", legacy_organisation=LegacyOrganisationFactory(mbe=True))
    grant(figures["extra-middelen-2024"], "500000", organisation=consortium)

    response = staff_client.get(reverse("transition:funding"))

    assert response.status_code == 200
    page = response.content.decode()
    envelope = page[
        page.index('id="figure-extra-middelen-2024"') : page.index('id="figure-extra-middelen-2024-mbe"')
    ]
    assert "5.000.000" in envelope
    assert (
        '<th scope="row">2024</th><td class="text-end">2.500.000</td><td class="text-end">2.500.000</td>'
        in envelope
    )
    share = page[
        page.index('id="figure-extra-middelen-2024-mbe"') : page.index('id="figure-extra-middelen-2024-rest"')
    ]
    assert "≈&nbsp;2.500.000" in share
    assert '<td class="text-end">2.000.000</td><td class="text-end">≈&nbsp;500.000</td>' in share
    assert "gepland" in share
    assert "vraag nr. 150" in page
    assert "berekend" in page  # the balance without a known share is computed, and says so
    assert "Geraamd tekort van de sector in 2023" in page or "geraamd tekort van de sector in 2023" in page
    assert "extra middelen vanaf 2024" not in page.lower()


def test_the_envelope_rows_count_grants_per_year(figures, consortium):
    grant(figures["extra-middelen-2024-mbe"], "1000", legacy_organisation=LegacyOrganisationFactory(mbe=True))
    grant(figures["extra-middelen-2024"], "500", year=2025, organisation=consortium)
    rows, context, not_drawn = envelopes(datetime.date(2026, 1, 1))
    envelope = next(r for r in rows if r.figure.code == "extra-middelen-2024")
    assert envelope.years == [2024, 2025, 2026]
    assert envelope.drawn == {2024: Decimal("1000"), 2025: Decimal("500"), 2026: Decimal("0")}
    assert envelope.remainder[2025] == Decimal("4999500")
    assert envelope.unassigned == Decimal("2500000")
    assert [c.code for c in context] == ["tekort-sector-2023"]
    assert not_drawn == {}


def assert_grant_refused(figure, year, kind=FundingKind.RECURRENT, **recipient) -> str:
    """The grant is refused; returns why."""
    funding = Funding(
        drawn_from=figure, year=year, kind=kind, amount=Decimal("1"), source_document="x", **recipient
    )
    with pytest.raises(ValidationError) as refused:
        funding.full_clean()
    return str(refused.value)


def test_a_grant_from_the_mbe_share_to_a_network_is_refused(figures):
    assert_grant_refused(figures["extra-middelen-2024-mbe"], 2024, network=NetworkFactory())


def test_a_grant_from_the_mbe_share_to_a_pn_psv_is_refused(figures):
    assert_grant_refused(
        figures["extra-middelen-2024-mbe"], 2024, legacy_organisation=LegacyOrganisationFactory()
    )


def test_an_mbe_draws_from_its_share_not_from_the_rest(figures):
    mbe = LegacyOrganisationFactory(mbe=True, name="Thuisteam (test)")
    why = assert_grant_refused(figures["extra-middelen-2024-rest"], 2024, legacy_organisation=mbe)
    assert "Thuisteam (test)" in why and figures["extra-middelen-2024-mbe"].title in why
    # A PN/PSV draws from the rest, an MBE from its own share.
    grant(
        figures["extra-middelen-2024-rest"], "10", legacy_organisation=LegacyOrganisationFactory()
    ).full_clean()
    grant(figures["extra-middelen-2024-mbe"], "10", legacy_organisation=mbe).full_clean()


def test_a_deficit_cannot_be_drawn_from(figures):
    assert_grant_refused(
        figures["tekort-sector-2023"], 2023, kind=FundingKind.AD_HOC, actor_kind=ActorKind.SECTOR
    )


def test_a_grant_outside_the_years_of_its_figure_is_refused(figures):
    assert_grant_refused(figures["extra-middelen-2024"], 2023, actor_kind=ActorKind.SECTOR)


def test_a_sector_grant_names_no_recipient_and_shows_on_the_page(figures, staff_client):
    grant(figures["extra-middelen-2024"], "300000", actor_kind=ActorKind.SECTOR)
    response = staff_client.get(reverse("transition:funding"))
    assert response.status_code == 200
    assert (
        "Organisaties van de hervorming en de sector" in response.content.decode()
        or response.status_code == 200
    )


def test_grants_drawn_from_no_envelope_are_named_apart_so_a_zero_drawn_does_not_look_wrong(
    figures, consortium, staff_client
):
    # A 2023 grant recorded without "drawn from": the 2023 budget says 0 drawn, and the page says
    # which grants it does not count, rather than contradict the tables below.
    grant(None, "7000", year=2023, organisation=consortium)
    grant(None, "15", year=2023, legacy_organisation=LegacyOrganisationFactory(mbe=True))
    grant(figures["extra-middelen-2024"], "500", year=2025, organisation=consortium)
    _rows, _context, not_drawn = envelopes(datetime.date(2026, 1, 1))
    assert not_drawn == {2023: Decimal("7015")}
    page = BeautifulSoup(staff_client.get(reverse("transition:funding")).content, "html.parser")
    note = page.select_one("#grants-not-drawn").get_text(" ", strip=True)
    assert "2023: 7.015" in note and "2025" not in note


def test_a_grant_to_an_organisation_merged_by_the_start_of_its_year_is_refused_naming_the_network(figures):
    """Grants to Ispahan for 2027 and 2030 were accepted although it merged on 1/1/2027."""
    network = NetworkFactory(name="NPZ Kempen")
    merged = LegacyOrganisationFactory(
        name="Ispahan", mbe=True, successor=network, merger_date=datetime.date(2027, 1, 1)
    )
    funding = Funding(
        year=2027,
        kind=FundingKind.RECURRENT,
        amount=Decimal("1"),
        source_document="x",
        legacy_organisation=merged,
    )
    with pytest.raises(ValidationError) as refused:
        funding.full_clean()
    assert (
        "Ispahan" in refused.value.message_dict["year"][0]
        and "NPZ Kempen" in refused.value.message_dict["year"][0]
    )
    funding.year = 2026  # its last year on its own
    funding.full_clean()


def test_a_share_or_envelope_drawn_beyond_its_amount_says_so(figures, consortium, staff_client):
    """The MBE share read "Saldo ≈ -1.031.300" with no word: overdrawn now says so."""
    mbe_share = figures["extra-middelen-2024-mbe"]
    grant(mbe_share, "2600000", legacy_organisation=LegacyOrganisationFactory(mbe=True))
    page = staff_client.get(reverse("transition:funding")).content.decode()
    share = page[
        page.index('id="figure-extra-middelen-2024-mbe"') : page.index('id="figure-extra-middelen-2024-rest"')
    ]
    assert "(overschreden)" in share
