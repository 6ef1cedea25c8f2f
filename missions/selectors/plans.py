"""Reads of multi-year plans, their versions and yearly progress reports: what the portal, the
review queue, the permission getters and the reports show. Each function runs a fixed number of
queries, however many networks, goals or indicators there are."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from missions.models import (
    ActivityCount,
    ComplexityLevel,
    IndicatorProgress,
    IndicatorStatus,
    IndicatorTarget,
    MissionTheme,
    MultiYearPlan,
    PartnerOrganisation,
    PartnerType,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanVersion,
    ReviewComment,
    ReviewEvent,
    SextupleAim,
    SubmissionStatus,
    YearlyProgress,
    lists_part,
    rating_basis,
)
from missions.models.progress import RatingBasis, rating_label, target_in
from missions.selectors import current_service_areas
from missions.selectors.days import day_end, progress_counts_on, progress_status_at, status_at
from networks.models import Municipality, RegionalCareZone, RegionalCareZoneMembership
from npz_registry.aggregates import id_list, ids_in, json_rows, linked_rows, rows_in, set_prefetched

# Plans ------------------------------------------------------------------------------------


def plan_detail_queryset():
    """A plan with everything the detail, completeness, snapshot and PDF need (fixed queries)."""
    comments = Prefetch("comments", queryset=ReviewComment.objects.select_related("author"))
    return MultiYearPlan.objects.select_related("network", "period").prefetch_related(
        Prefetch(
            "goals",
            queryset=PlanGoal.objects.select_related("theme").prefetch_related(
                "aims",
                "target_zones",
                "complexity_levels",
                Prefetch(
                    "actions",
                    queryset=PlanAction.objects.prefetch_related(
                        "partner_types",
                        Prefetch("partners", queryset=PartnerOrganisation.objects.order_by("name", "code")),
                        comments,
                    ),
                ),
                Prefetch("indicators", queryset=PlanIndicator.objects.prefetch_related("targets")),
                comments,
            ),
        )
    )


def _completeness_annotations() -> dict:
    """What plan_missing_items reads of a goal (missions.completeness), as annotations."""
    goal = OuterRef("pk")
    return {
        "completeness_zone_ids": id_list(
            PlanGoal.target_zones.through.objects.all(), "plangoal", "regionalcarezone_id"
        ),
        "completeness_has_action": Exists(PlanAction.objects.filter(goal=goal)),
        "completeness_has_indicator": Exists(PlanIndicator.objects.filter(goal=goal)),
        "completeness_has_target": Exists(IndicatorTarget.objects.filter(indicator__goal=goal)),
    }


def with_completeness_content(*plans: MultiYearPlan) -> None:
    """Give each of ``plans`` what plan_missing_items reads, unless it has it already
    (plan_detail_queryset, plan_page): its goals, each annotated with whether it has an action,
    an indicator and an indicator with a target, and the ids of its target zones (one query)."""
    todo = [plan for plan in plans if "goals" not in getattr(plan, "_prefetched_objects_cache", {})]
    if not todo:
        return
    goals = PlanGoal.objects.annotate(**_completeness_annotations())
    prefetch_related_objects(todo, Prefetch("goals", queryset=goals))


def goal_for_edit(plan: MultiYearPlan, pk):
    """The goal ``pk`` of ``plan`` (None when there is none) with its theme and ``link_ids``: the
    ids of its aims, target zones and complexity levels by field (its form's initial values).
    One query; goal_lists reads what its page lists."""
    goals = PlanGoal.objects.select_related("theme")
    links = {
        f"{name}_ids": id_list(getattr(PlanGoal, name).through.objects.all(), "plangoal", column)
        for name, column in GOAL_LINKS.items()
    }
    goal = goals.filter(pk=pk, plan=plan).annotate(**links).first()
    if goal is not None:
        goal.link_ids = {name: ids_in(getattr(goal, f"{name}_ids")) for name in GOAL_LINKS}
    return goal


def deletion_state(part, *, action_ids=None, indicator_ids=None) -> str:
    """What deleting the goal, action or indicator ``part`` takes away, as the delete question's
    page sends it back: its version, and for a goal the actions and indicators that go with it
    (read here unless given). The delete is refused when it is no longer what the page showed."""
    state = [str(part.lock_version)]
    if isinstance(part, PlanGoal):
        if action_ids is None:
            action_ids = list(part.actions.values_list("pk", flat=True))
            indicator_ids = list(part.indicators.values_list("pk", flat=True))
        state += [",".join(map(str, sorted(action_ids))), ",".join(map(str, sorted(indicator_ids)))]
    return ";".join(state)


def goal_lists(goal: PlanGoal) -> PlanGoal:
    """``goal`` with what its edit page lists: the department's comments on it
    (``goal.comments.all()``), its actions with the department's comments on each (where the
    coordinator fixes them, not only on the plan's page) and its indicators with their targets.
    Four queries, the comments on the goal and on its actions read together; the page keeps the
    lists per data version. Indicators take no comments (ReviewComment names a goal or an
    action)."""
    prefetch_related_objects([goal], "actions", "indicators__targets")
    comments = list(
        ReviewComment.objects.filter(Q(goal=goal) | Q(action__goal=goal)).order_by("created_at", "pk")
    )
    set_prefetched(goal, comments=[c for c in comments if c.goal_id == goal.pk])
    for action in goal.actions.all():
        set_prefetched(action, comments=[c for c in comments if c.action_id == action.pk])
    return goal


def part_comments(part: PlanGoal | PlanAction) -> list[ReviewComment]:
    """The department's comments on the goal or action ``part``, oldest first (one query): what
    its edit page shows above the form."""
    return list(part.comments.order_by("created_at", "pk"))


#: A goal's many-to-many fields and the column of their link table that names the other side.
GOAL_LINKS = {
    "aims": "sextupleaim_id",
    "target_zones": "regionalcarezone_id",
    "complexity_levels": "complexitylevel_id",
}


# The plan's own page -------------------------------------------------------------------------


def plan_page_queryset():
    """Plans with their network and period, and what their page shows of their versions (how
    many, the latest's number and submission) and progress reports (``progress_rows``, read with
    ``plan_page``), in the plan's own query."""
    versions = PlanVersion.objects.filter(plan=OuterRef("pk"))
    latest = versions.order_by("-number")
    return MultiYearPlan.objects.select_related("network", "period").annotate(
        version_count=Coalesce(Subquery(versions.values("plan").annotate(n=Count("pk")).values("n")), 0),
        latest_version_number=Subquery(latest.values("number")[:1]),
        latest_submitted_at=Subquery(latest.values("submitted_at")[:1]),
        progress_rows=json_rows(YearlyProgress.objects.all(), "plan", pk="pk", year="year", status="status"),
    )


def _page_goals():
    """A plan's goals with their theme, aims, target zones and complexity levels (``*_rows``),
    what plan_missing_items reads, and their actions (with partner types and organisations)
    and indicators with targets: four queries."""
    bilingual = {"name": "name", "name_en": "name_en"}
    actions = PlanAction.objects.annotate(
        partner_type_rows=linked_rows(
            PlanAction.partner_types.through, "partnertype", order="order", **bilingual
        ),
        partner_rows=linked_rows(
            PlanAction.partners.through, "partnerorganisation", code="code", name="name", website="website"
        ),
    )
    return (
        PlanGoal.objects.select_related("theme")
        .annotate(
            aim_rows=linked_rows(PlanGoal.aims.through, "sextupleaim", number="number", **bilingual),
            zone_rows=linked_rows(PlanGoal.target_zones.through, "regionalcarezone", name="name"),
            level_rows=linked_rows(
                PlanGoal.complexity_levels.through, "complexitylevel", order="order", code="code", **bilingual
            ),
            **_completeness_annotations(),
        )
        .prefetch_related(
            Prefetch("actions", queryset=actions),
            Prefetch("indicators", queryset=PlanIndicator.objects.prefetch_related("targets")),
        )
    )


class PlanPage:
    """What a plan's page shows besides the plan: every review comment of the plan with its
    author, goal and action (``comments``, for open_change_request) and those on the plan as a
    whole (``plan_comments``); its progress reports; the zones its network serves (``areas``,
    current_service_areas); and, read only when first asked (the page keeps its rendered goals
    per data version), per core theme in order the themes folded into it and the plan's goals
    (``themes``)."""

    def __init__(self, plan: MultiYearPlan):
        self.plan = plan
        self._every_comment = list(
            ReviewComment.objects.filter(Q(plan=plan) | Q(goal__plan=plan) | Q(action__goal__plan=plan))
            .select_related("author", "goal", "action")
            .order_by("created_at", "pk")
        )
        self.comments = [c for c in self._every_comment if c.plan_id == plan.pk]
        self.plan_comments = [c for c in self.comments if not c.goal_id and not c.action_id]
        self.progress_reports = rows_in(YearlyProgress, plan.progress_rows, order=lambda p: p.year)
        self.areas = list(current_service_areas([plan.network_id]))

    @cached_property
    def themes(self) -> list[dict]:
        """Five queries however large the plan is. The goals are in ``plan.goals`` with
        ``aims_list``, ``zones_list``, ``levels_list`` and ``review_comments``, their actions with
        ``partner_types_list``, ``partners_list`` and ``review_comments`` (lists, in the order of
        the models)."""
        prefetch_related_objects([self.plan], Prefetch("goals", queryset=_page_goals()))
        goals = list(self.plan.goals.all())
        for goal in goals:
            _label_goal(goal, self._every_comment)
        themes = list(MissionTheme.objects.order_by("number"))
        return [
            {
                "theme": theme,
                "folded": [t for t in themes if t.folded_into_id == theme.pk],
                "goals": [goal for goal in goals if goal.theme_id == theme.pk],
            }
            for theme in themes
            if theme.folded_into_id is None
        ]


def plan_page(plan: MultiYearPlan) -> PlanPage:
    """The content of ``plan`` (from plan_page_queryset) for its page: three queries, and five
    more for its goals when they are asked for (``themes``)."""
    return PlanPage(plan)


def _label_goal(goal: PlanGoal, comments: list) -> None:
    goal.aims_list = rows_in(SextupleAim, goal.aim_rows, order=lambda aim: aim.number)
    goal.zones_list = rows_in(RegionalCareZone, goal.zone_rows, order=lambda zone: zone.name)
    goal.levels_list = rows_in(ComplexityLevel, goal.level_rows, order=lambda lvl: (lvl.order, lvl.code))
    goal.review_comments = [c for c in comments if c.goal_id == goal.pk]
    for action in goal.actions.all():
        action.partner_types_list = rows_in(
            PartnerType, action.partner_type_rows, order=lambda kind: (kind.order, kind.name)
        )
        action.partners_list = rows_in(
            PartnerOrganisation, action.partner_rows, order=lambda p: (p.name, p.code)
        )
        action.review_comments = [c for c in comments if c.action_id == action.pk]


def with_latest_version_number(plans):
    """``plans`` annotated with ``latest_version_number`` (None before the first submission)."""
    return plans.annotate(latest_version_number=Max("versions__number"))


def plans_with_a_version(plans):
    """The plans of ``plans`` that were submitted at least once: those that have a PDF."""
    return with_latest_version_number(plans).filter(latest_version_number__isnull=False)


def plan_version(plan: MultiYearPlan, number: int | None = None) -> PlanVersion | None:
    """Version ``number`` of ``plan`` (the latest when None), with its submitter; None if there is
    no such version."""
    versions = plan.versions.select_related("submitted_by").order_by("-number")
    return versions.filter(number=number).first() if number is not None else versions.first()


def versions_of(plan: MultiYearPlan) -> list[PlanVersion]:
    """Every version of ``plan``, oldest first, with its submitter."""
    return list(plan.versions.select_related("submitted_by").order_by("number"))


def _in_force_first(plan: MultiYearPlan, year: int):
    """Sort key: the plan whose period runs in ``year``, then the next one, then the most recent."""
    period = plan.period
    if period.runs_in(year):
        return (0, 0)
    if period.start_year > year:
        return (1, period.start_year)
    return (2, -period.end_year)


def _best_in_force(plans, day: datetime.date) -> dict[int, MultiYearPlan]:
    """Network id -> its plan in force on ``day`` among ``plans``: the one whose period runs
    that year, else the next one, else the most recent."""
    best = {}
    for plan in plans:
        current = best.get(plan.network_id)
        if current is None or _in_force_first(plan, day.year) < _in_force_first(current, day.year):
            best[plan.network_id] = plan
    return best


@dataclass
class PlansOfNetworks:
    """What the reports ask of the plans of some networks on a day (plans_of_networks): each as
    it stood at the end of that day, plans and reports registered later left out."""

    #: Network id -> its plan in force on the day (the one whose period runs that year, else the
    #: next one, else the most recent), with its status (``status_on_day``), latest version
    #: (``latest_version_number``), approved version (``approved_version_on_day``) and that
    #: version's summary (``approved_summary``) on the day.
    in_force: dict[int, MultiYearPlan]
    #: Network id -> its latest yearly progress report (the most recent year up to the day's,
    #: over all its plans; its key, plan, year, status on the day and narrative only).
    latest_progress: dict[int, YearlyProgress]
    #: How many of the plans are in each status on the day (plan_status_on).
    counts: Counter
    #: Network id -> (plan id, progress id, year, status): the latest year of its approved plan
    #: with a progress report that counts on the day (approved by then: progress_counts_on),
    #: what ``indicator_status_tally`` counts.
    latest_reported: dict[int, tuple[int, int, int, str]]


def _as_of(day: datetime.date) -> dict:
    """Annotations of a plan as it stood at the end of ``day``: whether it was registered, its
    status, its approved version (by its timeline; a plan without one, its approved version now)
    and the versions submitted by then with their summaries, and its progress reports
    registered by then on a year up to the day's, each in its status on the day."""
    end = day_end(day)
    events = ReviewEvent.objects.filter(plan=OuterRef("pk"))
    approvals = events.filter(at__lt=end, to_status=SubmissionStatus.APPROVED).order_by("-at", "-pk")
    versions = PlanVersion.objects.filter(submitted_at__lt=end)
    return {
        "registered_by_day": ExpressionWrapper(Q(created_at__lt=end), output_field=BooleanField()),
        "status_on_day": status_at(events, end),
        "approved_version_on_day": Case(
            When(~Exists(events), then=F("approved_version")),
            # An approval step that does not name its version approved the one in force now.
            When(
                Exists(approvals),
                then=Coalesce(Subquery(approvals.values("version_number")[:1]), F("approved_version")),
            ),
            default=None,
            output_field=IntegerField(),
        ),
        "version_rows": json_rows(versions, "plan", "number", summary=KeyTextTransform("summary", "content")),
        "progress_rows": json_rows(
            # A report on a year that has not begun is not that day's progress.
            YearlyProgress.objects.filter(created_at__lt=end, year__lte=day.year),
            "plan",
            *("pk", "plan_id", "year", "narrative"),
            status=progress_status_at(end),
        ),
    }


def plan_status_on(plan) -> str | None:
    """The plan's status at the end of the day it was read for (_as_of); None when the plan was
    not registered yet."""
    return plan.status_on_day if plan.registered_by_day else None


def plan_approved_on(plan) -> bool:
    """Whether the plan had an approved version in force at the end of the day it was read for
    (_as_of): a plan reopened since keeps the version approved before."""
    return bool(plan.registered_by_day and plan.approved_version_on_day is not None)


def _read_versions(plan) -> None:
    """The plan's latest version on its day and the summary of its approved version then (what
    a report may print of the plan: the approved version's, never the draft's)."""
    summaries = {row["number"]: row["summary"] for row in plan.version_rows or []}
    plan.latest_version_number = max(summaries, default=None)
    plan.approved_summary = summaries.get(plan.approved_version_on_day) or ""


def plans_of_networks(networks, day: datetime.date) -> PlansOfNetworks:
    """The plans of ``networks`` as they stood at the end of ``day`` (PlansOfNetworks), read
    together in one query."""
    plans = [
        plan
        for plan in MultiYearPlan.objects.filter(network__in=networks)
        .select_related("period")
        .annotate(**_as_of(day))
        if plan.registered_by_day
    ]
    progress, reported = {}, []
    for plan in sorted(plans, key=lambda plan: (plan.period.start_year, plan.pk)):
        _read_versions(plan)
        for report in rows_in(YearlyProgress, plan.progress_rows, order=lambda row: (row.year, row.pk)):
            current = progress.get(plan.network_id)
            if current is None or (report.year, report.pk) > (current.year, current.pk):
                progress[plan.network_id] = report
            if plan_approved_on(plan) and progress_counts_on(report.year, report.status, day):
                reported.append((plan.network_id, plan.pk, report.pk, report.year, report.status))
    return PlansOfNetworks(
        in_force=_best_in_force(plans, day),
        latest_progress=progress,
        counts=Counter(map(plan_status_on, plans)),
        latest_reported=_latest_reported(reported),
    )


def portal_plans(networks):
    """The plans of ``networks`` for the coordinators' portal, with their progress reports."""
    return (
        MultiYearPlan.objects.filter(network__in=networks)
        .select_related("network", "period")
        .prefetch_related("progress_reports")
        .order_by("network__name", "period__start_year")
    )


def plan_events(subject):
    """The timeline of a plan or progress report, oldest first, with who did each step."""
    return subject.events.select_related("by").order_by("at", "pk")


def review_queue(*, status=None, network=None, period=None):
    """Plans and progress reports for the department's queue: those in ``status``, or those
    waiting for the department (submitted or in review) when no status is given."""
    plans = MultiYearPlan.objects.select_related("network", "period").order_by("updated_at")
    progress = YearlyProgress.objects.select_related("plan__network", "plan__period").order_by("updated_at")
    statuses = [status] if status else [SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW]
    plans, progress = plans.filter(status__in=statuses), progress.filter(status__in=statuses)
    if network:
        plans, progress = plans.filter(network=network), progress.filter(plan__network=network)
    if period:
        plans, progress = plans.filter(period=period), progress.filter(plan__period=period)
    return plans, progress


# Progress reports -------------------------------------------------------------------------


def reported_plans(networks) -> dict[int, MultiYearPlan]:
    """Network id -> its approved plan with the most recent reported year (a progress report that
    left the draft stage, first in ``plan.reported``), with that plan's indicators, targets and
    values prefetched. Six queries, however many networks, plans or indicators."""
    plans = (
        MultiYearPlan.objects.filter(network__in=networks, approved_version__isnull=False)
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


def _latest_reported(rows) -> dict[int, tuple[int, int, int, str]]:
    """Of the (network id, plan id, progress id, year, status) of the reported progress (not a
    draft) of approved plans, ordered by the plan's first year, the plan, the year and the key:
    network id -> (plan id, progress id, year, status) of the plan ``reported_plans`` would
    choose and its latest reported year."""
    latest_per_plan: dict[int, tuple] = {}
    for network_id, plan_id, progress_id, year, status in rows:
        latest_per_plan[plan_id] = (network_id, plan_id, progress_id, year, status)  # the last is the latest
    chosen: dict[int, tuple[int, int, int, str]] = {}
    for network_id, plan_id, progress_id, year, status in latest_per_plan.values():  # in plan order
        if network_id not in chosen or year >= chosen[network_id][2]:
            chosen[network_id] = (plan_id, progress_id, year, status)
    return chosen


def indicator_status_tally(chosen: dict[int, tuple[int, int, int, str]]) -> tuple[int, dict[int, Counter]]:
    """How the indicators of each network's approved, reported plan stand in its latest reported
    year (``chosen``: PlansOfNetworks.latest_reported; as ``indicator_rows`` says), counted per
    theme number: (networks counted, {theme number: Counter of statuses}). One query of plain
    values, whatever the size: the indicators with their targets and reported values (as text
    in JSON, so that they stay exact Decimals)."""
    plan_year = {plan_id: year for plan_id, _progress, year, _status in chosen.values()}
    plan_status = {plan_id: status for plan_id, _progress, _year, status in chosen.values()}
    value = Cast("value", CharField())
    reported = IndicatorProgress.objects.filter(progress_id__in=[p for _plan, p, _y, _s in chosen.values()])
    indicators = list(
        PlanIndicator.objects.filter(goal__plan_id__in=plan_year)
        .annotate(
            target_rows=json_rows(IndicatorTarget.objects.all(), "indicator", "year", value=value),
            actual_rows=json_rows(
                reported,
                "indicator",
                "direction_then",
                "target_year_then",
                actual=Cast("actual", CharField()),
                target_then=Cast("target_then", CharField()),
                baseline_then=Cast("baseline_then", CharField()),
            ),
        )
        .values_list(
            "pk",
            "goal__plan_id",
            "goal__theme__number",
            "baseline_value",
            "direction",
            "target_rows",
            "actual_rows",
        )
    )
    tally: dict[int, Counter] = {}
    for _pk, plan_id, theme_number, baseline, direction, target_rows, actual_rows in indicators:
        targets = {row["year"]: _decimal(row["value"]) for row in target_rows or []}
        line = next(iter(actual_rows or []), None)
        report_status = plan_status[plan_id]
        if not lists_part(report_status, has_line=line is not None):
            continue
        then = line and {
            "target_then": _decimal(line["target_then"]),
            "baseline_then": _decimal(line["baseline_then"]),
            "direction_then": line["direction_then"],
            "target_year_then": line["target_year_then"],
        }
        target, target_year = target_in(targets, plan_year[plan_id])
        basis = rating_basis(
            report_status,
            then,
            target=target,
            baseline=baseline,
            direction=direction,
            target_year=target_year,
        )
        status = basis.status_of(_decimal(line["actual"]) if line else None, plan_year[plan_id])
        tally.setdefault(theme_number, Counter())[IndicatorStatus(status).value] += 1
    return len(chosen), tally


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of a plan in a progress report's year: its target (``target_year``: the
    year's own, or a later year's in an interim year), the reported value and how it stands
    (missions.models.indicator_status), rated against ``basis``. Once the report is submitted,
    it names the indicator as it was then (``name``, ``unit``, ``baseline``), whatever the plan
    says since."""

    indicator: PlanIndicator
    target: Decimal | None
    value: IndicatorProgress | None
    status: IndicatorStatus
    basis: RatingBasis | None = None
    year: int | None = None
    kept: bool = False

    @property
    def actual(self) -> Decimal | None:
        return self.value.actual if self.value else None

    @property
    def name(self) -> str:
        return self.value.name_then if self.kept else self.indicator.name

    @property
    def unit(self) -> str:
        return self.value.unit_then if self.kept else self.indicator.unit

    @property
    def baseline(self) -> Decimal | None:
        return self.basis.baseline if self.basis else self.indicator.baseline_value

    @property
    def target_year(self) -> int | None:
        return self.basis.target_year if self.basis else None

    @property
    def interim(self) -> bool:
        """Whether the target is a later year's: the reported year has none of its own."""
        return bool(self.basis and self.year and self.basis.is_interim(self.year))

    @property
    def status_label(self) -> str:
        return rating_label(self.status, interim=self.interim)


#: What an indicator line keeps of the plan when its report is submitted (rating_basis,
#: IndicatorRow; missions.services.progress.progress_keep_submitted writes them).
KEPT_AT_SUBMISSION = ("target_then", "baseline_then", "direction_then", "target_year_then")


def year_target(indicator: PlanIndicator, year: int) -> Decimal | None:
    """The indicator's target for `year` (its targets prefetched), None without one."""
    return next((target.value for target in indicator.targets.all() if target.year == year), None)


def rating_target(indicator: PlanIndicator, year: int) -> tuple:
    """(target, its year) a value of `indicator` reported on `year` is rated against (its targets
    prefetched): missions.models.progress.target_in."""
    return target_in({target.year: target.value for target in indicator.targets.all()}, year)


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def indicator_rows(indicators, values: dict[int, IndicatorProgress], progress) -> list[IndicatorRow]:
    """A row per indicator (targets prefetched) in ``progress``'s year; ``values``: indicator id
    -> reported value. A submitted report rates its values against the targets of the day it was
    submitted (missions.models.rating_basis), and names them as they were named then."""
    rows = []
    for indicator in indicators:
        value = values.get(indicator.pk)
        if not lists_part(progress.status, has_line=value is not None):
            continue
        then = value and {name: getattr(value, name) for name in KEPT_AT_SUBMISSION}
        target, target_year = rating_target(indicator, progress.year)
        basis = rating_basis(
            progress.status,
            then,
            target=target,
            baseline=indicator.baseline_value,
            direction=indicator.direction,
            target_year=target_year,
        )
        status = basis.status_of(value.actual if value else None, progress.year)
        # Named as it was submitted once the report left the editable statuses (the line keeps
        # the name; a line of before 0024 got it from 0025), whatever the rating kept.
        kept = not progress.is_editable and value is not None and bool(value.name_then)
        rows.append(
            IndicatorRow(indicator, basis.target, value, IndicatorStatus(status), basis, progress.year, kept)
        )
    return rows


@dataclass
class ProgressParts:
    """What a progress report is about and what it holds so far: the plan's indicators and
    actions, the municipalities of the network's zones, and the values, statuses and activity
    counts already reported (keyed by indicator, action and municipality id)."""

    indicators: list
    actions: list
    municipalities: list
    values: dict
    statuses: dict
    counts: dict  # of the municipalities listed


def _with_targets(indicators) -> list:
    """``indicators`` with their targets (``indicator.targets.all()``) read in their own query,
    as exact Decimals (text in JSON)."""
    found = list(
        indicators.annotate(
            target_rows=json_rows(
                IndicatorTarget.objects.all(), "indicator", "year", value=Cast("value", CharField())
            )
        )
    )
    for indicator in found:
        targets = [
            IndicatorTarget(indicator=indicator, year=row["year"], value=_decimal(row["value"]))
            for row in indicator.target_rows or []
        ]
        set_prefetched(indicator, targets=sorted(targets, key=lambda target: target.year))
    return found


def progress_parts(progress: YearlyProgress) -> ProgressParts:
    """Five queries, however large the plan or the region. A report that has been submitted lists
    the indicators and actions it has a line for (a reopened plan may have gained others)."""
    plan = progress.plan
    zone_ids = current_service_areas([plan.network_id]).values("zone_id")
    municipality_ids = RegionalCareZoneMembership.objects.filter(zone_id__in=zone_ids).values(
        "municipality_id"
    )
    counts = ActivityCount.objects.filter(
        network_id=plan.network_id, year=progress.year, municipality=OuterRef("pk")
    ).order_by("kind")
    municipalities = list(
        Municipality.objects.filter(pk__in=municipality_ids)
        .annotate(activity_count=Subquery(counts.values("count")[:1]))
        .order_by("name")
    )
    indicators = PlanIndicator.objects.filter(goal__plan=plan)
    actions = PlanAction.objects.filter(goal__plan=plan)
    if not progress.is_editable:  # what it said: not what the plan gained since (lists_part)
        indicators = indicators.filter(pk__in=progress.indicator_values.values("indicator_id"))
        actions = actions.filter(pk__in=progress.action_statuses.values("action_id"))
    statuses = {s.action_id: s for s in progress.action_statuses.all()}
    actions = list(actions.select_related("goal__theme"))
    for action in actions:  # named as the report said it, once submitted (ActionProgress.what_then)
        line = statuses.get(action.pk)
        action.reported_what = (not progress.is_editable and line and line.what_then) or action.what
    return ProgressParts(
        indicators=_with_targets(indicators.select_related("goal__theme")),
        actions=actions,
        municipalities=municipalities,
        values={v.indicator_id: v for v in progress.indicator_values.all()},
        statuses=statuses,
        counts={m.pk: m.activity_count for m in municipalities if m.activity_count is not None},
    )


# Requests for changes -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRequest:
    """Why the department sent a plan or report back: the request (its reason) and the comments
    written during the review that led to it."""

    event: ReviewEvent
    comments: list


def open_change_request(subject, *, comments: list | None = None) -> ChangeRequest | None:
    """The request for changes ``subject`` (a plan or progress report) is under, None when it is
    not in 'changes requested'. Two queries at most: its submissions and requests for changes
    (a few per version), then the comments; one when the caller gives ``comments``, all of the
    subject's review comments in time order with their author, goal and action (plan_page)."""
    if subject.status != SubmissionStatus.CHANGES_REQUESTED:
        return None
    wanted = [SubmissionStatus.CHANGES_REQUESTED, SubmissionStatus.SUBMITTED]
    events = list(subject.events.filter(to_status__in=wanted).select_related("by").order_by("-at", "-pk"))
    event = next((e for e in events if e.to_status == SubmissionStatus.CHANGES_REQUESTED), None)
    if event is None:
        return None
    submitted = next(
        (e for e in events if e.to_status == SubmissionStatus.SUBMITTED and e.at <= event.at), None
    )
    if comments is not None:
        since = submitted.at if submitted is not None else None
        during = [
            c for c in comments if c.created_at <= event.at and (since is None or c.created_at >= since)
        ]
        return ChangeRequest(event, during)
    found = subject.comments.select_related("author", "goal", "action").filter(created_at__lte=event.at)
    if submitted is not None:
        found = found.filter(created_at__gte=submitted.at)
    return ChangeRequest(event, list(found.order_by("created_at", "pk")))
