"""What the reports show: plain context dicts, shared by the HTML preview and the PDF.

Every read goes through the apps' selectors (coverage, mergers, needs index, matrices,
evenness, funding); this module only gathers and labels. The number of queries does not grow
with the number of networks, zones, goals or indicators (pinned in tests/reports/).

Multi-year plans: the network profile and the Flanders report show each network's latest plan,
its status and version, the plans by status, the latest yearly progress and, per network with an
approved plan and a reported year, the status of its indicators (``indicator_progress_charts``).
The plan's own PDF (``plan_report_context``) is made from one version's frozen snapshot, so the
PDF of version 1 shows version 1 whatever changed since.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Max, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from missions.models import (
    FirstLineRole,
    IndicatorStatus,
    MultiYearPlan,
    PlanVersion,
    RegionalIntensity,
    SubmissionStatus,
    YearlyProgress,
)
from missions.needs import HIGH_THRESHOLD, LEVEL_LABELS, LOW_THRESHOLD
from missions.selectors import (
    MunicipalReads,
    core_themes,
    evenness_for_networks,
    needs_overview,
    network_matrix,
)
from missions.selectors.plans import (
    PlansOfNetworks,
    indicator_rows,
    indicator_status_tally,
    plan_approved_on,
    plan_events,
    plan_status_on,
    plans_of_networks,
    reported_plans,
)
from missions.selectors.versions import SnapshotLabels, VersionApproval, snapshot_labels, version_approvals
from networks.maps import coverage_map
from networks.models import (
    LegacyOrganisation,
    Network,
    NetworkStatusChange,
    RecognitionStatus,
    ServiceArea,
)
from networks.selectors import coverage_on, recognition_day, reform_calendar
from npz_registry import dataversion
from npz_registry.aggregates import day_in, json_rows
from npz_registry.numbers import readable_number
from npz_registry.pdf import report_meta
from npz_registry.reports import charts
from transition.models import Merger
from transition.selectors import (
    action_line_status_counts,
    action_lines_on,
    funding_totals_cached,
    mergers_by_status,
    mergers_of_networks,
    with_mergers_on,
    year_table,
)

# --------------------------------------------------------------------------------------------
# Multi-year plans and yearly progress
# --------------------------------------------------------------------------------------------


def _plan_row(plan) -> dict:
    """A plan as a report shows it on its day (plans_of_networks): its status and versions
    then, and the summary of the version approved then (a report never prints what the
    department has not approved)."""
    status = plan_status_on(plan)
    return {
        "plan": plan,
        "status": status,
        "label": SubmissionStatus(status).label,
        "period": plan.period.label,
        "span": plan.period.span,  # for a sentence: the name may say "meerjarenplan" itself
        "version": plan.latest_version_number,
        "approved_version": plan.approved_version_on_day,
        "summary": plan.approved_summary,
    }


def _progress_row(progress: YearlyProgress | None) -> dict | None:
    """A progress report as a report shows it: its text only once it is approved."""
    if progress is None:
        return None
    approved = progress.status == SubmissionStatus.APPROVED
    return {
        "progress": progress,
        "year": progress.year,
        "status": progress.status,
        "label": progress.get_status_display(),
        "summary": progress.narrative if approved else "",
    }


def plan_status_counts(counts: Counter) -> list[dict]:
    """``[{"status", "label", "count"}]`` for every plan status, from ``counts`` (plans per
    status: PlansOfNetworks.counts)."""
    return [
        {"status": status, "label": SubmissionStatus(status).label, "count": counts.get(status, 0)}
        for status in SubmissionStatus.values
    ]


#: The order of the statuses in the indicator charts and tables.
INDICATOR_STATUS_ORDER = (
    IndicatorStatus.ACHIEVED,
    IndicatorStatus.ON_TRACK,
    IndicatorStatus.BEHIND,
    IndicatorStatus.UNKNOWN,
)


def indicator_progress_rows(plan: MultiYearPlan, progress: YearlyProgress) -> list[dict]:
    """One row per indicator of ``plan`` (theme order): its target for the progress report's year,
    the value reported and the status (missions.selectors.plans.indicator_rows). Uses the
    prefetched goals, indicators, targets and values of ``reported_plans``."""
    values = {value.indicator_id: value for value in progress.indicator_values.all()}
    indicators = [indicator for goal in plan.goals.all() for indicator in goal.indicators.all()]
    return [
        {
            "theme_number": row.indicator.goal.theme.number,
            "goal": row.indicator.goal.title,
            "indicator": row.name,
            "unit": row.unit,
            "target": row.target,
            "actual": row.actual,
            "status": row.status.value,
            "status_label": row.status_label,
        }
        for row in indicator_rows(indicators, values, progress)
    ]


def indicator_progress_charts(networks: list[Network], *, with_svg: bool = True) -> list[dict]:
    """Per network with an approved plan and at least one reported year, in the order of
    ``networks``: how its indicators stand in the latest reported year (achieved, on track,
    behind, no value), as a chart and a table.

    ``[{"network", "plan", "progress", "year", "title", "svg", "counts", "rows"}]``, where
    ``counts`` is ``[{"status", "label", "count"}]`` in INDICATOR_STATUS_ORDER. A fixed number of
    queries (``reported_plans``)."""
    plans = reported_plans(networks)
    charts_out = []
    for network in networks:
        plan = plans.get(network.pk)
        if plan is None:
            continue
        progress = plan.reported[0]
        rows = indicator_progress_rows(plan, progress)
        tally = Counter(row["status"] for row in rows)
        counts = [
            {"status": status.value, "label": status.label, "count": tally.get(status.value, 0)}
            for status in INDICATOR_STATUS_ORDER
        ]
        title = _("%(network)s: indicators in %(year)s") % {"network": network.name, "year": progress.year}
        charts_out.append(
            {
                "network": network,
                "plan": plan,
                "progress": progress,
                "progress_label": progress.get_status_display(),
                "year": progress.year,
                "title": title,
                "svg": charts.indicator_status_chart(counts, title) if with_svg else None,
                "counts": counts,
                "rows": rows,
            }
        )
    return charts_out


# --------------------------------------------------------------------------------------------
# Shared parts
# --------------------------------------------------------------------------------------------


def _status_label(status: str | None) -> str:
    return RecognitionStatus(status).label if status else _("no status yet")


# --------------------------------------------------------------------------------------------
# Network profile
# --------------------------------------------------------------------------------------------


def _zone_rows(network: Network, overview, day: datetime.date, reads: MunicipalReads) -> list[dict]:
    """Every zone the network serves (or served, or will serve), with its population (its
    service areas from `reads`, by start and zone name)."""
    zones = []
    areas = [area for area in reads.service_areas if area.network_id == network.pk]
    for area in sorted(areas, key=lambda area: (area.valid_from, area.zone.name)):
        figures = overview.figures.get(area.zone_id)
        zones.append(
            {
                "area": area,
                "zone": area.zone,
                "population": figures.population if figures else None,
                "population_year": figures.population_year if figures else None,
                "is_current": area.is_valid_on(day),
                "needs": overview.for_zone(area.zone),
            }
        )
    return zones


def _merger_of(network: Network, day: datetime.date) -> dict | None:
    groups = mergers_by_status(day)
    return next(
        (
            {"merger": merger, "label": group["label"]}
            for group in groups
            for merger in group["mergers"]
            if merger.network_id == network.pk
        ),
        None,
    )


def _network_concept_reasons(network, *, status, matrix, zones, day) -> list[str]:
    """Why the profile is a concept: not recognised on the day, matrix incomplete, zones not
    confirmed, demo data."""
    reasons = []
    if status != RecognitionStatus.RECOGNISED:
        reasons.append(_("The network is not recognised on %(day)s.") % {"day": day.strftime("%d/%m/%Y")})
    if not matrix.is_complete:
        reasons.append(_("The missions matrix is not complete."))
    if any(not zone["zone"].is_verified for zone in zones):
        reasons.append(_("The regional care zones are provisional (not confirmed yet)."))
    if network.is_demo:
        reasons.append(_("Fictional demo data."))
    return reasons


#: What the network profile shows of a predecessor (and its key).
PREDECESSOR_FIELDS = ("pk", "code", "name", "kind", "enterprise_number", "merger_date")


@dataclass(frozen=True)
class _NetworkHistory:
    status_changes: list[NetworkStatusChange]
    predecessors: list[LegacyOrganisation]
    data_updated: datetime.datetime | None


#: What a network's data is made of beyond its own row, for the reports' data date: its zones,
#: predecessors, intensities, merger, plans and progress reports (``_data_updated``).
DATA_PARTS = ("areas", "predecessors", "intensities", "merger", "plans", "progress")


def _data_stamps() -> dict[str, Subquery]:
    """Annotations of a network: the latest ``updated_at`` of each of its DATA_PARTS."""

    def latest(rows, owner: str) -> Subquery:
        grouped = rows.filter(**{owner: OuterRef("pk")}).order_by().values(owner)
        return Subquery(grouped.annotate(latest=Max("updated_at")).values("latest"))

    return {
        "areas_updated": latest(ServiceArea.objects.all(), "network"),
        "predecessors_updated": latest(LegacyOrganisation.objects.all(), "successor"),
        "intensities_updated": latest(RegionalIntensity.objects.all(), "network"),
        "merger_updated": latest(Merger.objects.all(), "network"),
        "plans_updated": latest(MultiYearPlan.objects.all(), "network"),
        "progress_updated": latest(YearlyProgress.objects.all(), "plan__network"),
    }


def _data_updated(network: Network) -> datetime.datetime:
    """The latest change of a network read with ``_data_stamps``: its row or any of its parts."""
    stamps = [network.updated_at] + [getattr(network, f"{part}_updated") for part in DATA_PARTS]
    return max(stamp for stamp in stamps if stamp is not None)


def _network_history(network: Network) -> _NetworkHistory:
    """The network's dated status changes (by date), its predecessors (by kind and name) and
    the most recent change of its data (the report's data date, ``_data_updated``), in one
    query."""
    found = (
        Network.objects.filter(pk=network.pk)
        .annotate(
            change_rows=_status_change_rows(),
            predecessor_rows=json_rows(LegacyOrganisation.objects.all(), "successor", *PREDECESSOR_FIELDS),
            **_data_stamps(),
        )
        .get()
    )
    predecessors = [
        LegacyOrganisation(**{**row, "merger_date": day_in(row["merger_date"])})
        for row in found.predecessor_rows or []
    ]
    return _NetworkHistory(
        status_changes=_status_changes(network, found.change_rows),
        predecessors=sorted(predecessors, key=lambda organisation: (organisation.kind, organisation.name)),
        data_updated=_data_updated(found),
    )


def _network_sections() -> dict:
    return {
        "identity": _("Identity and seat"),
        "recognition": _("Recognition"),
        "zones": _("Zones served"),
        "predecessors": _("Predecessors"),
        "missions": _("Missions and regional intensity"),
        "evenness": _("Evenness of activity"),
        "plan": _("Multi-year plan and yearly progress"),
    }


def network_report_context(network: Network, *, day: datetime.date | None = None) -> dict:
    """The network profile: identity, seat, zones with population, predecessors, recognition,
    intensity matrix with the needs index, evenness, plan status and latest progress.

    ``network`` must come from ``Network.objects.visible_to(user)`` (the views do so).
    ``day`` (default today) is the day the status and the zones are shown for."""
    today = timezone.localdate()
    day = day or today
    reads = MunicipalReads(today)  # read once for the needs index and the evenness
    overview = needs_overview(today, reads=reads)
    themes = core_themes()
    matrix = network_matrix(network, overview, themes, reads=reads)
    # The activity of the report's day: the latest approved report's counts then, not today's.
    evenness_year, evenness = evenness_for_networks([network], reads=reads, day=day).get(
        network.pk, (None, None)
    )
    history = _network_history(network)
    network.prefetched_status_changes = history.status_changes
    status = network.status_on(day)
    zones = _zone_rows(network, overview, day, reads)
    plans = plans_of_networks([network], day)
    plan = plans.in_force.get(network.pk)
    population_years = {z["population_year"] for z in zones if z["population_year"]}
    return {
        **report_meta(
            title=_("Network profile"),
            subtitle=network.name,
            kind="network",
            day=day,
            data_updated=history.data_updated,
            population_year=max(population_years) if population_years else None,
            concept_reasons=_network_concept_reasons(
                network, status=status, matrix=matrix, zones=zones, day=day
            ),
            sections=_network_sections(),
        ),
        "network": network,
        "status": status,
        "status_label": _status_label(status),
        "status_changes": network.prefetched_status_changes,
        "zones": zones,
        "current_population": sum(z["population"] or 0 for z in zones if z["is_current"]),
        "predecessors": history.predecessors,
        "merger": _merger_of(network, day),
        "themes": themes,
        "matrix": matrix,
        "evenness": evenness,
        "evenness_year": evenness_year,
        "plan": _plan_row(plan) if plan else None,
        "progress": _progress_row(plans.latest_progress.get(network.pk)),
        "low_threshold": LOW_THRESHOLD,
        "high_threshold": HIGH_THRESHOLD,
        "level_labels": sorted(LEVEL_LABELS.items()),
    }


# --------------------------------------------------------------------------------------------
# Flanders policy report
# --------------------------------------------------------------------------------------------


def _status_change_rows():
    """A json_rows annotation of a network's dated status changes (read with _status_changes)."""
    fields = ("pk", "effective_date", "from_status", "to_status", "note")
    return json_rows(NetworkStatusChange.objects.all(), "network", *fields)


def _status_changes(network: Network, rows) -> list[NetworkStatusChange]:
    """The status changes a _status_change_rows annotation holds, by date (``status_on``)."""
    changes = [
        NetworkStatusChange(**{**row, "effective_date": day_in(row["effective_date"]), "network": network})
        for row in rows or []
    ]
    return sorted(changes, key=lambda change: (change.effective_date, change.pk))


def report_networks(day: datetime.date) -> list[Network]:
    """Every network by name with its seat, its dated status history
    (``prefetched_status_changes``, for ``status_on``), the level of each of its zone's cells
    (``zone_levels``: the zone's own cells, not their refinements per primary care zone, as
    ``{"zone_id", "theme_id", "level"}``), the latest change of its data (``data_updated``) and
    its merger on ``day`` (for ``mergers_of_networks``): one query."""
    zone_cells = RegionalIntensity.objects.filter(primary_care_zone__isnull=True)
    networks = list(
        with_mergers_on(Network.objects.order_by("name"), day)
        .select_related("seat")
        .annotate(
            change_rows=_status_change_rows(),
            zone_levels=json_rows(zone_cells, "network", "zone_id", "theme_id", "level"),
            **_data_stamps(),
        )
    )
    for network in networks:
        network.prefetched_status_changes = _status_changes(network, network.change_rows)
        network.data_updated = _data_updated(network)
    return networks


def _heat_class(average: float | None) -> str:
    if average is None:
        return "heat-missing"
    return f"heat-{min(3, max(1, round(average)))}"


#: Names shown per zone or per merger status; the rest is counted ("and 7 more"), so the report
#: keeps its dozen pages however many networks there are (each has its own profile).
NAMES_SHOWN = 4


def _names(items: list[str]) -> dict:
    return {"shown": items[:NAMES_SHOWN], "more": max(0, len(items) - NAMES_SHOWN)}


def _zone_heat(zone_id: int, network_ids: list[int], themes, levels) -> tuple[list[dict], int]:
    """The zone's cells per theme: the average level over the networks serving it, and the
    number of (network, theme) pairs without a level."""
    cells, missing = [], 0
    for theme in themes:
        found = [levels.get((network_id, zone_id, theme.pk)) for network_id in network_ids]
        present = [level for level in found if level is not None]
        average = sum(present) / len(present) if present else None
        missing += len(found) - len(present)
        cells.append({"theme": theme, "average": average, "css": _heat_class(average)})
    return cells, missing


def _approved_and_running(plan, day: datetime.date) -> bool:
    """A plan approved by the end of ``day`` (plan_approved_on) whose period runs in the year of
    ``day`` (not the most recent one that has ended, which PlansOfNetworks.in_force falls back
    on)."""
    return plan is not None and plan_approved_on(plan) and plan.period.runs_in(day.year)


def flanders_zone_rows(coverage, networks, themes, day: datetime.date, plans: dict) -> list[dict]:
    """Per regional care zone on ``day``: the networks serving it (a few names, the rest
    counted), how many are recognised and have an approved plan in force (``plans``:
    PlansOfNetworks.in_force), and the average intensity of each theme over those networks:
    the zone's own cells, not their refinements per primary care zone (as the Flanders
    missions page), read with the networks (report_networks)."""
    status = {network.pk: network.status_on(day) for network in networks}
    levels = {
        (network.pk, cell["zone_id"], cell["theme_id"]): cell["level"]
        for network in networks
        for cell in network.zone_levels or []
    }
    rows = []
    for item in coverage.zones:
        serving = item.networks
        ids = [network.pk for network in serving]
        cells, missing = _zone_heat(item.zone.pk, ids, themes, levels)
        rows.append(
            {
                "zone": item.zone,
                "item": item,
                "network_count": len(serving),
                "names": _names([network.name for network in serving]),
                "recognised": sum(1 for pk in ids if status.get(pk) == RecognitionStatus.RECOGNISED),
                "approved_plans": sum(
                    1 for pk in ids if pk in plans and _approved_and_running(plans[pk], day)
                ),
                "cells": cells,
                "missing": missing,
            }
        )
    return rows


def served_by_recognised(zone_rows: list[dict]) -> dict:
    """Of the zones served (flanders_zone_rows), those a recognised network serves and their
    population: a zone served only by a candidate network counts as served, not as recognised."""
    rows = [row for row in zone_rows if row["recognised"]]
    return {
        "recognised_zone_count": len(rows),
        "recognised_population": sum(row["item"].population for row in rows),
    }


def network_status_counts(networks, day: datetime.date) -> list[dict]:
    """``[{"label", "count"}]``: the networks per recognition status on ``day`` (no status last)."""
    tally = Counter(network.status_on(day) for network in networks)
    rows = [
        {"label": status.label, "count": tally.get(status.value, 0)}
        for status in RecognitionStatus
        if tally.get(status.value)
    ]
    if tally.get(None):
        rows.append({"label": _("no status yet"), "count": tally[None]})
    return rows


def indicator_progress_by_theme(plans: PlansOfNetworks, themes, networks=()) -> dict:
    """How the indicators of every approved, reported plan (of the networks ``plans`` holds)
    stand in its latest reported year, counted per theme and in total: ``{"networks", "rows":
    [{"theme", "counts"}], "counts", "total", "sources"}``, the sources being the networks
    (of ``networks``) and the year each reported on, by name. One query of plain values,
    cached per data version."""

    def build():
        counted, tally = indicator_status_tally(plans.latest_reported)
        per_theme = {theme.number: {} for theme in themes}
        per_theme.update({number: dict(counts) for number, counts in tally.items()})
        return {"networks": counted, "per_theme": per_theme}

    # The tally depends on the reported years chosen on the report's day: one entry per choice.
    chosen = hashlib.sha256(repr(sorted(plans.latest_reported.items())).encode()).hexdigest()[:16]
    found = dataversion.cached(f"reports:indicators-by-theme:{chosen}", build)
    labels = {theme.number: theme for theme in themes}

    def counts(tally):
        return [
            {"status": status.value, "label": status.label, "count": tally.get(status.value, 0)}
            for status in INDICATOR_STATUS_ORDER
        ]

    total = Counter()
    for tally in found["per_theme"].values():
        total.update(tally)
    return {
        "networks": found["networks"],
        "rows": [
            {"theme": labels.get(number), "number": number, "counts": counts(tally)}
            for number, tally in sorted(found["per_theme"].items())
        ],
        "counts": counts(total),
        "total": sum(total.values()),
        "sources": sorted(
            (network.name, plans.latest_reported[network.pk][2])
            for network in networks
            if network.pk in plans.latest_reported
        ),
    }


#: Late milestones listed by name in the Flanders report (the most overdue); the rest counted.
LATE_MILESTONES_SHOWN = 10


def _merger_groups(mergers: list[dict]) -> list[dict]:
    return [
        {**group, "names": _names([merger.network.name for merger in group["mergers"]])} for group in mergers
    ]


def _flanders_concept_reasons(day, *, coverage, networks, totals) -> list[str]:
    """Why the Flanders report is a concept: a future day, zones not confirmed, demo data."""
    reasons = []
    if day > timezone.localdate():
        reasons.append(
            _("The situation on %(day)s lies in the future: it shows what is planned today.")
            % {"day": day.strftime("%d/%m/%Y")}
        )
    if coverage.zones_provisional:
        reasons.append(_("The regional care zones are provisional (not confirmed yet)."))
    if any(network.is_demo for network in networks) or totals.has_demo:
        reasons.append(_("Contains fictional demo data."))
    return reasons


def _flanders_sections() -> dict:
    return {
        "summary": _("Summary"),
        "coverage": _("Coverage of the regional care zones"),
        "networks": _("Networks"),
        "missions": _("Missions: networks and themes"),
        "plans": _("Multi-year plans"),
        "mergers": _("Mergers and milestones"),
        "action_lines": _("Action lines"),
        "funding": _("Funding"),
    }


def _funding_context(totals) -> dict:
    """The funding chart and its table: a row per year, a column per kind with amounts."""
    return {
        "funding": totals,
        "funding_chart": _cached_chart("funding", lambda: charts.funding_chart(totals)),
        "funding_table": year_table(totals, totals.kinds, totals.by_year_kind, only_used=True),
    }


def _cached_chart(key: str, build):
    """A chart or map of the Flanders report, made once per data version and language."""
    return dataversion.cached(f"reports:{key}", build)


def _coverage_figure(coverage, day: datetime.date) -> dict:
    """The map and its legend (only the networks it shows: one colour per zone at most)."""

    def build():
        svg, legend = coverage_map(coverage)
        shown = {
            item.areas[0].network.pk for item in coverage.zones if item.areas and not item.is_claimed_twice
        }
        return {
            "svg": charts.print_ready_map(svg),
            "legend": [
                {"name": entry["network"].name, "colour": entry["colour"]}
                for entry in legend
                if entry["network"].pk in shown
            ],
        }

    return _cached_chart(f"map:{day.isoformat()}", build)


def flanders_default_day() -> datetime.date:
    """The day the Flanders report shows unless asked for another (the reports page's "situation
    on", the PDF and the preview without ``?as_of=``): the recognition day set in the back office
    while it lies ahead (what the reform prepares for), else today."""
    today = timezone.localdate()
    recognition = recognition_day()
    return recognition if recognition is not None and recognition > today else today


def flanders_report_context(day: datetime.date | None = None) -> dict:
    """The Flanders policy report on ``day`` (default flanders_default_day): a summary per
    regional care zone and per theme, a dozen pages however many networks there are (each
    network has its profile). Charts and the map are cached per data version."""
    day = day or flanders_default_day()
    networks = report_networks(day)
    themes = core_themes()
    coverage = coverage_on(day)
    mergers = mergers_of_networks(networks, LATE_MILESTONES_SHOWN, day)
    lines = action_lines_on(day)
    totals = funding_totals_cached()  # every funding row, shared with the funding page
    plans = plans_of_networks(networks, day)
    plan_counts = plan_status_counts(plans.counts)
    # The networks of the day are those serving a zone on it (as the API's and the back office's
    # lists on a day): one registered for a later start is not counted yet.
    serving = coverage.serving_network_ids
    status_counts = network_status_counts([n for n in networks if n.pk in serving], day)
    indicators = indicator_progress_by_theme(plans, themes, networks)
    # The data date: the latest change of any network's data or of any grant.
    stamps = [network.data_updated for network in networks] + [totals.latest_update]
    data_updated = max((stamp for stamp in stamps if stamp is not None), default=None)
    figure = _coverage_figure(coverage, day)
    recognised = RecognitionStatus.RECOGNISED.label
    zones = flanders_zone_rows(coverage, networks, themes, day, plans.in_force)
    return {
        **report_meta(
            title=_("Palliative care networks in Flanders"),
            subtitle=_("Policy report on the transition"),
            kind="flanders",
            day=day,
            data_updated=data_updated,
            population_year=coverage.population_year,
            concept_reasons=_flanders_concept_reasons(
                day, coverage=coverage, networks=networks, totals=totals
            ),
            sections=_flanders_sections(),
        ),
        "coverage": coverage,
        "map_svg": figure["svg"],
        "legend": figure["legend"],
        "zones": zones,
        **served_by_recognised(zones),
        "network_status_counts": status_counts,
        "network_count": len(serving),
        "recognised_count": sum(row["count"] for row in status_counts if row["label"] == recognised),
        "themes": themes,
        "plan_counts": plan_counts,
        "plan_total": sum(item["count"] for item in plan_counts),
        "mergers_by_status": _merger_groups(mergers.by_status),
        "mergers_chart": _cached_chart(
            f"mergers:{day.isoformat()}", lambda: charts.mergers_chart(mergers.by_status)
        ),
        "late_milestone_count": mergers.late_count,
        "late_milestones": mergers.late_milestones,
        "action_lines": lines,
        "calendar": list(reform_calendar()),
        "action_line_counts": action_line_status_counts(lines),
        **_funding_context(totals),
        "indicators": indicators,
        "indicator_chart": _cached_chart(
            "indicators",
            lambda: charts.indicator_status_chart(indicators["counts"], _("Indicators of all networks")),
        )
        if indicators["total"]
        else None,
        "level_labels": sorted(LEVEL_LABELS.items()),
    }


# --------------------------------------------------------------------------------------------
# Multi-year plan: one version
# --------------------------------------------------------------------------------------------


#: The status of a version once a later one was submitted (beside SubmissionStatus).
SUPERSEDED = "SUPERSEDED"
#: The status of an approved version once a later version was approved.
REPLACED = "REPLACED"


def _not_final_reason(status: str) -> str:
    """Why the latest version of a plan in ``status`` (anything but approved) is not final."""
    reasons = {
        SubmissionStatus.DRAFT: _("The plan was withdrawn and is a draft again."),
        SubmissionStatus.SUBMITTED: _("The plan is submitted and awaits review."),
        SubmissionStatus.IN_REVIEW: _("The plan is in review at the department."),
        SubmissionStatus.CHANGES_REQUESTED: _("The department requested changes to the plan."),
    }
    return reasons.get(status, _("The plan is not approved."))


def _snapshot_number(text) -> str | None:
    """A number of the snapshot ('1250.5') as the reader expects it ('1.250,5'); None when empty."""
    if text in (None, ""):
        return None
    try:
        return readable_number(Decimal(str(text)))
    except InvalidOperation:
        return str(text)


def _snapshot_date(text) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def approved_in_force_label(plan: MultiYearPlan, number: int, *, is_latest: bool) -> str | None:
    """How version ``number`` is named when it is the approved version while the plan moved on
    (reopened, or a newer version under review): it stays in force until another is approved.
    None for any other version. The reports index and the version's report alike."""
    if number == plan.approved_version and not (is_latest and plan.status == SubmissionStatus.APPROVED):
        return _("approved, in force while the plan is being changed (now: %(status)s)") % {
            "status": plan.get_status_display()
        }
    return None


def _replaced_label(approval: VersionApproval) -> str:
    """How an approved version that a later approved version replaced is named."""
    if approval.approved_at is None or approval.replaced_at is None:
        return _("approved, replaced by version %(number)s") % {"number": approval.replaced_by}
    return _("approved on %(approved)s, replaced by version %(number)s on %(replaced)s") % {
        "approved": _long_date(approval.approved_at),
        "number": approval.replaced_by,
        "replaced": _long_date(approval.replaced_at),
    }


def _long_date(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def plan_version_status(plan: MultiYearPlan, version: PlanVersion, versions: list, events: list) -> dict:
    """Where ``version`` stands, without touching the database.

    ``versions``: the plan's versions (``number``, ``submitted_at``), ``events``: its review
    events in time order. Whether the version was approved, when, and whether a later approved
    version replaced it come from version_approvals (the versions page asks the same). The
    version approved last stays in force, also while the plan is reopened or a newer version is
    under review. A version that was approved is final (no CONCEPT mark), also once replaced;
    another older version is superseded by the next one. ``history`` holds the events between
    this version's submission and the next one's."""
    later = [v for v in versions if v.number > version.number]
    latest_number = max([v.number for v in versions] + [version.number])
    following = min(later, key=lambda v: v.number) if later else None
    history = [
        event
        for event in events
        if event.at >= version.submitted_at and (following is None or event.at < following.submitted_at)
    ]
    is_latest = following is None
    approval = version_approvals(plan, versions, events).get(version.number)
    in_force = approved_in_force_label(plan, version.number, is_latest=is_latest)
    reason = None
    if approval is not None and not approval.in_force:
        label, status = _replaced_label(approval), REPLACED
    elif approval is not None:
        label, status = in_force or plan.get_status_display(), SubmissionStatus.APPROVED
    elif is_latest:
        label, status, reason = plan.get_status_display(), plan.status, _not_final_reason(plan.status)
    else:
        label, status = _("superseded by version %(number)s") % {"number": following.number}, SUPERSEDED
        reason = _("This version was superseded by version %(number)s; the latest is version %(latest)s.") % {
            "number": following.number,
            "latest": latest_number,
        }
    return {
        "status": status,
        "label": label,
        "is_latest": is_latest,
        "latest_number": latest_number,
        "superseded_by": following.number if following else None,
        "is_approved": approval is not None,
        "approved_at": approval.approved_at if approval else None,
        "replaced_by": approval.replaced_by if approval else None,
        "replaced_at": approval.replaced_at if approval else None,
        "concept_reason": reason,
        "history": history,
    }


def _snapshot_goal(goal: dict, labels: SnapshotLabels, years: list[int]) -> dict:
    """One goal of a snapshot with its codes turned into labels."""
    aims = sorted(
        (labels.aims[code] for code in goal.get("aims", []) if code in labels.aims),
        key=lambda aim: aim.number,
    )
    return {
        "title": goal.get("title", ""),
        "description": goal.get("description", ""),
        "aims": aims,
        "aim_numbers": {aim.number for aim in aims},
        "unknown_aims": [code for code in goal.get("aims", []) if code not in labels.aims],
        "zones": [labels.zones.get(code, code) for code in goal.get("target_zones", [])],
        "delivery": labels.delivery.get(goal.get("delivery_mode"), goal.get("delivery_mode") or "–"),
        "first_line_role": dict(FirstLineRole.choices).get(goal.get("first_line_role"), ""),
        "complexity_levels": [
            labels.complexity.get(code, code) for code in goal.get("complexity_levels", [])
        ],
        "actions": [
            {
                "what": action.get("what", ""),
                "partners": [labels.partners.get(code, code) for code in action.get("partners", [])],
                "partners_note": action.get("partners_note", ""),
                "organisations": [
                    labels.organisations.get(code, code) for code in action.get("partner_organisations", [])
                ],
                "responsible": action.get("responsible", ""),
                "start": _snapshot_date(action.get("start")),
                "end": _snapshot_date(action.get("end")),
            }
            for action in goal.get("actions", [])
        ],
        "indicators": [
            {
                "name": indicator.get("name", ""),
                "unit": indicator.get("unit", ""),
                "baseline": _snapshot_number(indicator.get("baseline_value")),
                "baseline_year": indicator.get("baseline_year"),
                "direction": labels.directions.get(
                    indicator.get("direction"), indicator.get("direction") or ""
                ),
                "targets": [_snapshot_number(indicator.get("targets", {}).get(str(year))) for year in years],
            }
            for indicator in goal.get("indicators", [])
        ],
    }


def _theme_groups(goals: list[dict], labels: SnapshotLabels, years: list[int]) -> list[dict]:
    """The snapshot's goals, numbered, in runs of the same theme (the PDF's chapters)."""
    groups: list[dict] = []
    for number, goal in enumerate(goals, start=1):
        code = goal.get("theme") or ""
        if not groups or groups[-1]["code"] != code:
            theme = labels.themes.get(code)
            groups.append(
                {
                    "id": f"theme-{len(groups) + 1}",
                    "code": code,
                    "number": theme.number if theme else None,
                    "label": theme.label if theme else code,
                    "follows": bool(groups),  # the first theme starts on a new page
                    "goals": [],
                }
            )
        item = {"number": number, **_snapshot_goal(goal, labels, years)}
        item["theme_number"], item["theme_label"] = groups[-1]["number"], groups[-1]["label"]
        groups[-1]["goals"].append(item)
    return groups


def _snapshot_years(plan: MultiYearPlan, goals: list[dict]) -> list[int]:
    """The period's years and any other year a target was set for."""
    targets = {
        int(year) for goal in goals for ind in goal.get("indicators", []) for year in ind.get("targets", {})
    }
    return sorted(set(plan.period.years) | targets)


def _plan_sections(groups: list[dict]) -> dict:
    sections = {
        "version": _("Version and status"),
        "summary": _("Summary and stakeholders"),
        "overview": _("Goals at a glance"),
    }
    for group in groups:
        sections[group["id"]] = f"{group['number']}. {group['label']}" if group["number"] else group["label"]
    return sections


def plan_report_context(plan: MultiYearPlan, version: PlanVersion) -> dict:
    """One version of a multi-year plan, from its frozen snapshot (``version.content``): every
    goal with its theme, sextuple aims, target zones and delivery, its actions with partners and
    its indicators with baseline and targets; the version number, status, submission and
    approval dates and content hash; a CONCEPT mark unless this is the approved version.

    ``plan`` comes with ``network`` and ``period`` selected (``get_plan_for_user_or_404`` does),
    ``version`` with ``submitted_by``. Eight queries, however large the plan: its versions, its
    events, and the themes, aims, zones, partner types, partner organisations and complexity
    levels that turn the snapshot's codes into labels (the codes of rows deleted since are shown
    as they are)."""
    content = version.content or {}
    versions = list(plan.versions.order_by("number").values_list("number", "submitted_at", named=True))
    events = list(plan_events(plan))
    labels = snapshot_labels()
    status = plan_version_status(plan, version, versions, events)
    years = _snapshot_years(plan, content.get("goals", []))
    groups = _theme_groups(content.get("goals", []), labels, years)
    network, period = plan.network, plan.period
    years_label = f"{period.start_year}–{period.end_year}"
    version_label = _("version %(number)s") % {"number": version.number}
    submitter = version.submitted_by
    return {
        **report_meta(
            title=_("Multi-year plan %(years)s") % {"years": years_label},
            subtitle=f"{network.name} · {version_label}",
            kind="plan",
            day=timezone.localdate(),
            data_updated=max([version.submitted_at] + [event.at for event in events]),
            concept_reasons=[status["concept_reason"]] if status["concept_reason"] else [],
            sections=_plan_sections(groups),
        ),
        "plan": plan,
        "network": network,
        "period": period,
        "period_label": period.label if years_label in period.label else f"{period.label} ({years_label})",
        "version": version,
        "version_label": version_label,
        "plan_status": status,
        "submitted_by": (submitter.get_full_name() or submitter.username) if submitter else None,
        "summary": content.get("summary", ""),
        "stakeholders": content.get("stakeholders", ""),
        "theme_groups": groups,
        "goals": [goal for group in groups for goal in group["goals"]],
        "all_aims": list(labels.aims.values()),
        "years": years,
        "is_demo": network.is_demo,
    }


# --------------------------------------------------------------------------------------------
# Reports: template, context and file name together
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One report ready to render: as HTML (preview, tests) or PDF (views, render_report)."""

    template_name: str
    context: dict
    filename: str

    @property
    def title(self) -> str:
        return f"{self.context['title']}: {self.context['subtitle']}"

    @property
    def lang(self) -> str:
        return self.context["lang"]

    def html(self, **extra) -> str:
        """The report's HTML, the same for the preview and the PDF (``extra`` adds e.g. preview links)."""
        return render_to_string(self.template_name, {**self.context, **extra})


def network_report(network: Network, *, day: datetime.date | None = None) -> Report:
    context = network_report_context(network, day=day)
    return Report(
        "reports/network_profile.html",
        context,
        f"netwerkprofiel-{network.code}-{context['day']:%Y-%m-%d}.pdf",
    )


def flanders_report(day: datetime.date | None = None) -> Report:
    context = flanders_report_context(day)
    return Report("reports/flanders.html", context, f"vlaanderen-{context['day']:%Y-%m-%d}.pdf")


def plan_report(plan: MultiYearPlan, version: PlanVersion) -> Report:
    context = plan_report_context(plan, version)
    period = plan.period
    return Report(
        "reports/plan.html",
        context,
        f"plan-{plan.network.code}-{period.start_year}-{period.end_year}-v{version.number}.pdf",
    )
