"""Reads that span several tables: which network serves a zone or a municipality on a day,
and the coverage of the regional care zones."""

import datetime
import re
from collections import defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Exists, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery

from networks.models import (
    LegacyOrganisation,
    Municipality,
    MunicipalityFigures,
    Network,
    PrimaryCareZoneMembership,
    ProgressReportRule,
    RecognitionStatus,
    ReformDate,
    ReformDateKey,
    RegionalCareZone,
    RegionalCareZoneMembership,
    ServiceArea,
    registry_completeness,
)
from npz_registry import dataversion
from npz_registry.imprecise import ImpreciseDate
from npz_registry.models import valid_on_condition

# --------------------------------------------------------------------------------------------
# The zones of a municipality on a day
# --------------------------------------------------------------------------------------------


def current_regional_zone(day: datetime.date, through: str = "") -> Prefetch:
    """Prefetch the regional care zone memberships valid on `day` (zone loaded) into
    `current_regional`; `through` names the relation when reached from another model."""
    return Prefetch(
        f"{through}__regional_care_zone_memberships" if through else "regional_care_zone_memberships",
        queryset=RegionalCareZoneMembership.objects.valid_on(day).select_related("zone"),
        to_attr="current_regional",
    )


def with_zones_on(municipalities: QuerySet[Municipality], day: datetime.date) -> QuerySet[Municipality]:
    """`municipalities` with their memberships valid on `day` in `current_primary` (ordered by
    zone code) and `current_regional`: two queries whatever the number of municipalities."""
    return municipalities.prefetch_related(
        Prefetch(
            "primary_care_zone_memberships",
            queryset=PrimaryCareZoneMembership.objects.valid_on(day)
            .select_related("zone")
            .order_by("zone__code"),
            to_attr="current_primary",
        ),
        current_regional_zone(day),
    )


# --------------------------------------------------------------------------------------------
# Municipalities by NIS code, current or former (the mergers of 1 January 2025)
# --------------------------------------------------------------------------------------------

#: How the reference data (fixtures/municipalities.csv, column `notes`) names the former
#: municipalities of a merger: "Merged on 2025-01-01 from Galmaarden (23023), Gooik (23024), ...".
MERGER_NOTE = re.compile(r"Merged on \d{4}-\d{2}-\d{2} from ([^;]*)")
FORMER_MUNICIPALITY = re.compile(r"\s*([^,()]+?)\s+\(([0-9]{5})\)")


def former_nis_codes(municipality: Municipality) -> list[str]:
    """The NIS codes of the former municipalities `municipality` was merged from (none when it
    was not merged)."""
    return [code.strip() for code in municipality.merged_from_nis_codes.split(";") if code.strip()]


def former_names(municipality: Municipality) -> dict[str, str]:
    """The names of the former municipalities `municipality` was merged from, by NIS code. The
    reference data has them only in its note ("Merged on 2025-01-01 from Antwerpen (11002),
    Borsbeek (11007)"), so a name counts only when its code is one of `merged_from_nis_codes`:
    a note edited by hand may lose a name, never give a wrong one."""
    note = MERGER_NOTE.search(municipality.notes or "")
    if note is None:
        return {}
    codes = set(former_nis_codes(municipality))
    return {code: name for name, code in FORMER_MUNICIPALITY.findall(note.group(1)) if code in codes}


def municipality_by_nis_code(
    code: str, municipalities: list[Municipality] | None = None
) -> tuple[Municipality | None, str]:
    """The municipality with NIS code `code`, or else the one the former municipality with that
    code merged into on 1 January 2025; with `code` when it was a former code ("" when current).
    A current code wins (Antwerpen kept 11002). The public search and the API both ask this:
    the search among the municipalities it holds, the API in one query."""
    if municipalities is None:
        municipalities = list(
            Municipality.objects.filter(Q(nis_code=code) | Q(merged_from_nis_codes__contains=code))
        )
    for municipality in municipalities:
        if municipality.nis_code == code:
            return municipality, ""
    for municipality in municipalities:
        if code in former_nis_codes(municipality):
            return municipality, code
    return None, ""


# --------------------------------------------------------------------------------------------
# Who serves a zone on a day
# --------------------------------------------------------------------------------------------

#: The tie-break when a zone is claimed twice on a day: the claim that started first serves;
#: on the same start day, the one recorded first. The rules refuse a second claim (the service
#: `service_areas_save`, and on PostgreSQL the database), so this decides only for rows stored
#: before those rules or past them; the transition dashboard still shows such a zone as
#: claimed twice, so that staff fix it.
CLAIM_ORDER = ("valid_from", "pk")


def withdrawn_networks(day: datetime.date) -> QuerySet[Network]:
    """The networks whose recognition is withdrawn on `day`: they serve no zone then, whatever
    their service areas say (the zone is without a network until another one serves it)."""
    return Network.objects.annotate(status_on_day=Network.status_on_expression(day)).filter(
        status_on_day=RecognitionStatus.WITHDRAWN
    )


def areas_in_force(day: datetime.date) -> QuerySet[ServiceArea]:
    """The service areas in force on `day` of networks whose recognition is not withdrawn then:
    the claims `serving_areas` and `zones_with_areas_on` choose from."""
    return ServiceArea.objects.valid_on(day).exclude(network__in=withdrawn_networks(day).values("pk"))


def serving_areas(day: datetime.date) -> QuerySet[ServiceArea]:
    """The service areas in force on `day`, at most one per zone (`CLAIM_ORDER` decides): the
    one definition of "network N serves zone Z on day D" that every page, the API and the
    admin filter on."""
    in_force = areas_in_force(day)
    # CLAIM_ORDER as a condition: another claim in force that comes before this one.
    earlier_claim = in_force.filter(zone=OuterRef("zone")).filter(
        Q(valid_from__lt=OuterRef("valid_from")) | Q(valid_from=OuterRef("valid_from"), pk__lt=OuterRef("pk"))
    )
    return in_force.exclude(Exists(earlier_claim))


def networks_serving_on(day: datetime.date, networks: QuerySet[Network] | None = None) -> QuerySet[Network]:
    """`networks` (default all) that serve at least one zone on `day`: the bulk form of
    `serving_network_for_zone`, one query whatever the number of networks."""
    networks = Network.objects.all() if networks is None else networks
    return networks.filter(pk__in=serving_areas(day).values("network_id"))


def serving_network_for_zone(
    zone: RegionalCareZone, day: datetime.date, networks: QuerySet[Network] | None = None
) -> Network | None:
    """The network serving `zone` on `day`, or None. `networks` may carry the prefetches the
    caller needs (see `network_details`)."""
    networks = Network.objects.all() if networks is None else networks
    return networks.filter(pk__in=serving_areas(day).filter(zone=zone).values("network_id")).first()


def regional_care_zone_of(municipality: Municipality, day: datetime.date) -> RegionalCareZone | None:
    """The regional care zone `municipality` belongs to on `day` (the latest membership when
    the data holds two), or None."""
    membership = (
        RegionalCareZoneMembership.objects.valid_on(day)
        .filter(municipality=municipality)
        .select_related("zone")
        .order_by("-valid_from")
        .first()
    )
    return membership.zone if membership else None


@dataclass(frozen=True)
class Serving:
    """Who serves a municipality on a day: its regional care zone then (None when it has
    none) and the network serving that zone (None when no network does)."""

    zone: RegionalCareZone | None
    network: Network | None


def serving_network(
    municipality: Municipality, day: datetime.date, networks: QuerySet[Network] | None = None
) -> Serving:
    """Which network serves `municipality` on `day`: the public search and the API both ask
    this, so they always name the same network. Two queries plus the prefetches of
    `networks`."""
    zone = regional_care_zone_of(municipality, day)
    network = serving_network_for_zone(zone, day, networks) if zone else None
    return Serving(zone=zone, network=network)


def next_serving_area(zone: RegionalCareZone, day: datetime.date) -> ServiceArea | None:
    """The first claim on `zone` that starts after `day` (`CLAIM_ORDER` decides between two)."""
    return (
        ServiceArea.objects.filter(zone=zone, valid_from__gt=day)
        .select_related("network", "network__seat")
        .order_by(*CLAIM_ORDER)
        .first()
    )


def network_details(predecessor_order=("kind", "name"), *, merged_by=None) -> QuerySet[Network]:
    """Networks with their seat, dated status history and predecessors (only those merged into
    it by the day `merged_by` when given), for pages and API answers that show one or many
    networks in a fixed number of queries."""
    predecessors = LegacyOrganisation.objects.order_by(*predecessor_order)
    if merged_by is not None:
        predecessors = predecessors.merged_by(merged_by)
    return Network.objects.select_related("seat").prefetch_related(
        Network.status_history(), Prefetch("predecessors", queryset=predecessors)
    )


# --------------------------------------------------------------------------------------------
# Coverage of the regional care zones
# --------------------------------------------------------------------------------------------


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
    def serving_network(self) -> Network | None:
        """The network serving the zone: the first claim in CLAIM_ORDER, the order its areas are
        read in (zones_with_areas_on), as serving_areas says."""
        return self.areas[0].network if self.areas else None

    @property
    def without_population(self) -> int:
        """How many of its municipalities have no population count by the day: its population
        is then a partial sum, which the pages and reports say."""
        return sum(1 for m in self.municipalities if m.population_on_day is None)

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
    #: Every registered legacy organisation, active on the day or not (the registry's completeness).
    legacy_registered: list[LegacyOrganisation]
    networks: list[Network]
    population_total: int
    population_year: int | None

    @property
    def completeness(self) -> list[dict]:
        """networks.models.registry_completeness of the organisations read."""
        return registry_completeness(self.legacy_registered)

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
    def serving_network_ids(self) -> set[int]:
        """The networks serving a zone on the day, as networks_serving_on counts them (a second
        claim on a zone does not make its network one of them)."""
        return {z.serving_network.pk for z in self.zones if z.areas}

    @property
    def uncovered_municipalities(self) -> list[Municipality]:
        return sorted(
            [m for z in self.uncovered_zones for m in z.municipalities] + self.municipalities_without_zone,
            key=lambda m: m.name,
        )

    @property
    def without_population(self) -> int:
        """How many municipalities of the zones have no population count by the day."""
        return sum(z.without_population for z in self.zones)

    @property
    def population_covered(self) -> int:
        return sum(z.population for z in self.covered_zones)

    @property
    def population_share(self) -> float | None:
        return self.population_covered / self.population_total if self.population_total else None

    @property
    def zones_provisional(self) -> bool:
        """Whether a zone of the day is not confirmed by the department yet (the reference
        regions stand in for the official list until then)."""
        return any(not item.zone.is_verified for item in self.zones)

    @property
    def is_complete(self) -> bool:
        return (
            not self.uncovered_zones and not self.zones_claimed_twice and not self.municipalities_without_zone
        )


def population_counts_until(day: datetime.date) -> QuerySet[MunicipalityFigures]:
    """The population counts of every municipality up to `day`'s year (counts are on 1 January):
    the counts `latest_population` and `coverage_on` take the latest of."""
    return MunicipalityFigures.objects.filter(population__isnull=False, year__lte=day.year)


def latest_population(day: datetime.date) -> tuple[dict[int, int], int | None]:
    """Population per municipality id from the most recent count on or before `day`'s year
    (counts are on 1 January), and the year used most often."""
    rows = (
        population_counts_until(day)
        .order_by("municipality_id", "-year")
        .values_list("municipality_id", "year", "population")
    )
    population, years = {}, defaultdict(int)
    for municipality_id, year, count in rows:
        if municipality_id not in population:
            population[municipality_id] = count
            years[year] += 1
    return population, most_used_year(years)


def most_used_year(years: dict[int, int]) -> int | None:
    """Of {year: municipalities counted that year}, the year used most often (None if none)."""
    return max(years, key=years.get) if years else None


def municipalities_on(day: datetime.date) -> QuerySet[Municipality]:
    """Every municipality with, on `day`, the id of its regional care zone (`zone_on_day`, None
    without one; the last membership in their ordering should two overlap) and its latest
    population count with its year (`population_on_day`, `population_year`): one query."""
    membership = (
        RegionalCareZoneMembership.objects.valid_on(day)
        .filter(municipality=OuterRef("pk"))
        .order_by("-zone__name", "-valid_from", "-pk")
    )
    count = population_counts_until(day).filter(municipality=OuterRef("pk")).order_by("-year")
    return Municipality.objects.annotate(
        zone_on_day=Subquery(membership.values("zone_id")[:1]),
        population_on_day=Subquery(count.values("population")[:1]),
        population_year=Subquery(count.values("year")[:1]),
    )


def zones_with_areas_on(day: datetime.date) -> list[tuple[RegionalCareZone, list[ServiceArea]]]:
    """Every regional care zone by name with its service areas in force on `day` (their network
    loaded), in one query: a zone and its areas are read as one row per area (one row with none
    for a zone without)."""
    rows = (
        RegionalCareZone.objects.annotate(
            area_on_day=FilteredRelation("service_areas", condition=valid_on_condition(day, "service_areas"))
        )
        .annotate(network_status=Network.status_on_expression(day, outer="area_on_day__network"))
        .select_related("area_on_day__network")
        .order_by("name", "pk", "area_on_day__valid_from", "area_on_day__pk")
    )
    zones = {}
    for zone in rows:
        first, areas = zones.setdefault(zone.pk, (zone, []))
        area = getattr(zone, "area_on_day", None)  # not set when the zone has none that day
        # A withdrawn network serves no zone, as areas_in_force says.
        if area is not None and zone.network_status != RecognitionStatus.WITHDRAWN:
            area.zone = first
            areas.append(area)
    return list(zones.values())


def coverage_on(day: datetime.date) -> Coverage:
    """Which zones are served by which network on `day`, and what is left: a fixed number of
    queries whatever the number of zones, networks or municipalities."""
    municipalities = list(municipalities_on(day))
    members, years = defaultdict(list), defaultdict(int)
    for municipality in municipalities:
        members[municipality.zone_on_day].append(municipality)
        if municipality.population_year is not None:
            years[municipality.population_year] += 1

    zones = []
    for zone, areas in zones_with_areas_on(day):
        zone_members = sorted(members.get(zone.pk, []), key=lambda m: m.name)
        if not zone_members and not areas:
            continue  # no municipality belongs to the zone on `day`: not yet, or no longer, a zone
        zones.append(
            ZoneCoverage(
                zone=zone,
                areas=areas,
                municipalities=zone_members,
                population=sum(m.population_on_day or 0 for m in zone_members),
            )
        )
    networks = sorted({area.network for item in zones for area in item.areas}, key=lambda n: n.name)
    registered = list(
        LegacyOrganisation.objects.registered_on(day).select_related("successor").order_by("kind", "name")
    )
    return Coverage(
        day=day,
        zones=zones,
        municipalities_without_zone=sorted(members[None], key=lambda m: m.name),
        legacy_without_successor=[o for o in registered if o.is_active_on_day],
        legacy_registered=registered,
        networks=networks,
        population_total=sum(m.population_on_day or 0 for m in municipalities),
        population_year=most_used_year(years),
    )


# --------------------------------------------------------------------------------------------
# The reform's dates (decision 0001 §2.1): rows staff edit, read once per request
# --------------------------------------------------------------------------------------------

#: The reform dates read during the current request (None outside a request: every call reads).
_request_dates: ContextVar[dict | None] = ContextVar("reform_dates", default=None)


def start_request_cache(**kwargs) -> None:
    """`request_started` receiver: each request reads the reform dates at most once."""
    _request_dates.set({})


def end_request_cache(**kwargs) -> None:
    """`request_finished` receiver: outside a request nothing is cached."""
    _request_dates.set(None)


def forget_reform_dates(**kwargs) -> None:
    """ReformDate save/delete receiver: the rest of the request reads the new value."""
    if _request_dates.get() is not None:
        _request_dates.set({})


def reform_dates() -> list[ReformDate]:
    """Every reform date in calendar order (start, the more precise first on the same day, then
    code): one query per request, which `reform_date` and `reform_calendar` both read (a
    handful of rows staff edit). The rows bring the data version along: most pages read both."""
    cache = _request_dates.get()
    if cache is not None and "rows" in cache:
        return cache["rows"]
    rows = sorted(
        dataversion.with_version(ReformDate.objects.all()),
        key=lambda row: (ImpreciseDate.parse(row.start).order, row.code),
    )
    if rows:
        dataversion.remember(rows[0])
    if cache is not None:
        cache["rows"] = rows
    return rows


def reform_date(key: str) -> ReformDate | None:
    """The reform date carrying `key` (a ReformDateKey), or None while staff have not set it."""
    return next((row for row in reform_dates() if row.key == key), None)


def recognition_day() -> datetime.date | None:
    """The day the networks are expected to be recognised, as set in the back office."""
    row = reform_date(ReformDateKey.RECOGNITION_DAY)
    return row.day if row else None


def reform_calendar() -> list[ReformDate]:
    """The steps of the reform shown in the calendar, in date order."""
    return [row for row in reform_dates() if row.show_in_calendar]


def keyed_reform_days() -> list[datetime.date]:
    """The days of the keyed reform dates (recognition day, end of the old regulations)."""
    return [row.day for row in reform_dates() if row.key and row.day]


def progress_report_rules() -> list[ProgressReportRule]:
    """Every deadline rule staff set, the newest first (one query; a handful of rows)."""
    return list(ProgressReportRule.objects.order_by("-applies_from_year"))


def rule_for_year(rules: list[ProgressReportRule], year: int) -> ProgressReportRule | None:
    """Of `rules` (newest first), the one that applies to reports on `year`, or None."""
    return next((rule for rule in rules if rule.applies_from_year <= year), None)


def progress_report_rule(year: int) -> ProgressReportRule | None:
    """The deadline rule staff set for reports on `year` (the latest that applies), or None."""
    return rule_for_year(progress_report_rules(), year)


def progress_due_dates():
    """A function year -> due date (None while no rule applies) over every deadline rule, read
    in one query: for pages that list reports of several years."""
    rules = progress_report_rules()

    def due(year: int) -> datetime.date | None:
        rule = rule_for_year(rules, year)
        return rule.due_date(year) if rule else None

    return due


def progress_due_date(year: int) -> datetime.date | None:
    """When the report on `year` is due, or None while no rule applies."""
    rule = progress_report_rule(year)
    return rule.due_date(year) if rule else None
