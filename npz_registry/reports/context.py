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
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from missions.models import (
    IndicatorDirectionGoal,
    IndicatorStatus,
    MissionTheme,
    MultiYearPlan,
    PartnerType,
    PlanGoal,
    PlanIndicator,
    PlanVersion,
    RegionalIntensity,
    SextupleAim,
    SubmissionStatus,
    YearlyProgress,
    indicator_status,
)
from missions.needs import HIGH_THRESHOLD, LEVEL_LABELS, LOW_THRESHOLD
from missions.selectors import (
    core_themes,
    evenness_for_networks,
    flanders_matrix,
    needs_overview,
    network_matrix,
)
from networks.maps import coverage_map
from networks.models import (
    RECOGNITION_DAY,
    LegacyOrganisation,
    Network,
    NetworkStatusChange,
    RecognitionStatus,
    RegionalCareZone,
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

# --------------------------------------------------------------------------------------------
# Multi-year plans and yearly progress
# --------------------------------------------------------------------------------------------


def _plan_row(plan) -> dict:
    return {
        "plan": plan,
        "status": plan.status,
        "label": plan.get_status_display(),
        "period": plan.period.name,
        "version": plan.latest_version_number,
        "is_approved": plan.status == SubmissionStatus.APPROVED,
    }


def _current_first(plan, year: int):
    """Sort key: the plan whose period runs this year, then the next one, then the most recent."""
    period = plan.period
    if period.start_year <= year <= period.end_year:
        return (0, 0)
    if period.start_year > year:
        return (1, period.start_year)
    return (2, -period.end_year)


def plan_status_by_network(networks: list[Network], year: int | None = None) -> dict[int, dict]:
    """Network id -> its current multi-year plan (the one whose period runs in `year`, default
    this year; else the next, else the most recent), as ``{"plan", "status", "label", "period",
    "version", "is_approved"}`` (``version``: the number of the latest submitted version, None
    before the first submission); one query for all."""
    year = year or timezone.localdate().year
    plans = (
        MultiYearPlan.objects.filter(network__in=networks)
        .select_related("period")
        .annotate(latest_version_number=Max("versions__number"))
    )
    best = {}
    for plan in plans:
        current = best.get(plan.network_id)
        if current is None or _current_first(plan, year) < _current_first(current, year):
            best[plan.network_id] = plan
    return {network_id: _plan_row(plan) for network_id, plan in best.items()}


def plan_status_for(network: Network, year: int | None = None) -> dict | None:
    """The network's most recent multi-year plan, or None: the report then says 'no plan yet'."""
    return plan_status_by_network([network], year).get(network.pk)


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


#: The order of the statuses in the indicator charts and tables.
INDICATOR_STATUS_ORDER = (
    IndicatorStatus.ACHIEVED,
    IndicatorStatus.ON_TRACK,
    IndicatorStatus.BEHIND,
    IndicatorStatus.UNKNOWN,
)


def _reported_plans(networks: list[Network]) -> dict[int, MultiYearPlan]:
    """Network id -> its approved plan with the most recent reported year (a progress report that
    left the draft stage), with that plan's indicators, targets and values prefetched. Six
    queries, however many networks, plans or indicators."""
    plans = (
        MultiYearPlan.objects.filter(network__in=networks, status=SubmissionStatus.APPROVED)
        .select_related("period")
        .order_by("period__start_year", "pk")
        .prefetch_related(
            Prefetch(
                "progress_reports",
                queryset=YearlyProgress.objects.exclude(status=SubmissionStatus.DRAFT)
                .order_by("-year", "-pk")
                .prefetch_related("indicator_values"),
                to_attr="reported",
            ),
            Prefetch(
                "goals",
                queryset=PlanGoal.objects.select_related("theme").prefetch_related(
                    Prefetch("indicators", queryset=PlanIndicator.objects.prefetch_related("targets"))
                ),
            ),
        )
    )
    chosen: dict[int, MultiYearPlan] = {}
    for plan in plans:
        if not plan.reported:
            continue
        current = chosen.get(plan.network_id)
        if current is None or plan.reported[0].year >= current.reported[0].year:
            chosen[plan.network_id] = plan
    return chosen


def indicator_progress_rows(plan: MultiYearPlan, progress: YearlyProgress) -> list[dict]:
    """One row per indicator of ``plan`` (theme order): its target for the progress report's year,
    the value reported and the status (missions.models.indicator_status). Uses the prefetched
    goals, indicators, targets and values of ``_reported_plans``."""
    values = {value.indicator_id: value for value in progress.indicator_values.all()}
    rows = []
    for goal in plan.goals.all():
        for indicator in goal.indicators.all():
            target = next((t.value for t in indicator.targets.all() if t.year == progress.year), None)
            value = values.get(indicator.pk)
            actual = value.actual if value else None
            status = IndicatorStatus(
                indicator_status(
                    actual=actual,
                    target=target,
                    baseline=indicator.baseline_value,
                    direction=indicator.direction,
                )
            )
            rows.append(
                {
                    "theme_number": goal.theme.number,
                    "goal": goal.title,
                    "indicator": indicator.name,
                    "unit": indicator.unit,
                    "target": target,
                    "actual": actual,
                    "status": status.value,
                    "status_label": status.label,
                }
            )
    return rows


def indicator_progress_charts(networks: list[Network]) -> list[dict]:
    """Per network with an approved plan and at least one reported year, in the order of
    ``networks``: how its indicators stand in the latest reported year (achieved, on track,
    behind, no value), as a chart and a table.

    ``[{"network", "plan", "progress", "year", "title", "svg", "counts", "rows"}]``, where
    ``counts`` is ``[{"status", "label", "count"}]`` in INDICATOR_STATUS_ORDER. A fixed number of
    queries (``_reported_plans``)."""
    plans = _reported_plans(networks)
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
                "svg": charts.indicator_status_chart(counts, title),
                "counts": counts,
                "rows": rows,
            }
        )
    return charts_out


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
        "plan": plan_status_for(network, day.year),
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

    plans = plan_status_by_network(networks, day.year)
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
                YearlyProgress.objects.all(),
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
# Multi-year plan: one version
# --------------------------------------------------------------------------------------------


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
        value = Decimal(str(text))
    except InvalidOperation:
        return str(text)
    return number_format(value, use_l10n=True, force_grouping=True)


def _snapshot_date(text) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def plan_version_status(plan: MultiYearPlan, version: PlanVersion, versions: list, events: list) -> dict:
    """Where ``version`` stands, without touching the database.

    ``versions``: the plan's versions (``number``, ``submitted_at``), ``events``: its review
    events in time order. Only the latest version of an approved plan is approved; its approval
    date is the last event to APPROVED after that version's submission. An older version is
    superseded by the next one. ``history`` holds the events between this version's submission
    and the next one's."""
    later = [v for v in versions if v.number > version.number]
    latest_number = max([v.number for v in versions] + [version.number])
    following = min(later, key=lambda v: v.number) if later else None
    history = [
        event
        for event in events
        if event.at >= version.submitted_at and (following is None or event.at < following.submitted_at)
    ]
    is_latest = following is None
    is_approved = is_latest and plan.status == SubmissionStatus.APPROVED
    approvals = [event.at for event in history if event.to_status == SubmissionStatus.APPROVED]
    if is_latest:
        label = plan.get_status_display()
        reason = None if is_approved else _not_final_reason(plan.status)
    else:
        label = _("superseded by version %(number)s") % {"number": following.number}
        reason = _("This version was superseded by version %(number)s; the latest is version %(latest)s.") % {
            "number": following.number,
            "latest": latest_number,
        }
    return {
        "status": plan.status if is_latest else "SUPERSEDED",
        "label": label,
        "is_latest": is_latest,
        "latest_number": latest_number,
        "superseded_by": following.number if following else None,
        "is_approved": is_approved,
        "approved_at": approvals[-1] if is_approved and approvals else None,
        "concept_reason": reason,
        "history": history,
    }


def plan_report_context(plan: MultiYearPlan, version: PlanVersion) -> dict:
    """One version of a multi-year plan, from its frozen snapshot (``version.content``): every
    goal with its theme, sextuple aims, target zones and delivery, its actions with partners and
    its indicators with baseline and targets; the version number, status, submission and
    approval dates and content hash; a CONCEPT mark unless this is the approved version.

    ``plan`` comes with ``network`` and ``period`` selected (``get_plan_for_user_or_404`` does),
    ``version`` with ``submitted_by``. Six queries, however large the plan: its versions, its
    events, and the themes, aims, zones and partner types that turn the snapshot's codes into
    labels (the codes of rows deleted since are shown as they are)."""
    content = version.content or {}
    versions = list(plan.versions.order_by("number").values_list("number", "submitted_at", named=True))
    events = list(plan.events.select_related("by").order_by("at", "pk"))
    themes = {theme.code: theme for theme in MissionTheme.objects.all()}
    aims = list(SextupleAim.objects.order_by("number"))
    aims_by_code = {aim.code: aim for aim in aims}
    zones = dict(RegionalCareZone.objects.values_list("code", "name"))
    partners = {partner.code: partner.label for partner in PartnerType.objects.all()}
    status = plan_version_status(plan, version, versions, events)
    delivery = dict(PlanGoal._meta.get_field("delivery_mode").choices)
    directions = dict(IndicatorDirectionGoal.choices)

    goals = content.get("goals", [])
    years = sorted(
        set(plan.period.years)
        | {
            int(year)
            for goal in goals
            for ind in goal.get("indicators", [])
            for year in ind.get("targets", {})
        }
    )
    groups: list[dict] = []
    for number, goal in enumerate(goals, start=1):
        theme = themes.get(goal.get("theme"))
        goal_aims = [aims_by_code[code] for code in goal.get("aims", []) if code in aims_by_code]
        goal_aims.sort(key=lambda aim: aim.number)
        item = {
            "number": number,
            "title": goal.get("title", ""),
            "description": goal.get("description", ""),
            "aims": goal_aims,
            "aim_numbers": {aim.number for aim in goal_aims},
            "unknown_aims": [code for code in goal.get("aims", []) if code not in aims_by_code],
            "zones": [zones.get(code, code) for code in goal.get("target_zones", [])],
            "delivery": delivery.get(goal.get("delivery_mode"), goal.get("delivery_mode") or "–"),
            "actions": [
                {
                    "what": action.get("what", ""),
                    "partners": [partners.get(code, code) for code in action.get("partners", [])],
                    "partners_note": action.get("partners_note", ""),
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
                    "direction": directions.get(indicator.get("direction"), indicator.get("direction") or ""),
                    "targets": [
                        _snapshot_number(indicator.get("targets", {}).get(str(year))) for year in years
                    ],
                }
                for indicator in goal.get("indicators", [])
            ],
        }
        code = goal.get("theme") or ""
        if not groups or groups[-1]["code"] != code:
            groups.append(
                {
                    "id": f"theme-{len(groups) + 1}",
                    "code": code,
                    "number": theme.number if theme else None,
                    "label": theme.label if theme else code,
                    "goals": [],
                }
            )
        item["theme_number"] = groups[-1]["number"]
        item["theme_label"] = groups[-1]["label"]
        groups[-1]["goals"].append(item)

    network = plan.network
    years_label = f"{plan.period.start_year}–{plan.period.end_year}"
    period_label = (
        plan.period.name if years_label in plan.period.name else f"{plan.period.name} ({years_label})"
    )
    version_label = _("version %(number)s") % {"number": version.number}
    sections = {
        "version": _("Version and status"),
        "summary": _("Summary and stakeholders"),
        "overview": _("Goals at a glance"),
    }
    sections.update(
        {
            group["id"]: f"{group['number']}. {group['label']}" if group["number"] else group["label"]
            for group in groups
        }
    )
    stamps = [version.submitted_at] + [event.at for event in events]
    submitter = version.submitted_by
    return {
        **report_meta(
            title=_("Multi-year plan %(years)s") % {"years": years_label},
            subtitle=f"{network.name} · {version_label}",
            kind="plan",
            day=timezone.localdate(),
            data_updated=max(stamps),
            concept_reasons=[status["concept_reason"]] if status["concept_reason"] else [],
            sections=sections,
        ),
        "plan": plan,
        "network": network,
        "period": plan.period,
        "period_label": period_label,
        "version": version,
        "version_label": version_label,
        "plan_status": status,
        "submitted_by": (submitter.get_full_name() or submitter.username) if submitter else None,
        "summary": content.get("summary", ""),
        "stakeholders": content.get("stakeholders", ""),
        "theme_groups": groups,
        "goals": [goal for group in groups for goal in group["goals"]],
        "all_aims": aims,
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
