"""Reads for the transition dashboard and the funding overview."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from networks.maps import coverage_map
from networks.models import ActorKind, LegacyOrganisation, Network, ServiceArea
from networks.selectors import coverage_on
from npz_registry import dataversion
from npz_registry.aggregates import day_in, json_rows, linked_rows, rows_in, set_prefetched
from npz_registry.models import Certainty
from transition.models import (
    DRAWABLE_KINDS,
    ActionLine,
    ActionLineRevision,
    ActionLineStatus,
    ActionLineUpdate,
    ActionLineWorkForm,
    Funding,
    FundingFigure,
    FundingFigureKind,
    FundingKind,
    Merger,
    MergerStatus,
    MergerStatusChange,
    Milestone,
    MilestoneKind,
)


def _first_stage_on(outer: str = "pk") -> Subquery:
    """An annotation: the day of the merger's first recorded stage (None without any)."""
    changes = MergerStatusChange.objects.filter(merger=OuterRef(outer)).order_by("effective_date")
    return Subquery(changes.values("effective_date")[:1])


def merger_exists_on(merger: Merger, day: datetime.date) -> bool:
    """Whether the merger is one of `day`'s: from its first recorded stage, or from the day it was
    registered when that is earlier (a merger was "exploring" on no day before either). Reads
    `first_stage_on`, annotated with the merger."""
    days = [merger.first_stage_on, timezone.localdate(merger.created_at) if merger.created_at else None]
    known = [d for d in days if d is not None]
    return not known or day >= min(known)


def _mergers_on(day: datetime.date) -> QuerySet[Merger]:
    """Every merger with its network, its status on `day` (from the dated history) and the day
    of its first stage."""
    return Merger.objects.select_related("network").annotate(
        status_on_day=Merger.status_on_expression(day), first_stage_on=_first_stage_on()
    )


def _by_status(mergers, day: datetime.date) -> list[dict]:
    groups = {status: [] for status in MergerStatus.values}
    for merger in mergers:
        if merger_exists_on(merger, day):
            groups[merger.status_on_day].append(merger)
    return [{"status": s, "label": MergerStatus(s).label, "mergers": groups[s]} for s in MergerStatus.values]


def mergers_by_status(day: datetime.date) -> list[dict]:
    """Each merger status with the mergers in it on `day` (from the dated history), each with
    its network: the mergers of that day (merger_exists_on)."""
    return _by_status(_mergers_on(day), day)


@dataclass
class MergersOnDay:
    """The mergers on a day by status (as mergers_by_status), the first late milestones (the
    most overdue first, each with its merger and network) and how many are late in all."""

    by_status: list[dict]
    late_milestones: list[Milestone]
    late_count: int


#: What the dashboard and the Flanders report show of a late milestone (read with its merger).
_MILESTONE_FIELDS = ("pk", "kind", "title", "due_date", "completed_on")


def _late_rows(day: datetime.date, outer: str = "pk") -> Subquery:
    """A json_rows annotation: the merger's milestones late on `day` (the merger is the outer
    row, or the one its `outer` field names)."""
    return json_rows(Milestone.objects.late_on(day), "merger", *_MILESTONE_FIELDS, outer=outer)


def _mergers_on_day(mergers: list[Merger], late_shown: int, day: datetime.date) -> MergersOnDay:
    """MergersOnDay of `mergers` read with their `status_on_day` and `late_rows`."""
    milestones = [
        Milestone(
            **{**row, "due_date": day_in(row["due_date"]), "completed_on": day_in(row["completed_on"])},
            merger=merger,
        )
        for merger in mergers
        for row in merger.late_rows or []
    ]
    milestones.sort(key=lambda milestone: (milestone.due_date, milestone.pk))
    return MergersOnDay(_by_status(mergers, day), milestones[:late_shown], len(milestones))


def mergers_on(day: datetime.date, late_shown: int) -> MergersOnDay:
    """The mergers by status on `day` and their first `late_shown` late milestones: one query
    (a merger's late milestones come with it)."""
    return _mergers_on_day(list(_mergers_on(day).annotate(late_rows=_late_rows(day))), late_shown, day)


def with_mergers_on(networks: QuerySet[Network], day: datetime.date) -> QuerySet[Network]:
    """`networks` with their merger (if any) read along, its status on `day` and its late
    milestones (for mergers_of_networks): the mergers cost no query of their own."""
    return networks.select_related("merger").annotate(
        merger_status_on_day=Merger.status_on_expression(day, outer="merger"),
        merger_late_rows=_late_rows(day, outer="merger"),
        merger_first_stage_on=_first_stage_on(outer="merger"),
    )


def mergers_of_networks(networks: list[Network], late_shown: int, day: datetime.date) -> MergersOnDay:
    """What mergers_on says, of the mergers read with `networks` (with_mergers_on): every
    merger when `networks` are all networks."""
    mergers = []
    for network in networks:
        merger = getattr(network, "merger", None)  # None: the network has no merger
        if merger is not None:
            merger.network = network
            merger.status_on_day, merger.late_rows = network.merger_status_on_day, network.merger_late_rows
            merger.first_stage_on = network.merger_first_stage_on
            mergers.append(merger)
    return _mergers_on_day(mergers, late_shown, day)


def late_milestones_on(day: datetime.date) -> QuerySet:
    """Milestones overdue on `day`, the most overdue first (the dashboard and its staff table)."""
    return Milestone.objects.late_on(day).select_related("merger__network").order_by("due_date", "pk")


def milestone_kind_order() -> Case:
    """A milestone's kind as its place in a merger's course (MilestoneKind's order): the late
    milestones table sorts the kinds by it instead of by their codes."""
    return Case(
        *(When(kind=kind, then=Value(place)) for place, kind in enumerate(MilestoneKind.values)),
        default=Value(len(MilestoneKind.values)),
        output_field=IntegerField(),
    )


def legacy_without_successor_on(day: datetime.date) -> QuerySet:
    """Legacy organisations not merged into a network by `day` (the staff table of the dashboard)."""
    return (
        LegacyOrganisation.objects.active_on(day)
        .select_related("successor")
        .prefetch_related("derived_regional_care_zones")
        .order_by("name", "pk")
    )


#: What the dashboard and the Flanders report show of an action line's status updates,
#: revisions of its target and work forms (read with the line: action_lines_on).
_UPDATE_FIELDS = ("pk", "date", "status", "progress_note")
_REVISION_FIELDS = (
    "pk", "stated_on", "stated_on_sort", "target_as_written", "target_start", "target_end", "source",
    "source_quote", "certainty",
)  # fmt: skip
_WORK_FORM_FIELDS = ("pk", "work_form", "applies_to")


def _with_related_rows(line: ActionLine) -> ActionLine:
    """The line with the updates, revisions and work forms its json_rows annotations hold, as
    if prefetched (``status_on`` and ``revisions_on`` read them), each pointing back at the line
    and in its model's order (a revision without a statement date first, on every database).
    They hold the fields the dashboard and the Flanders report show, nothing else."""
    updates = [{**row, "date": day_in(row["date"]), "action_line": line} for row in line.update_rows or []]
    revisions = [
        {**row, "stated_on_sort": day_in(row["stated_on_sort"]), "action_line": line}
        for row in line.revision_rows or []
    ]
    forms = [{**row, "action_line": line} for row in line.work_form_rows or []]
    set_prefetched(
        line,
        updates=rows_in(ActionLineUpdate, updates, order=lambda u: (u.date, u.pk)),
        revisions=rows_in(
            ActionLineRevision, revisions,
            order=lambda r: (r.stated_on_sort is not None, r.stated_on_sort or datetime.date.min, r.pk),
        ),
        work_forms=rows_in(ActionLineWorkForm, forms, order=lambda w: w.work_form),
    )  # fmt: skip
    return line


def action_lines_on(day: datetime.date) -> list[dict]:
    """Each action line with its status, the revisions of its target known on `day` (the
    plan's own target is kept beside them) and whether its current target is certainly past.
    One query whatever the number of lines: updates, revisions and work forms come with it."""
    lines = ActionLine.objects.annotate(
        update_rows=json_rows(ActionLineUpdate.objects.all(), "action_line", *_UPDATE_FIELDS),
        revision_rows=json_rows(ActionLineRevision.objects.all(), "action_line", *_REVISION_FIELDS),
        work_form_rows=json_rows(ActionLineWorkForm.objects.all(), "action_line", *_WORK_FORM_FIELDS),
    )
    result = []
    for line in map(_with_related_rows, lines):
        update = line.status_on(day)
        result.append(
            {
                "line": line,
                "update": update,
                "status": update.status if update else None,
                "revisions": line.revisions_on(day),
                "overdue": line.is_overdue_on(day),
            }
        )
    return result


def action_line_status_counts(rows: list[dict]) -> list[dict]:
    counts = Counter(row["status"] for row in rows)
    out = [
        {"status": s, "label": ActionLineStatus(s).label, "count": counts.get(s, 0)}
        for s in ActionLineStatus.values
    ]
    if counts.get(None):
        out.insert(0, {"status": None, "label": None, "count": counts[None]})
    return out


#: The last year before the recurrent +5 M€ (the minister's answer to written question 150 of
#: 20 December 2023: "vanaf 2024"): the year-on-year views of grants, budgets and envelopes start here.
#: A fact about the past, not a reform date.
FUNDING_BASELINE_YEAR = 2023


@dataclass(frozen=True)
class ZoneBucket:
    """A row of the funding page's zone table that is not one zone."""

    code: str
    label: Promise = field(compare=False)

    def __str__(self):
        return str(self.label)


#: A legacy organisation whose derived area overlaps several regional care zones.
SEVERAL_ZONES = ZoneBucket("several", _("Legacy organisations in several zones"))
#: Grants to an organisation of the reform or to the sector as a whole: not about one zone.
NOT_A_ZONE = ZoneBucket("reform", _("Organisations of the reform and the sector"))
#: A network serving no zone that year, or a legacy organisation without a derived zone.
NO_ZONE = ZoneBucket("none", _("No zone known"))


@dataclass
class FundingTotals:
    years: list[int]
    by_year_kind: dict[tuple[int, str], Decimal]
    by_year: dict[int, Decimal]
    by_year_actor: dict[tuple[int, str], Decimal]
    by_zone_year: dict[tuple[str | ZoneBucket, int], Decimal]
    zones: list[str | ZoneBucket]
    has_demo: bool
    latest_update: datetime.datetime | None = None  # of the grants read (a report's data date)

    @property
    def kinds(self):
        return FundingKind.choices

    @property
    def actor_kinds(self):
        return ActorKind.choices


@dataclass(frozen=True)
class FundingScope:
    """The grants a reader sees: every grant (`network_ids` None, department staff), or those to
    some networks and to the legacy organisations that merge into them (a coordinator)."""

    network_ids: frozenset[int] | None = None
    legacy_ids: frozenset[int] = frozenset()

    @property
    def is_all(self) -> bool:
        return self.network_ids is None

    @property
    def key(self) -> str:
        return "all" if self.is_all else ",".join(str(pk) for pk in sorted(self.network_ids))


#: Every grant (department staff).
ALL_FUNDING = FundingScope()


def funding_scope(network_ids: frozenset[int] | None) -> FundingScope:
    """The scope of the networks `transition.permissions.funding_networks` gives: None is every
    grant; otherwise those networks and the legacy organisations that merge into them (their
    successor, or a participant of their merger). One query."""
    if network_ids is None:
        return ALL_FUNDING
    legacy = LegacyOrganisation.objects.filter(
        Q(successor_id__in=network_ids) | Q(mergers__network_id__in=network_ids)
    ).values_list("pk", flat=True)
    return FundingScope(frozenset(network_ids), frozenset(legacy))


def fundings_in(scope: FundingScope) -> QuerySet:
    """The grants of `scope`."""
    if scope.is_all:
        return Funding.objects.all()
    return Funding.objects.filter(
        Q(network_id__in=scope.network_ids) | Q(legacy_organisation_id__in=scope.legacy_ids)
    )


def year_span(first: int, last: int) -> list[int]:
    """The years of the year-on-year tables: from FUNDING_BASELINE_YEAR (or an earlier year with
    a grant) to the last year with a grant, without gaps, so 2023 shows even when empty."""
    return list(range(min(first, FUNDING_BASELINE_YEAR), max(last, FUNDING_BASELINE_YEAR) + 1))


@dataclass(frozen=True)
class YearTable:
    """Amounts with a row per year and a column per choice (a kind of grant or of recipient),
    each row's total last and the columns' totals below: years as rows, so that any number of
    years fits a page or a screen's width."""

    columns: list[str]
    rows: list[dict]  # {"year", "amounts": one per column (None: none entered), "total"}
    column_totals: list[Decimal | None]  # None: no amount entered in the column
    total: Decimal


def _total(amounts) -> Decimal | None:
    entered = [amount for amount in amounts if amount is not None]
    return sum(entered, Decimal(0)) if entered else None


def year_table(
    totals: FundingTotals, choices, by_year_and_choice: dict, *, only_used: bool = False
) -> YearTable:
    """``by_year_and_choice`` ({(year, choice value): amount}, from ``totals``) as a YearTable over
    ``totals.years``; ``only_used`` leaves out the choices without any amount."""
    used = [
        (value, label)
        for value, label in choices
        if not only_used or any(by_year_and_choice.get((year, value)) for year in totals.years)
    ]
    rows = [
        {
            "year": year,
            "amounts": [by_year_and_choice.get((year, value)) for value, _label in used],
            "total": totals.by_year.get(year),
        }
        for year in totals.years
    ]
    return YearTable(
        columns=[label for _value, label in used],
        rows=rows,
        column_totals=[
            _total(by_year_and_choice.get((year, value)) for year in totals.years) for value, _label in used
        ],
        total=sum(totals.by_year.values(), Decimal(0)),
    )


def funding_totals(scope: FundingScope = ALL_FUNDING) -> FundingTotals:
    """Totals per year and kind, per year and kind of recipient, and per zone: a network's
    amount goes to the zone it serves that year (split evenly when it serves several, since no
    rule exists to split it); a legacy organisation's to its derived zone, or to SEVERAL_ZONES
    when it overlaps more (an MBE without a derived zone of its own to that of its partner PN/PSV,
    the network of its region); an amount without any zone goes to NO_ZONE. Those two rows come
    last. Only the grants of `scope`; no years without any grant at all."""
    # One query: the grants, with the zones of their legacy organisation (and of its partner:
    # where it works, LegacyOrganisationQuerySet.working_in's rule, read per grant here) and
    # their network's service areas.
    derived = LegacyOrganisation.derived_regional_care_zones.through
    zones_of_legacy = linked_rows(derived, "regionalcarezone", outer="legacy_organisation", name="name")
    zones_of_partner = linked_rows(
        derived, "regionalcarezone", outer="legacy_organisation__partner", name="name"
    )
    areas_of_network = json_rows(
        ServiceArea.objects.all(), "network", "valid_from", "valid_until", outer="network", zone="zone__name"
    )
    fundings = list(
        fundings_in(scope).annotate(
            legacy_zones=zones_of_legacy, partner_zones=zones_of_partner, network_areas=areas_of_network
        )
    )
    by_year_kind, by_year, by_year_actor = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
    for funding in fundings:
        by_year_kind[(funding.year, funding.kind)] += funding.amount
        by_year[funding.year] += funding.amount
        by_year_actor[(funding.year, funding.actor_kind)] += funding.amount
    by_zone_year = defaultdict(Decimal)
    for funding in fundings:
        if funding.organisation_id or funding.actor_kind == ActorKind.SECTOR:
            zones = [NOT_A_ZONE]
        elif funding.network_id:
            first, last = datetime.date(funding.year, 1, 1), datetime.date(funding.year, 12, 31)
            zones = sorted(
                {
                    area["zone"]
                    for area in funding.network_areas or []
                    if day_in(area["valid_from"]) <= last
                    and (area["valid_until"] is None or day_in(area["valid_until"]) >= first)
                }
            )
        else:
            zones = sorted(zone["name"] for zone in funding.legacy_zones or funding.partner_zones or [])
            if len(zones) > 1:
                zones = [SEVERAL_ZONES]
        if not zones:
            zones = [NO_ZONE]
        share = (funding.amount / len(zones)).quantize(Decimal("0.01"))
        for zone in zones:
            by_zone_year[(zone, funding.year)] += share
    return FundingTotals(
        years=year_span(min(by_year), max(by_year)) if by_year else [],
        by_year_kind=dict(by_year_kind),
        by_year=dict(by_year),
        by_year_actor=dict(by_year_actor),
        by_zone_year=dict(by_zone_year),
        zones=sorted(
            {zone for zone, _year in by_zone_year},
            key=lambda z: (isinstance(z, ZoneBucket), z.code if isinstance(z, ZoneBucket) else z),
        ),
        has_demo=any(f.is_demo for f in fundings),
        latest_update=max((f.updated_at for f in fundings), default=None),
    )


#: From firmest to least firm: the certainty of a total is that of its least firm amount.
CERTAINTY_ORDER = [
    Certainty.FIXED,
    Certainty.PLANNED,
    Certainty.HOPED,
    Certainty.ESTIMATED,
    Certainty.ASSUMED,
]


@dataclass(frozen=True)
class Sourced:
    """The sources and the certainty of a total, for the `certainty` badge."""

    source: str
    certainty: str


def funding_changes(fundings: QuerySet, *, year: int | None = None, ordering: str = "name") -> list[dict]:
    """Per organisation and year: the total of `fundings`, its sources and certainty (the least
    firm of its amounts), and its change against the previous year with amounts. One query; the
    adding up is done here, because the change needs the previous year's total, which a year
    filter in SQL would drop. `year` keeps the rows of that year only; `ordering` is a column
    name ("name", "year", "total", "change"), "-" for descending."""
    rows = (
        fundings.order_by()
        .values(
            "legacy_organisation",
            "network",
            "organisation",
            "actor_kind",
            "legacy_organisation__name",
            "network__name",
            "organisation__name",
            "year",
            "source_document",
            "certainty",
        )
        .annotate(total=Sum("amount"))
    )
    by_recipient = defaultdict(dict)
    for row in rows:
        recipient = (row["actor_kind"], row["legacy_organisation"], row["network"], row["organisation"])
        merged = by_recipient[recipient].setdefault(row["year"], {**row, "total": 0, "sources": set()})
        merged["total"] += row["total"]
        merged["sources"].add(row["source_document"])
        merged["certainty"] = max(merged["certainty"], row["certainty"], key=CERTAINTY_ORDER.index)
    result = []
    for recipient_years in by_recipient.values():
        previous = None
        for row in sorted(recipient_years.values(), key=lambda r: r["year"]):
            change = None
            if previous is not None and previous["total"]:
                change = (row["total"] - previous["total"]) / previous["total"]
            result.append(
                {
                    "name": row["legacy_organisation__name"]
                    or row["network__name"]
                    or row["organisation__name"]
                    or str(ActorKind.SECTOR.label),
                    "actor_kind": row["actor_kind"],
                    "actor_label": ActorKind(row["actor_kind"]).label,
                    "is_network": row["network"] is not None,
                    "year": row["year"],
                    "total": row["total"],
                    "sourced": Sourced("; ".join(sorted(row["sources"])), row["certainty"]),
                    "previous_year": previous["year"] if previous else None,
                    "change": change,
                }
            )
            previous = row
    if year is not None:
        result = [row for row in result if row["year"] == year]
    return _sorted(result, ordering)


def _sorted(rows: list[dict], ordering: str) -> list[dict]:
    """Rows sorted on one column, then by name and year; empty values last in either direction."""
    column = ordering.lstrip("-")
    rows = sorted(rows, key=lambda r: (r["name"].casefold(), r["year"]))
    present = [r for r in rows if r[column] is not None]
    missing = [r for r in rows if r[column] is None]
    key = (lambda r: r[column].casefold()) if column == "name" else (lambda r: r[column])
    return sorted(present, key=key, reverse=ordering.startswith("-")) + missing


def funding_years() -> list[int]:
    return list(Funding.objects.order_by("year").values_list("year", flat=True).distinct())


def dashboard_figures(day: datetime.date, rows: int) -> dict:
    """What the dashboard shows of `day`: coverage and its map, mergers by status, the first
    `rows` late milestones and their count, action lines and their statuses. Each reads tables
    that grow with the data: the dashboard keeps the rendered result per data version
    (transition.views.DashboardView), not these model instances."""
    coverage = coverage_on(day)
    svg, legend = coverage_map(coverage)
    mergers = mergers_on(day, rows)
    lines = action_lines_on(day)
    return {
        "coverage": coverage,
        "map_svg": svg,
        "legend": legend,
        "mergers_by_status": mergers.by_status,
        "late_milestones": mergers.late_milestones,
        "late_milestone_count": mergers.late_count,
        "action_lines": lines,
        "action_line_counts": action_line_status_counts(lines),
    }


def funding_totals_cached(scope: FundingScope = ALL_FUNDING) -> FundingTotals:
    """funding_totals of `scope`, cached per data version and scope."""
    return dataversion.cached(f"funding-totals:{scope.key}", lambda: funding_totals(scope))


@dataclass
class EnvelopeRow:
    """A budget, envelope or share with, per year, the grants drawn from it (and from its
    shares) and what remains (None when the source gives no amount)."""

    figure: FundingFigure
    years: list[int]
    drawn: dict[int, Decimal]
    remainder: dict[int, Decimal | None]
    shares: list["EnvelopeRow"] = field(default_factory=list)
    #: The envelope minus the amounts of its known shares: computed here, not a figure of the source.
    unassigned: Decimal | None = None
    #: False when only some grants are counted (a coordinator's page): the remainder would
    #: reveal the sum of other networks' grants.
    show_remainder: bool = True

    @property
    def cells(self) -> list[dict]:
        return [
            {"year": y, "drawn": self.drawn.get(y), "remainder": self.remainder.get(y)} for y in self.years
        ]


def envelopes(
    today: datetime.date | None = None, scope: FundingScope = ALL_FUNDING
) -> tuple[list[EnvelopeRow], list[FundingFigure], dict[int, Decimal]]:
    """The budgets and envelopes with their shares, per year from FUNDING_BASELINE_YEAR (or the
    figure's first year) to its last year, or this year and the last year with a grant; the
    context figures (a deficit: nothing is drawn from it); and per year the grants drawn from
    no figure, which the envelopes do not count. Three queries. For a part of the grants
    (`scope`), only the figures and shares those grants are drawn from, without the
    remainder."""
    today = today or datetime.date.today()
    figures = list(FundingFigure.objects.filter(part_of__isnull=True).prefetch_related("shares"))
    sums, not_drawn = defaultdict(Decimal), defaultdict(Decimal)
    for row in fundings_in(scope).order_by().values("drawn_from", "year").annotate(total=Sum("amount")):
        if row["drawn_from"] is None:
            not_drawn[row["year"]] += row["total"]
        else:
            sums[(row["drawn_from"], row["year"])] += row["total"]
    last_grant = max((year for _figure, year in sums), default=today.year)
    rows = []
    for figure in figures:
        if figure.kind not in DRAWABLE_KINDS:
            continue
        last = figure.year_to or max(today.year, last_grant)
        years = list(range(max(figure.year_from, FUNDING_BASELINE_YEAR), last + 1))
        shares = [_envelope_row(share, years, sums, [share]) for share in figure.shares.all()]
        row = _envelope_row(figure, years, sums, [figure, *figure.shares.all()])
        row.shares = shares
        known = [share.amount for share in figure.shares.all()]
        if figure.amount is not None and known and None in known:
            row.unassigned = figure.amount - sum(a for a in known if a is not None)
        if not scope.is_all:
            if not any(row.drawn.values()):
                continue
            row.shares = [share for share in shares if any(share.drawn.values())]
            for part in (row, *row.shares):
                part.show_remainder = False
        rows.append(row)
    context = [figure for figure in figures if figure.kind == FundingFigureKind.DEFICIT]
    return rows, context, dict(sorted(not_drawn.items()))


def _envelope_row(figure, years, sums, drawn_from) -> EnvelopeRow:
    drawn = {
        year: sum((sums.get((f.pk, year), Decimal(0)) for f in drawn_from), Decimal(0)) for year in years
    }
    own_years = [year for year in years if figure.covers(year)]
    remainder = {year: None if figure.amount is None else figure.amount - drawn[year] for year in own_years}
    return EnvelopeRow(figure=figure, years=own_years, drawn=drawn, remainder=remainder)
