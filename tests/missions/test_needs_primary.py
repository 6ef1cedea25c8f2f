"""The needs index per primary care zone (decision 0001 §2.5): the same computation over the
primary care zones, standardised among them; the Antwerp zones share their cluster's figures.
All places and numbers are fictional test data."""

import pytest

from missions.models import Indicator, IndicatorValue
from missions.models.indicators import BuiltinIndicator
from missions.selectors import PRIMARY, needs_overview
from networks.models import PrimaryCareZone
from tests.networks.factories import (
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    PrimaryCareZoneFactory,
    PrimaryCareZoneMembershipFactory,
    RegionalCareZoneFactory,
)

pytestmark = pytest.mark.django_db


def town(regional, primary, aged_65, partial_of=None):
    municipality = MunicipalityFactory(zone=regional)
    PrimaryCareZoneMembershipFactory(municipality=municipality, zone=primary)
    if partial_of:
        PrimaryCareZoneMembershipFactory(municipality=municipality, zone=partial_of, is_partial=True)
    MunicipalityFiguresFactory(municipality=municipality, year=2026, population=1000, aged_65_plus=aged_65)
    return municipality


def test_the_needs_index_per_primary_care_zone_inside_one_regional_zone():
    Indicator.objects.create(
        code="share-65", name="65+", name_en="65+", builtin=BuiltinIndicator.SHARE_65_PLUS,
        direction="MORE_NEED", weight=1, weight_source="Eigen aanname (test)",
    )  # fmt: skip
    zone_indicator = Indicator.objects.create(
        code="per-zone", name="Per zone", name_en="Per zone", direction="MORE_NEED", weight=1,
        weight_source="Eigen aanname (test)",
    )  # fmt: skip
    regional = RegionalCareZoneFactory(code="regio")
    other = RegionalCareZoneFactory(code="andere-regio")
    IndicatorValue.objects.create(indicator=zone_indicator, zone=regional, year=2025, value=1)
    IndicatorValue.objects.create(indicator=zone_indicator, zone=other, year=2025, value=2)
    north = PrimaryCareZoneFactory(code="noord", name="Noord")
    south = PrimaryCareZoneFactory(code="zuid", name="Zuid")
    cluster = PrimaryCareZoneFactory(
        code="stad-en-rand", name="Stad en rand", kind=PrimaryCareZone.Kind.ELZ_CLUSTER
    )
    city_part = PrimaryCareZoneFactory(
        code="stad-oost", kind=PrimaryCareZone.Kind.ELZ_SUBMUNICIPAL, parent=cluster
    )
    town(regional, north, 100)  # 10 %
    town(regional, north, 300)  # 30 %: north is 20 % over its two towns
    town(regional, south, 200)  # 20 %
    town(other, cluster, 500, partial_of=city_part)  # 50 %

    overview = needs_overview(level=PRIMARY)
    assert [zone.code for zone in overview.zones] == ["noord", "stad-en-rand", "zuid"]
    assert overview.values["share-65"] == pytest.approx({"noord": 20, "zuid": 20, "stad-en-rand": 50})
    # Values per regional care zone do not apply to primary care zones.
    assert "per-zone" in {item.code for item in overview.result.skipped}
    # By hand: shares 20, 20, 50; mean 30, population sd sqrt((100 + 100 + 400) / 3) = 14.142.
    assert overview.for_zone(north).index == pytest.approx(-10 / 14.142, abs=1e-3)
    assert overview.for_zone(cluster).index == pytest.approx(20 / 14.142, abs=1e-3)
    assert overview.suggested(north) == 1 and overview.suggested(cluster) == 3
    # The Antwerp-like part of the city shares the cluster's figures.
    assert overview.for_zone(city_part) is overview.for_zone(cluster)
    # At the regional level nothing changed: two regional zones, the zone indicator counts.
    regional_overview = needs_overview()
    assert "per-zone" not in {item.code for item in regional_overview.result.skipped}


def test_a_municipal_indicator_gives_a_zone_a_value_only_when_half_its_inhabitants_have_a_figure():
    # Fictional zones: "regio" has towns of 1,000, 1,000 and 3,000 inhabitants, "andere" one town.
    indicator = Indicator.objects.create(
        code="per-gemeente", name="Per gemeente", name_en="Per municipality", level="MUNICIPALITY",
        unit="%", direction="MORE_NEED", weight=1, weight_source="Eigen aanname (test)",
    )  # fmt: skip
    regional, other = RegionalCareZoneFactory(code="regio"), RegionalCareZoneFactory(code="andere")
    towns = []
    for zone, population in ((regional, 1000), (regional, 1000), (regional, 3000), (other, 2000)):
        towns.append(MunicipalityFactory(zone=zone))
        MunicipalityFiguresFactory(municipality=towns[-1], year=2026, population=population)

    def values(*figures):
        IndicatorValue.objects.all().delete()
        for municipality, value in figures:
            IndicatorValue.objects.create(
                indicator=indicator, municipality=municipality, year=2025, value=value
            )
        return needs_overview()

    # Two small towns (2,000 of 5,000 inhabitants) do not speak for "regio".
    assert values((towns[0], 10), (towns[1], 30), (towns[3], 40)).values["per-gemeente"] == {
        "regio": None, "andere": 40
    }  # fmt: skip
    # With the large town (4,000 of 5,000), the population-weighted mean of those with a figure.
    assert values((towns[0], 10), (towns[2], 30), (towns[3], 40)).values["per-gemeente"] == pytest.approx(
        {"regio": 25, "andere": 40}
    )
