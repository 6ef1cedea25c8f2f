"""What the reports show: plain context dicts, shared by the HTML preview and the PDF.

Every read goes through the apps' selectors (coverage, mergers, needs index, matrices,
evenness, funding); this module only gathers and labels. The number of queries does not grow
with the number of networks or zones (pinned in tests/reports/test_context.py).

Multi-year plans: the reports show each network's latest plan and its status, the plans by
status and the latest yearly progress. ``indicator_progress_charts`` is still a hook that returns
nothing. The plan's own PDF is not built yet: it gets ``plan_report_context`` in
``missions/reports.py`` and a template extending ``templates/pdf/base.html`` (STYLE 4.8), rendered
with ``npz_registry.pdf.render_pdf``; ``render_report plan`` says so until then.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from missions.models import MultiYearPlan, RegionalIntensity, SubmissionStatus, YearlyProgress
from missions.needs import HIGH_THRESHOLD, LEVEL_LABELS, LOW_THRESHOLD
from missions.selectors import (
    core_themes,
    evenness_for_networks,
    flanders_matrix,
    needs_overview,
    network_matrix,
)
from networks.models import (
    RECOGNITION_DAY,
    LegacyOrganisation,
    Network,
    NetworkStatusChange,
    RecognitionStatus,
    ServiceArea,
)
from networks.selectors import coverage_on
from npz_registry.pdf import report_meta
from npz_registry.reports import charts
from transition.models import Funding, Merger
from transition.selectors import (
    action_line_status_counts,
    action_lines_on,
    funding_totals,
    late_milestones,
    mergers_by_status,
)
from transition.views import coverage_map

# --------------------------------------------------------------------------------------------
# Multi-year plans and yearly progress
# --------------------------------------------------------------------------------------------


def _plan_row(plan) -> dict:
    return {
        "plan": plan,
        "status": plan.status,
        "label": plan.get_status_display(),
        "period": plan.period.name,
    }


def plan_status_by_network(networks: list[Network]) -> dict[int, dict]:
    """Network id -> its most recent multi-year plan (latest planning period), as
    ``{"plan", "status", "label", "period"}``; one query for all networks."""
    plans = (
        MultiYearPlan.objects.filter(network__in=networks)
        .select_related("period")
        .order_by("period__start_year", "pk")
    )
    return {plan.network_id: _plan_row(plan) for plan in plans}  # the latest period wins


def plan_status_for(network: Network) -> dict | None:
    """The network's most recent multi-year plan, or None: the report then says 'no plan yet'."""
    return plan_status_by_network([network]).get(network.pk)


def plan_status_counts(networks: list[Network]) -> list[dict]:
    """``[{"status", "label", "count"}]`` for every plan status, over all plans of ``networks``."""
    counts = Counter(MultiYearPlan.objects.filter(network__in=networks).values_list("status", flat=True))
    return [
        {"status": status, "label": SubmissionStatus(status).label, "count": counts.get(status, 0)}
        for status in SubmissionStatus.values
    ]


def latest_progress_for(network: Network) -> dict | None:
    """The network's latest yearly progress report as ``{"progress", "year", "status", "label",
    "summary"}``, or None."""
    progress = (
        YearlyProgress.objects.filter(plan__network=network)
        .select_related("plan__period")
        .order_by("-year", "-pk")
        .first()
    )
    if progress is None:
        return None
    return {
        "progress": progress,
        "year": progress.year,
        "status": progress.status,
        "label": progress.get_status_display(),
        "summary": progress.narrative,
    }


def indicator_progress_charts(networks: list[Network]) -> list[dict]:
    """``[{"title", "svg"}]``: indicator targets against the values reported in yearly progress.

    Hook, empty for now: the Flanders report prints the charts as soon as this returns them."""
    return []


# --------------------------------------------------------------------------------------------
# Shared parts
# --------------------------------------------------------------------------------------------


def _latest_update(*querysets) -> datetime.datetime | None:
    """The most recent ``updated_at`` over the querysets: the report's data date."""
    stamps = [qs.aggregate(latest=Max("updated_at"))["latest"] for qs in querysets]
    stamps = [stamp for stamp in stamps if stamp is not None]
    return max(stamps) if stamps else None


def _status_label(status: str | None) -> str:
    return RecognitionStatus(status).label if status else _("no status yet")


# --------------------------------------------------------------------------------------------
# Network profile
# --------------------------------------------------------------------------------------------


def network_report_context(network: Network, *, day: datetime.date | None = None) -> dict:
    """The network profile: identity, seat, zones with population, predecessors, recognition,
    intensity matrix with the needs index, evenness, plan status and latest progress.

    ``network`` must come from ``Network.objects.visible_to(user)`` (the views do so).
    ``day`` (default today) is the day the status and the zones are shown for."""
    today = timezone.localdate()
    day = day or today
    overview = needs_overview(today)
    themes = core_themes()
    matrix = network_matrix(network, overview, themes)
    evenness_year, evenness = evenness_for_networks([network]).get(network.pk, (None, None))

    status_changes = list(network.status_changes.order_by("effective_date", "pk"))
    network.prefetched_status_changes = status_changes
    status = network.status_on(day)
    areas = list(network.service_areas.select_related("zone").order_by("valid_from", "zone__name"))
    zones = []
    for area in areas:
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
    predecessors = list(network.predecessors.select_related("seat").order_by("kind", "name"))
    merger = next(
        (
            {"merger": merger, "label": group["label"]}
            for group in mergers_by_status(day)
            for merger in group["mergers"]
            if merger.network_id == network.pk
        ),
        None,
    )

    concept_reasons = []
    if status != RecognitionStatus.RECOGNISED:
        concept_reasons.append(
            _("The network is not recognised on %(day)s.") % {"day": day.strftime("%d/%m/%Y")}
        )
    if not matrix.is_complete:
        concept_reasons.append(_("The missions matrix is not complete."))
    if any(not zone["zone"].is_verified for zone in zones):
        concept_reasons.append(_("The regional care zones are provisional (not confirmed yet)."))
    if network.is_demo:
        concept_reasons.append(_("Fictional demo data."))

    population_years = {z["population_year"] for z in zones if z["population_year"]}
    data_updated = _latest_update(
        Network.objects.filter(pk=network.pk),
        ServiceArea.objects.filter(network=network),
        LegacyOrganisation.objects.filter(successor=network),
        RegionalIntensity.objects.filter(network=network),
        Merger.objects.filter(network=network),
        MultiYearPlan.objects.filter(network=network),
        YearlyProgress.objects.filter(plan__network=network),
    )
    sections = {
        "identity": _("Identity and seat"),
        "recognition": _("Recognition"),
        "zones": _("Zones served"),
        "predecessors": _("Predecessors"),
        "missions": _("Missions and regional intensity"),
        "evenness": _("Evenness of activity"),
        "plan": _("Multi-year plan and yearly progress"),
    }
    return {
        **report_meta(
            title=_("Network profile"),
            subtitle=network.name,
            kind="network",
            day=day,
            data_updated=data_updated,
            population_year=max(population_years) if population_years else None,
            concept_reasons=concept_reasons,
            sections=sections,
        ),
        "network": network,
        "status": status,
        "status_label": _status_label(status),
        "status_changes": status_changes,
        "zones": zones,
        "current_population": sum(z["population"] or 0 for z in zones if z["is_current"]),
        "predecessors": predecessors,
        "merger": merger,
        "themes": themes,
        "matrix": matrix,
        "evenness": evenness,
        "evenness_year": evenness_year,
        "plan": plan_status_for(network),
        "progress": latest_progress_for(network),
        "low_threshold": LOW_THRESHOLD,
        "high_threshold": HIGH_THRESHOLD,
        "level_labels": sorted(LEVEL_LABELS.items()),
    }


# --------------------------------------------------------------------------------------------
# Flanders policy report
# --------------------------------------------------------------------------------------------


def report_networks():
    """Every network, with what the Flanders report reads from it prefetched once: the dated
    status history (``status_on``), the service areas with their zones and the predecessors."""
    return (
        Network.objects.order_by("name")
        .select_related("seat")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=NetworkStatusChange.objects.order_by("effective_date", "pk"),
                to_attr="prefetched_status_changes",
            ),
            Prefetch(
                "service_areas", queryset=ServiceArea.objects.select_related("zone").order_by("valid_from")
            ),
            Prefetch("predecessors", queryset=LegacyOrganisation.objects.order_by("kind", "name")),
        )
    )


def _heat_class(average: float | None) -> str:
    if average is None:
        return "heat-missing"
    return f"heat-{min(3, max(1, round(average)))}"


def flanders_report_context(day: datetime.date | None = None) -> dict:
    """The Flanders policy report on ``day`` (default 1 January 2027, as the dashboard)."""
    today = timezone.localdate()
    day = day or RECOGNITION_DAY
    networks = list(report_networks())
    themes = core_themes()

    coverage = coverage_on(day)
    map_svg, legend = coverage_map(coverage)
    mergers = mergers_by_status(day)
    lines = action_lines_on(day)
    totals = funding_totals()

    plans = plan_status_by_network(networks)
    heat_rows = flanders_matrix(networks, themes)
    network_rows = []
    for network, heat in zip(networks, heat_rows, strict=True):
        status = network.status_on(day)
        for cell in heat["cells"]:
            cell["css"] = _heat_class(cell["average"])
        network_rows.append(
            {
                "network": network,
                "status": status,
                "status_label": _status_label(status),
                "zones_on_day": [a.zone for a in network.service_areas.all() if a.is_valid_on(day)],
                "zones_later": [
                    a.zone for a in network.service_areas.all() if a.valid_from and a.valid_from > day
                ],
                "predecessors": list(network.predecessors.all()),
                "heat": heat,
                "plan": plans.get(network.pk),
            }
        )

    concept_reasons = []
    if day > today:
        concept_reasons.append(
            _("The situation on %(day)s lies in the future: it shows what is planned today.")
            % {"day": day.strftime("%d/%m/%Y")}
        )
    if any(not item.zone.is_verified for item in coverage.zones):
        concept_reasons.append(_("The regional care zones are provisional (not confirmed yet)."))
    if any(network.is_demo for network in networks) or totals.has_demo:
        concept_reasons.append(_("Contains fictional demo data."))

    sections = {
        "summary": _("Summary"),
        "coverage": _("Coverage of the regional care zones"),
        "networks": _("Networks"),
        "missions": _("Missions: networks and themes"),
        "plans": _("Multi-year plans"),
        "mergers": _("Mergers and milestones"),
        "action_lines": _("Action lines"),
        "funding": _("Funding"),
    }
    plan_counts = plan_status_counts(networks)
    return {
        **report_meta(
            title=_("Palliative care networks in Flanders"),
            subtitle=_("Policy report on the transition"),
            kind="flanders",
            day=day,
            data_updated=_latest_update(
                Network.objects.all(),
                ServiceArea.objects.all(),
                Merger.objects.all(),
                RegionalIntensity.objects.all(),
                Funding.objects.all(),
                MultiYearPlan.objects.all(),
            ),
            population_year=coverage.population_year,
            concept_reasons=concept_reasons,
            sections=sections,
        ),
        "coverage": coverage,
        "map_svg": charts.print_ready_map(map_svg),
        "legend": legend,
        "networks": network_rows,
        "network_count": len(networks),
        "recognised_count": sum(1 for row in network_rows if row["status"] == RecognitionStatus.RECOGNISED),
        "themes": themes,
        "plan_counts": plan_counts,
        "plan_total": sum(item["count"] for item in plan_counts),
        "mergers_by_status": mergers,
        "mergers_chart": charts.mergers_chart(mergers),
        "late_milestones": late_milestones(day),
        "action_lines": lines,
        "action_line_counts": action_line_status_counts(lines),
        "funding": totals,
        "funding_chart": charts.funding_chart(totals),
        "funding_rows": [
            {"label": label, "amounts": [totals.by_year_kind.get((year, kind)) for year in totals.years]}
            for kind, label in totals.kinds
            if any(totals.by_year_kind.get((year, kind)) for year in totals.years)
        ],
        "funding_year_totals": [totals.by_year.get(year) for year in totals.years],
        "indicator_charts": indicator_progress_charts(networks),
        "level_labels": sorted(LEVEL_LABELS.items()),
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
