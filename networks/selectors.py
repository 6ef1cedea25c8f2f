"""Reads that span several tables: coverage of the regional care zones on a given day."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from networks.models import (
    LegacyOrganisation,
    Municipality,
    MunicipalityFigures,
    Network,
    NetworkStatusChange,
    RegionalCareZone,
    RegionalCareZoneMembership,
    ServiceArea,
)


@dataclass
class ZoneCoverage:
    zone: RegionalCareZone
    areas: list[ServiceArea]
    municipalities: list[Municipality] = field(default_factory=list)
    population: int = 0

    @property
    def networks(self) -> list[Network]:
        return [area.network for area in self.areas]

    @property
    def is_covered(self) -> bool:
        return len(self.areas) == 1

    @property
    def is_claimed_twice(self) -> bool:
        return len(self.areas) > 1


@dataclass
class Coverage:
    day: datetime.date
    zones: list[ZoneCoverage]
    municipalities_without_zone: list[Municipality]
    legacy_without_successor: list[LegacyOrganisation]
    networks: list[Network]
    population_total: int
    population_year: int | None

    @property
    def uncovered_zones(self) -> list[ZoneCoverage]:
        return [z for z in self.zones if not z.areas]

    @property
    def zones_claimed_twice(self) -> list[ZoneCoverage]:
        return [z for z in self.zones if z.is_claimed_twice]

    @property
    def covered_zones(self) -> list[ZoneCoverage]:
        return [z for z in self.zones if z.areas]

    @property
    def uncovered_municipalities(self) -> list[Municipality]:
        return sorted(
            [m for z in self.uncovered_zones for m in z.municipalities] + self.municipalities_without_zone,
            key=lambda m: m.name,
        )

    @property
    def population_covered(self) -> int:
        return sum(z.population for z in self.covered_zones)

    @property
    def population_share(self) -> float | None:
        return self.population_covered / self.population_total if self.population_total else None

    @property
    def is_complete(self) -> bool:
        return (
            not self.uncovered_zones and not self.zones_claimed_twice and not self.municipalities_without_zone
        )


def latest_population(day: datetime.date) -> tuple[dict[int, int], int | None]:
    """Population per municipality id from the most recent count on or before `day`'s year
    (counts are on 1 January), and the year used most often."""
    rows = (
        MunicipalityFigures.objects.filter(population__isnull=False, year__lte=day.year)
        .order_by("municipality_id", "-year")
        .values_list("municipality_id", "year", "population")
    )
    population, years = {}, defaultdict(int)
    for municipality_id, year, count in rows:
        if municipality_id not in population:
            population[municipality_id] = count
            years[year] += 1
    return population, (max(years, key=years.get) if years else None)


def coverage_on(day: datetime.date) -> Coverage:
    """Which zones are served by which network on `day`, and what is left: a fixed number of
    queries whatever the number of zones, networks or municipalities."""
    areas_by_zone = defaultdict(list)
    for area in (
        ServiceArea.objects.valid_on(day)
        .select_related("network", "zone")
        .prefetch_related(
            Prefetch(
                "network__status_changes",
                queryset=NetworkStatusChange.objects.order_by("effective_date", "pk"),
                to_attr="prefetched_status_changes",
            )
        )
    ):
        areas_by_zone[area.zone_id].append(area)

    population, population_year = latest_population(day)
    municipalities = {m.pk: m for m in Municipality.objects.all()}
    zone_of = dict(RegionalCareZoneMembership.objects.valid_on(day).values_list("municipality_id", "zone_id"))
    members = defaultdict(list)
    for municipality_id, zone_id in zone_of.items():
        members[zone_id].append(municipalities[municipality_id])

    zones = []
    for zone in RegionalCareZone.objects.order_by("name"):
        zone_members = sorted(members.get(zone.pk, []), key=lambda m: m.name)
        zones.append(
            ZoneCoverage(
                zone=zone,
                areas=areas_by_zone.get(zone.pk, []),
                municipalities=zone_members,
                population=sum(population.get(m.pk, 0) for m in zone_members),
            )
        )
    networks = sorted({a.network for areas in areas_by_zone.values() for a in areas}, key=lambda n: n.name)
    return Coverage(
        day=day,
        zones=zones,
        municipalities_without_zone=sorted(
            (m for pk, m in municipalities.items() if pk not in zone_of), key=lambda m: m.name
        ),
        legacy_without_successor=list(
            LegacyOrganisation.objects.without_successor_on(day)
            .select_related("successor")
            .order_by("kind", "name")
        ),
        networks=networks,
        population_total=sum(population.get(pk, 0) for pk in municipalities),
        population_year=population_year,
    )
