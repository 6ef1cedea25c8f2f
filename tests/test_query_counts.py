"""Every page and API list answers in the same number of queries at two data sizes.

Parametrized over the named URLs (npz_registry/bench/pages.py gives each a sample path), so a
new page is measured as soon as it exists, and a named URL with no sample fails here. The data
is a small factory geography with the generator's fictional world on top
(npz_registry/bench/generate.py), built once per size: every page is measured as every persona
(anonymous, coordinator, staff; the back office as the superuser) at the small size, the data
rolled back, then again at the larger one, where there are more zones, municipalities,
networks, plans, goals, actions, indicators, progress, values, funding and history. A page's
statuses and query counts must be the same at both sizes, and no persona may need more than
MAX_QUERIES for a page (issue 11).

Pages whose counts still grow are marked xfail(strict=True) in GROWING with what grows, and pages
that still need more than MAX_QUERIES in OVER_BUDGET with their highest count today: the mark
fails as soon as a page is fixed, so the lists only shrink."""

from unittest import mock

import pytest
from django.db import transaction

from missions.models import ComplexityLevel, Indicator, IndicatorDirection, SextupleAim
from missions.models.indicators import BuiltinIndicator
from networks.models import CareCouncil, CareCouncilPolicyPeriod, ReformOrganisation, RegionalCareZone
from npz_registry.bench.generate import Shape, build_world
from npz_registry.bench.pages import (
    NOT_PAGES,
    MissingSample,
    Page,
    Samples,
    count_queries,
    named_urls,
    not_a_page,
    sample_path,
)
from tests.conftest import run_pending_commits
from tests.missions.factories import PartnerTypeFactory, make_themes
from tests.networks import factories as network_factories
from tests.transition.factories import ActionLineFactory
from transition.models import FundingFigure

pytestmark = pytest.mark.django_db

#: (zones, municipalities per zone, legacy organisations, action lines) and the generator's shape.
SIZES = {
    "small": ((2, 2, 2, 1), Shape(networks=2, goals=2, actions=1, indicators=1, progress_years=2,
                                  indicator_codes=2, value_years=1, action_line_updates=1)),
    "large": ((3, 4, 4, 3), Shape(networks=7, goals=4, actions=3, indicators=2, progress_years=4,
                                  indicator_codes=4, value_years=3, action_line_updates=3)),
}  # fmt: skip

#: Pages whose query count grows with the data today (the optimisation of issue 11 fixes them).
GROWING: dict[str, str] = {}

#: The most queries any persona may need for one page or API list (issue 11).
MAX_QUERIES = 12

#: Pages that still need more than MAX_QUERIES as some persona: their highest count today.
OVER_BUDGET: dict[str, int] = {}


def _geography(zones: int, municipalities: int, organisations: int, action_lines: int) -> None:
    """The reference data the generator builds on, from factories (not the full fixtures)."""
    make_themes()
    for number in range(1, 7):
        SextupleAim.objects.create(number=number, code=f"aim-{number}", name=f"Doel {number}", name_en="Aim")
    PartnerTypeFactory.create_batch(3)
    ComplexityLevel.objects.create(
        code="laag", order=1, name="Laag complexe zorg", name_en="Low complex care"
    )
    # The far-from-seat indicator reads the seats of the networks serving each zone, as on the
    # reference data.
    indicators = (
        (BuiltinIndicator.POPULATION, 0),
        (BuiltinIndicator.SHARE_65_PLUS, 1),
        (BuiltinIndicator.FAR_FROM_SEAT, 1),
    )
    for builtin, weight in indicators:
        Indicator.objects.create(
            code=builtin.lower(), name=builtin.label, name_en=builtin.label, builtin=builtin,
            direction=IndicatorDirection.MORE_NEED, weight=weight, weight_source="Test",
        )  # fmt: skip
    # Codes and names of their own, not the factories' running numbers: those depend on what ran
    # before in the process, and "zone-9" sorts after "zone-10", so the generator (which goes by
    # code) would give another organisation a successor and the sample pages another shape.
    primary = network_factories.PrimaryCareZoneFactory(code="qc-primary", name="Eerstelijnszone QC")
    for z in range(zones):
        zone = network_factories.RegionalCareZoneFactory(code=f"qc-zone-{z:02d}", name=f"Zone QC {z:02d}")
        for m in range(municipalities):
            municipality = network_factories.MunicipalityFactory(
                nis_code=f"8{z:02d}{m:02d}", name=f"Gemeente QC {z:02d}{m:02d}"
            )
            network_factories.RegionalCareZoneMembershipFactory(municipality=municipality, zone=zone)
            network_factories.PrimaryCareZoneMembershipFactory(municipality=municipality, zone=primary)
            network_factories.MunicipalityFiguresFactory(
                municipality=municipality, year=2020, population=9_000
            )
            network_factories.MunicipalityFiguresFactory(municipality=municipality, year=2026, deaths=90)
        for o in range(organisations):
            organisation = network_factories.LegacyOrganisationFactory(
                code=f"qc-pn-{z:02d}-{o:02d}", name=f"Palliatief netwerk QC {z:02d}-{o:02d}"
            )
            organisation.derived_regional_care_zones.add(zone)
    ActionLineFactory.create_batch(action_lines)
    network_factories.recognition_day_row()
    network_factories.ReformDateFactory(start="2027-mid", when_as_written="midden 2027")
    _actors_and_envelopes(primary, zones)


def _actors_and_envelopes(primary, zones: int) -> None:
    """An organisation of the reform, care councils with a policy period (one more per zone, so
    the plan page's councils grow with the data) and an envelope with a share."""
    ReformOrganisation.objects.create(code="consortium", name="Consortium", role="CONSORTIUM")
    councils = [CareCouncil.objects.create(primary_care_zone=primary)]
    for zone in RegionalCareZone.objects.all()[:zones]:
        extra = network_factories.PrimaryCareZoneFactory()
        municipality = network_factories.MunicipalityFactory(zone=zone)
        network_factories.PrimaryCareZoneMembershipFactory(municipality=municipality, zone=extra)
        councils.append(CareCouncil.objects.create(primary_care_zone=extra))
    for council in councils:
        CareCouncilPolicyPeriod.objects.create(council=council, start_year=2027, end_year=2031, source="test")
    envelope = FundingFigure.objects.create(
        code="extra", kind="ENVELOPE", title="Extra", amount=5_000_000, year_from=2024, source="test"
    )
    FundingFigure.objects.create(
        code="extra-mbe", kind="SHARE", title="MBE", part_of=envelope, year_from=2024
    )


def _is_admin(name: str) -> bool:
    return name.startswith("admin:")


def _measure(size: str, *, admin: bool) -> dict:
    """Statuses and query counts of every page (the back office's, or the others) at `size`,
    or the MissingSample of a page."""
    geography, shape = SIZES[size]
    with transaction.atomic():
        _geography(*geography)
        build_world(shape, seed=7)
        # As if committed (the data version goes up): pages then read the data version as they
        # do in production, rather than building afresh inside a transaction that changed data.
        run_pending_commits()
        samples, found, missing = Samples(), [], {}
        for name in named_urls():
            if _is_admin(name) != admin:
                continue
            try:
                path = sample_path(name, samples)
            except MissingSample as error:
                missing[name] = str(error)
                continue
            if path is not None:
                found.append(Page(name, path))
        counts = count_queries(found)
        transaction.set_rollback(True)
    return {"counts": counts, "missing": missing}


def _measured(django_db_blocker, *, admin: bool) -> dict:
    # The session's last-seen time is saved at most every SEEN_RESOLUTION seconds (three queries):
    # on a busy machine a measurement outlasts that and a random page would pay them. Not here.
    with django_db_blocker.unblock(), mock.patch("npz_registry.security.SEEN_RESOLUTION", 10**9):
        return {size: _measure(size, admin=admin) for size in SIZES}


# Two halves, each measured once by the xdist worker that runs it (make test: --dist loadgroup);
# session-scoped so that no module boundary in a worker's queue makes it measure them again.
@pytest.fixture(scope="session")
def measured_pages(django_db_setup, django_db_blocker):
    return _measured(django_db_blocker, admin=False)


@pytest.fixture(scope="session")
def measured_admin(django_db_setup, django_db_blocker):
    return _measured(django_db_blocker, admin=True)


def _params(*, admin: bool):
    for name in named_urls():
        if not_a_page(name) or _is_admin(name) != admin:
            continue
        marks = []
        if name in GROWING:
            marks.append(pytest.mark.xfail(strict=True, reason=GROWING[name]))
        elif name in OVER_BUDGET:
            reason = f"{OVER_BUDGET[name]} queries, more than {MAX_QUERIES}"
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        yield pytest.param(name, marks=marks, id=name)


def _assert_same_at_both_sizes(measured: dict, name: str) -> None:
    small, large = measured["small"], measured["large"]
    assert name not in small["missing"], small["missing"].get(name)
    opened = [role for role, (status, _queries) in small["counts"][name].items() if status == 200]
    assert opened or _is_admin(name), f"no persona can open the sample path of {name}"
    assert large["counts"][name] == small["counts"][name]
    most = max(queries for _status, queries in small["counts"][name].values())
    assert most <= MAX_QUERIES, f"{name}: {most} queries as {small['counts'][name]}"


@pytest.mark.xdist_group("query_counts_pages")
@pytest.mark.parametrize("name", list(_params(admin=False)))
def test_page_queries_do_not_grow_with_the_data(measured_pages, name):
    _assert_same_at_both_sizes(measured_pages, name)


@pytest.mark.xdist_group("query_counts_admin")
@pytest.mark.parametrize("name", list(_params(admin=True)))
def test_back_office_queries_do_not_grow_with_the_data(measured_admin, name):
    _assert_same_at_both_sizes(measured_admin, name)


def test_the_over_budget_pages_are_pages():
    assert set(OVER_BUDGET) <= set(named_urls()) - set(NOT_PAGES)


def test_pages_that_are_not_measured_say_why():
    assert all(reason.strip() for reason in NOT_PAGES.values())
    assert set(NOT_PAGES) <= set(named_urls())
