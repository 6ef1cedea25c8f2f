"""Reads for the mission pages: zone figures, the needs index, a network's matrix and its
evenness. Every function runs a fixed number of queries, whatever the number of zones or
networks."""

import copy
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone

from missions.distance import DEFAULT_THRESHOLD_KM, haversine_km, municipality_centroids, share_far
from missions.evenness import Basis, MunicipalityActivity, evenness
from missions.models import (
    ActivityCount,
    ComplexityLevel,
    Indicator,
    IndicatorDirection,
    IndicatorLevel,
    IndicatorValue,
    MissionTask,
    MissionTheme,
    PartnerOrganisation,
    PartnerType,
    RegionalIntensity,
    YearlyProgress,
)
from missions.models.indicators import BuiltinIndicator
from missions.needs import IndicatorInput, needs_index
from missions.selectors.days import progress_counted_on
from networks.models import (
    Municipality,
    MunicipalityFigures,
    Network,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RegionalCareZone,
    RegionalCareZoneMembership,
    ServiceArea,
)
from networks.selectors import latest_population
from npz_registry import dataversion
from npz_registry.aggregates import day_in, json_rows, linked_rows, rows_in


@dataclass
class ZoneFigures:
    """Municipal figures summed per zone. Shares use numerator and population of the same
    1 January; deaths of year D are divided by the population on 1 January of D+1 (or of D
    when that is missing)."""

    population: int | None = None
    population_year: int | None = None
    aged_65_plus: int | None = None
    aged_80_plus: int | None = None
    share_65_plus: float | None = None
    share_80_plus: float | None = None
    age_year: int | None = None
    deaths: int | None = None
    deaths_year: int | None = None
    deaths_per_1000: float | None = None
    municipalities: list = field(default_factory=list)

    def builtin_value(self, kind: str) -> float | None:
        return {
            BuiltinIndicator.POPULATION: self.population,
            BuiltinIndicator.SHARE_65_PLUS: self.share_65_plus * 100
            if self.share_65_plus is not None
            else None,
            BuiltinIndicator.SHARE_80_PLUS: self.share_80_plus * 100
            if self.share_80_plus is not None
            else None,
            BuiltinIndicator.DEATHS_PER_1000: self.deaths_per_1000,
        }.get(kind)


#: The two scales of the needs index: regional care zones, or primary care zones inside them.
REGIONAL, PRIMARY = "REGIONAL", "PRIMARY"


def members_by_zone(day: datetime.date, level: str = REGIONAL) -> dict[int, list[int]]:
    """Municipality ids per zone id on `day` (one query). At the PRIMARY level only whole
    municipalities count: the four Antwerp zones cut through the city along statistical sectors,
    so municipal figures cannot be split between them; their cluster row holds the city."""
    if level == PRIMARY:
        memberships = PrimaryCareZoneMembership.objects.valid_on(day).filter(is_partial=False)
    else:
        memberships = RegionalCareZoneMembership.objects.valid_on(day)
    members = defaultdict(list)
    for municipality_id, zone_id in memberships.values_list("municipality_id", "zone_id"):
        members[zone_id].append(municipality_id)
    return members


def municipal_figures(day: datetime.date) -> dict[int, dict[int, dict]]:
    """{municipality id: {year: its figures}} of the years up to `day`'s (one query)."""
    per_municipality = defaultdict(dict)
    for row in MunicipalityFigures.objects.filter(year__lte=day.year).values(
        "municipality_id", "year", "population", "aged_65_plus", "aged_80_plus", "deaths"
    ):
        per_municipality[row["municipality_id"]][row["year"]] = row
    return per_municipality


def population_of(per_municipality: dict[int, dict[int, dict]]) -> dict[int, int]:
    """Population per municipality id from its most recent count in `per_municipality`
    (municipal_figures): what networks.selectors.latest_population reads, without a query."""
    population = {}
    for municipality_id, years in per_municipality.items():
        counted = [year for year, row in years.items() if row["population"] is not None]
        if counted:
            population[municipality_id] = years[max(counted)]["population"]
    return population


class MunicipalReads:
    """The municipal reads the needs index (both levels) and the evenness share, each read at
    most once for one request on `day` (today by default): pass one object to needs_overview and
    evenness_for_networks instead of letting each read the same tables again. Nothing is kept
    beyond the object, which lives as long as the request."""

    def __init__(self, day: datetime.date | None = None):
        self.day = day or timezone.localdate()
        self._members = {}

    def members(self, level: str = REGIONAL) -> dict[int, list[int]]:
        """members_by_zone of the day at `level` (read with the zones: regional_zones, or
        primary_memberships at the primary level)."""
        if level == PRIMARY and level not in self._members:
            members = defaultdict(list)
            for membership in self.primary_memberships:
                if not membership.is_partial:
                    members[membership.zone_id].append(membership.municipality_id)
            self._members[level] = members
        if level not in self._members:
            self._members[level] = {
                zone.pk: sorted(row["municipality_id"] for row in zone.member_rows)
                for zone in self.regional_zones
                if zone.member_rows
            }
        return self._members[level]

    @cached_property
    def nis_codes(self) -> dict[int, str]:
        """NIS code per municipality id of the regional care zones' members on the day (read
        with regional_zones)."""
        return {
            row["municipality_id"]: row["nis_code"]
            for zone in self.regional_zones
            for row in zone.member_rows or []
        }

    @cached_property
    def regional_zones(self) -> list[RegionalCareZone]:
        """Every regional care zone by name with its municipalities on the day (`member_rows`:
        their ids and NIS codes; members, nis_codes) and its service areas of any day, with the
        NIS code of the network's seat (`area_rows`; service_areas): one query."""
        memberships = RegionalCareZoneMembership.objects.valid_on(self.day)
        members = json_rows(memberships, "zone", "municipality_id", nis_code="municipality__nis_code")
        fields = ("pk", "network_id", "valid_from", "valid_until", "note")
        areas = json_rows(ServiceArea.objects.all(), "zone", *fields, seat_nis_code="network__seat__nis_code")
        return list(RegionalCareZone.objects.order_by("name").annotate(member_rows=members, area_rows=areas))

    @cached_property
    def primary_zones(self) -> list[PrimaryCareZone]:
        """Every primary care zone by name with its parent and its memberships on the day
        (`membership_rows`; primary_memberships): one query."""
        memberships = PrimaryCareZoneMembership.objects.valid_on(self.day)
        rows = json_rows(memberships, "zone", "pk", "municipality_id", "is_partial")
        return list(
            PrimaryCareZone.objects.select_related("parent").order_by("name").annotate(membership_rows=rows)
        )

    @cached_property
    def service_areas(self) -> list[ServiceArea]:
        """Every service area with its zone, by zone name and start (read with regional_zones):
        the matrices' zones and the evenness's. Their key, network id, dates and note only."""
        areas = []
        for zone in self.regional_zones:
            for row in sorted(zone.area_rows or [], key=lambda row: (row["valid_from"], row["pk"])):
                row = {**row, **{name: day_in(row[name]) for name in ("valid_from", "valid_until")}}
                seat = row.pop("seat_nis_code")
                area = ServiceArea(**row, zone=zone)
                area.seat_nis_code = seat  # the NIS code of the network's seat (far_from_seat)
                areas.append(area)
        return areas

    def current_service_areas(self, network_ids) -> list[ServiceArea]:
        """current_service_areas of `network_ids` on the day, from service_areas."""
        ids = set(network_ids)
        return [
            area
            for area in self.service_areas
            if area.network_id in ids and (area.valid_until is None or area.valid_until >= self.day)
        ]

    @cached_property
    def primary_memberships(self) -> list[PrimaryCareZoneMembership]:
        """The memberships of primary care zones on the day, with their zone (read with
        primary_zones): unsaved-looking rows with their key, zone, municipality id and
        `is_partial`, by zone name."""
        return [
            PrimaryCareZoneMembership(
                pk=row["pk"],
                zone=zone,
                municipality_id=row["municipality_id"],
                is_partial=bool(row["is_partial"]),
            )
            for zone in self.primary_zones
            for row in sorted(zone.membership_rows or [], key=lambda row: row["pk"])
        ]

    @cached_property
    def _figures(self) -> dict[int, dict[int, dict]]:
        # Up to next year: the evenness reads the population on 1 January after its year.
        return municipal_figures(datetime.date(self.day.year + 1, 1, 1))

    def figures(self) -> dict[int, dict[int, dict]]:
        """municipal_figures of the day."""
        return {
            municipality_id: {year: row for year, row in years.items() if year <= self.day.year}
            for municipality_id, years in self._figures.items()
        }

    def _latest(self, column: str, year: int) -> dict[int, tuple[int, int]]:
        """Per municipality id (in id order): (year, value) of its latest `column` up to `year`."""
        found = {}
        for municipality_id in sorted(self._figures):
            years = self._figures[municipality_id]
            counted = [y for y, row in years.items() if y <= year and row[column] is not None]
            if counted:
                found[municipality_id] = (max(counted), years[max(counted)][column])
        return found

    def latest_population(self, year: int) -> tuple[dict[int, int], int | None]:
        """networks.selectors.latest_population of 1 January of `year`."""
        if year > self.day.year + 1:
            return latest_population(datetime.date(year, 1, 1))
        latest = self._latest("population", year)
        years = defaultdict(int)
        for counted, _population in latest.values():
            years[counted] += 1
        population = {municipality_id: value for municipality_id, (_year, value) in latest.items()}
        return population, (max(years, key=years.get) if years else None)

    def latest_deaths(self, year: int) -> dict[int, int]:
        """latest_deaths of `year`."""
        if year > self.day.year + 1:
            return latest_deaths(year)
        return {
            municipality_id: value for municipality_id, (_year, value) in self._latest("deaths", year).items()
        }

    @cached_property
    def indicators(self) -> list[Indicator]:
        """Every indicator of the needs index with its imported values up to the day's year
        (indicator_values), in one query."""
        values = IndicatorValue.objects.filter(year__lte=self.day.year)
        # The value as text, so that it comes back as the exact Decimal (JSON has no decimals).
        fields = ("pk", "zone_id", "municipality_id", "year")
        rows = json_rows(values, "indicator", *fields, value=Cast("value", CharField()))
        return list(Indicator.objects.order_by("-weight", "code").annotate(value_rows=rows))

    @cached_property
    def indicator_values(self) -> dict[int, list[dict]]:
        """The imported values up to the day's year, per indicator id, latest year first (read
        with the indicators)."""
        imported = defaultdict(list)
        for indicator in self.indicators:
            for row in sorted(indicator.value_rows or [], key=lambda row: (-row["year"], row["pk"])):
                imported[indicator.pk].append(
                    {
                        "indicator_id": indicator.pk,
                        "zone_id": row["zone_id"],
                        "municipality_id": row["municipality_id"],
                        "year": row["year"],
                        "value": Decimal(row["value"]),
                    }
                )
        return imported


def zone_figures(
    day: datetime.date | None = None, level: str = REGIONAL, *, members=None, per_municipality=None
) -> dict[int, ZoneFigures]:
    """Figures per zone id on `day` (default today), regional or primary care zones: two
    queries (none when given `members`, members_by_zone, and `per_municipality`,
    municipal_figures, of the same day and level)."""
    day = day or timezone.localdate()
    members = members_by_zone(day, level) if members is None else members
    per_municipality = municipal_figures(day) if per_municipality is None else per_municipality

    result = {}
    for zone_id, municipality_ids in members.items():
        sums = defaultdict(lambda: defaultdict(int))  # year -> column -> sum
        counts = defaultdict(lambda: defaultdict(int))  # year -> column -> municipalities with a value
        for municipality_id in municipality_ids:
            for year, row in per_municipality.get(municipality_id, {}).items():
                for column in ("population", "aged_65_plus", "aged_80_plus", "deaths"):
                    if row[column] is not None:
                        sums[year][column] += row[column]
                        counts[year][column] += 1
        complete = len(municipality_ids)

        def years_with(column, sums=sums, counts=counts, complete=complete):
            # Only years where every municipality of the zone has a value: partial sums mislead.
            return sorted(y for y in sums if counts[y][column] == complete)

        figures = ZoneFigures(municipalities=municipality_ids)
        population_years = years_with("population")
        if population_years:
            figures.population_year = population_years[-1]
            figures.population = sums[figures.population_year]["population"]
        for column in ("aged_65_plus", "aged_80_plus"):
            years = [y for y in years_with(column) if y in population_years]
            if years:
                year = years[-1]
                setattr(figures, column, sums[year][column])
                setattr(
                    figures, column.replace("aged_", "share_"), sums[year][column] / sums[year]["population"]
                )
                figures.age_year = year
        death_years = years_with("deaths")
        if death_years:
            year = death_years[-1]
            figures.deaths, figures.deaths_year = sums[year]["deaths"], year
            base_year = (
                year + 1 if year + 1 in population_years else (year if year in population_years else None)
            )
            if base_year is not None and sums[base_year]["population"]:
                figures.deaths_per_1000 = sums[year]["deaths"] / sums[base_year]["population"] * 1000
        result[zone_id] = figures
    return result


@dataclass
class NeedsOverview:
    zones: list  # RegionalCareZone, or PrimaryCareZone at the PRIMARY level
    figures: dict[int, ZoneFigures]
    indicators: list[Indicator]
    values: dict[str, dict[str, float | None]]  # indicator code -> zone code -> value
    result: object  # missions.needs.IndexResult
    level: str = REGIONAL
    #: Primary level: the zones without figures of their own (the four Antwerp zones) -> the
    #: code of the row whose figures they share (the Antwerp cluster).
    shares_figures_of: dict[str, str] = field(default_factory=dict)

    def for_zone(self, zone):
        code = self.shares_figures_of.get(zone.code, zone.code)
        return self.result.zones.get(code)

    def suggested(self, zone) -> int | None:
        needs = self.for_zone(zone)
        return needs.suggested_level if needs else None

    @property
    def skipped(self) -> list[dict]:
        """The indicators left out of the index, each by its label in the active language (the
        code where none is known), with the reason."""
        labels = {indicator.code: indicator.label for indicator in self.indicators}
        return [{"label": labels.get(code, code), "reason": reason} for code, reason in self.result.skipped]


def far_from_seat(
    day: datetime.date, figures: dict[int, ZoneFigures], population: dict[int, int], threshold, *, reads=None
) -> dict[int, float | None]:
    """Per zone id of `figures`: the percentage of its population living in municipalities whose
    centroid lies more than `threshold` km (default: our assumption, missions.distance) from the
    seat of the network serving the municipality's regional care zone on `day` (the nearest seat
    when two networks serve it). None for a zone with a municipality no network with a seat
    serves. From the service areas, members and NIS codes `reads` (of the day) reads with the
    regional care zones: one query, none when `reads` has read them."""
    reads = reads if reads is not None and reads.day == day else MunicipalReads(day)
    threshold_km = float(threshold) if threshold is not None else DEFAULT_THRESHOLD_KM
    centroids = municipality_centroids()
    seats = defaultdict(set)  # regional zone id -> NIS codes of the seats serving it
    for area in reads.service_areas:
        if area.seat_nis_code is not None and area.is_valid_on(day):
            seats[area.zone_id].add(area.seat_nis_code)
    nis_of = reads.nis_codes
    seats_of_municipality = {
        municipality_id: seats.get(zone_id, set())
        for zone_id, ids in reads.members().items()
        for municipality_id in ids
    }
    result = {}
    for zone_id, zone in figures.items():
        rows = []
        for municipality_id in zone.municipalities:
            centre = centroids.get(nis_of.get(municipality_id))
            options = [centroids[s] for s in seats_of_municipality.get(municipality_id, ()) if s in centroids]
            if centre is None or not options:
                break
            distance = min(haversine_km(centre, seat) for seat in options)
            rows.append((population.get(municipality_id, 0), distance))
        else:
            share = share_far(rows, threshold_km)
            result[zone_id] = share * 100 if share is not None else None
    return result


def _zones_of_level(level: str, reads: MunicipalReads) -> tuple[list, dict[str, str]]:
    """The zones compared at `level` and, at the primary level, the zones that share the figures
    of another row (read by `reads` with the members of the level)."""
    if level != PRIMARY:
        return list(reads.regional_zones), {}
    everything = reads.primary_zones
    shared = {
        zone.code: zone.parent.code
        for zone in everything
        if zone.kind == PrimaryCareZone.Kind.ELZ_SUBMUNICIPAL and zone.parent
    }
    return [zone for zone in everything if zone.code not in shared], shared


def needs_overview(
    day: datetime.date | None = None, level: str = REGIONAL, *, reads: MunicipalReads | None = None
) -> NeedsOverview:
    """needs_overview_built of `day` (today by default) at `level`, cached per data version:
    every zone's index is read from all indicator values, which grow with the data. Built from
    `reads` (of the same day) when given, so that the page's other reads of them are not
    repeated."""
    day = day or timezone.localdate()
    return dataversion.cached(
        f"needs-overview:{level}:{day.isoformat()}", lambda: needs_overview_built(day, level, reads=reads)
    )


def _without_values(indicator: Indicator) -> Indicator:
    """The indicator without the imported values it was read with (MunicipalReads.indicators):
    the overview keeps what they add up to, and with them the cached overview would be
    megabytes, read back on every page that shows the index."""
    bare = copy.copy(indicator)
    bare.__dict__.pop("value_rows", None)
    return bare


#: The share of a zone's inhabitants whose municipalities must have a figure before a municipal
#: indicator gives the zone a value (our own assumption).
MUNICIPAL_COVERAGE = 0.5


def needs_overview_built(
    day: datetime.date, level: str = REGIONAL, *, reads: MunicipalReads | None = None
) -> NeedsOverview:
    """The needs index of every regional care zone (or, at `level` PRIMARY, of every primary
    care zone): built-in indicators from the municipal figures, imported ones from their latest
    year on or before `day` (municipal values averaged per zone, weighted by population; values
    per regional care zone do not apply to primary care zones). Standardised over all zones of
    the level, so one zone's index means the same on every page."""
    reads = reads if reads is not None and reads.day == day else MunicipalReads(day)
    zones, shared = _zones_of_level(level, reads)
    members, per_municipality = reads.members(level), reads.figures()
    figures = zone_figures(day, level, members=members, per_municipality=per_municipality)
    indicators, imported = reads.indicators, reads.indicator_values
    zone_of = {}
    for zone_id, municipality_ids in members.items():
        for municipality_id in municipality_ids:
            zone_of[municipality_id] = zone_id
    population = population_of(per_municipality)

    values = {}
    for indicator in indicators:
        if indicator.builtin == BuiltinIndicator.FAR_FROM_SEAT:
            per_zone = far_from_seat(day, figures, population, indicator.parameter, reads=reads)
            values[indicator.code] = {zone.code: per_zone.get(zone.pk) for zone in zones}
            continue
        if indicator.builtin:
            values[indicator.code] = {
                zone.code: figures[zone.pk].builtin_value(indicator.builtin) if zone.pk in figures else None
                for zone in zones
            }
            continue
        rows = imported.get(indicator.pk, [])
        latest = max((row["year"] for row in rows), default=None)
        per_zone = {}
        if indicator.level == IndicatorLevel.ZONE:
            if level == REGIONAL:
                per_zone = {row["zone_id"]: float(row["value"]) for row in rows if row["year"] == latest}
        else:
            weighted, weights = defaultdict(float), defaultdict(float)
            for row in rows:
                zone_id = zone_of.get(row["municipality_id"])
                if row["year"] == latest and zone_id is not None:
                    weight = population.get(row["municipality_id"], 0)
                    weighted[zone_id] += float(row["value"]) * weight
                    weights[zone_id] += weight
            # A zone whose municipalities with a figure hold less than half of its inhabitants
            # gets no value: one municipality must not speak for the zone.
            inhabitants = {
                zone_id: sum(population.get(m, 0) for m in municipality_ids)
                for zone_id, municipality_ids in members.items()
            }
            per_zone = {
                zone_id: weighted[zone_id] / weights[zone_id]
                for zone_id in weights
                if weights[zone_id] and weights[zone_id] >= MUNICIPAL_COVERAGE * inhabitants.get(zone_id, 0)
            }
        values[indicator.code] = {zone.code: per_zone.get(zone.pk) for zone in zones}

    inputs = [
        IndicatorInput(
            code=indicator.code,
            name=indicator.label,
            weight=float(indicator.weight),
            higher_means_more_need=indicator.direction == IndicatorDirection.MORE_NEED,
            values=values[indicator.code],
        )
        for indicator in indicators
    ]
    result = needs_index(inputs, [zone.code for zone in zones])
    return NeedsOverview(
        zones=zones,
        figures=figures,
        indicators=[_without_values(indicator) for indicator in indicators],
        values=values,
        result=result,
        level=level,
        shares_figures_of=shared,
    )


def current_service_areas(network_ids=None):
    """Service areas that run today or start later: the zones a matrix is about."""
    today = timezone.localdate()
    areas = ServiceArea.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    ).select_related("zone")
    if network_ids is not None:
        areas = areas.filter(network_id__in=network_ids)
    return areas.order_by("zone__name", "valid_from")


def primary_care_zones_by_zone(
    day: datetime.date | None = None, *, reads: MunicipalReads | None = None
) -> dict[int, list[PrimaryCareZone]]:
    """Per regional care zone id, the primary care zones that share at least one municipality
    with it on `day` (default today), by name; a zone that straddles two regional care zones is
    listed under both (its cell then means the part inside the regional care zone). Cached per
    data version; else two queries (none when `reads` of the day has read the regional members
    and the primary memberships)."""
    day = day or timezone.localdate()
    reads = reads if reads is not None and reads.day == day else None
    return dataversion.cached(
        f"primary-care-zones-by-zone:{day.isoformat()}",
        lambda: _primary_care_zones_by_zone_built(reads or MunicipalReads(day)),
    )


def _primary_care_zones_by_zone_built(reads: MunicipalReads) -> dict[int, list[PrimaryCareZone]]:
    regional_of = defaultdict(set)
    for zone_id, municipality_ids in reads.members().items():
        for municipality_id in municipality_ids:
            regional_of[municipality_id].add(zone_id)
    found = defaultdict(dict)
    memberships = [m for m in reads.primary_memberships if m.zone.kind != PrimaryCareZone.Kind.ELZ_CLUSTER]
    for membership in memberships:
        for zone_id in regional_of.get(membership.municipality_id, ()):
            found[zone_id][membership.zone_id] = membership.zone
    return {zone_id: sorted(zones.values(), key=lambda z: z.name) for zone_id, zones in found.items()}


def level_range(levels) -> str:
    """ "2" or "1–3": the spread of the levels of a refined cell."""
    levels = [level for level in levels if level is not None]
    if not levels:
        return ""
    low, high = min(levels), max(levels)
    return f"{low}" if low == high else f"{low}–{high}"


@dataclass
class MatrixCell:
    zone: RegionalCareZone
    theme: MissionTheme
    intensity: RegionalIntensity | None
    suggested: int | None
    refinements: list[RegionalIntensity] = field(default_factory=list)

    @property
    def refined_range(self) -> str:
        return level_range(refinement.level for refinement in self.refinements)

    @property
    def missing(self) -> bool:
        return self.intensity is None

    @property
    def steps_from_suggestion(self) -> int:
        if self.intensity is None or self.suggested is None:
            return 0
        return abs(self.intensity.level - self.suggested)


@dataclass
class MatrixRow:
    zone: RegionalCareZone
    area: ServiceArea
    figures: ZoneFigures | None
    needs: object
    cells: list[MatrixCell]


@dataclass
class NetworkMatrix:
    network: Network
    themes: list[MissionTheme]
    rows: list[MatrixRow]

    @property
    def missing(self) -> list[MatrixCell]:
        return [cell for row in self.rows for cell in row.cells if cell.missing]

    @property
    def is_complete(self) -> bool:
        return bool(self.rows) and not self.missing


def complexity_level_choices() -> list[tuple[int, str]]:
    """(pk, label) of every complexity level, for the checkboxes of several forms (one query)."""
    return [(level.pk, level.label) for level in ComplexityLevel.objects.all()]


def partner_type_and_complexity_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(pk, label) of every partner type and of every complexity level, each in its model's
    order, for the checkboxes of a cell's form: the two small tables in one query."""
    columns = ("pk", "order", "name", "name_en", "table", "sort")
    kinds = PartnerType.objects.order_by().annotate(table=Value(0), sort=F("name")).values(*columns)
    levels = ComplexityLevel.objects.order_by().annotate(table=Value(1), sort=F("code")).values(*columns)
    rows = sorted(kinds.union(levels, all=True), key=lambda row: (row["table"], row["order"], row["sort"]))
    label = {0: PartnerType, 1: ComplexityLevel}
    choices = {0: [], 1: []}
    for row in rows:
        model = label[row["table"]]
        choices[row["table"]].append((row["pk"], model(name=row["name"], name_en=row["name_en"]).label))
    return choices[0], choices[1]


def _as_prefetched(instance, name: str, items: list) -> None:
    """Let `instance.<name>.all()` answer with `items`, as prefetch_related would have."""
    found = getattr(instance, name).all()
    found._result_cache, found._prefetch_done = list(items), True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = found


def core_themes(*, with_tasks: bool = False) -> list[MissionTheme]:
    """The core themes by number, each with its folded themes (`theme.folded_themes.all()`
    answers without a query) and, `with_tasks`, its tasks (`theme.tasks.all()`, by letter):
    the whole (small) table in one query."""
    themes = MissionTheme.objects.order_by("number")
    if with_tasks:
        fields = ("pk", "theme_id", "letter", "description", "description_en")
        themes = themes.annotate(task_rows=json_rows(MissionTask.objects.all(), "theme", *fields))
    themes = list(themes)
    folded = defaultdict(list)
    for theme in themes:
        if theme.folded_into_id is not None:
            folded[theme.folded_into_id].append(theme)
    core = [theme for theme in themes if theme.folded_into_id is None]
    for theme in core:
        _as_prefetched(theme, "folded_themes", folded[theme.pk])
        if with_tasks:
            _as_prefetched(
                theme, "tasks", rows_in(MissionTask, theme.task_rows, order=lambda task: task.letter)
            )
    return core


def matrix_intensities(network: Network, zone_code: str | None = None) -> list[RegionalIntensity]:
    """The network's intensities (zone cells and their refinements, by primary care zone name;
    of one zone when `zone_code` is given) with their primary care zone, and their partner
    types, partners and complexity levels (`intensity.partners.all()` and the others answer
    without a query): one query."""
    bilingual = {"name": "name", "name_en": "name_en"}
    intensities = RegionalIntensity.objects.filter(network=network)
    if zone_code is not None:
        intensities = intensities.filter(zone__code=zone_code)
    found = list(
        intensities.select_related("primary_care_zone")
        .annotate(
            partner_type_rows=linked_rows(
                RegionalIntensity.partner_types.through, "partnertype", order="order", **bilingual
            ),
            partner_rows=linked_rows(
                RegionalIntensity.partners.through, "partnerorganisation", code="code", name="name"
            ),
            level_rows=linked_rows(
                RegionalIntensity.complexity_levels.through,
                "complexitylevel",
                order="order",
                code="code",
                **bilingual,
            ),
        )
        .order_by("primary_care_zone__name")
    )
    for intensity in found:
        kinds = rows_in(PartnerType, intensity.partner_type_rows, order=lambda kind: (kind.order, kind.name))
        partners = rows_in(PartnerOrganisation, intensity.partner_rows, order=lambda p: (p.name, p.code))
        levels = rows_in(ComplexityLevel, intensity.level_rows, order=lambda level: (level.order, level.code))
        _as_prefetched(intensity, "partner_types", kinds)
        _as_prefetched(intensity, "partners", partners)
        _as_prefetched(intensity, "complexity_levels", levels)
    return found


def refinement_versions(network: Network, zone, theme: MissionTheme) -> dict[str, int]:
    """The version of each refinement of the network's cell (zone, theme), by the code of its
    primary care zone: what a page sent back after a conflict must carry to save again."""
    rows = RegionalIntensity.objects.filter(
        network=network, zone=zone, theme=theme, primary_care_zone__isnull=False
    ).values_list("primary_care_zone__code", "version")
    return dict(rows)


def network_matrix(
    network: Network,
    overview: NeedsOverview,
    themes: list[MissionTheme],
    *,
    reads: MunicipalReads | None = None,
    zone_code: str | None = None,
) -> NetworkMatrix:
    """The network's zones (service areas of today or later, from `reads` when given; only the
    zone of `zone_code` when given) x the themes, with the intensities and their refinements."""
    intensities, refinements = {}, defaultdict(list)
    for intensity in matrix_intensities(network, zone_code):
        key = (intensity.zone_id, intensity.theme_id)
        if intensity.primary_care_zone_id:
            refinements[key].append(intensity)
        else:
            intensities[key] = intensity
    rows = []
    seen = set()
    areas = reads.current_service_areas([network.pk]) if reads else current_service_areas([network.pk])
    for area in areas:
        if area.zone_id in seen or zone_code not in (None, area.zone.code):
            continue
        seen.add(area.zone_id)
        suggested = overview.suggested(area.zone)
        rows.append(
            MatrixRow(
                zone=area.zone,
                area=area,
                figures=overview.figures.get(area.zone_id),
                needs=overview.for_zone(area.zone),
                cells=[
                    MatrixCell(
                        area.zone,
                        theme,
                        intensities.get((area.zone_id, theme.pk)),
                        suggested,
                        refinements.get((area.zone_id, theme.pk), []),
                    )
                    for theme in themes
                ],
            )
        )
    return NetworkMatrix(network=network, themes=themes, rows=rows)


def flanders_matrix(
    networks: list[Network], themes: list[MissionTheme], *, reads: MunicipalReads | None = None
) -> list[dict]:
    """Networks x themes: the levels of each theme over the network's zones, and how many
    primary care zones refine them with which levels (3 queries; 2 with `reads`)."""
    areas = defaultdict(list)
    ids = [n.pk for n in networks]
    for area in reads.current_service_areas(ids) if reads else current_service_areas(ids):
        if area.zone not in areas[area.network_id]:
            areas[area.network_id].append(area.zone)
    levels, refined = defaultdict(dict), defaultdict(list)
    for network_id, zone_id, theme_id, primary_id, level in RegionalIntensity.objects.filter(
        network__in=networks
    ).values_list("network_id", "zone_id", "theme_id", "primary_care_zone_id", "level"):
        if primary_id is None:
            levels[network_id][(zone_id, theme_id)] = level
        else:
            refined[(network_id, zone_id, theme_id)].append(level)
    rows = []
    for network in networks:
        zones = areas.get(network.pk, [])
        cells = []
        for theme in themes:
            found = [levels[network.pk].get((zone.pk, theme.pk)) for zone in zones]
            present = [level for level in found if level is not None]
            refinements = [
                level for zone in zones for level in refined.get((network.pk, zone.pk, theme.pk), [])
            ]
            cells.append(
                {
                    "theme": theme,
                    "levels": found,
                    "average": sum(present) / len(present) if present else None,
                    "missing": len(found) - len(present),
                    "refined": len(refinements),
                    "refined_range": level_range(refinements),
                }
            )
        rows.append(
            {"network": network, "zones": zones, "cells": cells, "missing": sum(c["missing"] for c in cells)}
        )
    return rows


def latest_deaths(year: int) -> dict[int, int]:
    """Deaths per municipality id in the latest calendar year up to `year` that has a figure
    (one query)."""
    deaths = {}
    for municipality_id, count in (
        MunicipalityFigures.objects.filter(deaths__isnull=False, year__lte=year)
        .order_by("municipality_id", "-year")
        .values_list("municipality_id", "deaths")
    ):
        deaths.setdefault(municipality_id, count)
    return deaths


def flanders_rows(
    themes: list[MissionTheme], basis: str = Basis.DEATHS, *, reads: MunicipalReads | None = None
) -> list[dict]:
    """flanders_matrix of every network with its evenness (year and figures) against `basis`,
    cached per data version, day and basis (built with `reads` when given)."""

    reads = reads or MunicipalReads()

    def build():
        networks = list(Network.objects.order_by("name"))
        rows = flanders_matrix(networks, themes, reads=reads)
        evenness = evenness_for_networks(networks, basis, reads=reads)
        for row in rows:
            row["evenness_year"], row["evenness"] = evenness.get(row["network"].pk, (None, None))
        return rows

    return dataversion.cached(f"flanders-rows:{basis}:{timezone.localdate().isoformat()}", build)


def counted_activity(network_ids, day: datetime.date):
    """The activity counts of the networks `network_ids` that a report on `day` reads: about a
    year up to `day`'s and, where the network has a progress report on that year (the counts are
    typed in it), only once that report counts on `day` (approved by then:
    missions.selectors.days). Counts staff enter or import for a year without a report count as
    they are."""
    same = {"plan__network_id": OuterRef("network_id"), "year": OuterRef("year")}
    reported = YearlyProgress.objects.filter(**same)
    approved = progress_counted_on(day).filter(**same)
    return ActivityCount.objects.filter(network_id__in=list(network_ids), year__lte=day.year).filter(
        ~Exists(reported) | Exists(approved)
    )


def municipalities_with_primary_zone(
    day: datetime.date, activity_of=()
) -> tuple[dict[int, Municipality], dict, list[tuple[int, int, int, int]]]:
    """Every municipality by id (its NIS code and name only); per municipality id, (code, name)
    of the primary care zone it wholly belongs to on `day` (the Antwerp city: its cluster row, as
    in the needs index; the first by name when there are more); and the activity counts of the
    network ids `activity_of` a report on `day` reads (counted_activity) as (network id, year,
    municipality id, count). One query."""
    zones = (
        PrimaryCareZoneMembership.objects.valid_on(day)
        .filter(is_partial=False, municipality=OuterRef("pk"))
        .order_by("zone__name", "zone_id")
    )
    counts = counted_activity(activity_of, day)
    municipalities, primary, activity = {}, {}, []
    for municipality in Municipality.objects.only("pk", "nis_code", "name").annotate(
        primary_code=Subquery(zones.values("zone__code")[:1]),
        primary_name=Subquery(zones.values("zone__name")[:1]),
        activity_rows=json_rows(counts, "municipality", "network_id", "year", "count"),
    ):
        municipalities[municipality.pk] = municipality
        if municipality.primary_code is not None:
            primary[municipality.pk] = (municipality.primary_code, municipality.primary_name)
        activity.extend(
            (row["network_id"], row["year"], municipality.pk, row["count"])
            for row in municipality.activity_rows or []
        )
    return municipalities, primary, activity


def need_index_of_municipalities(
    day: datetime.date,
    primary: dict[int, tuple[str, str]],
    regional_members: dict[int, list[int]],
    reads: MunicipalReads | None = None,
) -> dict[int, float]:
    """Per municipality id: the needs index of its primary care zone on `day`, else of its
    regional care zone (the evenness against the needs index, missions.evenness). Both
    overviews are cached per data version."""
    indices = {}
    regional = needs_overview(day, reads=reads)
    for zone in regional.zones:
        needs = regional.for_zone(zone)
        for municipality_id in regional_members.get(zone.pk, []):
            if needs is not None and needs.index is not None:
                indices[municipality_id] = needs.index
    by_code = needs_overview(day, PRIMARY, reads=reads).result.zones
    for municipality_id, (code, _name) in primary.items():
        needs = by_code.get(code)
        if needs is not None and needs.index is not None:
            indices[municipality_id] = needs.index
    return indices


def evenness_for_networks(
    networks: list[Network],
    basis: str = Basis.DEATHS,
    *,
    reads: MunicipalReads | None = None,
    day: datetime.date | None = None,
) -> dict[int, tuple[int | None, object]]:
    """Per network id: (year, Evenness) on `day` (default today) for the latest year it has
    activity counts a report on that day reads (counted_activity: up to the day's year, those of
    a progress report once it is approved), over the municipalities of the zones it serves (and
    any municipality it reported activity in), against the deaths (need, the default), the needs
    index or the population (`basis`), with the shares per primary care zone. Four queries,
    whatever the number of networks (plus the needs index, cached, for the needs basis); two
    when `reads` (of `day`) has read the members and figures for the needs index already."""
    day = day or timezone.localdate()
    municipalities, primary, activity = municipalities_with_primary_zone(day, [n.pk for n in networks])
    counts = defaultdict(lambda: defaultdict(int))  # (network, year) -> municipality -> count
    latest = {}
    for network_id, year, municipality_id, count in activity:
        counts[(network_id, year)][municipality_id] += count
        latest[network_id] = max(latest.get(network_id, year), year)
    if not latest:
        return {}
    reads = reads if reads is not None and reads.day == day else MunicipalReads(day)
    zones_of = defaultdict(set)
    for area in reads.service_areas:
        if area.network_id in latest:
            zones_of[area.network_id].add(area.zone_id)
    members = reads.members()
    indices = need_index_of_municipalities(day, primary, members, reads) if basis == Basis.NEEDS else {}
    population, _year = reads.latest_population(max(latest.values()) + 1)
    deaths = reads.latest_deaths(max(latest.values()))
    result = {}
    for network in networks:
        year = latest.get(network.pk)
        if year is None:
            continue
        by_municipality = counts[(network.pk, year)]
        ids_in_area = {m for zone_id in zones_of[network.pk] for m in members.get(zone_id, [])} | set(
            by_municipality
        )
        rows = [
            MunicipalityActivity(
                nis_code=municipalities[m].nis_code,
                name=municipalities[m].name,
                population=population.get(m, 0),
                activity=by_municipality.get(m, 0),
                is_seat=m == network.seat_id,
                deaths=deaths.get(m),
                need_index=indices.get(m),
                group=primary.get(m, ("", ""))[1],
            )
            for m in sorted(ids_in_area, key=lambda pk: municipalities[pk].name)
        ]
        result[network.pk] = (year, evenness(rows, basis=basis))
    return result
